"""Escalation: red flags found by concepts and context, checked before any retrieval.

knowledge/concepts.<lang>.yaml holds phrase lists per concept (ingestion, a large amount, not
waking, …) and context modifiers (negation, hypothetical, historical, prescribed …);
knowledge/escalation.yaml holds rules that combine concepts, the contact messages and the dose
limits. Nothing here consults the retriever, the lexicon or the stem cache.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

from assistant.amounts import (
    Units,
    close_dose_times,
    count_drop,
    fever_readings,
    is_strength,
    is_time,
    ledger,
    low_oxygen_readings,
    low_pulse_readings,
    more_instead,
    multiple_at_once,
    slow_breathing_readings,
)
from assistant.context import (
    CLAUSE_BREAKS,
    DIRECTIONS,
    LIST_LISTS,
    REPORTS,
    RUN_ON_LISTS,
    Context,
    ContextOfMessage,
    Modifier,
    run_on_breaks,
)
from assistant.english import loaded as english_loaded
from assistant.english import looks_english
from assistant.escalation_model import (
    DOSE_IN_LIMITS,
    FEVER_READING,
    LARGE,
    NORMAL_READING,
    NOT_LARGE,
    NUMBER,
    EscalationModel,
    load_model,
)
from assistant.escalation_model import LEVELS as NET_LEVELS
from assistant.escalation_model import SHIPPED as SHIPPED_MODEL
from assistant.escalation_result import NO_ESCALATION as NO_ESCALATION
from assistant.escalation_result import Escalation as Escalation
from assistant.knowledge import KnowledgeError, knowledge_dir, line_of, load_yaml, require, string_list
from assistant.phrases import (
    SENTENCE_BREAKS,
    PhraseBook,
    PhraseError,
    PhraseReader,
    Span,
    is_number,
    literal_words,
    number_multipliers,
    read_numbers,
    replace_words,
)
from assistant.regions import SERVICES
from assistant.spelling import SpellingCorrector, distance_within

LEVELS = ("emergency", "urgent")  # most severe first; "none" is the absence of a rule
PLACEHOLDERS = frozenset(SERVICES)
WITHIN = ("sentence", "message")
MEASURES = ("milligrams", "grams", "millilitres", "teaspoons", "tablespoons")  # units of a measured dose
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u201b\u00b4\u02bc\u02b9\u0060\u2032"), None)
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060\ufeff]")
_THOUSANDS = re.compile(r"(?<=\d)[,.](?=\d{3}(?!\d))")
_UNIT_JOIN = re.compile(r"(?<=\d)(?=[a-z])|(?<=\bx)(?=\d)")
# "!!" (or more): alarm; a clock time ("14:00") or a blood pressure ("124/78") is one token,
# never a number, so never an amount
_TOKENS = re.compile(r"[a-z]+|\d{1,2}:\d{2}(?!\d)|\d{2,3}/\d{2,3}(?!\d)|\d+(?:\.\d+)?|!!|[,.!?;:\n]")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_BLANK_LINE = re.compile(r"\n\s*\n")
_ALARM = re.compile(r"!{2,}")
# an abbreviation's full stop ends no sentence ("ingested approx. 300 mg", "at 2 a.m. and")
_ABBREVIATION_STOP = re.compile(r"\b(approx|est|a\.m|p\.m|e\.g|i\.e|dr|mr|mrs|min|mins|hr|hrs|tab|tabs|pt|obs|no)\.(?=\s+[a-z0-9])")
TOKENS_KEPT = 8  # messages whose tokens are remembered (check, then notice, read the same one)



class Resolution(NamedTuple):
    """An alarm_resolved record: the rules it closes, the concepts one of which closes them,
    whether later words of the same message may, the concepts that must be named with it, and
    the signs whose plain denial closes them ("no seizure, he was dancing")."""

    rules: frozenset[str]
    concepts: tuple[str, ...]
    within: bool
    together: tuple[str, ...]
    denied: tuple[str, ...] = ()
    normal_reading: bool = False  # a fresh temperature reading, every one normal, closes them
    # concepts that, named in the message that raised the alarm, keep it ("my dad can't be woken,
    # he takes baclofen": having been unrousable on the drug is the sign to call, waking or not)
    unless_earlier: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    message: str
    concepts: tuple[str, ...]
    unless: tuple[str, ...]
    mentioned: tuple[str, ...]
    within: str
    quote: str | None
    fires: tuple[str, ...] = ()  # examples it must fire on
    calm: tuple[str, ...] = ()  # examples it must not fire on
    mentioned_unless: tuple[str, ...] = ()  # what keeps a `mentioned` concept from counting
    answered: bool = False  # the reply still answers the question under the message
    # at least two of these, each unmodified, anywhere in the message (a syndrome: fever,
    # rigidity, hallucinations … after a stop)
    two_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Doses:
    max_daily_mg: float
    largest_tablet_mg: float
    solution_mg_per_ml: float
    teaspoon_ml: float
    tablespoon_ml: float
    fever_celsius: float = 38.0
    fever_fahrenheit: float = 100.4
    low_oxygen_percent: float = 92
    multiple_at_once: float = 4
    capful_ml: float = 10
    low_pulse_bpm: float = 45
    # the numbers a reading can plausibly be (outside them a number is something else)
    celsius_min: float = 30
    celsius_max: float = 45
    fahrenheit_min: float = 90
    fahrenheit_max: float = 115
    oxygen_min: float = 50
    pulse_min: float = 15
    slow_breaths_per_minute: float = 10
    breaths_min: float = 1
    min_dose_gap_hours: float = 3


@dataclass(frozen=True)
class Finding:
    """A rule that fired, and the language the message was read in."""

    rule: Rule
    language: str


@dataclass
class Language:
    """One language's concepts, context modifiers and word tables."""

    code: str
    book: PhraseBook  # concepts, and the context modifiers' cue lists ("negated/cues")
    concepts: tuple[str, ...]
    context: Context
    rewrite: dict[str, str]
    numbers: dict[str, float]
    units: dict[str, frozenset[str]]
    markers: frozenset[str]
    speller: SpellingCorrector
    notice: str | None = None  # "I read English only", in this language
    own_words: frozenset[str] = frozenset()  # its longer concept words no other language uses
    phrase_lists: Mapping[str, list[str]] = field(default_factory=dict)  # concepts' and cues' phrases
    used: set[str] = field(default_factory=set)

    def read(self, words: list[str]) -> tuple[list[str], PhraseReader]:
        """The words and their phrase reader, a comma added where a run-on message turns from a
        question to a report or back (`context.run_on_breaks`)."""
        reader = self.book.read(words)
        if REPORTS not in reader.startable or not (at := run_on_breaks(reader)):
            return words, reader
        marked = list(words)
        for i in reversed(at):
            marked.insert(i, ",")
        return marked, self.book.read(marked)

    def words(self, message: str, correct: bool = True) -> list[str]:
        """The message as plain words: see `plain_tokens`, then rewrites, typos, numbers."""
        return self.words_of(_tokens(message), correct)

    def words_of(self, plain: list[str], correct: bool = True) -> list[str]:
        """`words` of a message's `plain_tokens`; a telegraphic message ("overdose. husband.
        baclofen. now.") is read as one run of words, its full stops dropped."""
        tokens = replace_words(_unbroken_if_telegraphic(plain), self.rewrite)
        if correct:
            tokens = [self._corrected(tokens, i) if t.isalpha() else t for i, t in enumerate(tokens)]
        return self._years(read_numbers(tokens, self.numbers, multipliers=self._multipliers))

    @cached_property
    def concept_set(self) -> frozenset[str]:
        """``concepts`` as a set (made once: a message's concepts are looked up many times)."""
        return frozenset(self.concepts)

    @cached_property
    def pseudo(self) -> frozenset[str]:
        """The concepts with pseudo-triggers (their phrases are the list "<concept>/not")."""
        return frozenset(name[:-len(NOT)] for name in self.phrase_lists if name.endswith(NOT))

    @cached_property
    def pairs(self) -> frozenset[tuple[str, str]]:
        """Words side by side in some phrase ("wake up"), made when a typo first needs them."""
        return frozenset((a, b) for phrases in self.phrase_lists.values() for p in phrases
                         for a, b in pairwise(p.split()) if a.isalpha() and b.isalpha())

    def _corrected(self, tokens: list[str], i: int) -> str:
        """``tokens[i]`` with its typo corrected; between equally close words, the one that
        stands beside a neighbour in some phrase ("wak up" → "wake up", not "walk up")."""
        word = tokens[i]
        fixed = self.speller.correct(word)
        if fixed is None:
            return self._short_by_neighbour(tokens, i) or word
        options = self.speller.alternatives(word)
        if len(options) > 1:
            before = tokens[i - 1] if i else ""
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            fitting = [o for o in options if (before, o) in self.pairs or (o, after) in self.pairs]
            if fitting and fixed not in fitting:
                return fitting[0]
        return fixed

    @cached_property
    def _short_pair_words(self) -> frozenset[str]:
        """Words of three or four letters standing beside another in some phrase ("not")."""
        return frozenset(w for pair in self.pairs for w in pair if 3 <= len(w) <= 4)

    def _short_by_neighbour(self, tokens: list[str], i: int) -> str | None:
        """A short typo the speller leaves alone (too many real words lie one edit from it),
        read as the one short phrase word one edit away that stands beside its neighbour in
        some phrase, beside more neighbours than any other: "is noy waking" → "is not waking"
        ("not" stands beside both, "now" only beside "is")."""
        word = tokens[i]
        if not 3 <= len(word) <= 4 or not word.isalpha() or not self.speller.may_be_typo(word):
            return None
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        # each candidate scored by the neighbours it stands beside ("is not breathing": both)
        scored = sorted(((((before, w) in self.pairs) + ((w, after) in self.pairs)), w)
                        for w in self._short_pair_words if distance_within(word, w, 1) <= 1)
        scored = [(score, w) for score, w in scored if score]
        if not scored or (len(scored) > 1 and scored[-1][0] == scored[-2][0]):
            return None  # no neighbour, or a tie: left alone
        return scored[-1][1]

    @cached_property
    def _multipliers(self) -> frozenset[str]:
        return number_multipliers(self.numbers)

    def _years(self, tokens: list[str]) -> list[str]:
        """A year after "in", "since", "from" … ("in 2015") is read as the word "year", never
        as an amount (2015 tablets): concepts can then say "in year" for the past."""
        units = self.units["milligrams"] | self.units["grams"] | self.units["tablets"]
        return ["year" if _YEAR.fullmatch(t) and 0 < i and tokens[i - 1] in self.units["before_year"]
                and (i + 1 == len(tokens) or tokens[i + 1] not in units) else t
                for i, t in enumerate(tokens)]


_YEAR = re.compile(r"(?:19|20)\d\d")
TELEGRAPHIC_WORDS = 3  # fragments of at most this many words, three or more of them


def _unbroken_if_telegraphic(tokens: list[str]) -> list[str]:
    """Without its sentence breaks, when every sentence is a fragment of a few words."""
    sizes, size = [], 0
    for token in tokens:
        if token in SENTENCE_BREAKS:
            if size:
                sizes.append(size)
            size = 0
        elif token != ",":
            size += 1
    if size:
        sizes.append(size)
    if len(sizes) < 3 or max(sizes) > TELEGRAPHIC_WORDS:
        return tokens
    return [t for t in tokens if t not in SENTENCE_BREAKS]
FEVER = "fever"  # the concept temperature readings add to (or take from)
FEVER_REDUCER = "fever-reducer"  # a medicine named beside a normal reading: it takes no fever away
MISSING = "missing"  # the concept a supply counted down adds to
NOT = "/not"  # a concept's pseudo-trigger list is named "<concept>/not"
# a conversation is read as one sentence (a message split over sends), then as separate ones (a
# blank line ends a sentence), so that a question earlier frames only itself
READINGS = (" ", "\n\n")
ABSENT = "not "  # in a group of alarm_closed: a concept the message must not name
DENIAL = ("negated", "negated-after")  # the modifiers that deny a sign ("no seizure", "fever: none")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")  # where a message's sentences part
# where a message turns on what it said ("I thought he'd eaten one but it was a chocolate button"):
# its sentence ends, and a "but" or "turns out" that opens a clause
CLAUSE_TURN = re.compile(r"(?<=[.!?;])\s+|\n+|(?:,|\s[-\u2013\u2014])?\s+(?=(?:but|then|turns out|turned out|it turned out)\s)",
                         re.IGNORECASE)
REPEATED_DOSE_REACH = 4  # words from a dose ("10 mg") to the count of times it was taken ("4 times")
PHRASE_UNITS = frozenset({"regimen", "pulse_words", "oxygen_words"})  # unit lists of whole phrases ("a day"), not single words
INGESTED = "ingested"  # the concept a repeated dose ("20 mg 5 times today") adds to
BREATHING = "breathing-trouble"  # the concept a low oxygen reading ("sats 85") adds to
SLOW_HEART = "slow-heart"  # the concept a low pulse reading ("pulse 38") adds to
EXTRA_DOSE = "extra-dose"  # the concept a larger amount taken instead of the usual one adds to
CRISIS = "crisis"  # the crisis messages' names start so (escalation.yaml messages)
GENERIC_ALL_CLEAR = "generic-all-clear"  # "false alarm", "all clear": a scare over, nothing said of what
SOMEONE_ELSE = "someone-else"  # who a message is about, when not the writer ("my son", "he")
FIRST_PERSON = "first-person"  # the writer as the subject ("i", "me")
GENERIC_SUBJECT = "generic-subject"  # no one in particular ("someone", "they"): the writer's own question
INTENT = "intent"  # wanting or planning to do something (a learned crisis is addressed by its subject)
SUBJECT_REACH = 6  # words before what fired in which its subject is looked for
OTHER_MEDICINE_CUES = "other-medicine/cues"  # names of other medicines (a context modifier's cues)


def _reads_english(tokens: list[str]) -> bool:
    return looks_english(tokens)


