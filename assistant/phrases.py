"""Phrase lists as data: a tiny phrase language matched word by word.

A phrase is a run of words; ``word*`` matches any word starting so, ``_`` any one word, ``N``
any number, ``<name>`` any phrase of another list, ``^`` (first) the start of a sentence, and
``~`` (between two elements) the marks of a texted fragment, if any ("pulse?? cant find one",
"shook her... nothing").
Phrases are parsed once and indexed by their first word; nothing is compiled, so loading is
cheap. The phrases that can start at a word are gathered into a trie the first time the word is
seen (kept in a bounded in-memory cache), and matching visits each word once per list
(memoised), so it is linear in the message.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, KeysView, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_REFERENCE = re.compile(r"<([a-z][a-z0-9/-]*)>")
_WORD_SHAPE = re.compile(r"[a-z0-9]+\*?|_|N|~|<[a-z][a-z0-9/-]*>|\^|\$")
_ELEMENT = r"(?:[a-z0-9]+\*?|_|N|<[a-z][a-z0-9/-]*>)"
# a well-formed phrase, as one C-speed check (``parse`` says what is wrong with any other)
_PHRASE_SHAPE = re.compile(rf"(?:\^ +)?{_ELEMENT}(?: +(?:~ +)?{_ELEMENT})*(?: +\$)?")
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
SENTENCE_BREAKS = frozenset({".", "!", "?", ";", "\n"})
MARKS = SENTENCE_BREAKS | {",", ":", "!!"}  # what ``~`` passes over (the tokens that are no word)

Element = tuple[str, str]  # (kind, value): word, prefix, any, number, list, start


class Node:
    """Phrases sharing their first elements share a path: a trie node holds whether a phrase
    ends here, the plain words that may come next, and the other elements that may."""

    __slots__ = ("ends", "words", "others")

    def __init__(self) -> None:
        self.ends = False
        self.words: dict[str, Node] = {}
        self.others: list[tuple[str, str, Node]] = []  # (kind, value, node)

    def add(self, elements: tuple[Element, ...]) -> None:
        node = self
        for kind, value in elements:
            if kind == "word":
                node = node.words.setdefault(value, Node())
            else:
                for other_kind, other_value, child in node.others:
                    if (other_kind, other_value) == (kind, value):
                        node = child
                        break
                else:
                    child = Node()
                    node.others.append((kind, value, child))
                    node = child
        node.ends = True


def _trie(phrases: Iterable[tuple[Element, ...]]) -> Node:
    root = Node()
    for elements in phrases:
        root.add(elements)
    return root


# the phrases of a list that can start at some word, as a trie, and where it starts relative
# to that word (1 for the phrases whose first element, a plain word, is that word itself)
Candidate = tuple[Node, int]
_NOTHING: frozenset[int] = frozenset()
WORDS_KEPT = 4096  # words whose candidate phrases are remembered (in memory only, bounded)


class PhraseError(ValueError):
    """A phrase is malformed, or names a list that does not exist (or itself)."""


@dataclass(frozen=True)
class Span:
    """Where a phrase was found: word indices [start, end) in the message."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def is_number(word: str) -> bool:
    # (str.isdecimal is the regex's \d, Unicode category Nd: most words are rejected by their
    # first character without the regex, and plain digits need no regex either)
    if word.isdecimal():
        return True
    return word[:1].isdecimal() and _NUMBER.fullmatch(word) is not None


def literal_words(phrases: Iterable[str]) -> set[str]:
    """The plain words of the phrases (the vocabulary typos are corrected towards)."""
    parts: set[str] = set()
    for phrase in phrases:
        parts.update(phrase.split())
    return {word for part in parts
            if (word := part.rstrip("*")).isalpha() and not (part.startswith("<") or part in {"_", "N", "^"})}


@lru_cache(maxsize=16384)
def _element(word: str) -> Element | None:
    """One word of a phrase as an element (None: not a word a phrase may hold); the same
    words recur across thousands of phrases, so each is read once."""
    if not _WORD_SHAPE.fullmatch(word):
        return None
    if word == "^":
        return ("start", "")
    if word == "$":
        return ("end", "")
    if word == "_":
        return ("any", "")
    if word == "N":
        return ("number", "")
    if word == "~":
        return ("marks", "")
    if word.startswith("<"):
        return ("list", word[1:-1])
    if word.endswith("*"):
        return ("prefix", word[:-1])
    return ("word", word)


