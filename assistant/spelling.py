"""Typo tolerance: an unknown word is read as the closest known word within a small edit
distance (insertions, deletions, substitutions and swapped neighbours all count as one)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

RARE_WORD = 200  # an English word seen fewer times than this may be a typo of a common one
RATIO = 20  # … when the correction is at least this many times more common


def allowed_distance(word: str, short_words: bool = False) -> int:
    """Short words are left alone (too many real words lie one edit apart), unless a real-word
    check guards them (``short_words``): then three- and four-letter words get one edit."""
    if len(word) < 5:
        return 1 if short_words and len(word) >= 3 else 0
    return 1 if len(word) < 8 else 2


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, giving up (returning limit + 1) past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def letter_mask(word: str) -> int:
    """The kinds of letter in ``word`` as bits (letters may share a bit: the bound it gives,
    distance ≥ letters one word has and the other lacks, stays a lower bound)."""
    mask = 0
    for char in word:
        mask |= 1 << (ord(char) & 63)
    return mask


class SpellingCorrector:
    """Corrects words against a vocabulary; ties go to the more frequent word."""

    def __init__(self, frequencies: dict[str, int], protected: Iterable[str] = (),
                 is_word: Callable[[str], bool] | None = None,
                 frequency: Callable[[str], int] | None = None, short_words: bool = False,
                 is_word_cheap: Callable[[], bool] = lambda: False) -> None:
        """``frequencies``: the words to correct towards; ``protected``: further real words
        that are never corrected (but are not offered as corrections); ``is_word``: asked only
        when a correction is possible, so a real word ("thoughts") is never corrected;
        ``frequency``: how common a candidate is, to break ties ("stoped" → "stopped", not
        "stoned")."""
        self._frequencies = frequencies
        self._protected = frozenset(protected)
        self._is_word = is_word
        self._frequency = frequency
        self._short_words = short_words
        self._is_word_cheap = is_word_cheap  # then real words are skipped before any search
        self._letters: dict[str, int] = {}  # letter_mask of vocabulary words, as needed
        self._by_start_size: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in frequencies:
            if len(word) >= 4:
                # index by first and by second letter, so a typo in either still finds the word
                # and by length: a candidate more than ``limit`` letters longer or shorter
                # is never looked at
                self._by_start_size[word[0], len(word)].append(word)
                self._by_start_size["^" + word[1], len(word)].append(word)
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def __contains__(self, word: str) -> bool:
        return word in self._frequencies

    @property
    def words(self) -> frozenset[str]:
        return frozenset(self._frequencies)

    def _correct(self, word: str) -> str | None:
        """The closest known word, or None when nothing is close enough."""
        limit = allowed_distance(word, self._short_words)
        if not limit or word in self._frequencies or word in self._protected:
            return None
        if self._is_word and self._is_word_cheap() and self._is_word(word) and not self._rare(word):
            return None
        best: tuple[int, int, int, str] | None = None
        size, letters, masks = len(word), letter_mask(word), self._letters
        # the words starting with the same letter or sharing the second letter, as before, but
        # only those of a length within reach (each edit changes the length by at most one)
        candidates: set[str] = set()
        by_size = self._by_start_size
        for length in range(size - limit, size + limit + 1):
            candidates.update(by_size.get((word[0], length), ()))
            candidates.update(by_size.get(("^" + word[1], length), ()))
        for candidate in candidates:
            # each edit brings in (or takes out) at most one kind of letter
            other = masks.get(candidate)
            if other is None:
                other = masks[candidate] = letter_mask(candidate)
            if (letters & ~other).bit_count() > limit or (other & ~letters).bit_count() > limit:
                continue
            distance = osa_distance(word, candidate, limit)
            if distance <= limit:
                common = self._frequency(candidate) if self._frequency else 0
                rank = (distance, -self._frequencies[candidate], -common, candidate)
                best = min(best, rank) if best else rank
        if best is None:
            return None
        if self._is_word and self._is_word(word):
            # a real word stays, unless it is rare and the correction far more common
            # ("overdoes" → "overdose"; never "thoughts" → "though")
            frequency = self._frequency
            if frequency is None or not (
                    self._rare(word) and frequency(best[3]) >= RATIO * max(1, frequency(word))):
                return None
        return best[3]

    def _rare(self, word: str) -> bool:
        return self._frequency is not None and self._frequency(word) < RARE_WORD