def plain_tokens(message: str) -> list[str]:
    """Lower-case words, numbers and clause marks; accents, emoji, apostrophes and invisible
    characters dropped ("won´t" → "wont"), hyphens as spaces, "1,000mg" → 1000 mg."""
    text = message.translate(_APOSTROPHES)
    if not text.isascii():  # ASCII has no invisible characters, accents or compatibility forms
        text = _INVISIBLE.sub("", text)  # before NFKC: it splits "´"
        text = unicodedata.normalize("NFKC", text)
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
    text = _UNIT_JOIN.sub(" ", _THOUSANDS.sub("", text.lower()))
    text = _REPEATS.sub(r"\1", text)  # "sooo many", "hellllp": emphatic repeats read once
    # a blank line ends a sentence; a single line break is often just a wrapped line
    text = _BLANK_LINE.sub(" . ", text).replace("\n", " ")
    text = _ABBREVIATION_STOP.sub(lambda m: m.group(1).replace(".", ""), text)
    return _TOKENS.findall(_ALARM.sub("!!", text))


def _tokens(message: str) -> list[str]:
    """`plain_tokens` (a fresh list), remembered in memory for the last few messages."""
    if len(message) > 5000:
        return plain_tokens(message)
    return list(_remembered_tokens(message))


@lru_cache(maxsize=TOKENS_KEPT)
def _remembered_tokens(message: str) -> tuple[str, ...]:
    return tuple(plain_tokens(message))


