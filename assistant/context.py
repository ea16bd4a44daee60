"""Context modifiers (the ConText algorithm of medspaCy, as data): a cue such as "not", "what
if" or "years ago" changes the concepts within its scope, so that "I'm not having trouble
breathing" is negated and "what if I took 200 mg" is hypothetical.

A cue modifies a concept that lies within ``scope`` words in its ``direction`` (forward: after
the cue, backward: before it, both), with no terminator or clause break between them. A cue
inside the concept's own phrase ("not breathing") never modifies it. Pseudo-cues ("not sure",
"no idea") look like cues but are not: cues inside them are dropped. A modifier may have
terminators of its own (medspaCy's ``terminated_by``): "now" or "this morning" ends the scope of
"years ago".
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.phrases import PhraseReader, Span

DIRECTIONS = ("forward", "backward", "both")
CLAUSE_BREAKS = frozenset({",", ".", "!", "?", ";", ":", "\n"})


@dataclass(frozen=True)
class Modifier:
    """One category of cues: negated, hypothetical, historical, …"""

    category: str
    direction: str
    scope: int
    cues: str  # the name of its cue list in the language's phrase book
    pseudo: str | None
    across_commas: bool = False  # the cue governs its whole sentence, not just its clause
    terminate: str | None = None  # its own terminators ("now" ends a "years ago"), as a list name
    whole_message: bool = False  # no clause break or terminator ends it ("in my novel …")


class Context:
    """The modifiers and terminators of one language, applied to one message at a time."""

    def __init__(self, modifiers: list[Modifier], terminators: str | None) -> None:
        self.modifiers = {m.category: m for m in modifiers}
        self.terminators = terminators

    def read(self, reader: PhraseReader) -> ContextOfMessage:
        """Find every cue in the message once; then ask about any concept span."""
        breaks = {i for i, w in enumerate(reader.words) if w in CLAUSE_BREAKS}
        commas = {i for i, w in enumerate(reader.words) if w == ","}
        if self.terminators:
            for span in reader.spans(self.terminators):
                breaks.update(range(span.start, span.end))
        cues: dict[str, list[Span]] = {}
        own_breaks: dict[str, set[int]] = {}
        for category, modifier in self.modifiers.items():
            if modifier.terminate:
                own_breaks[category] = {i for s in reader.spans(modifier.terminate)
                                        for i in range(s.start, s.end)}
            found = reader.spans(modifier.cues)
            if modifier.pseudo and found:
                pseudo = reader.spans(modifier.pseudo)
                found = [c for c in found
                         if not any(p.start <= c.start and c.end <= p.end for p in pseudo)]
            if found:
                cues[category] = found
        return ContextOfMessage(self, cues, breaks, commas, own_breaks)


@dataclass(frozen=True)
class ContextOfMessage:
    context: Context
    cues: dict[str, list[Span]]
    breaks: set[int]
    commas: set[int]
    own_breaks: dict[str, set[int]]  # each modifier's own terminators, by word position

    def absorb(self, categories: tuple[str, ...], spans: list[Span]) -> None:
        """Drop cues of ``categories`` that lie inside one of ``spans``: in "no breathing, no
        pulse" the "no" belongs to the red flag and negates nothing else (NegEx: match the
        red-flag phrases before any negation logic)."""
        for category in categories:
            if category in self.cues:
                self.cues[category] = [c for c in self.cues[category]
                                       if not any(s.start <= c.start and c.end <= s.end for s in spans)]

    def modified(self, target: Span, categories: tuple[str, ...]) -> bool:
        """True when a cue of one of ``categories`` modifies the concept at ``target``."""
        for category in categories:
            modifier = self.context.modifiers.get(category)
            if modifier is None:  # a category this language does not define
                continue
            for cue in self.cues.get(category, ()):
                if cue.overlaps(target):
                    continue
                if cue.end <= target.start and modifier.direction in ("forward", "both"):
                    gap = range(cue.end, target.start)
                elif target.end <= cue.start and modifier.direction in ("backward", "both"):
                    gap = range(target.end, cue.start)
                else:
                    continue
                if modifier.whole_message:
                    return True
                ignored = self.commas if modifier.across_commas else set()
                own = self.own_breaks.get(category, set())
                if len(gap) <= modifier.scope and not any(
                        (i in self.breaks and i not in ignored) or i in own for i in gap):
                    return True
        return False