def parse(phrase: str) -> tuple[Element, ...]:
    read = tuple(map(_element, phrase.split()))
    elements = tuple(e for e in read if e is not None)
    inner = [e for e in elements if e[0] not in ("start", "end")]
    if not elements or len(elements) < len(read) or ("start", "") in elements[1:] \
            or ("end", "") in elements[:-1] or not inner or ("marks", "") in (inner[0], inner[-1]) \
            or any(a == b == ("marks", "") for a, b in itertools.pairwise(inner)):
        raise PhraseError(f"phrase {phrase!r}: use lower-case words, word*, _, N, <list>, "
                          "~ between two of them, a leading ^ (a sentence's start) or a closing $ "
                          "(its end) around words")
    return elements


@dataclass
class _First:
    """What the first word of a phrase (or of any phrase of a list) can be."""

    words: set[str]
    prefixes: set[str]
    number: bool = False
    any: bool = False

    def admits(self, word: str) -> bool:
        return (word in self.words or self.any or (self.number and is_number(word))
                or any(word.startswith(p) for p in self.prefixes))

    def add(self, other: _First) -> None:
        self.words |= other.words
        self.prefixes |= other.prefixes
        self.number |= other.number
        self.any |= other.any


class PhraseBook:
    """Named phrase lists, parsed and indexed by first word; references checked."""

    def __init__(self, lists: Mapping[str, list[str]]) -> None:
        self.names = tuple(lists)
        # phrases that start with a plain word, kept as text by that word and parsed when a
        # message first holds it (most never meet a message); the others parsed now
        self._by_word: dict[str, dict[str, list[str]]] = {}
        self._others: dict[str, list[tuple[Element, ...]]] = {}
        self._references: dict[str, set[str]] = {}
        for name, phrases in lists.items():
            by_word: dict[str, list[str]] = defaultdict(list)
            others = []
            for text in phrases:
                if not _PHRASE_SHAPE.fullmatch(text):
                    parse(text)  # raises, saying what is wrong
                head = text.split(None, 1)[0]
                if _PLAIN_WORD.fullmatch(head):
                    by_word[head].append(text)
                else:
                    others.append(parse(text))
            self._by_word[name] = dict(by_word)
            self._others[name] = others
            self._references[name] = set(_REFERENCE.findall("\n".join(phrases)))
        checked: set[str] = set()
        for name in self.names:
            self._check_references(name, (), checked)
        self._first: dict[str, _First] = {}
        # phrases that do not start with a plain word, each with what its first word can be
        self._other_firsts = {name: [(phrase, self._first_of_phrase(phrase)) for phrase in others]
                              for name, others in self._others.items()}
        for name in self.names:
            self._first_of_list(name)
        # inverted: which lists a word can start (by word, by prefix length, numbers, any word)
        self._lists_by_word: dict[str, set[str]] = defaultdict(set)
        self._lists_by_prefix: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._lists_for_numbers: set[str] = set()
        self._lists_for_any: set[str] = set()
        for name, first in self._first.items():
            for word in first.words:
                self._lists_by_word[word].add(name)
            for prefix in first.prefixes:
                self._lists_by_prefix[len(prefix)][prefix].add(name)
            if first.number:
                self._lists_for_numbers.add(name)
            if first.any:
                self._lists_for_any.add(name)
        # per word, per list: the phrases that can start there (a bounded in-memory LRU: the
        # words of a message are looked up once each, not once per list)
        self.starting = lru_cache(maxsize=WORDS_KEPT)(self._starting)
        # what can start at a word no phrase names first (no list's first word, no prefix's
        # word): only phrases opening with "_" or N, so it depends on the word's shape alone
        # (a number? letters and digits?) and is built once per shape, not once per new word
        self._unnamed: dict[tuple[bool, bool], dict[str, tuple[Candidate, ...]]] = {}

    def _starting(self, word: str) -> dict[str, tuple[Candidate, ...]]:
        """List name → its phrases that can start at ``word`` (lists with none left out)."""
        if word not in self._lists_by_word and not any(
                word[:length] in prefixes for length, prefixes in self._lists_by_prefix.items()):
            shape = (is_number(word), word.isalnum())
            shared = self._unnamed.get(shape)
            if shared is None:
                shared = self._unnamed[shape] = self._starting_at(word)
            return shared
        return self._starting_at(word)

    def _starting_at(self, word: str) -> dict[str, tuple[Candidate, ...]]:
        found: dict[str, tuple[Candidate, ...]] = {}
        for name in self.lists_starting_with(word):
            candidates = []
            if word in self._by_word[name]:
                candidates.append((_trie(parse(text)[1:] for text in self._by_word[name][word]), 1))
            others = [phrase for phrase, first in self._other_firsts[name] if first.admits(word)]
            if others:
                candidates.append((_trie(others), 0))
            if candidates:
                found[name] = tuple(candidates)
        return found

    def lists_starting_with(self, word: str) -> set[str]:
        """The lists with a phrase that can start with ``word``."""
        found = set(self._lists_by_word.get(word, ()))
        for length, prefixes in self._lists_by_prefix.items():
            found |= prefixes.get(word[:length], set()) if word.isalpha() else set()
        if is_number(word):
            found |= self._lists_for_numbers
        if word.isalnum():
            found |= self._lists_for_any
        return found

    def _first_of_list(self, name: str) -> _First:
        if name not in self._first:
            first = _First(set(self._by_word[name]), set())
            for phrase in self._others[name]:
                first.add(self._first_of_phrase(phrase))
            self._first[name] = first
        return self._first[name]

    def _first_of_phrase(self, phrase: tuple[Element, ...]) -> _First:
        kind, value = phrase[1] if phrase[0][0] == "start" else phrase[0]
        if kind == "word":
            return _First({value}, set())
        if kind == "prefix":
            return _First(set(), {value})
        if kind == "number":
            return _First(set(), set(), number=True)
        if kind == "list":
            found = _First(set(), set())
            found.add(self._first_of_list(value))
            return found
        return _First(set(), set(), any=True)

    def _check_references(self, name: str, stack: tuple[str, ...], checked: set[str]) -> None:
        """Every list a phrase names exists, and none refers back to itself (each list is
        walked once: ``checked`` holds the lists already known to be sound)."""
        if name not in self._by_word:
            raise PhraseError(f"unknown list <{name}>")
        if name in stack:
            raise PhraseError(f"<{name}> refers to itself")
        if name in checked:
            return
        for value in sorted(self._references[name]):
            self._check_references(value, (*stack, name), checked)
        checked.add(name)

    def phrases(self, name: str) -> Iterator[tuple[Element, ...]]:
        """Every phrase of list ``name``, parsed (for checks: matching goes through the index)."""
        for texts in self._by_word[name].values():
            yield from map(parse, texts)
        yield from self._others[name]

    def read(self, words: list[str]) -> PhraseReader:
        """A reader for one message (it remembers what it has matched)."""
        return PhraseReader(self, words)


