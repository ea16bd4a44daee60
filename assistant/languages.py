"""Languages the assistant does not read (knowledge/languages.yaml): a message written in one of
them gets the English-only notice in its own language too ("Ich kann nur Fragen auf Englisch
lesen …"), so that a reader of that language knows at once to call for help."""

from __future__ import annotations

from dataclasses import dataclass
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
    require(isinstance(data, dict) and isinstance(data.get("languages"), dict) and set(data) == {"languages"},
            path, data, "expected a mapping with 'languages': code → name, markers, notice")
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
    return OtherLanguages(tuple(found))
