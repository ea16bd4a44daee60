"""Phrase lists as data: a tiny phrase language compiled to regular expressions over a message
read as space-separated words.

A phrase is a run of words; ``word*`` matches any word starting so, ``_`` any one word, ``N``
any number, ``<name>`` any phrase of another list, and ``^`` (first) the start of a sentence. The compiled patterns have no nested
repetition, so matching time is linear in the message (no catastrophic backtracking).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

_REFERENCE = re.compile(r"<([a-z][a-z0-9-]*)>")
_WORD_SHAPE = re.compile(r"[a-z0-9]+\*?|_|N|<[a-z][a-z0-9-]*>|\^")
_SENTENCE_START = r"(?:^|(?<=[.!?;\n] ))"
NUMBER = r"\d+(?:\.\d+)?"


class PhraseError(ValueError):
    """A phrase is malformed, or names a list that does not exist (or itself)."""


@dataclass(frozen=True)
class Span:
    """Where a phrase was found: word indices [start, end) in the message."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def literal_words(phrases: Iterable[str]) -> set[str]:
    """The plain words of the phrases (the vocabulary typos are corrected towards)."""
    found = set()
    for phrase in phrases:
        for part in phrase.split():
            word = part.rstrip("*")
            if word.isalpha() and not (part.startswith("<") or part in {"_", "N"}):
                found.add(word)
    return found


class PhraseCompiler:
    """Compiles named phrase lists; ``<name>`` inside a phrase refers to another list."""

    def __init__(self, lists: Mapping[str, list[str]]) -> None:
        self.lists = lists
        self._bodies: dict[str, str] = {}

    def body(self, name: str, _stack: tuple[str, ...] = ()) -> str:
        """The regular-expression alternation for one list (longest phrases first)."""
        if name in self._bodies:
            return self._bodies[name]
        if name not in self.lists:
            raise PhraseError(f"unknown list <{name}>")
        if name in _stack:
            raise PhraseError(f"<{name}> refers to itself")
        parts = [self.phrase(p, (*_stack, name)) for p in self.lists[name]]
        parts.sort(key=len, reverse=True)
        self._bodies[name] = "(?:" + "|".join(parts) + ")"
        return self._bodies[name]

    def phrase(self, phrase: str, _stack: tuple[str, ...] = ()) -> str:
        words = phrase.split()
        if not words or any(not _WORD_SHAPE.fullmatch(w) for w in words) or "^" in words[1:]:
            raise PhraseError(f"phrase {phrase!r}: use lower-case words, word*, _, N, <list> "
                              "or a leading ^")
        anchor = ""
        if words[0] == "^":
            anchor, words = _SENTENCE_START, words[1:]
            if not words:
                raise PhraseError(f"phrase {phrase!r}: ^ needs a word after it")
        out = []
        for word in words:
            if word == "_":
                out.append(r"[a-z0-9]+")
            elif word == "N":
                out.append(NUMBER)
            elif word.startswith("<"):
                out.append(self.body(word[1:-1], _stack))
            elif word.endswith("*"):
                out.append(re.escape(word[:-1]) + r"[a-z]*")
            else:
                out.append(re.escape(word))
        return anchor + " ".join(out)

    def compile(self, phrases: Iterable[str]) -> re.Pattern[str]:
        """One pattern matching any of ``phrases`` as whole words."""
        parts = sorted((self.phrase(p) for p in phrases), key=len, reverse=True)
        return re.compile(r"(?<![^ ])(?:" + "|".join(parts) + r")(?![^ ])")


class Words:
    """A message as words joined by single spaces, with each word's index by its offset."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.text = " ".join(words)
        self._index: dict[int, int] = {}
        offset = 0
        for i, word in enumerate(words):
            self._index[offset] = i
            offset += len(word) + 1
        self._index[offset] = len(words)  # just past the end

    def spans(self, pattern: re.Pattern[str]) -> list[Span]:
        """Every non-overlapping match, as word spans."""
        return [Span(self._index[m.start()], self._index[m.end() + 1]) for m in pattern.finditer(self.text)]


def replace_words(words: list[str], table: Mapping[str, str]) -> list[str]:
    """Replace single words by the table (the replacement may be several words)."""
    out: list[str] = []
    for word in words:
        out.extend(table[word].split() if word in table else [word])
    return out


def read_numbers(words: list[str], values: Mapping[str, float],
                 keep: Callable[[str], bool] = lambda _: False) -> list[str]:
    """Number words as digits: "thirteen" → 13, "two hundred and fifty" → 250, "a dozen" → 12.

    Tens and units add up, "hundred"/"thousand"/"dozen" multiply; "a"/"an" before a multiplier
    counts as one."""
    multipliers = {w for w, v in values.items() if v in (12, 100, 1000) and w not in ("twelve",)}
    out: list[str] = []
    i = 0
    while i < len(words):
        j, total, current, seen = i, 0.0, 0.0, False
        while j < len(words):
            word = words[j]
            if word in ("a", "an") and not seen and j + 1 < len(words) and words[j + 1] in multipliers:
                current, seen = 1.0, True
            elif word in multipliers:
                factor = values[word]
                if factor == 1000:
                    total += max(current, 1.0) * 1000
                    current = 0.0
                else:
                    current = max(current, 1.0) * factor
                seen = True
            elif word in values and not keep(word):
                current += values[word]
                seen = True
            elif word == "and" and seen and j + 1 < len(words) and words[j + 1] in values:
                pass
            else:
                break
            j += 1
        if seen:
            value = total + current
            out.append(str(int(value)) if value == int(value) else str(value))
            i = j
        else:
            out.append(words[i])
            i += 1
    return out