class Escalator:
    """Checks a message against the rules; `check` never consults the retriever."""

    def __init__(self, rules: list[Rule], languages: dict[str, Language], doses: Doses,
                 messages: dict[str, dict[str, tuple[str, ...]]],
                 crisis: tuple[tuple[str, ...], str, tuple[str, ...]] = ((), "", ()),
                 red_flags: tuple[str, ...] = (), model: EscalationModel | None = None,
                 learned: tuple[Rule, ...] = (), alarm_stays: tuple[str, ...] = (),
                 alarm_heeded: tuple[str, ...] = (), alarm_closed: tuple[tuple[str, ...], ...] = (),
                 amount_corrected: tuple[str, ...] = (),
                 learned_unread: tuple[str, ...] = (),
                 about_someone_else: Mapping[str, str] | None = None,
                 help_coming: Mapping[str, str] | None = None,
                 emergency_signs: frozenset[str] = frozenset(),
                 learned_negated: tuple[int, tuple[str, ...]] = (0, ()),
                 heeded_signs: tuple[str, ...] = (),
                 alarm_resolved: tuple[Resolution, ...] = (),
                 alarm_closed_within: tuple[tuple[str, ...], ...] = (),
                 alarm_closed_unless: tuple[str, ...] = (),
                 denial_unless: tuple[str, ...] = (),
                 amount_corrected_unless: tuple[str, ...] = (),
                 continuations: frozenset[str] = frozenset(), learned_unread_words: int = 0,
                 own_sentence: frozenset[str] = frozenset(),
                 amount_owned: tuple[tuple[str, ...], frozenset[str]] = ((), frozenset()),
                 taken_signs: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] = ((), (), ()),
                 learned_after: tuple[tuple[str, ...], ...] = ((), (), (), ()),
                 alarm_background: tuple[tuple[str, ...], ...] = ()) -> None:
        """``crisis``: concepts that, seen unmodified in a message an emergency rule fired on,
        give it the crisis message instead ("I've had enough. I took the whole bottle");
        ``red_flags``: concepts whose own negation words ("no pulse") negate nothing else;
        ``model``: the learned safety net, asked when no rule fires or a rule finds the message
        only urgent, whose level decides which of the ``learned`` rules (one per level) is the
        finding; ``alarm_stays``: concepts
        that, in the message after one that escalated, show its message again (`keeps_alarm`);
        ``alarm_heeded``: concepts of doing what it said ("ok calling now", `heeds_alarm`);
        ``alarm_closed``: concepts (or groups of concepts named together) of a scare taken back
        or over ("wrong chat", `closes_alarm`);
        ``amount_corrected``: concepts of a mistake put right ("sorry, I meant 20", `corrected`);
        ``amount_corrected_unless``: concepts beside which a new figure corrects nothing (a
        reading brought down by a fever medicine is no misread); ``amount_owned``: (concepts of
        the amount put right being the person's own usual dose, the rules a corrected report
        may then fire and still be calm: "sorry, 2 tablets, his normal dose" after "my son took
        20 of his baclofen"); ``continuations``: words that,
        opening a follow-up, complete the message before it (`readings_of`); ``own_sentence``:
        words that, opening one, start a sentence of its own;
        ``learned_unread``: concepts of words that name nothing ("no", "not sure"): a message made
        of them alone is not read by the learned net (`names_nothing`); ``about_someone_else``:
        a message's variant for a writer worried about someone else (`_addressed`);
        ``help_coming``: a message's variant once help is on its way; ``emergency_signs``: urgent
        rules whose finding, after an emergency still standing, is part of it;
        ``learned_negated``: (words, concepts): a message of at most that many words that the
        rules read as negated, naming none of the concepts, gets no learned alarm unless the net
        reads it as a crisis (`learned_finding`); ``heeded_signs``: concepts of a sign that let
        the net read what a follow-up says beside doing what the alarm said (`_adds_a_sign`);
        ``alarm_resolved``: (rules, concepts, within, with): a follow-up naming one of the concepts, and every one of ``with``,
        closes an alarm that only those rules raised ("he was just in a deep sleep",
        `closes_alarm`), and so do later words of the same message when ``within``;
        ``alarm_closed_within``: the groups of ``alarm_closed`` that stand an alarm down later in
        the message that raised it (`stood_down_within`); ``alarm_closed_unless``: modifiers
        that void a stand-down ("they were not sweets", "I hope it was the smoke alarm");
        ``denial_unless``: modifiers that void the denial of a sign (`alarm_resolved` ``denied``:
        "no fit now", "I don't think it was a seizure"); ``learned_after``: (concepts of an
        all-clear after whose clause the net also reads the rest of the message alone, concepts
        of a person and of a sign that rest must name, concepts of a reassurance it must not
        name; `_after_all_clear`)."""
        self.rules = rules
        self.languages = languages
        self.doses = doses
        self.messages = messages
        self.crisis_concepts, self.crisis_message, self.crisis_unless = crisis
        self.red_flags = red_flags
        self.model = model
        self.learned = {rule.level: rule for rule in learned}
        self.learned_ids = frozenset(rule.id for rule in learned)
        self.alarm_stays = alarm_stays
        self.alarm_background = alarm_background  # concept groups ("not x": absent) of a follow-up telling how someone was before
        self.alarm_heeded = alarm_heeded
        self.alarm_closed = alarm_closed
        self.amount_corrected = amount_corrected
        self.amount_corrected_unless = amount_corrected_unless
        self.amount_owned = amount_owned
        self.continuations = continuations
        self.own_sentence = own_sentence
        self.learned_unread = learned_unread
        # after a report of pills taken (a rule needing one of ``taken_signs[0]``), a follow-up
        # naming one of its signs (``[1]``) is no all-clear unless it takes the taking back (``[2]``)
        self.taken_concepts, self.taken_signs, self.taking_undone = taken_signs
        self.learned_unread_words = learned_unread_words  # a message this short naming no concept
        self.about_someone_else = dict(about_someone_else or {})
        self.help_coming = dict(help_coming or {})
        self.emergency_signs = emergency_signs
        self.learned_negated_words, self.learned_negated_unless = learned_negated
        self.learned_after, self.learned_after_person, self.learned_after_signs, self.learned_after_unless = learned_after
        self.heeded_signs = heeded_signs
        self.alarm_resolved = alarm_resolved
        self.alarm_closed_within = alarm_closed_within
        self.alarm_closed_unless = alarm_closed_unless
        self.denial_unless = denial_unless
        # the explanations of a sign (alarm_resolved records that need nothing named with them),
        # and with them every concept that stands an alarm down: to read what a follow-up says
        # beside them
        self.explanations = tuple(dict.fromkeys(
            c for record in alarm_resolved if not record.together for c in record.concepts))
        self.stand_down_concepts = tuple(dict.fromkeys(
            [c for group in alarm_closed for c in group if not c.startswith(ABSENT)] + list(self.explanations)))
        # what stands an alarm down by itself: a group of one concept, or an explanation of a sign
        self.closing_alone = tuple(dict.fromkeys(
            [group[0] for group in alarm_closed if len(group) == 1] + list(self.explanations)))
        self._readings: dict[tuple[str, bool, tuple[str, ...]], tuple[list[str], PhraseReader]] = {}
        self._readings_lock = threading.Lock()
        # each rule with every concept it needs found (before its context is read)
        self._needs = [(rule, frozenset(rule.concepts + rule.mentioned)) for rule in rules]

    def _marker_counts(self, tokens: list[str]) -> dict[str, int]:
        return {code: len([t for t in tokens if t in lang.markers]) if lang.markers else 0
                for code, lang in self.languages.items()}

    def marker_count(self, message: str, code: str) -> int:
        """How many marker words of language ``code`` the message holds."""
        return self._marker_counts(_tokens(message)).get(code, 0)

    def language_of(self, message: str) -> str:
        """The language whose marker words are most frequent (English on a tie)."""
        counts = self._marker_counts(_tokens(message))
        best = max(counts, key=lambda c: (counts[c], c == "en"))
        return best if counts[best] >= 2 else "en"

    def check(self, message: str, skip: frozenset[str] = frozenset()) -> Finding | None:
        """The first rule (most severe first) that fires on ``message``, read in its language
        first, then in English, then in any other language one of whose marker words it has
        (short messages carry few: "quiero morirme")."""
        tokens = _tokens(message)
        counts = self._marker_counts(tokens)
        best = max(counts, key=lambda c: (counts[c], c == "en"))
        first = best if counts[best] >= 2 else "en"
        seen = set(tokens)
        # a language is also tried when the message has one of its own concept words
        # ("estoy pensando en suicidarme" has no marker word, but "suicidarme")
        others = [code for code, count in counts.items()
                  if count or seen & self.languages[code].own_words]
        for code in dict.fromkeys((first, "en", *others)):
            language = self.languages.get(code)
            if language is None:
                continue
            # typos are corrected only in the language the message was read as, and in English
            # only when it reads as English ("toma" is Spanish, not a typo of "coma")
            rivals = [other for other in others if other != code]
            correct = code == first and (code != "en" or not rivals or _reads_english(tokens))
            if code == "en" and first != "en" and not _reads_english(tokens):
                continue  # a Spanish message is not read as broken English ("tuve una convulsión")
            found = self._check_in(language, message, correct=correct, tokens=tokens, skip=skip)
            if found:
                raised = self.raised(message, skip, found.quote) if found.level == "urgent" else None
                return raised or Finding(found, code)
        return self.learned_finding(message, skip)

    def raised(self, message: str, skip: frozenset[str] = frozenset(), quote: str | None = None) -> Finding | None:
        """The learned emergency, when a rule found the message urgent and the net reads it as
        an emergency, sure enough ("pump refill this morning, now she's floppy and I can't get
        an answer out of her"): the net may raise a rule's level, never lower it. ``quote``: the
        urgent rule's own passage, which the raised alarm still quotes (a double dose raised
        to an emergency keeps the overdose passage; "what symptoms should I watch for?" after it
        got the message alone)."""
        rule = self.learned.get("emergency")
        if self.model is None or rule is None or rule.id in skip:
            return None
        if quote is not None and rule.quote is None:
            rule = replace(rule, quote=quote)
        tokens = self.model_tokens(message)
        if not self.model.raises_to_emergency(tokens):
            return None
        if self.crisis_message and self.model.is_crisis(tokens):
            rule = self._addressed_learned(replace(rule, message=self.crisis_message), message)
        return Finding(rule, self.language_of(message))

    def reads_as_over(self, message: str, alarm: Escalation) -> bool:
        """Whether the learned stand-down reader takes a follow-up to ``alarm`` for the scare
        being over ("it was the refill-due tone, completely expected"), sure enough; never when
        it explains a sign other than the alarm's (`explains_another_sign`)."""
        if self.model is None or not message.strip() or alarm.rule is None:
            return False
        return (not self.explains_another_sign(message, alarm.rule)
                and self.model.reads_as_over(self.model_tokens(message), alarm.level, alarm.rule))

    def explains_another_sign(self, message: str, rule: str) -> bool:
        """Whether a follow-up explains away a sign that is not the one ``rule``'s alarm was
        raised for (`alarm_resolved` records of other rules): "it was the smoke alarm" explains a
        beep, not a fever with a pump."""
        own = {c for record in self.alarm_resolved if rule in record.rules for c in record.concepts}
        others = tuple(c for c in self.explanations if c not in own)
        return bool(others) and self._mentions(others, message)

    def model_tokens(self, message: str) -> list[str]:
        """The message as the learned net reads it: its words, every number as one token
        ("took 20 mg" and "took 200 mg" read alike), then what the rules' own readings make of
        the numbers (the rules judge numbers, the model wording): <large-amount> (above the
        limits, or that many pills gone from a supply), else <dose-in-limits> (measured doses:
        "20 mg") or <no-large-amount> (other numbers: "3 of my pills"); and a token for each
        context modifier the rules see ("<hypothetical>", "<animal>")."""
        tokens = _tokens(message)
        language, words, reader = self._read_as_written(message, tokens)
        # (a function of the reading alone, whose key holds these tokens: worked out once)
        known: list[str] | None = reader.derived.get("model-tokens")
        if known is None:
            known = reader.derived["model-tokens"] = self._model_tokens(tokens, language, words, reader)
        return list(known)

    def _model_tokens(self, tokens: list[str], language: Language, words: list[str],
                      reader: PhraseReader) -> list[str]:
        drop = self._count_drop(words, language, reader)  # "had 30 … 4 left": the pills gone
        large = bool(self._own_large_amounts(words, language, reader)
                     or self._ledger_total_of(words, language, reader)
                     or self._at_once(words, language, reader)
                     or (drop and drop[1] * self.doses.largest_tablet_mg > self.doses.max_daily_mg))
        # punctuation says little of a message's meaning ("Cool. Have a nice evening!" is no
        # report); only "?" is kept, since questions are mostly calm
        words_and_numbers = [NUMBER if t[0].isdigit() else t for t in tokens if t == "?" or t[0].isalnum()]
        if large:
            words_and_numbers.append(LARGE)
        elif NUMBER in words_and_numbers:
            measured = set().union(*(language.units.get(u, ()) for u in MEASURES))
            doses = any(a[0].isdigit() and b in measured for a, b in pairwise(tokens))
            # "20 mg this morning and 10 mg left": doses within the limits; "3 of my pills": a count
            words_and_numbers.append(DOSE_IN_LIMITS if doses else NOT_LARGE)
        if NUMBER in words_and_numbers:
            # the value of a temperature, which the net cannot see in "<num>" ("temp 36.8, he
            # has a pump" is no fever): read by the rules, one token
            fevers, normal = self._fever_readings(words, language, reader)
            if fevers or normal:
                words_and_numbers.append(FEVER_READING if fevers else NORMAL_READING)
        # the context the rules' modifiers see ("what if", "years ago", "my dog"), one token each
        cues = language.context.cues(reader)
        # a further reach of a category reads as the category ("<watch-list>" is informational)
        modifiers = language.context.modifiers
        names = {modifiers[name].counts_as or name for name, spans in cues.items() if spans}
        # in name order: the order cues are found in (or the knowledge file lists them in, parsed
        # fresh or shipped) must not change the word pairs the net reads
        return words_and_numbers + sorted(f"<{name}>" for name in names)

    def learned_finding(self, message: str, skip: frozenset[str] = frozenset()) -> Finding | None:
        """What the learned safety net says of a message the rules found calm however they
        read it (on its own, and with the conversation before it); it can only raise."""
        if self.model is None or not message.strip() or self.learned_ids <= skip or self.names_nothing(message):
            return None  # (every learned rule skipped: the net need not read it at all)
        tokens = self.model_tokens(message)
        level = self.model.level(tokens)
        if level != NET_LEVELS[-1] and (rest := self._after_all_clear(message)):
            # what follows an all-clear, read alone ("the paramedic said he's back to normal. he's
            # snoring and i can't get a word out of him"): the all-clear must not drown it
            rest_tokens = self.model_tokens(rest)
            if (NET_LEVELS.index(rest_level := self.model.level(rest_tokens)) > NET_LEVELS.index(level)
                    and not self._short_and_negated(rest_tokens, rest)):
                message, tokens, level = rest, rest_tokens, rest_level
        rule = self.learned.get(level)
        if rule is None or rule.id in skip:
            return None
        crisis = rule.level == "emergency" and bool(self.crisis_message) and self.model.is_crisis(tokens)
        if not crisis and self._short_and_negated(tokens, message):
            return None  # "he has no fever", "she never have seizure", "the pump isnt beeping"
        if crisis:
            # the crisis line first; the answer still follows, as under any learned alarm: a
            # false one ("she is too drowsy on it, we want to stop giving it") must not cost the
            # warning about stopping suddenly
            rule = self._addressed_learned(replace(rule, message=self.crisis_message), message)
        return Finding(rule, self.language_of(message))

    def _after_all_clear(self, message: str) -> str:
        """The words after the clause of the message's last all-clear ("the nurse said she's
        fine", "back to normal now"), when at least three, naming someone else and a sign ("he's
        snoring and i can't get a word out of him") and no thanks or normality ("i can't thank
        them enough", "breathing normally"); "" otherwise (`learned_after`)."""
        if not self.learned_after:
            return ""
        language, found = self._found_as_written(message)
        ends = [span.end for c in self.learned_after if c in language.concepts for span in found[c]]
        if not ends:
            return ""
        words = found.words
        start = next((i + 1 for i in range(max(ends), len(words)) if words[i] in CLAUSE_BREAKS or words[i] == "but"),
                     len(words))
        rest = " ".join(words[start:])
        if (len([w for w in words[start:] if w not in CLAUSE_BREAKS]) < 3
                or not self._mentions(self.learned_after_person, rest) or not self._mentions(self.learned_after_signs, rest)
                or self._mentions(self.learned_after_unless, rest)):
            return ""  # a fragment the net cannot read alone ("been very kind"), naming no sign, or reassuring
        return rest

    def _short_and_negated(self, tokens: list[str], message: str) -> bool:
        """Whether the net's reading of a message is short and holds a negation the rules read
        ("he doesnt have a fever"): the net, trained on reports, took such denials for them (a
        second-language user's trial: 8 of 31 false alarms). A short message that needs an
        alarm in spite of its "not" denies a vital sign ("i shook him and he didnt respond",
        the `learned_negated` concepts) or reads as a crisis ("I won't need them after tonight")."""
        if not self.learned_negated_words or not {"<negated>", "<negated-after>"} & set(tokens):
            return False
        said = [t for t in tokens if t[0].isalnum() or t == NUMBER]
        return (len(said) <= self.learned_negated_words
                and not self._mentions(self.learned_negated_unless, message))

    def new_finding(self, earlier: str, message: str) -> Finding | None:
        """A rule that fires on ``earlier`` and ``message`` read together but not on ``earlier``
        alone: what a follow-up adds to a message that escalated ("I ran out 3 days ago" / "now
        I'm confused and my spasms are worse"); the same alarm again is the standing alarm's to
        keep (`Conversation.standing_alarm`, `still_raised`), not a new finding."""
        fired: set[str] = set(self.learned_ids)  # the learned net reads one message at a time
        while (again := self.check(earlier, frozenset(fired))) is not None:
            fired.add(again.rule.id)
        for joiner in READINGS:
            if found := self.check(joiner.join((earlier, message)), frozenset(fired)):
                return found
        return None

    def still_raised(self, earlier: str, message: str, learned: bool = False) -> bool:
        """Whether a rule still fires on the message that raised an alarm read with a follow-up
        to it: "found them all, none missing" or "as prescribed" closes it, "what number do i
        call" does not. ``learned``: the net raised the alarm, and reads the two together too
        ("my husband he take 15 baclofen pill" / "he say he is good, no problem")."""
        if self.raises_crisis(earlier):
            # talk of self-harm is not taken back by a frame or a denial after it ("just quoting a
            # TV show lol", "it was an exam question"; a red team: read together, the frame voided
            # the rule and the crisis line was lost), as no all-clear closes it (`closes_alarm`)
            return True
        # the net cannot say what a correction or a stand-down takes back ("no wait, I took the
        # sleeping pill like normal, my mistake"): either ends its alarm
        learned = learned and not self._mentions(self.amount_corrected + self.closing_alone, message)
        return any(self.check(joiner.join((earlier, message)), self.learned_ids) is not None
                   or (learned and self.learned_finding(joiner.join((earlier, message))) is not None)
                   for joiner in self.readings_of(message))

    def readings_of(self, message: str) -> tuple[str, ...]:
        """How a follow-up is read with the message before it: as one sentence with it and as a
        sentence of its own (`READINGS`); one that opens with a `continuations` word completes
        the sentence before ("I think I overdosed" / "on coffee lol", "i swallowed the whole
        bottle" / "of WATER"), so is read only as one sentence with it; one that opens with the
        writer as its subject (`own_sentence`: "what age can kids take it" / "I'm 54 and took my
        first one") starts a sentence of its own, so is read only as one."""
        first = _tokens(message)[:1]
        if first and first[0] in self.continuations:
            return READINGS[:1]
        return READINGS[1:] if first and first[0] in self.own_sentence else READINGS

    def reopens(self, message: str) -> bool:
        """Whether a follow-up puts an amount right ("wait i miscounted, she took 8 not 2"): read
        with the report of an alarm since ended, it may raise that alarm again."""
        return self._mentions(self.amount_corrected, message) and any(
            is_number(w) for w in self.languages["en"].words(message))

    def keeps_alarm(self, message: str) -> bool:
        """Whether a follow-up to a message that escalated asks what to do or says how the
        person is so far ("she seems okay for now, should I be worried?"): the event is not
        over, so its message is shown again. Thanks and "ok calling now" are not."""
        return self._mentions(self.alarm_stays, message)

    def tells_before(self, message: str) -> bool:
        """Whether a follow-up to an alarm tells how the person was before it ("he was chatting
        away at tea time", "she was fine at lunch") and nothing of now (`alarm_background`: any
        group named whole): background to the alarm, no all-clear."""
        return any(self._names_all(group, message) for group in self.alarm_background)

    def heeds_alarm(self, message: str) -> bool:
        """Whether a follow-up to a message that escalated says its advice is being followed
        ("ok calling now", "we're on our way to the ER"): no new alarm, whatever the learned
        net makes of the words (a new red flag in it is still the rules')."""
        return self._mentions(self.alarm_heeded, message) and not self._adds_a_sign(message, self.alarm_heeded)

    def names_a_sign(self, message: str) -> bool:
        """Whether a message names one of the signs that let the net read a follow-up beside
        doing what an alarm said or standing it down (`heeded_signs`)."""
        return self._mentions(self.heeded_signs, message)

    def names_a_sign_beside_stand_down(self, message: str) -> bool:
        """Whether a follow-up names a sign outside the words that stand an alarm down: "she is
        wake, she speak normal ... was only very tired" names none ("wake", "tired" are the
        stand-down's own words)."""
        rest, _ = self._beside(message, self.stand_down_concepts)
        return self.names_a_sign(" ".join(rest))

    def _sign_after_taking(self, earlier: str, message: str, closing: list[tuple[str, ...]]) -> bool:
        """Whether a follow-up that stands down a report of pills taken names a sign of too much
        (`taken_signs`: "false alarm, he's just drowsy", "all clear, she's only very tired" after
        "my son swallowed some of my baclofen"): drowsiness after the pills is no all-clear, unless
        the follow-up takes the taking itself back ("false alarm, all 30 are in the bottle, he's
        just tired from nursery")."""
        if not self.taken_signs or not self._stands_down(self.taken_signs, message):  # named, not denied
            return False
        raised = self.check(earlier, self.learned_ids)
        if raised is None or not any(c in self.taken_concepts for c in raised.rule.concepts):
            return False
        # "false alarm" alone takes nothing back in particular: the undoing is looked for beside it
        rest = " ".join(self._beside(message, (GENERIC_ALL_CLEAR,))[0])
        return not (any(c in self.taking_undone for group in closing for c in group)
                    and self._mentions(self.taking_undone, rest))

    def _adds_a_sign(self, message: str, concepts: tuple[str, ...], earlier: str | None = None) -> bool:
        """Whether what a follow-up says beside ``concepts`` escalates on its own. Beside doing
        what the alarm said (no ``earlier``), by any rule, or by the net when it names a sign
        (`heeded_signs`): "i call now, she very sleepy and no answer", "ambulance coming, now
        she shaking all body" (a red team: a new sign in a learner's words was lost behind "i
        call now"). Beside taking the alarm back or putting it right (``earlier``: the message
        that raised it), a rule other than the one that raised it ("sorry, 20mg, but she is
        shaking all body now"): such a message retells the event ("the clinic sorted it, it was
        the low reservoir alarm")."""
        rest, whole = self._beside(message, concepts)
        if len(rest) < 2 or len(rest) == whole:
            return False
        said = " ".join(rest)
        found = self.check(said, self.learned_ids)
        if earlier is None:
            # the net too, when a sign is named (it read "he is awake and ok" as an emergency)
            return found is not None or (self._mentions(self.heeded_signs, said)
                                         and self.learned_finding(said) is not None)
        if found is not None:
            raised = self.check(earlier, self.learned_ids)
            return raised is None or found.rule.id != raised.rule.id
        # the net too, when a sign is named beside the stand-down ("he's home now and he's
        # confused, can't stand up and keeps falling asleep" after a collapse: a trial lost it)
        return self._mentions(self.heeded_signs, said) and self.learned_finding(message) is not None

    def _beside(self, message: str, concepts: tuple[str, ...]) -> tuple[list[str], int]:
        """The words of a message outside the phrases of ``concepts``, and its number of words."""
        language, found = self._found_as_written(message)
        covered = {i for concept in concepts if concept in language.concepts
                   for span in found[concept] for i in range(span.start, span.end)}
        return [word for i, word in enumerate(found.words) if i not in covered], len(found.words)

    def stood_down_within(self, message: str) -> str | None:
        """What a message says after an alarm it raises and stands down in its own later
        sentences or clauses ("I thought my son ate some of my pills. They were sweets, all mine
        are there"; "his lips looked blue but it was the ice lolly"; "Yesterday she was very
        sleepy so I took her to the GP. He examined her and said she's fine"), to be judged
        alone; None when it stands no alarm down."""
        sentences = [part for part in CLAUSE_TURN.split(message) if part.strip()]
        for k in range(1, len(sentences)):
            earlier, rest = " ".join(sentences[:k]), " ".join(sentences[k:])
            if (self.check(earlier, self.learned_ids) is not None
                    and self.closes_alarm(earlier, rest, context=earlier, within=True)):
                return rest
        return None

    def closes_alarm(self, earlier: str, message: str, context: str = "", within: bool = False) -> bool:
        """Whether a follow-up to ``earlier`` (the message that raised an alarm) takes it back or
        says the scare is over ("wrong chat", "false alarm, it was my phone", "all 28 accounted
        for", a bare "my bad"), or corrects it into a message no rule fires on ("he took 20" /
        "sorry, I meant 2, his usual dose"; "20 of his baclofen" / "sorry autocorrect, 20mg"):
        the alarm is not kept for it, which is then judged on its own. A correction that still
        raises it (a child who took 2), or that puts right something else ("sorry I meant 12"
        after "some of my pills", "I meant my daughter not my son"), takes nothing back.
        ``context``: words said before in the same message, where a group's first concepts may
        be named ("I took her to the GP. He examined her and said she's fine"); ``within``:
        ``message`` is the rest of the message that raised it (`alarm_closed_within`)."""
        if self.raises_crisis(earlier):
            return False  # "never mind", "ignore that, I'm fine" after talk of self-harm: no all-clear
        if self.tells_before(message):
            return False  # "she was breathing fine an hour ago": how she was before, not how she is
        groups = self.alarm_closed_within if within else self.alarm_closed
        unless = self.alarm_closed_unless
        if closing := [group for group in groups if self._names_all(group, message, unless) or (
                context and self._names_all(_last_named(group), message, unless)
                and self._names_all(group, f"{context} {message}", unless))]:
            if self._sign_after_taking(earlier, message, closing):
                return False
            return not self._adds_a_sign(message, tuple(c for group in closing for c in group
                                                        if not c.startswith(ABSENT)), earlier)
        if self._resolved(earlier, message, within):
            return True
        if within:
            return False  # a correction is a follow-up's ("sorry, I meant 2")
        if not self._mentions(self.amount_corrected, message) or self._mentions(self.amount_corrected_unless, message):
            return False
        beside = self._beside(message, self.amount_corrected)[0]
        if (len(plain_tokens(message)) <= BARE_CORRECTION_WORDS
                or (len(beside) <= 1 and not any(is_number(word) for word in beside))):
            return True  # a mistake owned with nothing put right ("my bad", "sorry i write wrong")
        if changes := self._amounts_corrected(earlier, message, ending=True):
            if _unchanged(*changes[0]):
                return False  # the figure said again stands ("meant i took 34 not im 34")
            # the report so corrected raising no alarm, and nothing new beside the correction
            # ("sorry, 20mg, but she is shaking all body now")
            return (not self._raises(_reading(*changes[0]), message)
                    and not self._adds_a_sign(message, self.amount_corrected, earlier))
        # amounts that cannot be placed in the earlier message, but say what they measure
        # ("i mean 30mg across the day, 10mg three times like prescribed"): judged on their own
        language = self.languages["en"]
        new = language.words(message)
        measures = language.units["milligrams"] | language.units["grams"] | language.units["millilitres"]
        measured = any(is_number(a) and b in measures for a, b in pairwise(new))
        # ... and, when the report gave no number for them to replace, read as one sentence with
        # it, nothing fires either ("took a double dose" / "of baclofen. Actually, it was more
        # like 6 doses all at once. 20mg tabs": a red team)
        return (measured and self.check(message, self.learned_ids) is None
                and (any(is_number(word) for word in language.words(earlier))
                     or self.check(f"{earlier} {message}", self.learned_ids) is None))

    def _resolved(self, earlier: str, message: str, within: bool = False) -> bool:
        """Whether a follow-up explains away the sign that alone raised the alarm ("my husband
        won't wake up" / "ok he's up, he was just in a very deep sleep"; `alarm_resolved`), with
        no other rule firing on what it says beside that."""
        for rules, concepts, also_within, together, denied, normal_reading, unless_earlier in self.alarm_resolved:
            explained = self._stands_down(concepts, message) or (normal_reading and self._reads_normal(message))
            if (within and not also_within) or not (explained or self._denies(denied, message)) or (
                    together and not self._names_all(together, message, self.alarm_closed_unless)) or (
                    unless_earlier and self._mentions(unless_earlier, earlier)):
                continue
            concepts += together + denied
            fired: set[str] = set(self.learned_ids)
            while (again := self.check(earlier, frozenset(fired))) is not None:
                fired.add(again.rule.id)
            raised = fired - self.learned_ids
            if raised and raised <= rules:
                # nothing beside the explanation (and any other explanation of a sign: "she is
                # wake" beside "was only very tired") raises an alarm, not even the same
                # sign again ("it was the smoke alarm, but she still has the fever"; "he fell
                # asleep on the sofa and now won't respond")
                rest = " ".join(self._beside(message, concepts + self.explanations)[0])
                if not rest:
                    return True
                # read with what the rule needs named elsewhere in the message: "it was my phone.
                # but now theres a beeping coming from my belly" fires no rule without "pump"
                context = " ".join(self._plain_phrase(c) for rule in self.rules if rule.id in raised
                                   for c in rule.mentioned)
                # a denial is read whole, its own words too: the denied sign is negated there,
                # and a reading or sign beside it keeps its measure words ("no fever, the
                # thermometer was wrong. the other one says 39.5")
                read = rest if explained else message
                if self.check(f"{read}\n\n{context}" if context else read, self.learned_ids) is not None:
                    continue
                # and the net, reading the whole follow-up, finds nothing when a sign is named
                # beside the explanation ("breathing normal now. she's cold and clammy and very
                # pale and limp"; "my daughter is breathing normally, it's my son ... still slow");
                # another record may still resolve it ("no seizure, he was dancing": the sign
                # denied, not only explained)
                if not (self._mentions(self.heeded_signs, rest) and self.learned_finding(message) is not None):
                    return True
        return False

    def _reads_normal(self, message: str) -> bool:
        """Whether a follow-up gives a temperature reading and every reading it gives is normal
        ("checked again: 37.1", "36.9 each time with the other thermometer"; not "37.2 an hour
        ago, 38.6 now")."""
        language = self.languages["en"]
        d = self.doses
        fevers, normal = fever_readings(language.words(message), language.units, d.fever_celsius, d.fever_fahrenheit,
                                        (d.celsius_min, d.celsius_max), (d.fahrenheit_min, d.fahrenheit_max),
                                        measured=True)
        return bool(normal) and not fevers

    def _plain_phrase(self, concept: str) -> str:
        """A phrase of plain words that names ``concept`` ("pump"), to read a remainder with."""
        phrases = self.languages["en"].phrase_lists.get(concept, [])
        return next((p for p in phrases if all(w.isalpha() for w in p.split())), "")

    def raises_crisis(self, message: str) -> bool:
        """Whether a rule gives ``message`` a crisis message (self-harm)."""
        found = self.check(message, self.learned_ids)
        return found is not None and found.rule.message.startswith(CRISIS)

    def corrected(self, earlier: str, message: str) -> str | None:
        """The message before with the amount a follow-up puts right ("my son took 2 of my
        pills" / "sorry, I meant 20" → "my son took 20 of my pills"; "sorry, 2 not 4"; a count
        corrected to a measure, "20 of his baclofen" / "I meant 20mg" → "20 mg of his
        baclofen"), to be judged as if sent so: of several readings (`corrections`), the first
        that raises an alarm (`_raises`); None when none does or no amount is corrected."""
        return next((r for r in self.corrections(earlier, message) if self._raises(r, message)), None)

    def _raises(self, reading: str, message: str) -> bool:
        """Whether a rule fires on ``reading`` (the report as a follow-up ``message`` corrects
        it), other than the rules of `amount_owned` when the follow-up says the amount is the
        person's own usual dose ("sorry typo, 2 tablets, that's his normal dose": a son taking
        2 of his baclofen is no child into the medicine cabinet)."""
        concepts, owned_rules = self.amount_owned
        skip = set(self.learned_ids)
        while (found := self.check(reading, frozenset(skip))) is not None:
            if found.rule.id not in owned_rules or not self._mentions(concepts, message):
                return True
            skip.add(found.rule.id)
        return False

    def corrections(self, earlier: str, message: str) -> list[str]:
        """Every reading of the message before with an amount the follow-up gives put in place:
        one per amount it gives, times, tablet strengths and repeats of one figure aside ("sorry
        i meant she took 2 not 20, her normal dose is 2 tablets"; "make that 12, at 6 with his
        tea"; "twelve, 20mg each"; "1.5 tablets, my dose is 15mg": two readings). A correction
        upwards is judged by the reading that raises an alarm (`corrected`)."""
        return [_reading(*change) for change in self._amounts_corrected(earlier, message) if not _unchanged(*change)]

    def _amounts_corrected(self, earlier: str, message: str,
                           ending: bool = False) -> list[tuple[list[str], int, float, str | None]]:
        """For a follow-up putting an amount of ``earlier`` right, for each amount it gives: the
        earlier message's words, where the amount stands in them, the new amount, and the
        measure to put after it when the follow-up turns a count into one ("I meant 20mg"). The
        amount replaced is the one the follow-up takes back ("20 not 2"), else the only one with
        the follow-up's unit, else the only count (a number not followed by mg or ml).
        ``ending``: for ending an alarm, which takes one figure given, clock times ("at 8",
        "9am"), strengths and repeats aside: a pulse, an oxygen level or a duration beside it
        may be no amount, and the figure meant may be either ("his pulse is 92 and oxygen 98%"
        after a fever of 38.7 ends nothing)."""
        if not self._mentions(self.amount_corrected, message):
            return []
        language = self.languages["en"]
        said, new = language.words(earlier), language.words(message)
        units = language.units
        numbers = [i for i, w in enumerate(new) if is_number(w)
                   and not (_clock_time(new, i, units) if ending else is_time(new, i, units))
                   and not (i + 1 < len(new) and new[i + 1] in units["milligrams"] and is_strength(new, i, units))]
        taken_back = [new[i] for i in numbers if i > 0 and new[i - 1] == "not"]
        given, seen = [], set()
        for i in numbers:  # one figure said twice is one amount ("2 not 20 ... her dose is 2")
            if new[i] not in taken_back and float(new[i]) not in seen:
                given.append(i)
                seen.add(float(new[i]))
        if len(given) > 1:  # "one" is read as 1: "checked again with a different one, 38.6"
            given = [i for i in given if new[i] != "1"]
        if ending and len(given) != 1:
            return []
        measures = language.units["milligrams"] | language.units["grams"] | language.units["millilitres"]
        # ... and the amount it replaces is none of the report's times ("stopped it 3 days ago")
        candidates = [i for i, w in enumerate(said) if is_number(w) and not is_time(said, i, units)]
        after = [said[i + 1] if i + 1 < len(said) else "" for i in candidates]
        changes = []
        for g in given:
            amount, unit = new[g], new[g + 1] if g + 1 < len(new) else ""
            for keep in ([c for c in candidates if said[c] in taken_back],
                         [c for c, a in zip(candidates, after, strict=True) if unit.isalpha() and a == unit],
                         [c for c, a in zip(candidates, after, strict=True) if a not in measures]):
                if len(keep) == 1:
                    after_kept = said[keep[0] + 1] if keep[0] + 1 < len(said) else ""
                    changes.append((said, keep[0], float(amount),
                                    unit if unit in measures and after_kept != unit else None))
                    break
        return changes

    def _addressed(self, rule: Rule, found: _Found, concepts: tuple[str, ...]) -> Rule:
        """``rule`` with the message for a writer worried about someone else ("dad keeps saying
        he'd be better off dead"), when it has one (`about_someone_else`) and the subject just
        before what fired, in its clause, is someone else ("he", "my son"). The writer ("i",
        "me"), no subject ("planning to overdose…") or a generic one ("someone", "they") keep the
        message written to the person at risk: misaddressing them is the worse mistake."""
        other_message = self.about_someone_else.get(rule.message)
        if other_message is None or SOMEONE_ELSE not in found.concepts or FIRST_PERSON not in found.concepts:
            return rule
        fired = [span.start for c in concepts if c in found.concepts for span in found[c]]
        if not fired:
            return rule
        start, words = min(fired), found.words
        generic = {span.start for span in found[GENERIC_SUBJECT]} if GENERIC_SUBJECT in found.concepts else set()
        subjects = [(span.start, False) for span in found[FIRST_PERSON]] + [
            (span.start, span.start not in generic) for span in found[SOMEONE_ELSE]]
        near = [(at, other) for at, other in subjects if start - SUBJECT_REACH <= at < start
                and not any(w in CLAUSE_BREAKS for w in words[at:start])]
        return replace(rule, message=other_message) if near and max(near)[1] else rule

    def _addressed_learned(self, rule: Rule, message: str) -> Rule:
        """The learned net's crisis message, for a writer worried about someone else."""
        if rule.message not in self.about_someone_else:
            return rule
        return self._addressed(rule, self._found_as_written(message)[1], (*self.crisis_concepts, INTENT))

    def names_nothing(self, message: str) -> bool:
        """Whether every word of a message is one of the `learned_unread` words ("no", "not
        sure", "I don't know", "no idea"), or the message has at most `learned_unread_words`
        words and no concept beyond those ("is this real", "is this AI"): a reply or a remark
        that names nothing, which the learned net, trained on reports, had read as a crisis."""
        if not self.learned_unread:
            return False
        language, found = self._found_as_written(message)
        covered = {i for concept in self.learned_unread if concept in language.concepts
                   for span in found[concept] for i in range(span.start, span.end)}
        content = [i for i, word in enumerate(found.words) if word[:1].isalnum()]
        if not content:
            return False
        if all(i in covered for i in content):
            return True
        return len(content) <= self.learned_unread_words and not any(
            found[concept] for concept in language.concepts if concept not in self.learned_unread)

    def mentions_all(self, concepts: tuple[str, ...], message: str) -> bool:
        """Whether the message names every one of ``concepts``, in any context ("what happens
        if a child swallows baclofen?" names child, ingest and drug)."""
        return self._names_all(concepts, message)

    def _names_all(self, concepts: tuple[str, ...], message: str, unless: tuple[str, ...] = ()) -> bool:
        """Whether the message names every one of ``concepts`` and none written "not <name>";
        ``unless``: modifiers that void an occurrence of the concepts to name ("they were not
        sweets", "I hope it was the smoke alarm")."""
        if not concepts or not message.strip():
            return False
        language, _, reader = self._read_as_written(message, _tokens(message))
        found = _Found(reader, language.concept_set, language.pseudo)
        context = language.context.read(reader) if unless else None

        def named(concept: str, voidable: bool = True) -> bool:
            spans = found[concept] if concept in language.concepts else []
            return any(not voidable or context is None or not context.modified(span, unless) for span in spans)

        # a concept that must not be named counts wherever it stands, negated or not ("every one
        # is there?? no. 10 short": the shortfall is named, whatever "no" before it negates)
        return all(not named(name, voidable=False) if (name := c.removeprefix(ABSENT)) != c else named(c)
                   for c in concepts)

    def _stands_down(self, concepts: tuple[str, ...], message: str) -> bool:
        """Whether the message names one of ``concepts`` as said, not denied, doubted or
        supposed (`alarm_closed_unless`)."""
        return any(self._names_all((concept,), message, self.alarm_closed_unless) for concept in concepts)

    def _denies(self, concepts: tuple[str, ...], message: str) -> bool:
        """Whether the message names one of ``concepts`` and denies every occurrence of them
        ("no seizure, he was dancing", "his lips aren't blue"), plainly: not a denial for now
        only ("no fit now"), nor a supposed or doubted one (`denial_unless`)."""
        if not concepts or not message.strip():
            return False
        language, _, reader = self._read_as_written(message, _tokens(message))
        found = _Found(reader, language.concept_set, language.pseudo)
        spans = [span for c in concepts if c in language.concepts for span in found[c]]
        if not spans:
            return False
        context = language.context.read(reader)
        # red flags first, as the rules read them: "not breathing" denies nothing
        context.absorb(DENIAL, [s for c in self.red_flags for s in found[c]])
        return all(context.modified(span, DENIAL) and not context.modified(span, self.denial_unless)
                   for span in spans)

    def _mentions(self, concepts: tuple[str, ...], message: str) -> bool:
        if not concepts or not message.strip():
            return False
        language, found = self._found_as_written(message)
        return any(found[concept] for concept in concepts if concept in language.concepts)

    def _found_as_written(self, message: str) -> tuple[Language, _Found]:
        """The message's concepts, each found on first use, read as `_read_as_written` reads it."""
        language, _, reader = self._read_as_written(message, _tokens(message))
        return language, _Found(reader, language.concept_set, language.pseudo)

    def _read_as_written(self, message: str, tokens: list[str]) -> tuple[Language, list[str], PhraseReader]:
        """The message read in the language it is written in (English when unknown), typos
        corrected: as the learned net and the follow-up checks read it."""
        language = self.languages.get(self.language_of(message), self.languages["en"])
        words, reader = self._reading(language, tokens, correct=True)
        return language, words, reader

    def notice(self, message: str) -> tuple[str, str] | None:
        """("es", text) when the message is in a language other than English that we know."""
        code = self.language_of(message)
        language = self.languages[code]
        return (code, language.notice) if code != "en" and language.notice else None

    def explain(self, message: str, code: str = "en") -> dict[str, Any]:
        """What the check saw (for maintainers and tests): words, concepts, context cues."""
        language = self.languages[code]
        words, reader = language.read(language.words(message))
        found = _Found(reader, language.concept_set, language.pseudo)
        concepts = {n: [" ".join(words[s.start:s.end]) for s in found[n]]
                    for n in language.concepts if found[n]}
        concepts["large-amount"] = concepts.get("large-amount", []) + [
            " ".join(words[s.start:s.end])
            for s in (self._own_amounts(self._large_amounts(words, language), words, language, reader)
                      or self._ledger_total(words, language, reader))]
        cues = {c: [" ".join(words[s.start:s.end]) for s in spans]
                for c, spans in language.context.read(reader).cues.items()}
        return {"words": " ".join(words), "concepts": concepts, "cues": cues,
                "rule": (r.id if (r := self._check_in(language, message)) else None)}

    def _reading(self, language: Language, tokens: list[str], correct: bool) -> tuple[list[str], PhraseReader]:
        """A message's words in ``language`` and their phrase reader, remembered for the last few
        messages (the rules and then the learned net read the same message; memory only)."""
        key = (language.code, correct, tuple(tokens))
        with self._readings_lock:
            if (known := self._readings.get(key)) is None:
                known = self._readings[key] = language.read(language.words_of(tokens, correct))
                while len(self._readings) > TOKENS_KEPT:
                    del self._readings[next(iter(self._readings))]
            return known

    def _check_in(self, language: Language, message: str, correct: bool = True,
                  tokens: list[str] | None = None, skip: frozenset[str] = frozenset()) -> Rule | None:
        """``tokens``: the message's `plain_tokens`, when they are at hand."""
        words, reader = self._reading(language, _tokens(message) if tokens is None else tokens, correct)
        # each concept's spans are found when a rule first asks for them (most rules stop at
        # their first missing concept), not all of them up front
        found = _Found(reader, language.concept_set, language.pseudo)
        added = False
        if amounts := self._own_large_amounts(words, language, reader):
            found["large-amount"] = found["large-amount"] + amounts
            # a dose "5 times today" is itself a report of taking it
            if taken := [s for s in amounts if words[s.end - 1] in language.units["repetitions"]]:
                found[INGESTED] = found[INGESTED] + taken
            added = True
        elif total := self._ledger_total_of(words, language, reader):
            found["large-amount"] = found["large-amount"] + total
            added = True
        elif at_once := self._at_once(words, language, reader):
            found["large-amount"] = found["large-amount"] + [Span(i, i + 1) for i in at_once]
            added = True
        added = self._read_temperatures(words, language, found, reader) or added
        if BREATHING in language.concepts and (low := low_oxygen_readings(
                words, language.units, self.doses.low_oxygen_percent, self.doses.oxygen_min)):
            found[BREATHING] = found[BREATHING] + [Span(i, i + 1) for i in low]
            added = True
        if MISSING in language.concepts and (drop := self._count_drop(words, language, reader)) and (
                drop[1] * self.doses.largest_tablet_mg > self.doses.max_daily_mg):
            found[MISSING] = found[MISSING] + [Span(drop[0], drop[0] + 1)]  # "had 30 … 4 left"
            added = True
        if BREATHING in language.concepts and (slow := slow_breathing_readings(
                words, language.units, self.doses.slow_breaths_per_minute, self.doses.breaths_min)):
            found[BREATHING] = found[BREATHING] + [Span(i, i + 1) for i in slow]
            added = True
        if EXTRA_DOSE in language.concepts and (more := more_instead(words, language.units)):
            found[EXTRA_DOSE] = found[EXTRA_DOSE] + [Span(i, i + 1) for i in more]  # "2 instead of 1"
            added = True
        if EXTRA_DOSE in language.concepts and (again := close_dose_times(words, language.units,
                                                                          self.doses.min_dose_gap_hours)):
            found[EXTRA_DOSE] = found[EXTRA_DOSE] + [Span(i, i + 1) for i in again]  # "at 6 and again at 7"
            added = True
        if SLOW_HEART in language.concepts and (slow := low_pulse_readings(
                words, language.units, self.doses.low_pulse_bpm, self.doses.pulse_min)):
            found[SLOW_HEART] = found[SLOW_HEART] + [Span(i, i + 1) for i in slow]
            added = True
        if not added and not reader.startable:
            return None
        context = language.context.read(reader)
        context.absorb(("negated", "negated-after"), [s for c in self.red_flags for s in found[c]])
        sentence_of = _sentence_numbers(words)
        # a concept can be present only if one of its phrases can start here, or a reading added it
        present = reader.startable | {c for c, spans in found.items() if spans}
        first: Rule | None = None
        for rule, needs in self._needs:
            if not needs <= present or rule.id in skip:
                continue
            if all(found[c] for c in needs) and self._fires(rule, found, context, sentence_of):
                if first is not None:
                    # a crisis that also reports another emergency ("I'm suicidal and I took all
                    # my pills"): the crisis message that gives every number, as when that
                    # emergency's rule comes first (below)
                    if rule.level == "emergency" and not rule.message.startswith(CRISIS) and self.crisis_message:
                        first = replace(first, message=self.crisis_message)
                        break
                    continue
                if (rule.level == "emergency" and self.crisis_message
                        and not rule.message.startswith("crisis") and any(
                            not context.modified(span, self.crisis_unless)
                            for c in self.crisis_concepts for span in found[c])):
                    rule = replace(rule, message=self.crisis_message)
                first = rule
                if rule.message != CRISIS:
                    break
        if first is None:
            return None
        return self._addressed(first, found, (*first.concepts, *self.crisis_concepts))

    @staticmethod
    def _fires(rule: Rule, found: dict[str, list[Span]], context: ContextOfMessage,
               sentence_of: list[int]) -> bool:
        """Every concept has an occurrence the rule's modifiers leave alone, in one sentence
        (or anywhere, for rules `within: message`); two of its `two_of` concepts have one
        anywhere; its `mentioned` concepts appear, whatever their context but its own."""
        sentences: set[int] | None = None
        for concept in rule.concepts:
            free = {sentence_of[s.start] for s in found[concept]
                    if not context.modified(s, rule.unless)}
            if rule.within == "message":
                if not free:
                    return False
                continue
            sentences = free if sentences is None else sentences & free
            if not sentences:
                return False
        if rule.two_of and sum(any(not context.modified(s, rule.unless) for s in found[c])
                               for c in rule.two_of) < 2:
            return False
        return all(any(not context.modified(s, rule.mentioned_unless) for s in found[c]) for c in rule.mentioned)

    # what the rules and the learned net's tokens read of a message's numbers, worked out once
    # per reading (``reader.words`` is ``w``; each is a function of the words alone)

    def _own_large_amounts(self, w: list[str], language: Language, reader: PhraseReader) -> list[Span]:
        derived = reader.derived
        if (found := derived.get("own-large-amounts")) is None:
            found = derived["own-large-amounts"] = self._own_amounts(self._large_amounts(w, language), w,
                                                                     language, reader)
        return found

    def _ledger_total_of(self, w: list[str], language: Language, reader: PhraseReader) -> list[Span]:
        derived = reader.derived
        if (found := derived.get("ledger-total")) is None:
            found = derived["ledger-total"] = self._ledger_total(w, language, reader)
        return found

    def _at_once(self, w: list[str], language: Language, reader: PhraseReader) -> list[int]:
        derived = reader.derived
        if (found := derived.get("at-once")) is None:
            found = derived["at-once"] = multiple_at_once(w, language.units, self.doses.multiple_at_once)
        return found

    def _count_drop(self, w: list[str], language: Language, reader: PhraseReader) -> tuple[int, float] | None:
        derived = reader.derived
        if "count-drop" not in derived:
            derived["count-drop"] = count_drop(w, language.units)
        found: tuple[int, float] | None = derived["count-drop"]
        return found

    def _fever_readings(self, w: list[str], language: Language, reader: PhraseReader) -> tuple[list[int], list[int]]:
        derived = reader.derived
        if (found := derived.get("fever-readings")) is None:
            d = self.doses
            found = derived["fever-readings"] = fever_readings(
                w, language.units, d.fever_celsius, d.fever_fahrenheit, (d.celsius_min, d.celsius_max),
                (d.fahrenheit_min, d.fahrenheit_max))
        return found

    @staticmethod
    def _own_amounts(spans: list[Span], w: list[str], language: Language,
                     reader: PhraseReader) -> list[Span]:
        """Drop measured amounts of another medicine: "400mg of ibuprofen", "200 mg of caffeine
        pills" (the word after "of" is no drug word); "200 mg of my baclofen" and counts ("30 of
        the little white ones") stay."""
        if not spans:
            return spans
        units = language.units
        measures = units["milligrams"] | units["grams"] | units["millilitres"]
        drug = {i for s in reader.spans("drug") for i in range(s.start, s.end)} if "drug" in language.concepts else set()
        others = {s.start for s in reader.spans(OTHER_MEDICINE_CUES)} if OTHER_MEDICINE_CUES in reader.book.names else set()
        kept = []
        for span in spans:
            k = span.end
            while k < len(w) and w[k] in measures:
                k += 1
            m = next((x for x in range(span.start, min(len(w), span.start + 6)) if w[x] in measures), None)
            if m is not None:
                while m < len(w) and w[m] in measures:
                    m += 1
                if m in others:
                    continue  # "2 x 500mg paracetamol", "400mg ibuprofen": another medicine's amount
            if k > span.end and k < len(w) and w[k] in units["count_to_strength"] and w[k] not in ("x", "times"):
                while k < len(w) and w[k] in units["count_to_strength"] and k not in drug:
                    k += 1
                if k < len(w) and w[k].isalpha() and k not in drug and w[k] not in units["tablets"]:
                    continue  # another medicine's amount
            kept.append(span)
        return kept

    def _large_amounts(self, w: list[str], language: Language) -> list[Span]:
        """Reported amounts above the daily maximum: "200 mg", "13 tablets", "6 x 20 mg",
        "8 of my 10 mg pills", a hedged bare count ("took like 12")."""
        units = language.units
        limit, tablet = self.doses.max_daily_mg, self.doses.largest_tablet_mg
        spans = []
        for i, word in enumerate(w):
            if not is_number(word):
                continue
            value, j, strength = float(word), i + 1, None
            # "N x M mg", "N of my M mg tablets", "N tabs of M mg"
            k = j
            while k < len(w) and k < i + 6 and not is_number(w[k]):
                k += 1
            if k < len(w) and k < i + 6 and k + 1 < len(w) and w[k + 1] in units["milligrams"]:
                between = w[j:k]
                if all(x in units["tablets"] or x in units["count_to_strength"] for x in between):
                    strength = float(w[k])
            if strength is None:
                strength = _strength_set_off(w, i, units)  # "i took 30, the 10mg ones"
            nxt = w[j] if j < len(w) else ""
            after = w[j:j + 5]
            if strength is not None:
                mg = value * strength
            elif nxt in units["milligrams"]:
                mg = value
            elif nxt in units["grams"]:
                mg = value * 1000
            elif (nxt in units["millilitres"] or nxt in units["teaspoons"] or nxt in units["tablespoons"]
                  or nxt in units["capfuls"]):
                # a liquid read at the strongest oral solution: "drank 30 ml", "6 teaspoons"
                ml = value * (self.doses.teaspoon_ml if nxt in units["teaspoons"]
                              else self.doses.tablespoon_ml if nxt in units["tablespoons"]
                              else self.doses.capful_ml if nxt in units["capfuls"] else 1)
                mg = ml * self.doses.solution_mg_per_ml
            elif any(x in units["tablets"] for x in after[:4]) and all(
                    x in units["tablets"] or x in units["count_to_tablets"]
                    for x in after[:next(n for n, x in enumerate(after) if x in units["tablets"])]):
                mg = value * tablet
            elif i > 0 and w[i - 1] in units["supply_before"]:
                mg = value * tablet  # "swallowed all 40 about an hour ago": a whole supply of pills
            elif _bare_count_of_pills(w, i, units):
                mg = value * tablet
            elif (value > limit and (j >= len(w) or not w[j].isalpha()) and not is_time(w, i, units)
                  and not _set_off(w, i)):
                mg = value  # "I took 200": too much whatever the unit ("at 90" is an age or a time)
            else:
                continue
            if mg > limit:
                spans.append(Span(i, j))
        return spans or self._repeated_doses(w, language)

    def _ledger_total(self, w: list[str], language: Language, reader: PhraseReader) -> list[Span]:
        """Several intakes that add up to more than the daily maximum (amounts/`ledger`), other
        medicines' amounts left out: the span of the last one, so that context read around it
        ("what if …") still applies."""
        intakes = [i for i in ledger(w, language.units, self.doses.largest_tablet_mg, self.doses.solution_mg_per_ml)
                   if self._own_amounts([Span(i.index, i.index + 1)], w, language, reader)]
        if sum(i.times for i in intakes) >= 2 and sum(i.mg for i in intakes) > self.doses.max_daily_mg:
            last = intakes[-1].index
            return [Span(last, last + 1)]
        return []

    def _read_temperatures(self, w: list[str], language: Language, found: dict[str, list[Span]],
                           reader: PhraseReader) -> bool:
        """A reading at or above a fever is the concept `fever`; a normal one ("my temperature
        is 37.1") takes away the temperature words just before it. True when it added one."""
        if FEVER not in language.concepts:
            return False
        fevers, normal = self._fever_readings(w, language, reader)
        measures = language.units["temperature_measures"]
        # a reading brought down by a fever medicine takes no fever away ("38.9 tonight, down to
        # 37.3 since the paracetamol kicked in": a red team)
        if FEVER_REDUCER in language.concepts and found[FEVER_REDUCER]:
            normal = []
        for i in normal:
            # a word that names the measure ("checked his temperature morning and night and it has
            # stayed around 37.2") anywhere before the reading in its sentence; a fever word only
            # just before it ("fever down to 37.5")
            start = max((k + 1 for k in range(i) if w[k] in SENTENCE_BREAKS), default=0)
            found[FEVER] = [s for s in found[FEVER] if not (i - 4 <= s.start <= i or (
                start <= s.start <= i and s.end - s.start == 1 and w[s.start] in measures))]
        if fevers:
            found[FEVER] = found[FEVER] + [Span(i, i + 1) for i in fevers]
        return bool(fevers)

    def _repeated_doses(self, w: list[str], language: Language) -> list[Span]:
        """A dose taken again and again: "my 20 mg dose 3 or 4 times today" is 80 mg or more;
        the largest dose named times the largest count of times, above the daily maximum."""
        units = language.units
        strengths = [(i, float(w[i])) for i in range(len(w) - 1)
                     if is_number(w[i]) and w[i + 1] in units["milligrams"]]
        counts = [(i, float(w[i])) for i in range(len(w) - 1)
                  if is_number(w[i]) and w[i + 1] in units["repetitions"]]
        if not strengths or not counts:
            return []
        largest = max(mg for _, mg in strengths)
        for i, times in sorted(counts, key=lambda c: -c[1]):
            # the dose just before the count is the one repeated ("my 40 mg for the day, 10 mg
            # four times" is 40 mg); with none near, the largest named
            near = [mg for at, mg in strengths if 0 < i - at <= REPEATED_DOSE_REACH]
            if (near[-1] if near else largest) * times > self.doses.max_daily_mg:
                return [Span(i, i + 2)]
        return []