class PhraseReader:
    """Finds where a book's lists match one message."""

    def __init__(self, book: PhraseBook, words: list[str]) -> None:
        self.book = book
        self.words = words
        self._memo: dict[tuple[str, int], frozenset[int]] = {}
        # what callers derive from this message's words alone (amounts read, readings), kept
        # with the reader so that a message read again in one reply is not worked out again
        self.derived: dict[Any, Any] = {}
        starting = book.starting
        self._starts = [starting(w) for w in words]
        # per list: the word indices where one of its phrases can start, in order
        self._positions: dict[str, list[int]] = {}
        for i, starts in enumerate(self._starts):
            for name in starts:
                if name in self._positions:
                    self._positions[name].append(i)
                else:
                    self._positions[name] = [i]

    @property
    def startable(self) -> KeysView[str]:
        """The lists a phrase of which can start somewhere in the message."""
        return self._positions.keys()

    def spans(self, name: str) -> list[Span]:
        """Leftmost-longest, non-overlapping matches of list ``name``."""
        found, last_end = [], 0
        for i in self._positions.get(name, ()):
            if i < last_end:
                continue
            ends = self.ends(name, i)
            if ends:
                last_end = max(ends)
                found.append(Span(i, last_end))
        return found

    def ends(self, name: str, i: int) -> frozenset[int]:
        """Where phrases of list ``name`` starting at word ``i`` end."""
        key = (name, i)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        self._memo[key] = _NOTHING  # guards against (already rejected) cycles
        candidates = self._starts[i].get(name) if i < len(self.words) else None
        if not candidates:
            return _NOTHING
        ends: set[int] = set()
        for node, offset in candidates:
            self._walk(node, i + offset, ends)
        result = frozenset(ends) if ends else _NOTHING
        self._memo[key] = result
        return result

    def _walk(self, node: Node, p: int, ends: set[int]) -> None:
        """Add to ``ends`` where the phrases below ``node``, matched from word ``p`` on, end."""
        if node.ends:
            ends.add(p)
        if node.words and p < len(self.words):
            child = node.words.get(self.words[p])
            if child is not None:
                self._walk(child, p + 1, ends)
        for kind, value, child in node.others:
            following = self._element(kind, value, p)
            if len(following) == 1:
                for q in following:
                    self._walk(child, q, ends)
            elif following:
                self._walk_from(child, following, ends)

    def _walk_from(self, node: Node, positions: Collection[int], ends: set[int]) -> None:
        """`_walk` from each of several positions at once (each node is visited once)."""
        if node.ends:
            ends.update(positions)
        if node.words:
            words, size = self.words, len(self.words)
            by_word: dict[str, list[int]] = {}
            for p in positions:
                if p < size and words[p] in node.words:
                    by_word.setdefault(words[p], []).append(p + 1)
            for word, following in by_word.items():
                self._walk_from(node.words[word], following, ends)
        for kind, value, child in node.others:
            found: set[int] = set()
            for p in positions:
                found |= self._element(kind, value, p)
            if found:
                self._walk_from(child, found, ends)

    def _element(self, kind: str, value: str, p: int) -> set[int] | frozenset[int]:
        words = self.words
        if kind == "start":
            return {p} if p == 0 or words[p - 1] in SENTENCE_BREAKS else set()
        if kind == "end":
            return {p} if p >= len(words) or words[p] in SENTENCE_BREAKS else set()
        if kind == "marks":  # a fragment's marks, if any: matching goes on after the last
            while p < len(words) and words[p] in MARKS:
                p += 1
            return {p}
        if kind == "list":
            if p >= len(words) or value not in self._starts[p]:
                return _NOTHING  # no phrase of that list can start there
            return self.ends(value, p)
        if p >= len(words):
            return set()
        word = words[p]
        if kind == "word":
            ok = word == value
        elif kind == "prefix":
            ok = word.startswith(value) and word.isalpha()
        elif kind == "number":
            ok = is_number(word)
        else:  # any one word, never a clause mark
            ok = word.isalnum()
        return {p + 1} if ok else set()


