"""The monograph's own definitions: "what does X mean" → the sentence where the monograph
explains X (a bracketed gloss, "called X", "X is a …", a brand-name list), and its passage.

Patterns only find where the monograph explains a word; the reply quotes that passage verbatim.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from assistant.monograph import Passage
from assistant.text import words

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ARTICLE = re.compile(r"^(?:an?|the)\s+")
_SLOT = "xxtermxx"  # where {term} stands, as words() reads it ("in simple terms" keeps its word)
# a term that points back at a word said before ("she has spasticity. what does that mean?")
_POINTING = frozenset({"that", "it", "this", "those", "these", "that word", "this word", "that term", "this term"})


def _explanations(term: str) -> list[re.Pattern[str]]:
    """Ways a sentence explains ``term``, strongest first."""
    x = r"\s+".join(re.escape(w) for w in term.split())
    return [re.compile(p, re.IGNORECASE) for p in (
        rf"\b{x}s?\s*\((?!eg\b)[^()]{{2,80}}\)",                # spasticity (muscle stiffness …)
        rf"\(\s*{x}s?\s*\)",                                    # seeing things … (hallucinations)
        rf"\b(?:called|known as)\s+(?:an?\s+|the\s+)?{x}s?\b",  # a rare blood disorder called porphyria
        # Baclofen … is a … (not "Side effects such as …, who are": an example list or a
        # relative clause between the term and its verb describes something else)
        rf"^(?:an?\s+|the\s+)?{x}s?\b(?:(?!\bsuch as\b|\bwho\b|\bwhich\b|\bthat\b).){{0,200}}?"
        rf"\b(?:is an?|are)\b",
        rf"\bbrand names?\b.*\b{x}\b",                          # sold by brand names Kemstro, …
    )]


@dataclass(frozen=True)
class Definition:
    term: str
    passage: Passage
    items: tuple[int, ...]  # the list item holding the sentence, if any
    sentence: str


class Definitions:
    def __init__(self, passages: Sequence[Passage], questions: Sequence[str]) -> None:
        self.passages = tuple(passages)
        self.questions = tuple(
            re.compile("^" + re.escape(" ".join(words(q.replace("{term}", _SLOT))))
                       .replace(_SLOT, "(?P<term>.+)") + "$")
            for q in questions)

    def term(self, question: str, unnamed: frozenset[str] = frozenset()) -> str | None:
        """X in "what does X mean" and the like, or None; asked in the last sentence after
        others ("the letter says she has spasticity. what does that mean?"), and X a pronoun,
        the last word before it that the monograph explains, other than ``unnamed`` (the
        drug's own names: "baclofen is a GABA-B agonist. what does that mean" asks about the
        statement, not the drug)."""
        sentences = [s for s in _SENTENCE_END.split(question.strip()) if words(s)]
        if not sentences:
            return None
        term = self._asked(" ".join(words(question))) or self._asked(" ".join(words(sentences[-1])))
        if term is None or term not in _POINTING:
            return term
        before = [w for s in sentences[:-1] for w in words(s)]
        return next((w for w in reversed(before)
                     if len(w) > 3 and w not in unnamed and self.find(w) is not None), None)

    def _asked(self, said: str) -> str | None:
        for pattern in self.questions:
            if match := pattern.match(said):
                term = _ARTICLE.sub("", match.group("term")).strip()
                if term and len(term.split()) <= 4:
                    return term
        return None

    def find(self, term: str, correct: Callable[[str], str] | None = None) -> Definition | None:
        """The first sentence that explains ``term`` (strongest kind first, then in monograph
        order); with ``correct``, the term's words spelling-corrected are tried next."""
        tried = [term]
        if correct is not None:
            fixed = " ".join(correct(w) for w in term.split())
            if fixed != term:
                tried.append(fixed)
        for candidate in tried:
            # every explanation pattern holds the term itself: only sentences that contain it
            # (same flags) can match; the order (strongest kind, then monograph order) is kept
            holding = self._holding(candidate)
            if not holding:
                continue
            for pattern in _explanations(candidate):
                for passage, items, sentence in holding:
                    if pattern.search(sentence):
                        return Definition(candidate, passage, items, sentence)
        return None

    def _holding(self, term: str) -> list[tuple[Passage, tuple[int, ...], str]]:
        """The sentences where the term itself matches (its words, any whitespace between,
        any case), in order: one search over all of them joined by NUL, which no term pattern
        can match across."""
        words_ = [re.escape(w) for w in term.split()]
        joined, lowered, starts = self._joined
        if lowered is not None and term.isascii():
            # the lower-case copy matches exactly where any case would (see _joined): a
            # case-sensitive search, which the regex engine runs far faster
            found_in = re.compile(r"\s+".join(w.lower() for w in words_)).finditer(lowered)
        else:
            found_in = re.compile(r"\s+".join(words_), re.IGNORECASE).finditer(joined)
        found = {bisect.bisect_right(starts, m.start()) - 1 for m in found_in}
        return [self._sentences[n] for n in sorted(found)]

    @cached_property
    def _joined(self) -> tuple[str, str | None, list[int]]:
        """The sentences joined by NUL, where each starts, and a lower-case copy when that
        copy answers an ASCII term's case-insensitive search exactly: same length, no
        character that lower-cases to or case-folds with an ASCII letter or digit except
        ASCII itself (else None, and the slower search is used)."""
        starts, offset = [], 0
        for _, _, sentence in self._sentences:
            starts.append(offset)
            offset += len(sentence) + 1
        joined = "\0".join(sentence for _, _, sentence in self._sentences)
        lowered: str | None = joined.lower()
        alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
        for char in set(joined):
            if char.isascii():
                continue
            if (any(c.isascii() for c in char.lower())
                    or any(re.fullmatch(a, char, re.IGNORECASE) for a in alnum)):
                lowered = None
                break
        if lowered is not None and len(lowered) != len(joined):
            lowered = None
        return joined, lowered, starts

    @cached_property
    def _sentences(self) -> list[tuple[Passage, tuple[int, ...], str]]:
        """Every sentence of the monograph in order, with its passage and list item."""
        return [(passage, items, sentence) for passage in self.passages
                for items, line in _lines(passage)
                for sentence in _SENTENCE_END.split(line.lstrip("• ").strip())]


def _lines(passage: Passage) -> list[tuple[tuple[int, ...], str]]:
    lines: list[tuple[tuple[int, ...], str]] = [((), line) for line in passage.lead]
    for index, item in enumerate(passage.items):
        lines += [((index,), line) for line in item.lines]
    return lines