class _Found(dict[str, list[Span]]):
    """Concept → its spans in one message, each looked for on first use."""

    def __init__(self, reader: PhraseReader, concepts: Iterable[str],
                 pseudo: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self._reader = reader
        self._concepts = frozenset(concepts)
        self._pseudo = pseudo

    @property
    def concepts(self) -> frozenset[str]:
        return self._concepts

    @property
    def words(self) -> list[str]:
        return self._reader.words

    def __missing__(self, name: str) -> list[Span]:
        spans = (self._reader.spans(name) if name in self._concepts and name in self._reader.startable
                 else [])
        if spans and name in self._pseudo:  # inside one of its pseudo-triggers it is not the concept
            not_it = self._reader.spans(f"{name}{NOT}")
            spans = [s for s in spans if not any(p.start <= s.start and s.end <= p.end for p in not_it)]
        self[name] = spans
        return spans


BARE_CORRECTION_WORDS = 3  # "my bad", "oops sorry": a mistake owned, nothing put right


def _number_text(value: float) -> str:
    """A number as a message's words hold it ("20", "38.4")."""
    return str(int(value)) if value == int(value) else str(value)


def _bare_count_of_pills(w: list[str], i: int, units: Units) -> bool:
    """A number with no unit that counts pills: hedged ("took like 12") or right after a verb
    of swallowing ("she swallowed 30", "ate about 8": nobody swallows a count of milligrams),
    or right after a verb of taking when the message named the pills before it and gives no
    amount in mg or mL ("how many baclofen is too many? i took 30"; trial 23-d), with nothing
    after it but the end of the clause or a word such as "at" or "tonight"; not a hedged time
    ("due around 8 tonight", "at about 9")."""
    before, earlier = (w[i - 1] if i > 0 else ""), (w[i - 2] if i > 1 else "")
    hedged, swallowed = before in units["hedges"], before in units["swallow_verbs"]
    if hedged and (earlier in units["before_time"] or _one_dose_taken(w, i - 1, units)):
        return False
    after = w[i + 1] if i + 1 < len(w) else ""
    if after.isalpha() and after not in units["after_bare_count"]:
        return False  # "took 30 minutes", "swallowed 3 vitamins"
    if hedged or swallowed or _count_said_after(w, i, units):
        return True
    return (before in _unit_words(units, "take_verbs") and w[i].isdigit()  # a count, not "38.5"
            and any(x in units["tablets"] for x in w[:i])
            and not any(x in units["milligrams"] or x in _unit_words(units, "millilitres") for x in w))


def _count_said_after(w: list[str], i: int, units: Units) -> bool:
    """Whether a bare number is the count taken, said as what an amount was ("the number she
    took was 12", "the amount my son swallowed is 13", "how many did he take? it was 16"): a
    copula (units `copulas`) before it, and before that, within its sentence, an amount noun
    (`amount_nouns`, of pills only: "the number of years … is 12" is none) followed within six
    words by a verb of taking or swallowing, and no duration or age word up to the number."""
    if not (i > 1 and w[i].isdigit() and w[i - 1] in _unit_words(units, "copulas")):
        return False
    verbs = _unit_words(units, "take_verbs") | units["swallow_verbs"]
    start = i - 1
    while start > 0 and w[start - 1] not in SENTENCE_BREAKS:
        start -= 1
    for k in range(start, i - 1):
        if w[k] in _unit_words(units, "amount_nouns"):
            between = w[k + 1:min(k + 7, i - 1)]
            reach = next((n for n, x in enumerate(between) if x in verbs), None)
            # no duration or age anywhere up to the number ("the total she took last week was 21")
            if reach is not None and not any(x in units.get("not_amounts", ()) for x in w[k + 1:i - 1]):
                return True
    return False


def _one_dose_taken(w: list[str], hedge: int, units: Units) -> bool:
    """Whether a verb of taking before ``hedge`` has one dose for its object ("took my evening
    one late, around 11", "took my tablet a bit late, about 10", "I took mine late, roughly 9")
    and the message names no more pills than that: the hedged number after it is then a time,
    not a count ("took his pills, maybe 15" and "took some, like 12" still count)."""
    if any(x in _unit_words(units, "many_doses") for x in w):
        return False
    for k in range(hedge):
        if w[k] in _unit_words(units, "take_verbs") or w[k] in units["swallow_verbs"]:
            following = w[k + 1:min(k + 5, hedge)]
            if any(x in _unit_words(units, "one_dose") for x in following):
                return True
    return False


def _strength_set_off(w: list[str], i: int, units: Units) -> float | None:
    """The strength of the pills a bare count taken or swallowed names in a clause set off after
    it ("i took 30, the 10mg ones", "she swallowed 12 - the 20 mg", "took 15. the 10mg"): the
    count is of those pills."""
    before = w[i - 1] if i > 0 else ""
    if not (w[i].isdigit() and (before in _unit_words(units, "take_verbs") or before in _unit_words(units, "swallow_verbs"))):
        return None
    k = i + 1
    if k >= len(w) or w[k] not in _SET_OFF:
        return None
    start = k = k + 1
    while k < len(w) and k < i + 5 and w[k] in _unit_words(units, "strength_set_off"):
        k += 1
    if k > start and k + 1 < len(w) and is_number(w[k]) and w[k + 1] in units["milligrams"]:
        return float(w[k])
    return None


_SET_OFF = frozenset({",", ".", "-", "–", "—", ":", "("})


def _unit_words(units: Units, key: str) -> frozenset[str]:
    """An optional units list (empty when escalation.yaml's units leave it out)."""
    return frozenset(units.get(key, ()))


def _set_off(w: list[str], i: int) -> bool:
    """A bare number set off by commas after a name ("our neighbour Margaret, 91, was found"):
    an age, not an amount."""
    return 0 < i < len(w) - 1 and w[i - 1] == "," and w[i + 1] == "," and i > 1 and w[i - 2].isalpha()


def _last_named(group: tuple[str, ...]) -> tuple[str, ...]:
    """The last concept of an `alarm_closed` group that must be named (not one that must not)."""
    return tuple(c for c in group if not c.startswith(ABSENT))[-1:]


def _sentence_numbers(words: list[str]) -> list[int]:
    numbers, current = [], 0
    for word in words:
        numbers.append(current)
        if word in SENTENCE_BREAKS:
            current += 1
    return numbers


# ---------------------------------------------------------------------------------------- loading

def _phrases(value: Any, path: Path, node: Any, what: str) -> list[str]:
    items = string_list(value, path, node, what)
    # lower case but for "N" (any number); most phrases hold no capital N at all
    return [" ".join(item.lower().split()) if "N" not in item
            else " ".join(w if w == "N" else w.lower() for w in item.split()) for item in items]


def _load_language(path: Path, doses: Doses, known_words: frozenset[str],
                   is_word: Callable[[str], bool] | None,
                   frequency: Callable[[str], int] | None) -> Language:
    data = load_yaml(path)
    require(isinstance(data, dict), path, data, "expected a mapping with 'concepts' and 'context'")
    allowed = {"language", "rewrite", "numbers", "units", "concepts", "pseudo", "context", "markers", "notice", "run_on",
               "lists"}
    require(not (extra := set(data) - allowed), path, data,
            f"unknown keys: {', '.join(sorted(map(str, extra)))}")
    code = data.get("language")
    require(isinstance(code, str) and code.isalpha(), path, data, "'language' must be a code like en")

    concepts_node = data.get("concepts")
    require(isinstance(concepts_node, dict) and bool(concepts_node), path, data,
            "'concepts' must map names to phrase lists")
    lists = {str(name): _phrases(phrases, path, concepts_node, f"concept {name!r}")
             for name, phrases in concepts_node.items()}
    for name in lists:
        require("/" not in name, path, concepts_node, f"concept {name!r}: names have no '/'")
    concepts = tuple(lists)
    # pseudo-triggers per concept (negspacy's termsets): a phrase holding the concept's words
    # that is not the concept ("hay fever", "jeans fitting better")
    pseudo_node = data.get("pseudo") or {}
    require(isinstance(pseudo_node, dict), path, data, "'pseudo' must map concepts to phrase lists")
    for name, phrases in pseudo_node.items():
        require(name in lists, path, pseudo_node, f"pseudo: unknown concept {name!r}")
        lists[f"{name}{NOT}"] = _phrases(phrases, path, pseudo_node, f"pseudo {name!r}")

    context_node = data.get("context") or {}
    require(isinstance(context_node, dict), path, data, "'context' must map categories to cues")
    modifiers, terminators = [], None
    for category, spec in context_node.items():
        require(isinstance(spec, dict), path, context_node, f"context {category!r} must be a mapping")
        try:
            lists[f"{category}/cues"] = _phrases(spec.get("cues"), path, spec, "'cues'")
            if category == "terminate":
                terminators = f"{category}/cues"
                continue
            require(spec.get("direction") in DIRECTIONS, path, spec,
                    f"context {category!r}: direction must be one of {', '.join(DIRECTIONS)}")
            require(isinstance(spec.get("scope"), int) and not isinstance(spec["scope"], bool)
                    and spec["scope"] >= 0, path, spec, f"context {category!r}: scope must be a "
                    "whole number of words (0: only right next to the concept)")
            require(not (extra := set(spec) - {"direction", "scope", "cues", "pseudo", "across_commas",
                                               "terminate", "whole_message", "across_terminators",
                                               "closed_by", "across_sentences", "across_lists",
                                               "counts_as", "voided_by", "targets", "forward_within_sentence",
                                               "across_labels"}),
                    path, spec, f"context {category!r}: unknown keys {', '.join(sorted(extra))}")
            for flag in ("across_commas", "whole_message", "across_terminators", "across_sentences",
                         "across_lists", "forward_within_sentence", "across_labels"):
                require(isinstance(spec.get(flag, False), bool), path, spec,
                        f"context {category!r}: {flag} must be true or false")
            pseudo = spec.get("pseudo") or []
            if pseudo:
                lists[f"{category}/pseudo"] = _phrases(pseudo, path, spec, "'pseudo'")
            voiding = spec.get("voided_by") or []
            if voiding:
                lists[f"{category}/voided"] = _phrases(voiding, path, spec, "'voided_by'")
            targets = spec.get("targets") or []
            if targets:
                lists[f"{category}/targets"] = _phrases(targets, path, spec, "'targets'")
            own_terminators = spec.get("terminate") or []
            if own_terminators:
                lists[f"{category}/terminate"] = _phrases(own_terminators, path, spec, "'terminate'")
            closed = spec.get("closed_by")
            if closed is not None:
                require(isinstance(closed, dict) and set(closed) == {"scope", "cues"}
                        and isinstance(closed["scope"], int) and not isinstance(closed["scope"], bool)
                        and closed["scope"] > 0, path, closed, f"context {category!r}: closed_by must "
                        "have a scope (words from the cue to the closing cue) and cues")
                lists[f"{category}/closed"] = _phrases(closed["cues"], path, closed, "'cues'")
            modifiers.append(Modifier(str(category), spec["direction"], spec["scope"],
                                      f"{category}/cues", f"{category}/pseudo" if pseudo else None,
                                      spec.get("across_commas", False),
                                      f"{category}/terminate" if own_terminators else None,
                                      spec.get("whole_message", False), spec.get("across_terminators", False),
                                      f"{category}/closed" if closed is not None else None,
                                      closed["scope"] if closed is not None else 0,
                                      spec.get("across_sentences", False), spec.get("across_lists", False),
                                      spec.get("counts_as"), f"{category}/voided" if voiding else None,
                                      f"{category}/targets" if targets else None,
                                      spec.get("forward_within_sentence", False), spec.get("across_labels", False)))
        except PhraseError as error:
            raise KnowledgeError(path, line_of(spec), f"context {category!r}: {error}") from None
    categories = {m.category for m in modifiers}
    for modifier in modifiers:
        require(modifier.counts_as is None or (modifier.counts_as in categories
                                                and modifier.counts_as != modifier.category),
                path, context_node[modifier.category],
                f"context {modifier.category!r}: counts_as must name another category of this file")
    lists_node = data.get("lists") or {}
    require(isinstance(lists_node, dict) and set(lists_node) <= set(LIST_LISTS), path, data,
            f"'lists' may list {', '.join(LIST_LISTS)}")
    require(not any(m.across_lists for m in modifiers) or "introducers" in lists_node, path, data,
            "a modifier reaches across lists, but 'lists' has no introducers")
    for key, phrases in lists_node.items():
        lists[f"list/{str(key).replace('_', '-')}"] = _phrases(phrases, path, lists_node, f"lists {key!r}")
    run_on = data.get("run_on") or {}
    require(isinstance(run_on, dict) and set(run_on) <= set(RUN_ON_LISTS), path, data,
            f"'run_on' may list {', '.join(RUN_ON_LISTS)}")
    for key, phrases in run_on.items():
        lists[f"run-on/{str(key).replace('_', '-')}"] = _phrases(phrases, path, run_on, f"run_on {key!r}")

    def table(key: str, kind: type | tuple[type, ...], what: str) -> dict[str, Any]:
        node = data.get(key) or {}
        require(isinstance(node, dict) and all(isinstance(k, (str, int)) and isinstance(v, kind)
                                               and not isinstance(v, bool)
                                               for k, v in node.items()),
                path, data, f"'{key}' must map words to {what}")
        return {str(k).lower(): v for k, v in node.items()}

    rewrite = table("rewrite", str, "words")
    numbers = {k: float(v) for k, v in table("numbers", (int, float), "numbers").items()}
    # phrases are read as messages are: "little one" matches the "little 1" a message becomes
    number_words, multipliers = frozenset(numbers), number_multipliers(numbers)
    lists = {name: [" ".join(read_numbers(p.split(), numbers, multipliers=multipliers))
                    if number_words.intersection(p.split()) else p for p in phrases]
             for name, phrases in lists.items()}
    try:
        book = PhraseBook(lists)
    except PhraseError as error:
        raise KnowledgeError(path, _line_of_phrase(path, error), f"{error}") from None
    units_node = data.get("units") or {}
    unit_keys = {"milligrams", "grams", "tablets", "count_to_strength", "count_to_tablets", "hedges",
                 "after_bare_count"}
    liquid_keys = {"millilitres", "teaspoons", "tablespoons", "repetitions", "before_year",
                   "strength_after", "strength_before", "before_time", "clock_after", "before_phone", "not_amounts", "multiples",
                   "another", "more", "same_unit_before", "temperature_words", "temperature_measures", "celsius", "fahrenheit",
                   "oxygen_words", "instead", "capfuls", "regimen", "pulse_words", "supply_before", "swallow_verbs",
                   "breath_words", "breath_rate_words", "minute_words", "second_words", "not_temperature",
                   "after_bare_reading", "strength_set_off", "one_dose", "many_doses", "copulas", "amount_nouns",
                   "count_start", "count_left", "dose_words", "dose_owners", "take_verbs", "before_age"}
    require(isinstance(units_node, dict) and unit_keys <= set(units_node) <= unit_keys | liquid_keys,
            path, data, f"'units' must list {', '.join(sorted(unit_keys))} "
            f"(and may list {', '.join(sorted(liquid_keys))})")
    for key in set(units_node) - PHRASE_UNITS:
        # a phrase here would be read as its words ("pulse ox" made "pulse" an oxygen word)
        several = [p for p in _phrases(units_node[key] or [], path, units_node, f"units {key!r}") if " " in p]
        if several:
            raise KnowledgeError(path, line_of(units_node[key]) or line_of(units_node),
                                 f"units {key!r}: {several[0]!r} has several words; this list holds "
                                 f"single words (phrases only in {', '.join(sorted(PHRASE_UNITS))})")
    units_node = {k: units_node.get(k, []) for k in unit_keys | liquid_keys}
    units = {k: frozenset(_phrases(v, path, units_node, f"units {k!r}"))
             if v or k in unit_keys else frozenset() for k, v in units_node.items()}
    markers = frozenset(_phrases(data["markers"], path, data, "'markers'")) if data.get("markers") else frozenset()
    notice = data.get("notice")
    require(notice is None or (isinstance(notice, str) and notice.strip() != ""), path, data,
            "'notice' must be text")

    vocabulary = literal_words(p for phrases in lists.values() for p in phrases)
    # narrowed to its own in load_escalator; never a word of the monograph ("alcohol", "baclofen")
    own_words = frozenset(w for w in vocabulary if len(w) >= 5) - known_words
    vocabulary |= (set(numbers) | {w for value in rewrite.values() for w in value.split()}
                   | {w for ws in units.values() for w in ws})
    # short words too ("wke" → "wake"): the English word list keeps real words such as "woke"
    if code != "en":  # no word list for this language here: never "correct" a real word
        vocabulary = set()
    speller = SpellingCorrector({w: 1 for w in vocabulary}, protected=known_words,
                                is_word=is_word if code == "en" else None, frequency=frequency,
                                short_words=is_word is not None and code == "en",
                                is_word_cheap=english_loaded)
    del doses
    return Language(code, book, concepts, Context(modifiers, terminators), rewrite, numbers,
                    units, markers, speller, notice, own_words=own_words, phrase_lists=lists)


def _line_of_phrase(path: Path, error: PhraseError) -> int | None:
    """The line of the file where the offending phrase or list name stands."""
    quoted = re.search(r"phrase '([^']*)'|<([a-z0-9/-]+)>", str(error))
    if not quoted:
        return None
    needle = quoted.group(1) or f"<{quoted.group(2)}>"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line.lower() or (quoted.group(1) and quoted.group(1) in " ".join(line.lower().split())):
            return number
    return None


def _messages(data: dict[str, Any], path: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    node = data.get("messages")
    if not (isinstance(node, dict) and "en" in node):
        raise KnowledgeError(path, line_of(data), "'messages' must map languages (en first) to "
                             "named messages")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for code, named in node.items():
        require(isinstance(named, dict) and bool(named), path, node, f"messages {code!r} must map names to lines")
        out[str(code)] = {}
        for name, lines in named.items():
            checked = tuple(string_list(lines, path, named, f"message {name!r}"))
            for line in checked:
                for placeholder in _PLACEHOLDER.findall(line):
                    require(placeholder in PLACEHOLDERS, path, named,
                            f"message {name!r}: unknown placeholder {{{placeholder}}}; use "
                            + ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS)))
                require(line.count("{") == line.count("}"), path, named,
                        f"message {name!r}: unbalanced braces in {line!r}")
            out[str(code)][str(name)] = checked
    for code, named in out.items():
        missing = set(out["en"]) - set(named)
        require(not missing, path, node, f"messages {code!r} lack {', '.join(sorted(missing))}")
    return out