def replace_words(words: list[str], table: Mapping[str, str]) -> list[str]:
    """Replace single words by the table (the replacement may be several words)."""
    out: list[str] = []
    for word in words:
        out.extend(table[word].split() if word in table else [word])
    return out


def number_multipliers(values: Mapping[str, float]) -> frozenset[str]:
    """The number words of ``values`` that multiply ("hundred", "thousand", "dozen")."""
    return frozenset(w for w, v in values.items()
                     if v in (12, 100, 1000) and w not in ("twelve", "doce"))


def read_numbers(words: list[str], values: Mapping[str, float],
                 keep: Callable[[str], bool] = lambda _: False,
                 multipliers: frozenset[str] | None = None) -> list[str]:
    """Number words as digits: "thirteen" → 13, "two hundred and fifty" → 250, "a dozen" → 12.

    Tens and units add up, "hundred"/"thousand"/"dozen" multiply; "a"/"an" before a multiplier
    counts as one. ``multipliers``: `number_multipliers(values)`, when already at hand."""
    if multipliers is None:
        multipliers = number_multipliers(values)
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
                value = values[word]
                # "twenty five", "two hundred five" add up; "one ten", "five six" are two numbers
                tail = current % 100
                if current and tail and not (tail >= 20 and tail % 10 == 0 and value < 10):
                    if words[j - 1] == "and":
                        j -= 1  # "two and three": the "and" is a word again
                    break
                current += value
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
