"""English words and their frequencies, from pyspellchecker's word list (a registry package,
MIT), loaded on first use only: it tells a real word ("thoughts") from a typo ("stoped")."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

MIN_FREQUENCY = 5  # rarer entries in the list are mostly typos themselves


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    try:
        raw = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
        return {w: f for w, f in json.loads(gzip.decompress(raw)).items() if f >= MIN_FREQUENCY}
    except Exception:
        return {}


def loaded() -> bool:
    """True once the list is in memory (asking it is then cheap)."""
    return _frequencies.cache_info().currsize > 0


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