def load_escalator(directory: Path | None = None, known_words: Iterable[str] = (),
                   is_word: Callable[[str], bool] | None = None,
                   frequency: Callable[[str], int] | None = None,
                   model_path: Path | None = None) -> Escalator:
    """Load escalation.yaml and every concepts.<lang>.yaml beside it, all validated, and the
    learned safety net (``model_path``: another artefact than the shipped one)."""
    directory = directory or knowledge_dir()
    path = directory / "escalation.yaml"
    data = load_yaml(path)
    require(isinstance(data, dict), path, data, "expected a mapping with 'rules'")
    require(not (extra := set(data) - {"doses", "messages", "rules", "crisis", "red_flags", "learned", "alarm_stays",
                                                  "alarm_heeded", "alarm_closed", "alarm_closed_within",
                                                  "alarm_closed_unless", "alarm_denied_unless",
                                                  "alarm_resolved",
                                                  "amount_corrected", "amount_corrected_unless", "learned_unread",
                                                  "learned_unread_words",
                                                  "about_someone_else", "help_coming", "emergency_signs",
                                                  "learned_negated", "heeded_signs", "continuations", "own_sentence",
                                                  "taken_concepts", "taken_signs", "taking_undone",
                                                  "learned_after", "amount_owned", "alarm_background"}),
            path, data,
            f"unknown keys: {', '.join(sorted(map(str, extra)))}")
    doses_node = data.get("doses")
    dose_keys = ("max_daily_mg", "largest_tablet_mg", "solution_mg_per_ml", "teaspoon_ml", "tablespoon_ml",
                 "fever_celsius", "fever_fahrenheit", "low_oxygen_percent", "multiple_at_once", "capful_ml",
                 "low_pulse_bpm", "celsius_min", "celsius_max", "fahrenheit_min", "fahrenheit_max",
                 "oxygen_min", "pulse_min", "slow_breaths_per_minute", "breaths_min", "min_dose_gap_hours")
    require(isinstance(doses_node, dict), path, data, f"'doses' must give {', '.join(dose_keys)}")
    for key in dose_keys:
        value = doses_node.get(key)
        require(isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0,
                path, doses_node, f"'doses': {key} must be a positive number")
    doses = Doses(float(doses_node["max_daily_mg"]), float(doses_node["largest_tablet_mg"]),
                  float(doses_node["solution_mg_per_ml"]), float(doses_node["teaspoon_ml"]),
                  float(doses_node["tablespoon_ml"]), float(doses_node["fever_celsius"]),
                  float(doses_node["fever_fahrenheit"]), float(doses_node["low_oxygen_percent"]),
                  float(doses_node["multiple_at_once"]), float(doses_node["capful_ml"]),
                  float(doses_node["low_pulse_bpm"]), *(float(doses_node[k]) for k in (
                      "celsius_min", "celsius_max", "fahrenheit_min", "fahrenheit_max", "oxygen_min", "pulse_min",
                      "slow_breaths_per_minute", "breaths_min")))
    messages = _messages(data, path)

    languages = {}
    known = frozenset(known_words)
    for concepts_path in sorted(directory.glob("concepts.*.yaml")):
        language = _load_language(concepts_path, doses, known, is_word, frequency)
        require(language.code not in languages, concepts_path, None,
                f"language {language.code!r} is defined twice")
        require(language.code in messages, path, data.get("messages"),
                f"no messages for language {language.code!r} ({concepts_path.name})")
        languages[language.code] = language
    if "en" not in languages:
        raise KnowledgeError(directory / "concepts.en.yaml", None, "file not found")
    for code, language in languages.items():  # words no other language's concepts use
        language.own_words = language.own_words.difference(
            *(other.own_words for other_code, other in languages.items() if other_code != code))

    rules_node = data.get("rules")
    require(isinstance(rules_node, list) and bool(rules_node), path, data, "'rules' must be a non-empty list")
    rules, seen = [], set()
    english = languages["en"]
    for entry in rules_node:
        require(isinstance(entry, dict), path, rules_node, "each rule must be a mapping")
        require(not (extra := set(entry) - {"id", "level", "message", "all", "mentioned", "unless",
                                            "mentioned_unless", "within", "quote", "examples", "two_of",
                                            "answered"}),
                path, entry, f"unknown keys in rule: {', '.join(sorted(map(str, extra)))}")
        rid = entry.get("id")
        require(isinstance(rid, str) and rid.strip() != "", path, entry, "a rule needs an 'id'")
        require(rid not in seen, path, entry, f"duplicate rule id {rid!r}")
        seen.add(rid)
        require(entry.get("level") in LEVELS, path, entry,
                f"rule {rid!r}: level must be one of {', '.join(LEVELS)}, got {entry.get('level')!r}")
        require(entry.get("message") in messages["en"], path, entry,
                f"rule {rid!r}: message must be one of {', '.join(messages['en'])}, got {entry.get('message')!r}")
        concepts = tuple(string_list(entry.get("all"), path, entry, f"rule {rid!r}: 'all'"))
        mentioned = tuple(string_list(entry["mentioned"], path, entry, f"rule {rid!r}: 'mentioned'")
                          ) if entry.get("mentioned") else ()
        two_of = tuple(string_list(entry["two_of"], path, entry, f"rule {rid!r}: 'two_of'")
                       ) if entry.get("two_of") else ()
        require(not two_of or len(two_of) >= 2, path, entry, f"rule {rid!r}: 'two_of' needs two concepts or more")
        for concept in concepts + mentioned + two_of:
            require(concept in english.concepts or concept == "large-amount", path, entry,
                    f"rule {rid!r}: unknown concept {concept!r}")
        unless = tuple(string_list(entry["unless"], path, entry, f"rule {rid!r}: 'unless'")
                       ) if entry.get("unless") else ()
        mentioned_unless = tuple(string_list(entry["mentioned_unless"], path, entry,
                                             f"rule {rid!r}: 'mentioned_unless'")
                                 ) if entry.get("mentioned_unless") else ()
        for category in unless + mentioned_unless:
            require(category in english.context.modifiers, path, entry,
                    f"rule {rid!r}: unknown context modifier {category!r}")
        within = entry.get("within", "sentence")
        require(within in WITHIN, path, entry, f"rule {rid!r}: within must be one of {', '.join(WITHIN)}")
        quote = entry.get("quote")
        require(quote is None or isinstance(quote, str), path, entry, f"rule {rid!r}: bad 'quote'")
        examples = entry.get("examples") or {}
        require(isinstance(examples, dict) and set(examples) <= {"fires", "calm"} and bool(examples.get("fires")),
                path, entry, f"rule {rid!r}: 'examples' must list messages it 'fires' on (and 'calm' ones)")
        fires = tuple(string_list(examples["fires"], path, entry, f"rule {rid!r}: examples"))
        calm = tuple(string_list(examples["calm"], path, entry, f"rule {rid!r}: examples")
                     ) if examples.get("calm") else ()
        answered = entry.get("answered", False)
        require(isinstance(answered, bool), path, entry, f"rule {rid!r}: 'answered' must be true or false")
        rules.append(Rule(rid, entry["level"], entry["message"], concepts, unless, mentioned, within,
                          quote, fires, calm, mentioned_unless, answered=answered, two_of=two_of))
        for language in languages.values():
            language.used.update(concepts + mentioned + two_of)
    rules.sort(key=lambda r: LEVELS.index(r.level))  # stable: file order within a level
    crisis_node = data.get("crisis") or {}
    require(isinstance(crisis_node, dict) and set(crisis_node) <= {"concepts", "message", "unless"},
            path, data, "'crisis' has 'concepts', 'message' and 'unless'")
    crisis_unless = tuple(string_list(crisis_node.get("unless", ["-"]), path, crisis_node, "'unless'"))
    crisis_unless = tuple(c for c in crisis_unless if c != "-")
    for category in crisis_unless:
        require(category in english.context.modifiers, path, crisis_node,
                f"crisis: unknown context modifier {category!r}")
    red_flags = tuple(string_list(data.get("red_flags", ["-"]), path, data, "'red_flags'"))
    red_flags = tuple(c for c in red_flags if c != "-")
    for concept in red_flags:
        require(concept in english.concepts, path, data, f"red_flags: unknown concept {concept!r}")
    crisis_concepts = tuple(string_list(crisis_node.get("concepts", ["-"]), path, crisis_node, "'concepts'"))
    crisis_concepts = tuple(c for c in crisis_concepts if c != "-")
    crisis_message = str(crisis_node.get("message", ""))
    for concept in crisis_concepts:
        require(concept in english.concepts, path, crisis_node, f"crisis: unknown concept {concept!r}")
    require(not crisis_concepts or crisis_message in messages["en"], path, crisis_node,
            f"crisis: unknown message {crisis_message!r}")
    alarm_concepts = {}
    for key in ("alarm_stays", "alarm_heeded", "amount_corrected", "amount_corrected_unless", "learned_unread",
                "heeded_signs", "taken_concepts", "taken_signs", "taking_undone"):
        alarm_concepts[key] = tuple(c for c in string_list(data.get(key, ["-"]), path, data, f"'{key}'") if c != "-")
        for concept in alarm_concepts[key]:
            require(concept in english.concepts, path, data, f"{key}: unknown concept {concept!r}")
        for language in languages.values():
            language.used.update(alarm_concepts[key])
    if alarm_concepts["taken_signs"]:
        require(GENERIC_ALL_CLEAR in english.concepts, path, data, f"taken_signs needs the concept {GENERIC_ALL_CLEAR!r}")
        for language in languages.values():
            language.used.add(GENERIC_ALL_CLEAR)
    alarm_background = _concept_groups(data, path, "alarm_background", english)
    for language in languages.values():
        language.used.update(c.removeprefix(ABSENT) for group in alarm_background for c in group)
    alarm_closed = _concept_groups(data, path, "alarm_closed", english)
    alarm_closed_within = _concept_groups(data, path, "alarm_closed_within", english)
    alarm_closed_unless, denial_unless = (_modifier_list(data, path, english, key)
                                          for key in ("alarm_closed_unless", "alarm_denied_unless"))
    alarm_resolved = _resolutions(data, path, english, {rule.id for rule in rules})
    for language in languages.values():
        language.used.update(concept.removeprefix(ABSENT) for group in alarm_closed + alarm_closed_within
                             for concept in group)
        language.used.update(concept.removeprefix(ABSENT) for record in alarm_resolved
                             for concept in record.concepts + record.together + record.denied + record.unless_earlier)
    about_someone_else = _message_variants(data, path, messages, "about_someone_else")
    urgent_ids = {rule.id for rule in rules if rule.level == "urgent"}
    emergency_signs = frozenset(string_list(data.get("emergency_signs", ["-"]), path, data, "'emergency_signs'")) - {"-"}
    require(emergency_signs <= urgent_ids, path, data,
            f"emergency_signs: not urgent rules: {', '.join(sorted(emergency_signs - urgent_ids))}")
    if about_someone_else:
        for concept in (SOMEONE_ELSE, FIRST_PERSON):
            require(concept in english.concepts, path, data, f"about_someone_else needs the concept {concept!r}")
        for language in languages.values():
            language.used.update((SOMEONE_ELSE, FIRST_PERSON, GENERIC_SUBJECT))
    return Escalator(rules, languages, doses, messages, (crisis_concepts, crisis_message, crisis_unless),
                     red_flags, *_learned(data, path, messages, model_path), alarm_concepts["alarm_stays"],
                     alarm_concepts["alarm_heeded"], alarm_closed,
                     alarm_concepts["amount_corrected"],
                     alarm_concepts["learned_unread"], about_someone_else,
                     _message_variants(data, path, messages, "help_coming"), emergency_signs,
                     _learned_negated(data, path, english, languages), alarm_concepts["heeded_signs"],
                     alarm_resolved, alarm_closed_within, alarm_closed_unless, denial_unless,
                     alarm_concepts["amount_corrected_unless"],
                     frozenset(string_list(data.get("continuations", ["-"]), path, data, "'continuations'")) - {"-"},
                     learned_unread_words=_count(data, path, "learned_unread_words"),
                     own_sentence=frozenset(string_list(data.get("own_sentence", ["-"]), path, data,
                                                        "'own_sentence'")) - {"-"},
                     taken_signs=(alarm_concepts["taken_concepts"], alarm_concepts["taken_signs"],
                                  alarm_concepts["taking_undone"]),
                     learned_after=_learned_after(data, path, english, languages),
                     amount_owned=_amount_owned(data, path, english, languages, {rule.id for rule in rules}),
                     alarm_background=alarm_background)


