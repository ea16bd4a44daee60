"""Typo tolerance: an unknown word is read as the closest known word within a small edit
distance (insertions, deletions, substitutions and swapped neighbours all count as one)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

RARE_WORD = 200  # an English word seen fewer times than this may be a typo of a common one
RATIO = 20  # … when the correction is at least this many times more common
SCANNED_SEARCHES = 32  # searches made by scanning the vocabulary; then it is indexed


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


def distance_within(a: str, b: str, limit: int) -> int:
    """``osa_distance(a, b, limit)`` when that is at most ``limit``, else some number above
    ``limit``. Only the cells at most ``limit`` off the diagonal are computed: a cell's
    distance is at least its offset from the diagonal, and distances never fall along an
    alignment, so an alignment costing at most ``limit`` never leaves that band."""
    size_a, size_b = len(a), len(b)
    beyond = limit + 1
    if abs(size_a - size_b) > limit:
        return beyond
    # A quick bound first. Along an alignment of at most ``limit`` edits a letter of ``a`` is
    # kept at most ``limit`` places from where it stands in ``b`` (one more when swapped with
    # its neighbour); any other letter costs an edit. So more than ``limit`` letters of ``a``
    # absent from ``b`` around their own place mean more than ``limit`` edits; and the same
    # holds the other way round (the distance is symmetric).
    reach = limit + 1
    for one, other in ((a, b), (b, a)):
        absent = 0
        for i, char in enumerate(one):
            if char not in other[i - reach if i > reach else 0:i + reach + 1]:
                absent += 1
                if absent > limit:
                    return beyond
    previous2: list[int] = []
    previous = [j if j <= limit else beyond for j in range(size_b + 1)]
    for i in range(1, size_a + 1):
        current = [beyond] * (size_b + 1)
        if i <= limit:
            current[0] = i
        lowest = current[0]
        char = a[i - 1]
        for j in range(max(1, i - limit), min(size_b, i + limit) + 1):
            value = previous[j - 1] + (char != b[j - 1])
            if previous[j] + 1 < value:
                value = previous[j] + 1
            if current[j - 1] + 1 < value:
                value = current[j - 1] + 1
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == b[j - 1] \
                    and previous2[j - 2] + 1 < value:
                value = previous2[j - 2] + 1
            current[j] = value
            if value < lowest:
                lowest = value
        if lowest > limit:
            return beyond
        previous2, previous = previous, current
    return previous[size_b]


def letter_mask(word: str) -> int:
    """The kinds of letter in ``word`` as bits (letters may share a bit: the bound it gives,
    distance ≥ letters one word has and the other lacks, stays a lower bound)."""
    mask = 0
    for char in word:
        mask |= 1 << (ord(char) & 63)
    return mask


def _bits(indices: Iterable[int], size: int) -> int:
    """The set of ``indices`` as the bits of one integer."""
    raw = bytearray((size + 7) // 8)
    for i in indices:
        raw[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(raw, "little")


class _Candidates:
    """The vocabulary's words of four or more letters as the bits of integers, so that the
    candidates for a word (same first or second letter, a length within reach, no more than
    ``limit`` kinds of letter in one and not the other) are found with a few dozen operations
    on whole sets instead of a test per word."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(w for w in words if len(w) >= 4)
        size = len(self.words)
        masks = [letter_mask(w) for w in self.words]
        groups: dict[tuple[int, str], list[int]] = defaultdict(list)  # (0 or 1, letter)
        lengths: dict[int, list[int]] = defaultdict(list)
        kinds: dict[int, list[int]] = defaultdict(list)  # number of kinds of letter
        having: dict[int, list[int]] = defaultdict(list)  # letter bit → words with it
        for n, (word, mask) in enumerate(zip(self.words, masks, strict=True)):
            groups[0, word[0]].append(n)
            groups[1, word[1]].append(n)
            lengths[len(word)].append(n)
            kinds[mask.bit_count()].append(n)
            rest = mask
            while rest:
                low = rest & -rest
                rest ^= low
                having[low.bit_length() - 1].append(n)
        self.groups = {key: _bits(found, size) for key, found in groups.items()}
        self.having = {bit: _bits(found, size) for bit, found in having.items()}
        longest = max(lengths, default=0)
        self.length_at_most, below = [], 0
        for length in range(longest + 1):
            below |= _bits(lengths.get(length, ()), size)
            self.length_at_most.append(below)
        self.kinds_at_most, below = [], 0
        for count in range(65):
            below |= _bits(kinds.get(count, ()), size)
            self.kinds_at_most.append(below)

    def near(self, word: str, limit: int) -> Iterable[str]:
        """The words sharing ``word``'s first or second letter, at most ``limit`` letters
        longer or shorter, that lack at most ``limit`` kinds of letter ``word`` has and have
        at most ``limit`` kinds it lacks (letter_mask bits), in vocabulary order."""
        size = len(word)
        if size + limit < 4 or not self.words:
            return ()
        top = len(self.length_at_most) - 1
        found = (self.groups.get((0, word[0]), 0) | self.groups.get((1, word[1]), 0)) \
            & self.length_at_most[min(size + limit, top)]
        if size - limit - 1 >= 0:
            found &= ~self.length_at_most[min(size - limit - 1, top)]
        if not found:
            return ()
        letters = letter_mask(word)
        # at_least[k]: the words lacking at least k + 1 of word's kinds of letter
        at_least = [0] * (limit + 1)
        rest = letters
        while rest:
            low = rest & -rest
            rest ^= low
            missing = found & ~self.having.get(low.bit_length() - 1, 0)
            for k in range(limit, 0, -1):
                at_least[k] |= at_least[k - 1] & missing
            at_least[0] |= missing
        # a word lacking ``a`` of word's kinds has kinds - (kinds(word) - a) kinds word lacks
        kinds = letters.bit_count()
        lacking_none = found & ~at_least[0]
        near = lacking_none & self.kinds_at_most[min(limit + kinds, 64)]
        for a in range(1, limit + 1):
            exactly = at_least[a - 1] & ~at_least[a]
            near |= exactly & self.kinds_at_most[min(max(limit + kinds - a, 0), 64)]
        out = []
        while near:
            low = near & -near
            out.append(self.words[low.bit_length() - 1])
            near ^= low
        return out


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
        # the vocabulary indexed for searches (_Candidates), made once a process has searched
        # SCANNED_SEARCHES times: a short-lived one (``ask``) scans for its few words instead
        self._candidates: _Candidates | None = None
        self._searches = 0
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
        best = self._closest(word, limit)
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

    def may_be_typo(self, word: str) -> bool:
        """``word`` is no vocabulary or protected word, and no English word, or a rare one;
        never, without a word list to tell real words by (Spanish "tomo" is no typo)."""
        if self._is_word is None or word in self._frequencies or word in self._protected:
            return False
        return not self._is_word(word) or self._rare(word)

    def alternatives(self, word: str) -> list[str]:
        """Every vocabulary word as close to ``word`` as its correction, best first ("wak":
        "walk", "wake"): the words a reader may choose between by context."""
        limit = allowed_distance(word, self._short_words)
        ranked = sorted(self._ranked(word, limit))
        return [r[3] for r in ranked if r[0] == ranked[0][0]] if ranked else []

    def _ranked(self, word: str, limit: int) -> Iterable[tuple[int, int, int, str]]:
        for candidate in self._near(word, limit):
            distance = distance_within(word, candidate, limit)
            if distance <= limit:
                common = self._frequency(candidate) if self._frequency else 0
                yield (distance, -self._frequencies[candidate], -common, candidate)

    def _closest(self, word: str, limit: int) -> tuple[int, int, int, str] | None:
        """The best (distance, -count, -frequency, word) of the vocabulary words within
        ``limit`` edits that share ``word``'s first or second letter."""
        return min(self._ranked(word, limit), default=None)

    def _near(self, word: str, limit: int) -> Iterable[str]:
        """The vocabulary words ``word`` may be a typo of: see `_Candidates.near`."""
        if self._candidates is None:
            if self._searches < SCANNED_SEARCHES:
                self._searches += 1
                return self._scan(word, limit)
            self._candidates = _Candidates(self._frequencies)
        return self._candidates.near(word, limit)

    def _scan(self, word: str, limit: int) -> list[str]:
        """`_Candidates.near`, found by testing every vocabulary word."""
        size, letters, first, second = len(word), letter_mask(word), word[0], word[1]
        found = []
        for candidate in self._frequencies:
            if len(candidate) < 4 or abs(len(candidate) - size) > limit or (
                    candidate[0] != first and candidate[1] != second):
                continue
            # each edit brings in (or takes out) at most one kind of letter
            other = letter_mask(candidate)
            if (letters & ~other).bit_count() <= limit and (other & ~letters).bit_count() <= limit:
                found.append(candidate)
        return found

    def _rare(self, word: str) -> bool:
        return self._frequency is not None and self._frequency(word) < RARE_WORD
