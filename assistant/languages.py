"""Languages the assistant does not read (knowledge/languages.yaml): a message written in one of
them gets the English-only notice in its own language too ("Ich kann nur Fragen auf Englisch
lesen …"), so that a reader of that language knows at once to call for help."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.knowledge import knowledge_path, load_yaml, require, string_list
from assistant.text import words

MIN_MARKERS = 2  # marker words a message must hold to be read as that language


@dataclass(frozen=True)
class OtherLanguage:
    code: str
    name: str
    markers: frozenset[str]  # common words of the language that English does not use
    notice: str  # "I can only read questions in English …", in the language


@dataclass(frozen=True)
class OtherLanguages:
    languages: tuple[OtherLanguage, ...] = ()
    # a writing system other than the Latin alphabet (its Unicode name: CYRILLIC, CJK …) → the
    # notice in its main language; a script not listed gets the English notice alone
    scripts: dict[str, str] = field(default_factory=dict)

    def script_of(self, message: str) -> str | None:
        """The writing system most of the message's letters are in, when that is not the Latin
        alphabet ("我儿子吞了20片", "Мой сын проглотил"), else None: such a message is not read
        at all (every word of it would be dropped), so it gets the English-only notice."""
        scripts = Counter(unicodedata.name(ch, "?").split()[0] for ch in message if ch.isalpha())
        latin = scripts.pop("LATIN", 0)
        if not scripts or sum(scripts.values()) <= latin:
            return None
        if scripts["HIRAGANA"] or scripts["KATAKANA"]:
            return "HIRAGANA"  # Japanese writes Chinese characters among its own
        return scripts.most_common(1)[0][0]

    def most_markers(self, message: str) -> int:
        """The most marker words the message holds of any one of these languages."""
        said = words(message)
        return max((sum(w in lang.markers for w in said) for lang in self.languages), default=0)

    def notice_for(self, message: str) -> str | None:
        """The notice in the language the message is written in, when its marker words say so
        (at least `MIN_MARKERS`, and more than any other language's); else None."""
        said = words(message)
        counts = sorted(((sum(w in lang.markers for w in said), lang.notice) for lang in self.languages),
                        reverse=True)
        if not counts or counts[0][0] < MIN_MARKERS or (len(counts) > 1 and counts[1][0] == counts[0][0]):
            return None
        return counts[0][1]


def load_other_languages(path: Path | None = None) -> OtherLanguages:
    path = path or knowledge_path("languages.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict) and isinstance(data.get("languages"), dict)
            and set(data) <= {"languages", "scripts"}, path, data,
            "expected a mapping with 'languages': code → name, markers, notice (and 'scripts')")
    scripts_node = data.get("scripts") or {}
    require(isinstance(scripts_node, dict) and all(
        isinstance(k, str) and k.isalpha() and k.isupper() and isinstance(v, str) and v.strip()
        for k, v in scripts_node.items()), path, scripts_node,
        "'scripts' maps a writing system's Unicode name (CYRILLIC, CJK, ARABIC …) to a notice")
    found = []
    for code, entry in data["languages"].items():
        require(isinstance(entry, dict) and set(entry) == {"name", "markers", "notice"}, path, entry,
                f"language {code!r}: give its name, markers and notice")
        require(isinstance(entry["name"], str) and isinstance(entry["notice"], str)
                and entry["notice"].strip() != "", path, entry, f"language {code!r}: name and notice are text")
        markers = string_list(entry["markers"], path, entry, f"language {code!r}: markers")
        # a marker is one word as messages are read (plain letters, lower case)
        odd = [m for m in markers if words(m) != [m]]
        require(not odd, path, entry["markers"], f"language {code!r}: {odd[:1]} are not plain lower-case "
                "words (messages are read in plain letters: 'reveille' is read as 'r', 'veille')")
        require(len(markers) >= MIN_MARKERS, path, entry, f"language {code!r}: give at least {MIN_MARKERS} markers")
        found.append(OtherLanguage(str(code), entry["name"], frozenset(markers), entry["notice"].strip()))
    return OtherLanguages(tuple(found), {k: v.strip() for k, v in scripts_node.items()})
