"""Emergency numbers by region (knowledge/regions.yaml) and filling them into messages."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.knowledge import KnowledgeError, knowledge_path, load_yaml, require, string_list

REGION_ENV = "BACLOFEN_ASSISTANT_REGION"
SERVICES = ("emergency", "poison", "crisis", "hospital")  # the placeholders fixed messages may name
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    emergency: str
    poison: str | None
    crisis: str | None
    summary: str  # one line for the always-visible strip
    # the services' wording in other languages: language → service → text ("es" → "poison" → …)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    # where to go for urgent care, in the region's own words ("A&E" in the UK)
    hospital: str = "the hospital emergency room"

    def number(self, service: str, language: str = "en") -> str | None:
        value = getattr(self, service)
        if not isinstance(value, str):
            return None
        return self.translations.get(language, {}).get(service, value)

    def fill(self, lines: tuple[str, ...], language: str = "en") -> tuple[str, ...]:
        """Fill {emergency}/{poison}/{crisis}/{hospital}, worded in ``language`` where regions.yaml has it;
        a line naming a service the region lacks is left out."""
        filled = []
        for line in lines:
            services = _PLACEHOLDER.findall(line)
            if all(self.number(s) for s in services):
                filled.append(_PLACEHOLDER.sub(lambda m: str(self.number(m.group(1), language)), line))
        return tuple(filled)

    @property
    def strip(self) -> str:
        """One line with the region's numbers, for a status bar."""
        return f"{self.code} · {self.summary}"


@dataclass(frozen=True)
class QuoteNumber:
    """A phone number the monograph quotes, its region, and the note other regions see."""

    number: str
    region: str
    notes: dict[str, str]  # region code → fixed note


@dataclass(frozen=True)
class Regions:
    default: str
    by_code: dict[str, Region]
    quote_numbers: tuple[QuoteNumber, ...] = ()
    also: dict[str, str] = field(default_factory=dict)  # another code → the region it is in ("FR" → "EU")

    def notes_for(self, text: str, region: Region) -> tuple[str, ...]:
        """Notes for the other regions' numbers ``text`` holds, as seen from ``region``."""
        return tuple(q.notes[region.code] for q in self.quote_numbers
                     if q.number in text and q.region != region.code)

    def get(self, code: str | None = None) -> Region:
        """The region for ``code``, else $BACLOFEN_ASSISTANT_REGION, else the default."""
        code = (code or os.environ.get(REGION_ENV) or self.default).strip().upper()
        code = self.also.get(_key(code), code)
        if code not in self.by_code:
            raise KeyError(f"unknown region {code!r}; choose one of {', '.join(self.by_code)}")
        return self.by_code[code]


def load_regions(path: Path | None = None) -> Regions:
    path = path or knowledge_path("regions.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict) and isinstance(data.get("regions"), dict), path, data,
            "expected a mapping with 'default' and 'regions'")
    regions = {}
    also: dict[str, str] = {}
    for code, entry in data["regions"].items():
        require(isinstance(entry, dict), path, data["regions"], f"region {code!r} must be a mapping")
        require(isinstance(entry.get("emergency"), str) and entry["emergency"].strip() != "",
                path, entry, f"region {code!r} needs an emergency number")
        for service in ("poison", "crisis"):
            require(entry.get(service) is None or isinstance(entry[service], str), path, entry,
                    f"region {code!r}: {service} must be text or null")
        require(isinstance(entry.get("hospital"), str) and entry["hospital"].strip() != "",
                path, entry, f"region {code!r} needs 'hospital': where to go for urgent care")
        extra = set(entry) - {"name", "strip", "translations", "also", *SERVICES}
        require(not extra, path, entry, f"region {code!r}: unknown keys {', '.join(sorted(extra))}")
        summary = entry.get("strip") or f"Emergency {entry['emergency']}"
        translations = entry.get("translations") or {}
        require(isinstance(translations, dict) and all(
            isinstance(words, dict) and set(words) <= {"poison", "crisis", "hospital"}
            and all(isinstance(v, str) and v.strip() and entry.get(k) for k, v in words.items())
            for words in translations.values()), path, entry,
            f"region {code!r}: 'translations' maps a language to the wording of its poison, "
            "crisis and hospital services (only services the region has)")
        others = string_list(entry["also"], path, entry, f"region {code!r}: 'also'") if "also" in entry else []
        for other in others:
            require(_key(other).isalpha() and _key(other) not in also and other.upper() not in data["regions"],
                    path, entry["also"], f"region {code!r}: 'also' lists country codes and names (each once): {other!r}")
            also[_key(other)] = str(code).upper()
        regions[str(code).upper()] = Region(str(code).upper(), str(entry.get("name", code)),
                                            entry["emergency"], entry.get("poison"),
                                            entry.get("crisis"), str(summary),
                                            {str(k): dict(v) for k, v in translations.items()},
                                            entry["hospital"])
    default = str(data.get("default", "")).upper()
    if default not in regions:
        raise KnowledgeError(path, getattr(data, "line", None),
                             f"default region {default!r} is not among the regions")
    return Regions(default, regions, _quote_numbers(data.get("quote_numbers") or {}, regions, path), also)


def _quote_numbers(data: Any, regions: dict[str, Region], path: Path) -> tuple[QuoteNumber, ...]:
    require(isinstance(data, dict), path, data, "'quote_numbers' must map a number to its notes")
    found = []
    for number, entry in data.items():
        require(isinstance(entry, dict) and set(entry) == {"region", "notes"}, path, data,
                f"number {number!r} needs 'region' and 'notes'")
        home = str(entry["region"]).upper()
        require(home in regions, path, entry, f"number {number!r}: unknown region {home!r}")
        notes = entry["notes"]
        require(isinstance(notes, dict), path, entry, f"number {number!r}: 'notes' must map regions to text")
        notes = {str(code).upper(): text for code, text in notes.items()}
        for code in regions:
            if code != home:
                require(isinstance(notes.get(code), str) and notes[code].strip() != "", path,
                        entry["notes"], f"number {number!r}: no note for region {code}")
        unknown = set(notes) - set(regions)
        require(not unknown, path, entry["notes"],
                f"number {number!r}: unknown regions {', '.join(sorted(unknown))}")
        found.append(QuoteNumber(str(number), home, {c: " ".join(t.split()) for c, t in notes.items()}))
    return tuple(found)


def _key(name: str) -> str:
    """A country code or name as looked up: upper case, without spaces, dots or hyphens
    ("Northern Ireland", "u.s.a." → "NORTHERNIRELAND", "USA")."""
    return "".join(c for c in name.upper() if c not in " .-_")
