"""Answer-type cues (knowledge/answer-types.yaml) and each passage's voice (knowledge/voice.yaml):
data that tells the retriever which of several matching passages answers the question best."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.knowledge import knowledge_path, load_yaml, require, string_list
from assistant.monograph import Monograph
from assistant.text import words

VOICES = ("patient", "clinician")
_GLOSS = re.compile(r"(?:\b(\w+(?:[ -]\w+){0,2}) \(([^()]{2,60})\))"
                    r"|(?:\b(?:called|known as|which is when)\s+(?:an? |the )?(\w+(?: \w+)?))",
                    re.IGNORECASE)


@dataclass(frozen=True)
class AnswerType:
    name: str
    cues: tuple[re.Pattern[str], ...]  # matched against the question's words joined by spaces
    pattern: re.Pattern[str] | None = None
    sections: frozenset[str] = frozenset()
    gloss: bool = False
    other_medicine: bool = False

    def asked(self, question_words: str, names_other_medicine: bool) -> bool:
        return (self.other_medicine and names_other_medicine) or any(
            cue.search(question_words) for cue in self.cues)

    def fits(self, section: str, text: str) -> bool:
        """Fits by its text or its section (the gloss is checked per question)."""
        return section in self.sections or bool(self.pattern and self.pattern.search(text))


def answer_types_to_json(types: tuple[AnswerType, ...]) -> list[dict[str, Any]]:
    """Answer types as JSON-ready values: their compiled patterns' sources and flags."""
    return [{"name": t.name, "cues": [[c.pattern, c.flags] for c in t.cues],
             "pattern": [t.pattern.pattern, t.pattern.flags] if t.pattern else None,
             "sections": sorted(t.sections), "gloss": t.gloss,
             "other_medicine": t.other_medicine} for t in types]


def answer_types_from_json(data: list[dict[str, Any]]) -> tuple[AnswerType, ...]:
    return tuple(AnswerType(d["name"], tuple(re.compile(p, f) for p, f in d["cues"]),
                            re.compile(*d["pattern"]) if d["pattern"] else None,
                            frozenset(d["sections"]), d["gloss"], d["other_medicine"])
                 for d in data)


def cue_pattern(phrase: str) -> re.Pattern[str]:
    """A cue phrase as a pattern over the question's words joined by single spaces; "*"
    stands for up to four words."""
    tokens = [t for part in phrase.split() for t in (["*"] if part == "*" else words(part))]
    body = " ".join(r"(?:\S+ ){0,4}" if t == "*" else re.escape(t) for t in tokens)
    return re.compile(r"(?:^| )" + body.replace("} ", "}") + r"(?= |$)")


def glossed_words(text: str) -> list[str]:
    """Words the text explains: "spasticity (muscle stiffness and tightness)" explains both
    "spasticity" and the words in brackets; "This is called muscle spasticity" explains those."""
    found: list[str] = []
    for match in _GLOSS.finditer(text):
        for group in match.groups():
            if group:
                found.extend(words(group))
    return found


def load_answer_types(sections: Collection[str], path: Path | None = None) -> tuple[AnswerType, ...]:
    path = path or knowledge_path("answer-types.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict) and bool(data), path, data,
            "expected a mapping of answer-type names to their cues")
    types = []
    for name, entry in data.items():
        require(isinstance(entry, dict), path, data, f"answer type {name!r} must be a mapping")
        unknown = set(entry) - {"cues", "pattern", "sections", "gloss", "other_medicine"}
        require(not unknown, path, entry, f"answer type {name!r}: unknown keys {', '.join(sorted(unknown))}")
        cues = tuple(cue_pattern(c) for c in
                     string_list(entry.get("cues"), path, entry, f"{name!r} 'cues'"))
        pattern = None
        if "pattern" in entry:
            require(isinstance(entry["pattern"], str), path, entry, f"{name!r} 'pattern' must be text")
            try:
                pattern = re.compile(entry["pattern"].strip(), re.IGNORECASE)
            except re.error as problem:
                require(False, path, entry, f"{name!r} 'pattern' is not a regular expression: {problem}")
        named = frozenset(string_list(entry["sections"], path, entry, f"{name!r} 'sections'")
                          if "sections" in entry else ())
        missing = named - set(sections)
        require(not missing, path, entry, f"{name!r}: unknown sections {', '.join(sorted(missing))}")
        flags = {k: entry.get(k, False) for k in ("gloss", "other_medicine")}
        for key, value in flags.items():
            require(isinstance(value, bool), path, entry, f"{name!r} '{key}' must be true or false")
        require(bool(pattern or named or flags["gloss"]), path, entry,
                f"answer type {name!r} needs a 'pattern', 'sections' or 'gloss: true'")
        types.append(AnswerType(str(name), cues, pattern, named, **flags))
    return tuple(types)


