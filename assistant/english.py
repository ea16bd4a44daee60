"""English words and their frequencies, from pyspellchecker's word list (a registry package,
MIT), loaded on first use only: it tells a real word ("thoughts") from a typo ("stoped")."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import Any

MIN_FREQUENCY = 5  # rarer entries in the list are mostly typos themselves
FORMAT = 1
SHIPPED = Path(__file__).resolve().parent / "prebuilt" / "english-words.txt"


SCANNED_LOOKUPS = 8  # then the whole list is loaded (a long-running chat or replay)
_NOT_IN_KEYS = frozenset('"\\:,{}\n')


@lru_cache(maxsize=1)
def _frequencies() -> _Lookups:
    return _Lookups()


class _Lookups:
    """Answers "how common is this word": a short-lived process (``ask``) asks about a few
    words, found by bisection in the package's sorted copy of pyspellchecker's list (~1 ms; when
    that copy is not current, by searching the list's JSON text: ~20 ms to unpack) instead of
    parsing all of it (~0.15 s); after SCANNED_LOOKUPS questions the whole list is loaded, from
    that sorted copy (~40 ms). Nothing is written to disk."""

    def __init__(self) -> None:
        try:
            self._source = source()
        except FileNotFoundError:  # no word list installed: every word is unknown
            self._source = Path(os.devnull)
        self._text: bytes | None = None
        self._list: _WordList | None = None
        self._asked = 0
        self._shipped = _shipped(self._source)  # the package's sorted copy, when it is current

    def _whole(self) -> _WordList:
        if self._list is None:
            try:
                self._list = (_WordList.from_sorted(self._shipped) if self._shipped is not None
                              else _WordList.of(_parse(self._source.read_bytes())))
            except Exception:
                self._list = _WordList([], array("I"))
            self._text = None
        return self._list

    def get(self, word: str, default: int = 0) -> int:
        if self._list is None and self._asked < SCANNED_LOOKUPS and word.isprintable() \
                and not _NOT_IN_KEYS.intersection(word):
            self._asked += 1
            if self._shipped is not None:
                try:
                    count = _bisect(self._shipped, word)
                    return count if count is not None else default
                except ValueError:  # a damaged copy: the installed list answers from now on
                    self._shipped = None
            try:
                if self._text is None:
                    self._text = gzip.decompress(self._source.read_bytes())
            except Exception:
                return self._whole().get(word, default)
            # the file is one '"word": count' per key; a word without quotes, colons or
            # backslashes matches only its own key (json.loads keeps the last of duplicates)
            key = ('"' + word + '": ').encode("utf-8")
            found = self._text.rfind(key)
            if found < 0:
                return default
            start = end = found + len(key)
            while end < len(self._text) and 48 <= self._text[end] <= 57:  # digits
                end += 1
            count = int(self._text[start:end])
            return count if count >= MIN_FREQUENCY else default
        return self._whole().get(word, default)

    def __contains__(self, word: str) -> bool:
        return self.get(word, -1) != -1

    def __len__(self) -> int:
        return len(self._whole())


def source() -> Path:
    """pyspellchecker's English list (found without importing the package or importlib.resources)."""
    import importlib.util

    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.origin:
        raise FileNotFoundError("spellchecker")
    return Path(spec.origin).parent / "resources" / "en.json.gz"


def shipped_key(path: Path) -> str:
    """What the shipped sorted copy is made from: this format and threshold, and the list's size."""
    return hashlib.sha256(f"{FORMAT}:{MIN_FREQUENCY}:{path.stat().st_size}".encode()).hexdigest()[:24]


def sorted_copy(path: Path) -> str:
    """The list as the package ships it (`python -m assistant.prebuild`): a key line, then one
    "word count" line per word, sorted, so that a word is found by bisection without loading it."""
    found = _parse(path.read_bytes())
    return f"key {shipped_key(path)}\n" + "".join(f"{w} {found[w]}\n" for w in sorted(found))


def _shipped(path: Path | Any) -> bytes | None:
    """The package's sorted copy, when it was made from this very list; else None."""
    try:
        data = SHIPPED.read_bytes()
        return data if data.startswith(f"key {shipped_key(Path(path))}\n".encode()) else None
    except (OSError, TypeError, ValueError):
        return None


def _bisect(data: bytes, word: str) -> int | None:
    """A word's count in the sorted copy (UTF-8 sorts as the words do), or None."""
    target = word.encode("utf-8")
    start = data.index(b"\n") + 1
    lo, hi = start, len(data)
    while lo < hi:
        line = data.rfind(b"\n", start - 1, (lo + hi) // 2) + 1
        space = data.find(b" ", line)
        end = data.find(b"\n", space)
        here = data[line:space]
        if here < target:
            lo = end + 1
        elif here > target:
            hi = line
        else:
            return int(data[space + 1:end])
    return None


def _parse(raw: bytes) -> dict[str, int]:
    return {w: f for w, f in json.loads(gzip.decompress(raw)).items() if f >= MIN_FREQUENCY}


class _WordList:
    """Words in sorted order and their frequencies: looked up by bisection, loaded from a
    compact copy in ~15 ms where parsing pyspellchecker's JSON takes ~0.15 s."""

    def __init__(self, words: list[str], counts: array[int]) -> None:
        self.words, self.counts = words, counts

    @classmethod
    def from_sorted(cls, data: bytes) -> _WordList:
        """From the package's sorted copy (`sorted_copy`): ~40 ms, and nothing written to disk."""
        text = data.decode("utf-8")
        fields = text[text.index("\n") + 1:].split()
        return cls(fields[0::2], array("I", map(int, fields[1::2])))

    @classmethod
    def of(cls, frequencies: dict[str, int]) -> _WordList:
        words = sorted(frequencies)
        return cls(words, array("I", [frequencies[w] for w in words]))

    def get(self, word: str, default: int = 0) -> int:
        index = bisect_left(self.words, word)
        if index < len(self.words) and self.words[index] == word:
            return int(self.counts[index])
        return default

    def __contains__(self, word: str) -> bool:
        index = bisect_left(self.words, word)
        return index < len(self.words) and self.words[index] == word

    def __len__(self) -> int:
        return len(self.words)


def preload() -> None:
    """Load the whole list now (a long-running chat, before its first question)."""
    _frequencies()._whole()


def loaded() -> bool:
    """True once the whole list is in memory (asking it is then cheap)."""
    return _frequencies.cache_info().currsize > 0 and _frequencies()._list is not None


def is_english_word(word: str) -> bool:
    return word in _frequencies()


def looks_english(words: list[str], known: frozenset[str] = frozenset()) -> bool:
    """False for a message of three or more words most of which are not English words (nor in
    ``known``): "wie viel darf ich nehmen" is not a question this assistant can read."""
    alphabetic = [w for w in words if w.isalpha() and len(w) > 1]
    if len(alphabetic) < 3:
        return True
    english = sum(w in known or is_english_word(w) for w in alphabetic)
    return english * 2 >= len(alphabetic)


def frequency(word: str) -> int:
    """How common the word is in English (0 when unknown)."""
    return _frequencies().get(word, 0)