def _amount_owned(data: dict[str, Any], path: Path, english: Language, languages: Mapping[str, Language],
                  rule_ids: set[str]) -> tuple[tuple[str, ...], frozenset[str]]:
    """escalation.yaml `amount_owned`: concepts of an amount put right as the person's own usual
    dose, and the rules a report so corrected may still fire and be calm."""
    node = data.get("amount_owned")
    if node is None:
        return (), frozenset()
    require(isinstance(node, dict) and set(node) == {"concepts", "rules"}, path, data,
            "amount_owned: expected a mapping with 'concepts' and 'rules'")
    concepts = tuple(string_list(node["concepts"], path, node, "amount_owned: 'concepts'"))
    rules = frozenset(string_list(node["rules"], path, node, "amount_owned: 'rules'"))
    for concept in concepts:
        require(concept in english.concepts, path, node, f"amount_owned: unknown concept {concept!r}")
    require(rules <= rule_ids, path, node, f"amount_owned: unknown rules: {', '.join(sorted(rules - rule_ids))}")
    for language in languages.values():
        language.used.update(concepts)
    return concepts, rules


def _reading(said: list[str], at: int, amount: float, unit: str | None) -> str:
    """The words ``said`` with the figure at ``at`` replaced by ``amount`` (and ``unit``)."""
    return " ".join([*said[:at], _number_text(amount), *([unit] if unit else []), *said[at + 1:]])