@dataclass(frozen=True)
class Route:
    """One way of giving the drug (voice.yaml `routes`): the words that name it and the
    passages only about it."""

    name: str
    cues: tuple[str, ...]
    passages: frozenset[str]


def load_routes(monograph: Monograph, path: Path | None = None) -> tuple[Route, ...]:
    """The routes of voice.yaml: cues, and the passages of their sections and passage ids."""
    path = path or knowledge_path("voice.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict), path, data, "expected a mapping")
    table = data.get("routes") or {}
    require(isinstance(table, dict), path, data, "'routes' must map a route's name to its cues and passages")
    sections = {p.section for p in monograph.passages}
    ids = {p.id for p in monograph.passages}
    routes = []
    for name, entry in table.items():
        require(isinstance(entry, dict), path, table, f"route {name!r} must be a mapping")
        unknown = set(entry) - {"cues", "sections", "passages"}
        require(not unknown, path, entry, f"route {name!r}: unknown keys {', '.join(sorted(unknown))}")
        cues = tuple(string_list(entry.get("cues"), path, entry, f"route {name!r} 'cues'"))
        require(bool(cues), path, entry, f"route {name!r} needs cues")
        named = (string_list(entry["sections"], path, entry, f"route {name!r} 'sections'")
                 if "sections" in entry else [])
        passages = (string_list(entry["passages"], path, entry, f"route {name!r} 'passages'")
                    if "passages" in entry else [])
        require(not (missing := set(named) - sections), path, entry,
                f"route {name!r}: unknown sections {', '.join(sorted(missing))}")
        require(not (missing := set(passages) - ids), path, entry,
                f"route {name!r}: unknown passage ids {', '.join(sorted(missing))}")
        members = frozenset(p.id for p in monograph.passages if p.section in named) | frozenset(passages)
        require(bool(members), path, entry, f"route {name!r} needs sections or passages")
        routes.append(Route(str(name), cues, members))
    return tuple(routes)


def routes_to_json(routes: tuple[Route, ...]) -> list[dict[str, Any]]:
    return [{"name": r.name, "cues": list(r.cues), "passages": sorted(r.passages)} for r in routes]


def routes_from_json(data: list[dict[str, Any]]) -> tuple[Route, ...]:
    return tuple(Route(d["name"], tuple(d["cues"]), frozenset(d["passages"])) for d in data)


def load_voices(monograph: Monograph, path: Path | None = None) -> dict[str, str]:
    """passage id → "patient" or "clinician"."""
    path = path or knowledge_path("voice.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict), path, data, "expected 'default', 'sections' and 'passages'")
    unknown = set(data) - {"default", "sections", "passages", "routes"}
    require(not unknown, path, data, f"unknown keys: {', '.join(sorted(unknown))}")
    default = data.get("default", "patient")
    require(default in VOICES, path, data, f"'default' must be one of {', '.join(VOICES)}")
    by_section = data.get("sections") or {}
    by_passage = data.get("passages") or {}
    sections = {p.section for p in monograph.passages}
    ids = {p.id for p in monograph.passages}
    for table, known, what in ((by_section, sections, "section"), (by_passage, ids, "passage id")):
        require(isinstance(table, dict), path, data, f"{what}s must map to a voice")
        for key, voice in table.items():
            require(key in known, path, table, f"unknown {what} {key!r}")
            require(voice in VOICES, path, table, f"{key!r}: voice must be one of {', '.join(VOICES)}")
    return {p.id: by_passage.get(p.id, by_section.get(p.section, default)) for p in monograph.passages}
