"""Context modifiers (the ConText algorithm of medspaCy, as data): a cue such as "not", "what
if" or "years ago" changes the concepts within its scope, so that "I'm not having trouble
breathing" is negated and "what if I took 200 mg" is hypothetical.

A cue modifies a concept that lies within ``scope`` words in its ``direction`` (forward: after
the cue, backward: before it, both), with no terminator or clause break between them. A cue
inside the concept's own phrase ("not breathing") never modifies it. Pseudo-cues ("not sure",
"no idea") look like cues but are not: cues inside them are dropped. A modifier may have
terminators of its own (medspaCy's ``terminated_by``): "now" or "this morning" ends the scope of
"years ago", where it stands (a concept starting with one lies outside the scope).

A modifier may also reach across sentences to a closing cue of its own (``closed_by``): a past
story told over several sentences is past up to where it says it ended ("eighteen months ago
she stopped it. She got very confused and saw things, and it settled once they restarted it"),
if none of its own terminators ("now", "tonight", "is") comes in between.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.phrases import PhraseReader, Span

DIRECTIONS = ("forward", "backward", "both")
CLAUSE_BREAKS = frozenset({",", ".", "!", "?", ";", ":", "\n"})
# the phrase lists of a run-on message's unwritten clause breaks (`run_on_breaks`)
RUN_ON_LISTS = ("reports", "questions", "introduced_by", "subjects", "verbs", "own_verbs", "be")
REPORTS, QUESTIONS, INTRODUCED_BY = (f"run-on/{name.replace('_', '-')}" for name in RUN_ON_LISTS[:3])
# words that join a report to what comes before it; a clause break goes before them
JOINING = frozenset({"but", "and", "so"})
# the phrase lists of an enumeration (`list_commas`): what opens one, what a report's item holds
LIST_LISTS = ("introducers", "enders", "item_ends")
INTRODUCERS, ENDERS, ITEM_ENDS = (f"list/{name.replace('_', '-')}" for name in LIST_LISTS)


LABEL_WORDS = 6  # at most this many words before a colon make a label ("movie last night:")


def label_colons(words: list[str]) -> set[int]:
    """The colons that close a label opening a sentence: "what if: shook them, nothing",
    "joke: pulse?? cant find one", "movie last night: the guy shook her". A cue in the label
    modifies what follows the colon, as if no break stood between them."""
    found, start = set(), 0
    for i, word in enumerate(words):
        if word == ":" and 0 < i - start <= LABEL_WORDS:
            found.add(i)
        if word in CLAUSE_BREAKS:
            start = i + 1
    return found


def list_commas(reader: PhraseReader) -> set[int]:
    """The commas of enumerations ("signs to watch for, like slow breathing, blue lips or not
    waking up"): from a list introducer ("like", "such as", "watch for") to the end of its
    sentence, each comma before an item, and the break before an introducer that opens a
    sentence ("what should we watch for? like …"). An item that names a person or the present
    ("he", "my", "now") ends the list before it, and a list whose first item does so never
    opens: "is it normal, like he's blue" and "signs to watch for, she took 10" keep their
    clause breaks."""
    if INTRODUCERS not in reader.startable and ":" not in reader.words:
        return set()
    words = reader.words
    enders = {i for span in reader.spans(ENDERS) for i in range(span.start, span.end)}
    # a clause hung on an item ("confusion when I start it") is no report: enders after it do not count
    item_ends = {span.start for span in reader.spans(ITEM_ENDS)}

    def clean_item(start: int) -> int | None:
        """The end of the item starting at ``start`` when it holds no ender, else None."""
        end, hung = start, False
        while end < len(words) and words[end] not in CLAUSE_BREAKS:
            hung = hung or (end in item_ends and end > start)
            if end in enders and not hung:
                return None
            end += 1
        return end if end > start else None

    found: set[int] = set()
    colons = [Span(i, i + 1) for i, w in enumerate(words) if w == ":"]  # "watch him for: a, b"
    for introducer in sorted(reader.spans(INTRODUCERS) + colons, key=lambda span: span.start):
        start = introducer.end
        if start < len(words) and words[start] in (",", ":"):  # "a whole scary list, seizures …"
            start += 1
        end = clean_item(start)
        if end is None:
            continue
        if start > introducer.end:
            found.add(introducer.end)
        if words[introducer.start] == ":":
            found.add(introducer.start)
        elif introducer.start > 0 and words[introducer.start - 1] in CLAUSE_BREAKS - {"\n"}:
            # "what should we watch for? like snoring, blue lips": a list opening a sentence
            # belongs to the one before it
            found.add(introducer.start - 1)
        while end < len(words) and words[end] == ",":
            following = clean_item(end + 1)
            if following is None:
                break
            found.add(end)
            end = following
    return found


def run_on_breaks(reader: PhraseReader) -> list[int]:
    """Where a message typed without punctuation turns from a question to a report or back
    ("can i drink alcohol | my son swallowed 20 of my pills", "i took 25 of my pills | what side
    effects will i get"): before each report not introduced by "if", "when" and the like, and
    before the first question opener after it in its clause. A comma is read there, so that the
    question's context ("can i", "side effects") does not reach the report."""
    words = reader.words
    introduced = {span.end for span in reader.spans(INTRODUCED_BY)}
    questions = reader.spans(QUESTIONS)
    breaks: set[int] = set()
    for report in reader.spans(REPORTS):
        if report.start in introduced:
            continue
        if report.start > 0 and words[report.start - 1] not in CLAUSE_BREAKS:
            # before a joining word, not after it: "a slide on overdose , but my son swallowed",
            # so that "but my" still reads as one phrase
            joined = words[report.start - 1] in JOINING and report.start > 1 \
                and words[report.start - 2] not in CLAUSE_BREAKS
            breaks.add(report.start - 1 if joined else report.start)
        for question in questions:
            if question.start < report.end:
                continue
            if not CLAUSE_BREAKS.intersection(words[report.end - 1:question.start]):
                breaks.add(question.start)
            break
    return sorted(breaks)


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
    across_terminators: bool = False  # "but" does not end it ("ran out, but got my refill")
    closed_by: str | None = None  # cues that end a story it began, as a list name
    closed_scope: int = 0  # at most this many words from its cue to the closing cue
    across_sentences: bool = False  # a full stop does not end it ("He collapsed. That was years ago.")
    across_lists: bool = False  # an enumeration's commas do not end it (`list_commas`)
    counts_as: str | None = None  # another reach of this category ("informational")
    voided_by: str | None = None  # cues anywhere in the message that void all of its cues
    # it modifies only a concept that holds one of these words, as a list name (medspaCy's
    # allowed_types): a mood explains "won't talk", never "won't wake"
    targets: str | None = None
    # a cue before the concept reaches it only in its own sentence, whatever else it may cross: a
    # recovery told first explains no sign told after a full stop ("he's fine now. wait he just
    # collapsed"), one told after it still does ("He collapsed. He's fine now.")
    forward_within_sentence: bool = False
    # a cue in a label opening a sentence reads on past the label's colon ("what if: shook them,
    # nothing"); a speaker's tag ("care home nurse: …") is no cue across it, so only framing
    # modifiers (hypothetical, fictional …) say so
    across_labels: bool = False


class Context:
    """The modifiers and terminators of one language, applied to one message at a time."""

    def __init__(self, modifiers: list[Modifier], terminators: str | None) -> None:
        self.modifiers = {m.category: m for m in modifiers}
        self.terminators = terminators
        # a category and the modifiers that are further reaches of it
        self.reaches: dict[str, tuple[str, ...]] = {m.category: (m.category,) for m in modifiers}
        for m in modifiers:
            if m.counts_as:
                self.reaches[m.counts_as] += (m.category,)
        self.lists = any(m.across_lists for m in modifiers)

    def cues(self, reader: PhraseReader) -> dict[str, list[Span]]:
        """Every modifier's cues in the message (none absorbed): `ContextOfMessage.cues` of a
        fresh reading, without its clause breaks."""
        found = {category: self.plain_cues(reader, category) for category in self.modifiers}
        return {c: spans for c, spans in found.items() if spans}

    def plain_cues(self, reader: PhraseReader, category: str) -> list[Span]:
        """A modifier's cues in the message, before any are absorbed (`ContextOfMessage.absorb`):
        worked out once per reader (the rules and the learned net's tokens both read them)."""
        key = ("cues", category)
        found: list[Span] | None = reader.derived.get(key)
        if found is None:
            modifier = self.modifiers[category]
            found = reader.spans(modifier.cues)
            if modifier.voided_by and found and reader.spans(modifier.voided_by):
                found = []  # the message says the listed signs are here ("that is what I see")
            if modifier.pseudo and found:
                pseudo = reader.spans(modifier.pseudo)
                found = [c for c in found if not any(p.start <= c.start and c.end <= p.end for p in pseudo)]
            reader.derived[key] = found
        return found

    def read(self, reader: PhraseReader) -> ContextOfMessage:
        """The message's clause breaks; each modifier's cues are found when first asked about."""
        breaks = {i for i, w in enumerate(reader.words) if w in CLAUSE_BREAKS}
        commas = {i for i, w in enumerate(reader.words) if w == ","}
        terminated = ({i for span in reader.spans(self.terminators) for i in range(span.start, span.end)}
                      if self.terminators else set())
        sentence_ends = {i for i, w in enumerate(reader.words) if w in CLAUSE_BREAKS and w != ","}
        return ContextOfMessage(self, reader, breaks | terminated, commas, terminated - breaks, sentence_ends,
                                list_commas(reader) if self.lists else set(), label_colons(reader.words))


class ContextOfMessage:
    """One message's context: ask whether a concept span is modified."""

    def __init__(self, context: Context, reader: PhraseReader, breaks: set[int], commas: set[int],
                 terminated: set[int] | None = None, sentence_ends: set[int] | None = None,
                 in_lists: set[int] | None = None, labels: set[int] | None = None) -> None:
        self.context = context
        self.reader = reader
        self.breaks = breaks
        self.commas = commas
        self.terminated = terminated or set()  # the words of terminators ("but"), not punctuation
        self.sentence_ends = sentence_ends or set()  # full stops and the like, not commas
        self.in_lists = in_lists or set()  # the commas of enumerations
        self.labels = labels or set()  # the colons closing a label ("what if: …", "joke: …")
        self._cues: dict[str, list[Span]] = {}
        self._own_breaks: dict[str, set[int]] = {}
        self._absorbed: dict[str, list[Span]] = {}
        self._owned: dict[str, list[Span]] = {}  # absorbed cues: each a red flag's own ("not" in "not reacting")

    @property
    def cues(self) -> dict[str, list[Span]]:
        """Every modifier's cues (for maintainers' explanations): all of them found."""
        for category in self.context.modifiers:
            self.cues_of(category)
        return {c: spans for c, spans in self._cues.items() if spans}

    def cues_of(self, category: str) -> list[Span]:
        found = self._cues.get(category)
        if found is None:
            found = self.context.plain_cues(self.reader, category)
            absorbed = self._absorbed.get(category)
            if absorbed and found:
                owned = [c for c in found if any(s.start <= c.start and c.end <= s.end for s in absorbed)]
                self._owned[category] = owned
                found = [c for c in found if c not in owned]
            self._cues[category] = found
        return found

    def own_breaks(self, category: str) -> set[int]:
        found = self._own_breaks.get(category)
        if found is None:
            modifier = self.context.modifiers[category]
            found = ({i for s in self.reader.spans(modifier.terminate) for i in range(s.start, s.end)}
                     if modifier.terminate else set())
            self._own_breaks[category] = found
        return found

    def absorb(self, categories: tuple[str, ...], spans: list[Span]) -> None:
        """Drop cues of ``categories`` that lie inside one of ``spans``: in "no breathing, no
        pulse" the "no" belongs to the red flag and negates nothing else (NegEx: match the
        red-flag phrases before any negation logic)."""
        for category in categories:
            if category in self.context.modifiers and spans:
                self._absorbed.setdefault(category, []).extend(spans)
                self._cues.pop(category, None)  # found again, without them

    def modified(self, target: Span, categories: tuple[str, ...]) -> bool:
        """True when a cue of one of ``categories`` (or of a further reach of one) modifies the
        concept at ``target``."""
        reaches = self.context.reaches
        for category in (name for asked in categories for name in reaches.get(asked, ())):
            modifier = self.context.modifiers[category]
            cues = self.cues_of(category)
            if cues and modifier.targets and not any(
                    target.start <= t.start and t.end <= target.end for t in self.reader.spans(modifier.targets)):
                continue  # a concept this modifier does not speak of
            if any(target.start <= c.start and c.end <= target.end for c in self._owned.get(category, ())):
                continue  # a red flag that holds its own negation: "not saying anything and not reacting"
            for cue in cues:
                if cue.overlaps(target):
                    if not (modifier.direction in ("backward", "both") and target.start < cue.start < target.end < cue.end):
                        continue
                    # a cue that shares the concept's last word and goes on follows it: "on
                    # chocolate" after "overdosed on" ("overdosed on chocolate this easter")
                    gap = ends = range(0)
                elif cue.end <= target.start and modifier.direction in ("forward", "both"):
                    gap = range(cue.end, target.start)
                    # an own terminator ends the scope where it stands, so a concept that
                    # starts with one is outside it ("on 80mg a day and took more tonight")
                    ends = range(cue.end, target.start + 1)
                elif target.end <= cue.start and modifier.direction in ("backward", "both"):
                    gap = ends = range(target.end, cue.start)
                else:
                    continue
                own = self.own_breaks(category)
                # a cue in a label reads on past the label's colon ("what if: shook them, nothing")
                labelled = self.labels if modifier.across_labels and cue.end <= target.start else set()
                if (modifier.forward_within_sentence and cue.end <= target.start
                        and any(i in self.sentence_ends and i not in labelled for i in gap)):
                    continue
                if modifier.whole_message:
                    # its own terminators still end it ("a book in which ... then I noticed
                    # my daughter had eaten my pills")
                    if not any(i in own for i in ends):
                        return True
                    continue
                ignored = (self.commas if modifier.across_commas else set()) | (
                    self.terminated if modifier.across_terminators else set()) | (
                    self.commas | self.sentence_ends if modifier.across_sentences else set()) | (
                    self.in_lists if modifier.across_lists else set()) | labelled
                if len(gap) <= modifier.scope and not any(
                        i in self.breaks and i not in ignored for i in gap) and not any(i in own for i in ends):
                    return True
                if modifier.closed_by and cue.end <= target.start and self._closed(modifier, cue, target, own):
                    return True
        return False

    def _closed(self, modifier: Modifier, cue: Span, target: Span, own: set[int]) -> bool:
        """Whether a closing cue of ``modifier`` ends the story its ``cue`` began after
        ``target``, within its reach and with no terminator of its own in between."""
        for closing in self.reader.spans(modifier.closed_by or ""):
            if closing.start < target.end:
                continue
            if closing.start - cue.end > modifier.closed_scope:
                return False
            return not any(i in own for i in range(cue.end, closing.start))
        return False