def _unchanged(said: list[str], at: int, amount: float, unit: str | None) -> bool:
    """Whether a correction gives the figure it replaces again, in the same measure ("34 not
    im 34"; not "10 mg" for "10 of her baclofen")."""
    return float(said[at]) == amount and unit is None


def _clock_time(w: list[str], i: int, units: Units) -> bool:
    """Whether the number at ``i`` is a clock time: "at 8", "since 9", "9 am", "8 oclock"."""
    before = w[i - 1] if i > 0 else ""
    after = w[i + 1] if i + 1 < len(w) else ""
    return before in units.get("before_time", frozenset()) or after in units.get("clock_after", frozenset())


def _count(data: dict[str, Any], path: Path, key: str) -> int:
    """A whole number of 0 or more in escalation.yaml (0 when the key is left out)."""
    value = data.get(key, 0)
    require(isinstance(value, int) and not isinstance(value, bool) and value >= 0, path, data,
            f"'{key}' must be a whole number, 0 or more")
    return int(value)


def _modifier_list(data: dict[str, Any], path: Path, english: Language, key: str) -> tuple[str, ...]:
    """A list of context modifiers named in escalation.yaml (``key``), each one checked."""
    found = tuple(c for c in string_list(data.get(key, ["-"]), path, data, f"'{key}'") if c != "-")
    for category in found:
        require(category in english.context.modifiers, path, data, f"{key}: unknown modifier {category!r}")
    return found


