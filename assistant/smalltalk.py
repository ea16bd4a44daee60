"""Messages that are not questions (knowledge/smalltalk.yaml): greetings, thanks, goodbyes,
help, acknowledgements, "show all", and requests for what the assistant cannot do (book, remind,
refill) or questions about what it keeps. Matched as the WHOLE message only, never a phrase inside
a sentence: either one phrase, or a message whose every clause is a phrase ("Cool. Have a nice
evening!", "Perfect, that's all I needed. Cheers."), or a run of closing phrases with only joiner
words between them ("thank you thats really helpful"); "_" in a phrase stands for any one word,
and a phrase ending in "..." matches a message of one clause that starts with it ("can you book
...")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from assistant.knowledge import KnowledgeError, knowledge_path, load_yaml, require, string_list
from assistant.text import words

KINDS = ("greeting", "thanks", "goodbye", "help", "show_all", "acknowledgement", "request", "privacy")
OPTIONAL = ("acknowledgement", "request", "privacy")  # kinds a smalltalk.yaml may leave out
# the kind a message of several small-talk clauses gets: its most closing clause ("ok, thanks,
# bye" says goodbye); help and "show all" stand only alone
CLOSING = ("goodbye", "thanks", "greeting", "acknowledgement")
_CLAUSES = re.compile(r"[.,;:!?\n]+|\s+-+\s+")


def _key(text: str) -> str:
    """A message as compared: its words, or for a message of only punctuation ("??"), "?"."""
    said = " ".join(words(text))
    if said:
        return said
    return re.sub(r"\?+", "?", "".join(text.split()))


@dataclass(frozen=True)
class SmallTalk:
    phrases: dict[str, str]  # the message as compared → kind
    patterns: tuple[tuple[re.Pattern[str], str], ...] = ()  # phrases with "_" (any one word)
    # phrases ending in "...": a message of one clause that starts so ("can you book ..."); a
    # second clause is a question of its own ("are you a doctor? my legs hurt, is it baclofen")
    openings: tuple[tuple[re.Pattern[str], str], ...] = ()
    joiners: frozenset[str] = frozenset()  # words between closing phrases ("thats", "so")

    def kind(self, message: str) -> str | None:
        if len(message) > 200:
            return None
        clauses = [clause for clause in _CLAUSES.split(message) if words(clause)]
        if (whole := self._kind_of(_key(message), opening=len(clauses) == 1)) is not None:
            return whole
        kinds = [self._kind_of(_key(clause)) for clause in clauses]
        if len(kinds) < 2 or None in kinds or not set(kinds) <= set(CLOSING):
            found = self._closing_run(words(message))
            return next((kind for kind in CLOSING if kind in found), None) if found else None
        return next(kind for kind in CLOSING if kind in kinds)

    def _closing_run(self, said: list[str]) -> set[str] | None:
        """The kinds of closing phrases a message is made of, with only joiner words between
        them and no punctuation needed ("thank you thats really helpful", "great that answers
        it"); None when any other word is in it."""
        if said and said[0] not in self.joiners and said[0] not in self._closing_firsts:
            return None  # nothing can start the run (most messages: no reading reaches past it)
        longest = self._longest
        best: list[set[str] | None] = [None] * (len(said) + 1)  # kinds of a reading of said[:i]
        best[0] = set()
        for i in range(len(said)):
            if best[i] is None:
                continue
            reach: list[tuple[int, str | None]] = [(i + 1, None)] if said[i] in self.joiners else []
            for j in range(i + 1, min(len(said), i + longest) + 1):
                kind = self.phrases.get(" ".join(said[i:j]))
                if kind in CLOSING:
                    reach.append((j, kind))
            for j, kind in reach:
                if best[j] is None:
                    best[j] = set(best[i] or ()) | ({kind} if kind else set())
        return best[len(said)] or None

    @cached_property
    def _closing_firsts(self) -> frozenset[str]:
        """The first words of the closing phrases."""
        return frozenset(key.split(" ", 1)[0] for key, kind in self.phrases.items() if kind in CLOSING)

    @cached_property
    def _longest(self) -> int:
        """The most words a phrase has (worked out once, not per message)."""
        return max((len(key.split()) for key in self.phrases), default=0)

    def _kind_of(self, key: str, opening: bool = False) -> str | None:
        if (kind := self.phrases.get(key)) is not None:
            return kind
        patterns = (*self.patterns, *self.openings) if opening else self.patterns
        joined, kinds = self._joined[opening]
        if joined is None:
            return next((kind for pattern, kind in patterns if pattern.fullmatch(key)), None)
        # the first pattern, in order, that matches the whole key: its alternative in the joined
        # pattern (one test in C instead of a hundred in turn)
        found = joined.fullmatch(key)
        return kinds[found.lastindex - 1] if found is not None and found.lastindex else None

    @cached_property
    def _joined(self) -> dict[bool, tuple[re.Pattern[str] | None, tuple[str, ...]]]:
        """Per ``opening``: the patterns joined into one alternation, each its own group (the
        first alternative that matches the whole text is the one ``fullmatch`` returns), and
        their kinds; None when they cannot be joined (groups or flags of their own)."""
        joined: dict[bool, tuple[re.Pattern[str] | None, tuple[str, ...]]] = {}
        for opening in (False, True):
            patterns = (*self.patterns, *self.openings) if opening else self.patterns
            kinds = tuple(kind for _, kind in patterns)
            if not patterns or any(p.groups for p, _ in patterns) or len({p.flags for p, _ in patterns}) > 1:
                joined[opening] = (None, kinds)
                continue
            try:
                together = re.compile("|".join(f"({p.pattern})" for p, _ in patterns), patterns[0][0].flags)
            except re.error:
                together = None
            joined[opening] = (together, kinds)
        return joined


def load_small_talk(path: Path | None = None) -> SmallTalk:
    path = path or knowledge_path("smalltalk.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict), path, data, f"expected a mapping with {', '.join(KINDS)}")
    unknown = set(data) - set(KINDS) - {"joiners"}
    require(not unknown, path, data, f"unknown keys: {', '.join(sorted(map(str, unknown)))}")
    phrases: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    openings: list[tuple[re.Pattern[str], str]] = []
    for kind in KINDS:
        if kind in OPTIONAL and kind not in data:
            continue
        for phrase in string_list(data.get(kind), path, data, f"{kind!r}"):
            opening = phrase.endswith("...")  # "can you book ...": the message starts so
            if opening:
                phrase = phrase.removesuffix("...").strip()
                require(bool(words(phrase)), path, data.get(kind), f"{kind}: {phrase!r}... needs words before '...'")
            if "_" in phrase.split() or opening:  # "have a _ day": any one word where "_" stands
                parts = [r"\S+" if part == "_" else re.escape(" ".join(words(part))) for part in phrase.split()]
                pattern = " ".join(p for p in parts if p) + (r"(?: .*)?" if opening else "")
                (openings if opening else patterns).append((re.compile(pattern), kind))
                continue
            key = _key(phrase)
            if phrases.get(key, kind) != kind:
                raise KnowledgeError(path, getattr(data.get(kind), "line", None),
                                     f"{phrase!r} is both {phrases[key]!r} and {kind!r}")
            phrases[key] = kind
    joiners = frozenset(w for phrase in string_list(data.get("joiners") or [], path, data, "'joiners'")
                        for w in words(phrase))
    return SmallTalk(phrases, tuple(patterns), tuple(openings), joiners)