def _concept_groups(data: dict[str, Any], path: Path, key: str, english: Language) -> tuple[tuple[str, ...], ...]:
    """A list of concepts, each alone or a list of concepts that count only when all are named."""
    node = data.get(key, [])
    require(isinstance(node, list), path, data, f"'{key}' must be a list")
    groups = []
    for item in node:
        group = tuple(string_list(item, path, data, f"'{key}'")) if isinstance(item, list) else (item,)
        require(bool(group) and all(isinstance(c, str) for c in group), path, data,
                f"'{key}': each entry is a concept or a list of concepts")
        for concept in group:
            name = concept.removeprefix(ABSENT)
            require(name in english.concepts, path, data, f"{key}: unknown concept {name!r}")
        require(not group[0].startswith(ABSENT), path, data, f"'{key}': a group starts with a concept to name")
        groups.append(group)
    return tuple(groups)


def _resolutions(data: dict[str, Any], path: Path, english: Language,
                 rule_ids: set[str]) -> tuple[Resolution, ...]:
    """``alarm_resolved``: records of the rules whose alarm a follow-up naming one of the
    concepts (and every one of ``with``) closes, and whether later words of the same message
    may close it too."""
    node = data.get("alarm_resolved", [])
    require(isinstance(node, list), path, data, "'alarm_resolved' must be a list")
    found = []
    for record in node:
        require(isinstance(record, dict) and "rules" in set(record) and bool({"concepts", "denied", "normal_reading"} & set(record))
                and set(record) <= {"rules", "concepts", "denied", "within", "with", "normal_reading", "unless_earlier"},
                path, record, "alarm_resolved: each entry has 'rules', 'concepts' or 'denied', and perhaps "
                              "'with', 'within', 'normal_reading', 'unless_earlier'")
        normal_reading = record.get("normal_reading", False)
        require(isinstance(normal_reading, bool), path, record, "alarm_resolved: 'normal_reading' must be true or false")
        within = record.get("within", True)
        require(isinstance(within, bool), path, record, "alarm_resolved: 'within' must be true or false")
        ids = frozenset(string_list(record["rules"], path, record, "'rules'"))
        concepts, together, denied, unless_earlier = (
            tuple(c for c in string_list(record.get(key, ["-"]), path, record, f"'{key}'") if c != "-")
            for key in ("concepts", "with", "denied", "unless_earlier"))
        require(ids <= rule_ids, path, record, f"alarm_resolved: unknown rules {', '.join(sorted(ids - rule_ids))}")
        for concept in concepts + together + denied + unless_earlier:
            require(concept.removeprefix(ABSENT) in english.concepts, path, record,
                    f"alarm_resolved: unknown concept {concept!r}")
        found.append(Resolution(ids, concepts, within, together, denied, normal_reading, unless_earlier))
    return tuple(found)


def _learned_after(data: dict[str, Any], path: Path, english: Language,
                   languages: dict[str, Language]) -> tuple[tuple[str, ...], ...]:
    """escalation.yaml's ``learned_after``: (all-clear concepts, person concepts, sign concepts,
    reassurance concepts), each a list of English concepts."""
    node = data.get("learned_after") or {}
    require(isinstance(node, dict) and set(node) <= {"all_clear", "person", "signs", "unless"}, path, data,
            "'learned_after' must give all_clear, person, signs and unless")
    found = []
    for key in ("all_clear", "person", "signs", "unless"):
        concepts = tuple(c for c in string_list(node.get(key, ["-"]), path, node, f"'{key}'") if c != "-")
        for concept in concepts:
            require(concept in english.concepts, path, node, f"learned_after {key}: unknown concept {concept!r}")
        for language in languages.values():
            language.used.update(concepts)
        found.append(concepts)
    return found[0], found[1], found[2], found[3]


def _learned_negated(data: dict[str, Any], path: Path, english: Language,
                     languages: dict[str, Language]) -> tuple[int, tuple[str, ...]]:
    """escalation.yaml's ``learned_negated``: (max_words, the concepts whose denial is a red flag)."""
    node = data.get("learned_negated") or {}
    require(isinstance(node, dict) and set(node) <= {"max_words", "unless"}, path, data,
            "'learned_negated' must give max_words and unless")
    words = node.get("max_words", 0)
    require(isinstance(words, int) and not isinstance(words, bool) and words >= 0, path, node,
            "learned_negated: max_words must be a whole number, 0 or more")
    unless = tuple(string_list(node.get("unless", ["-"]), path, node, "'unless'"))
    unless = tuple(c for c in unless if c != "-")
    for concept in unless:
        require(concept in english.concepts, path, node, f"learned_negated: unknown concept {concept!r}")
    for language in languages.values():
        language.used.update(unless)
    return int(words), unless


def _message_variants(data: dict[str, Any], path: Path, messages: dict[str, dict[str, tuple[str, ...]]],
                      key: str) -> dict[str, str]:
    """escalation.yaml's ``key`` ('about_someone_else', 'help_coming'): message → its variant,
    both messages in every language."""
    node = data.get(key) or {}
    require(isinstance(node, dict), path, data, f"'{key}' must map a message to its variant")
    for message, variant in node.items():
        for language, known in messages.items():
            require(message in known and variant in known, path, node,
                    f"{key}: {message!r} and {variant!r} must both be messages in {language!r}")
    return {str(k): str(v) for k, v in node.items()}


def _learned(data: dict[str, Any], path: Path, messages: dict[str, dict[str, tuple[str, ...]]],
             model_path: Path | None) -> tuple[EscalationModel | None, tuple[Rule, ...]]:
    """The learned safety net and the message each of its levels gets ('learned' in
    escalation.yaml). A missing or damaged model leaves the rules alone in charge."""
    node = data.get("learned")
    if node is None:
        return None, ()
    require(isinstance(node, dict) and set(node) == set(LEVELS), path, data,
            f"'learned' must name a message for each of {', '.join(LEVELS)}")
    rules = []
    for level in LEVELS:
        require(node[level] in messages["en"], path, node,
                f"learned: {level}: unknown message {node[level]!r}")
        rules.append(Rule(f"learned-{level}", level, str(node[level]), (), (), (), "message", None,
                          answered=True))
    try:
        model = load_model(model_path or SHIPPED_MODEL)
    except (OSError, ValueError) as error:
        # never the message: this names the artefact and what is wrong with it
        logging.getLogger(__name__).error("escalation model unavailable, rules alone: %s", error)
        return None, tuple(rules)
    return model, tuple(rules)
