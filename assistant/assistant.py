"""The one entry point every interface calls: ``Assistant.respond(question) -> Reply``.

Escalation runs first and does not depend on retrieval; then the retriever finds passages and
the reply quotes them, or says plainly that the monograph does not cover the question.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from assistant.answer_types import (
    answer_types_from_json,
    answer_types_to_json,
    load_answer_types,
    load_routes,
    load_voices,
    routes_from_json,
    routes_to_json,
)
from assistant.conversation import Conversation, FollowUps, load_follow_ups
from assistant.definitions import Definition, Definitions
from assistant.english import frequency as english_frequency
from assistant.english import is_english_word, looks_english
from assistant.escalation import CRISIS as CRISIS_MESSAGE
from assistant.escalation import LEVELS as ESCALATION_LEVELS
from assistant.escalation import NO_ESCALATION, Escalation, Escalator, Finding, load_escalator
from assistant.faq import FaqEntry, faq_key, load_faq
from assistant.index import load as load_index
from assistant.index import store as store_index
from assistant.knowledge import KnowledgeError, knowledge_dir
from assistant.languages import OtherLanguages, load_other_languages
from assistant.lexicon import Lexicon, load_lexicon
from assistant.monograph import Monograph, Passage, load_monograph
from assistant.passage_questions import (
    ASKED_FILE,
    UNANSWERED_FILE,
    load_asked_questions,
    load_passage_questions,
    load_unanswered_questions,
)
from assistant.query import Term
from assistant.quoting import QuotingRules, Warning, load_quoting
from assistant.regions import Region, Regions, load_regions
from assistant.reply import (
    UNREADABLE_MESSAGES,
    Quote,
    Reply,
    highlight_spans,
    items_left_out,
    load_messages,
    quote_text,
)
from assistant.retriever import Hit, Retriever
from assistant.smalltalk import SmallTalk, load_small_talk
from assistant.text import load_word_list, sentences, unreadable, use_vocabulary, words

MAX_QUESTION_CHARS = 5000


class _Log:
    """``logging`` imported when something is first logged (only faults are): importing it
    costs a cold ``ask`` several milliseconds."""

    def __getattr__(self, name: str) -> Any:
        import logging

        return getattr(logging.getLogger(__name__), name)


log = _Log()
# a sentence: up to and including its end ("?", ".", "!", ";" or a line break)


@dataclass(frozen=True)
class Knowledge:
    """Everything loaded from knowledge/, validated.

    The safety part (regions, messages, escalation) is loaded on its own: when a retrieval file
    is broken and ``allow_degraded`` is set, the assistant still escalates and shows the
    emergency numbers, with ``problem`` saying what is wrong and no retriever."""

    monograph: Monograph | None
    retriever: Retriever | None
    escalator: Escalator
    regions: Regions
    messages: dict[str, str]
    problem: KnowledgeError | None = None
    follow_ups: FollowUps | None = None
    quoting: QuotingRules = QuotingRules()
    small_talk: SmallTalk | None = None
    faq: tuple[FaqEntry, ...] = ()  # pinned answers, checked against the monograph
    other_languages: OtherLanguages = OtherLanguages()  # the English-only notice in their words

    @classmethod
    def load(cls, directory: Path | None = None, allow_degraded: bool = False) -> Knowledge:
        with _collector_paused():
            return cls._load(directory or knowledge_dir(), allow_degraded)

    @classmethod
    def _load(cls, directory: Path, allow_degraded: bool) -> Knowledge:
        regions = load_regions(directory / "regions.yaml")
        monograph = retriever = problem = follow_ups = None
        quoting, small_talk = QuotingRules(), None
        faq: tuple[FaqEntry, ...] = ()
        other_languages = OtherLanguages()
        known: set[str] = set()
        try:
            # the fixed texts of replies: unreadable, they are one fixed line, and only
            # escalation (whose messages are its own) answers
            messages: dict[str, str] = defaultdict(lambda: UNREADABLE_MESSAGES)
            messages = load_messages(directory / "messages.yaml")
            monograph, retriever, known = _load_retrieval(directory)
            follow_ups = load_follow_ups(directory / "conversation.yaml")
            quoting = load_quoting({p.id for p in monograph.passages}, directory / "quoting.yaml")
            small_talk = load_small_talk(directory / "smalltalk.yaml")
            faq = load_faq(directory / "faq.yaml", {p.id: len(p.items) for p in monograph.passages})
            other_languages = load_other_languages(directory / "languages.yaml")
        except KnowledgeError as error:
            if not allow_degraded:
                raise
            problem = error
            log.error("retrieval unavailable: %s", error)
        # escalation shares no state with retrieval; real words it must never "correct" are
        # the monograph's and the stopwords (when they load)
        escalator = load_escalator(directory, known_words=known, is_word=is_english_word,
                                   frequency=english_frequency)
        if monograph is not None:
            ids = {p.id for p in monograph.passages}
            for rule in escalator.rules:
                if rule.quote and rule.quote not in ids:
                    raise KnowledgeError(directory / "escalation.yaml", None,
                                         f"rule {rule.id!r} quotes unknown passage {rule.quote!r}")
        for warning in quoting.warnings:
            if unknown := set(warning.concepts) - set(escalator.languages["en"].concepts):
                raise KnowledgeError(directory / "quoting.yaml", None, f"warning {warning.topic!r}: "
                                     f"unknown escalation concepts {', '.join(sorted(unknown))}")
        return cls(monograph, retriever, escalator, regions, messages, problem, follow_ups,
                   quoting, small_talk, faq, other_languages)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading builds some hundred thousand objects and frees almost none: the cyclic garbage
    collector, which would walk them all again and again meanwhile (~15 ms of a cold `ask`),
    is paused until the knowledge is built."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_retrieval(directory: Path) -> tuple[Monograph, Retriever, set[str]]:
    """The monograph and everything retrieval needs; also the words escalation must know.

    What these files parse into (lexicon, passage questions, answer types, voices) and what
    the retriever derives from them come from the prebuilt index (assistant/index.py) when
    it was built from these very files and this code; else everything is loaded, validated,
    built and the index stored."""
    use_vocabulary(directory)  # stems of the knowledge's own words, from its files alone
    monograph = load_monograph(directory / "baclofen.md")
    stopwords = load_word_list(directory / "stopwords.txt")
    index = load_index(directory, _index_complete)
    if index is not None:
        inputs = index["inputs"]
        retriever = Retriever.from_state(
            monograph, Lexicon.from_json(inputs["lexicon"]), stopwords, index["retriever"],
            questions={pid: tuple(qs) for pid, qs in inputs["questions"].items()},
            answer_types=answer_types_from_json(inputs["answer_types"]), voices=inputs["voices"],
            routes=routes_from_json(inputs["routes"]))
        return monograph, retriever, set(index["monograph_words"]) | set(stopwords)
    ids = {p.id for p in monograph.passages}
    questions = load_passage_questions(ids, directory / "passage-questions.yaml")
    asked = load_asked_questions(ids, directory / ASKED_FILE)
    unanswered = load_unanswered_questions(directory / UNANSWERED_FILE)
    answer_types = load_answer_types({p.section for p in monograph.passages},
                                     directory / "answer-types.yaml")
    lexicon = load_lexicon(directory / "lexicon.yaml")
    voices = load_voices(monograph, directory / "voice.yaml")
    routes = load_routes(monograph, directory / "voice.yaml")
    retriever = Retriever(monograph, lexicon, stopwords, questions=questions, answer_types=answer_types,
                          voices=voices, routes=routes, asked=asked, unanswered=unanswered)
    monograph_words = {w for p in monograph.passages for w in words(p.text)}
    store_index(directory, {
        "inputs": {"lexicon": lexicon.to_json(),
                   "questions": {pid: list(qs) for pid, qs in questions.items()},
                   "answer_types": answer_types_to_json(answer_types), "voices": voices,
                   "routes": routes_to_json(routes)},
        "retriever": retriever.state(), "monograph_words": sorted(monograph_words)})
    return monograph, retriever, monograph_words | set(stopwords)


def _index_complete(data: dict[str, Any]) -> bool:
    return (isinstance(data.get("retriever"), dict) and isinstance(data.get("inputs"), dict)
            and isinstance(data.get("monograph_words"), list))


def _read_with(escalation: Escalation, earlier: str) -> Escalation:
    """A follow-up's finding, marked with the report it was read with (`Escalation.read_with`)."""
    return replace(escalation, read_with=earlier) if escalation.escalated else escalation


def _more_severe(escalation: Escalation, than: Escalation) -> bool:
    order = ("none", *reversed(ESCALATION_LEVELS))  # least severe first
    return order.index(escalation.level) > order.index(than.level)


class Assistant:
    def __init__(self, knowledge: Knowledge, region: Region) -> None:
        self.knowledge = knowledge
        self.region = region

    @classmethod
    def load(cls, region: str | None = None, directory: Path | None = None,
             allow_degraded: bool = False) -> Assistant:
        """Load the knowledge and pick the region (argument, then environment, then default).
        ``allow_degraded``: a broken retrieval file leaves escalation and the numbers working."""
        knowledge = Knowledge.load(directory, allow_degraded)
        return cls(knowledge, knowledge.regions.get(region))

    def message(self, key: str, **values: object) -> str:
        return self.knowledge.messages[key].format(**values)

    def respond(self, question: str, top_k: int = 3,
                conversation: Conversation | None = None) -> Reply:
        """Answer one message, within ``conversation`` if given (it is updated). Never raises.

        An escalated reply carries the contact message and only the rule's own quote (e.g. the
        overdose section): in an emergency, loosely related passages are noise. An over-long
        message is refused, but its first part is still checked for emergencies."""
        reply = self._respond(question, top_k, conversation)
        if conversation is not None and question and question.strip():
            conversation.add(question[:MAX_QUESTION_CHARS], reply.escalation)
            if reply.quotes:  # what "show all" expands
                conversation.last_reply = reply
        return reply

    def _respond(self, question: str, top_k: int, conversation: Conversation | None) -> Reply:
        if not question or not question.strip():
            return Reply(question, notice=self.message("no_question"))
        previous = conversation.previous if conversation else None
        try:
            escalation = self._escalate(question[:MAX_QUESTION_CHARS], learned=conversation is None)
            if not escalation.escalated and len(question) > MAX_QUESTION_CHARS:
                # an over-long message is read at both ends: the reason for writing often comes
                # last ("… anyway, he is not breathing now")
                escalation = self._escalate(question[-MAX_QUESTION_CHARS:], learned=conversation is None)
            escalator = self.knowledge.escalator
            own_finding = escalation  # what the rules read in the message itself
            stood_down = (escalator.stood_down_within(question[:MAX_QUESTION_CHARS])
                          if escalation.escalated else None)
            if stood_down is not None:
                # an alarm the message stands down itself ("I thought he ate my pills. They were
                # sweets."): what it says after is judged alone, by the net only when it names a
                # sign of its own, as a follow-up standing an alarm down is
                escalation = self._escalate(stood_down, learned=conversation is None
                                            and escalator.names_a_sign(stood_down))
            corrected = (self.knowledge.escalator.corrected(previous[-MAX_QUESTION_CHARS:], question[:MAX_QUESTION_CHARS])
                         if conversation is not None and previous else None)
            if corrected is not None:
                # a follow-up putting an amount right ("my son took 2 of my pills" / "sorry, I
                # meant 20"): judged by the rules as the message it corrects, sent so (not by the
                # learned net: the amended text is ours, not a wording to read)
                amended = self._escalate(corrected[:MAX_QUESTION_CHARS], learned=False)
                if _more_severe(amended, escalation):
                    escalation = amended
            if (not escalation.escalated and conversation is not None and stood_down is None
                    and conversation.since_escalation):
                # a message split over sends ("he is not" / "breathing"), or a report that leans
                # on what came before, since the last escalation ("has a pump" … "it's beeping")
                for joiner in escalator.readings_of(question):  # as one sentence, then as separate ones
                    escalation = self._escalate(joiner.join((*conversation.since_escalation, question))
                                                [-MAX_QUESTION_CHARS:], learned=False)
                    if escalation.escalated:
                        break
            if (not escalation.escalated and conversation is not None and conversation.last_escalated
                    and previous and not self.knowledge.escalator.closes_alarm(previous[-MAX_QUESTION_CHARS:],
                                                                              question[:MAX_QUESTION_CHARS])):
                # a follow-up to a message that escalated, adding what makes another rule fire
                # (not one taking it back: "found them all" is no swallowing of them all)
                escalation = _read_with(self._escalation_of(self.knowledge.escalator.new_finding(
                    previous[-MAX_QUESTION_CHARS:], question[:MAX_QUESTION_CHARS])), previous)
                raised_by = conversation.alarm_from
                if (not escalation.escalated and raised_by and raised_by != previous
                        and not self.knowledge.escalator.closes_alarm(raised_by[-MAX_QUESTION_CHARS:],
                                                                      question[:MAX_QUESTION_CHARS])):
                    # what the follow-up adds to the report that raised the alarm, however many
                    # messages ago ("dad took about 12 of his tablets" … "he's asleep now"): a new
                    # sign after an overdose is its own emergency, after the alarm stops being kept
                    escalation = _read_with(self._escalation_of(self.knowledge.escalator.new_finding(
                        raised_by[-MAX_QUESTION_CHARS:], question[:MAX_QUESTION_CHARS])), raised_by)
                if (not escalation.escalated and conversation.last_alarm is not None
                        and self.knowledge.escalator.keeps_alarm(question[:MAX_QUESTION_CHARS])):
                    # "she seems okay for now, should I be worried?": the event is not over
                    follow_ups = self.knowledge.follow_ups
                    escalation = replace(conversation.last_alarm, kept=True, answered=follow_ups is None
                                         or follow_ups.asks(question, words(question)))
            if escalation.level == "urgent" and conversation is not None:
                # the learned net may raise a rule's urgent finding to an emergency, in a
                # conversation as for a message alone (the chat answers as `ask` does)
                raised = self.knowledge.escalator.raised(question[:MAX_QUESTION_CHARS],
                                                         quote=escalation.quote)
                if raised is not None:
                    escalation = self._escalation_of(raised)
            if (not escalation.escalated and conversation is not None
                    and (stood_down is None or escalator.names_a_sign(stood_down))):
                # the learned safety net last: the rules, reading the conversation, know better
                # that "it's beeping now" after "she has a pump" is urgent; after an alarm it
                # only raises above it ("ok calling now" is no new alarm, but a crisis after an
                # extra dose is)
                learned = self._escalation_of(self.knowledge.escalator.learned_finding(
                    stood_down if stood_down is not None else question[:MAX_QUESTION_CHARS]))
                before = conversation.last_alarm
                # read alone, whatever came before: read with a calm question before it ("what
                # is baclofen used for" / "his chest is barely moving"), the net finds the
                # question's calm and missed 25 of 30 such reports (a red team's trial); after an
                # alarm, a finding as severe is shown again ("i feel depressed" / "i have the
                # pills in my hand"), unless the follow-up says the advice is being followed or
                # the scare is over
                heeds = self.knowledge.escalator.heeds_alarm(question[:MAX_QUESTION_CHARS])
                raised_by = conversation.alarm_from or previous
                closes = raised_by is not None and self.knowledge.escalator.closes_alarm(
                    raised_by[-MAX_QUESTION_CHARS:], question[:MAX_QUESTION_CHARS])
                # an all-clear ("we rang 111, they said he'll be fine") is no report for the net
                # to raise, unless it names a sign of its own beside the words standing it down
                quiet = heeds or (closes and not self.knowledge.escalator.names_a_sign_beside_stand_down(
                    question[:MAX_QUESTION_CHARS]))
                if (before is None or (_more_severe(learned, before) and not quiet)
                        or (learned.escalated and not self._rules_keep(conversation, question)
                            and not _more_severe(before, learned) and not heeds and not closes)):
                    escalation = learned
                elif learned.escalated and not heeds and not closes and _more_severe(before, learned):
                    # alarming to the net, less than the alarm before it ("overdose - brother" /
                    # "he's awake now ... wanting to do it again properly", urgent alone): the
                    # alarm before stands, as for a lesser sign after an emergency
                    follow_ups = self.knowledge.follow_ups
                    escalation = replace(before, kept=True, answered=follow_ups is None
                                         or follow_ups.asks(question, words(question)))
            if (not escalation.escalated and conversation is not None and conversation.closed_from
                    and escalator.reopens(question[:MAX_QUESTION_CHARS])):
                # an amount put right after the alarm was stood down ("my daughter got into my
                # baclofen" / "poison control said the amount was safe" / "wait i miscounted, she
                # took 8 not 2"): the report read again with it, by the rules
                escalation = _read_with(self._escalation_of(escalator.check(
                    f"{conversation.closed_from[-MAX_QUESTION_CHARS:]} {question[:MAX_QUESTION_CHARS]}",
                    escalator.learned_ids)), conversation.closed_from)
            standing = conversation.standing_alarm if conversation is not None else None
            if (not escalation.escalated and standing is not None
                    and self.knowledge.escalator.still_raised(standing[1], question[:MAX_QUESTION_CHARS],
                                                              learned=standing[0].rule in escalator.learned_ids)
                    and not self.knowledge.escalator.heeds_alarm(question[:MAX_QUESTION_CHARS])
                    and not self.knowledge.escalator.closes_alarm(standing[1], question[:MAX_QUESTION_CHARS])):
                # a follow-up to an alarm that leaves it standing ("my son swallowed 20 of my
                # pills" / "what number do i call", "he's 6"): its message again, and the answer
                follow_ups = self.knowledge.follow_ups
                escalation = replace(standing[0], kept=True, answered=follow_ups is None
                                     or follow_ups.asks(question, words(question)))
            if (escalation.rule in self.knowledge.escalator.emergency_signs
                    and standing is not None and standing[0].level == "emergency"
                    and self.knowledge.escalator.still_raised(standing[1], question[:MAX_QUESTION_CHARS])
                    and not self.knowledge.escalator.closes_alarm(standing[1], question[:MAX_QUESTION_CHARS])):
                # a lesser sign after an emergency ("she took 20 tablets" / "she just had a fit",
                # urgent alone): the emergency stands, the new sign part of it
                follow_ups = self.knowledge.follow_ups
                escalation = replace(standing[0], kept=True, answered=follow_ups is None
                                     or follow_ups.asks(question, words(question)))
            over = (conversation is not None and escalation.kept and not own_finding.escalated
                    and self._reads_as_over(question[:MAX_QUESTION_CHARS], conversation))
            if over:
                # an alarm shown again only because nothing closed it, for a follow-up the
                # stand-down reader takes for the scare being over ("it's blue raspberry
                # slushie", "he's up, he had his headphones in"): answered as any message
                escalation = NO_ESCALATION
            escalation = self._in_english_unless_read(escalation, question[:MAX_QUESTION_CHARS])
            escalation = self._help_coming(escalation, question[:MAX_QUESTION_CHARS], conversation)
        except Exception:
            log.exception("escalation failed")
            return Reply(question, notice=self._with_numbers(self.message("lookup_failed")))
        if (not escalation.escalated and conversation is not None and conversation.last_alarm is not None
                and (self.knowledge.escalator.heeds_alarm(question[:MAX_QUESTION_CHARS])
                     or self._stands_down(question, conversation, over))):
            # "ok calling now" after an alarm: no passage about calling doctors, no second alarm;
            # nor the overdose list for "I rang poison help and they said I'm fine, just rest"
            return Reply(question, notice=self._with_numbers(self.message("alarm_heeded")), kind="small-talk")
        if escalation.rule in self.knowledge.escalator.learned_ids and unreadable(question):
            escalation = Escalation("none")  # the learned net's reading of binary noise is noise
        if not escalation.escalated and unreadable(question):
            # binary bytes, control codes: no question in it, and nothing quoted from its noise
            return Reply(question, notice=self._with_numbers(self.message("unreadable")))
        talk = self.knowledge.small_talk
        kind = talk.kind(question) if talk and not escalation.escalated else None
        if talk and escalation.kept and talk.kind(question) == "help":
            # "help", "what can you do" under an alarm shown again: the alarm, and what the
            # assistant can do under it (a trial: only the crisis box came back, four times)
            return Reply(question, (), escalation, notice=self.message("smalltalk_help"), kind="small-talk")
        if kind == "show_all":
            return self._show_all(question, conversation)
        if kind:  # a greeting, thanks, goodbye or help: a fixed, friendly reply
            return Reply(question, notice=self.message(f"smalltalk_{kind}"), kind="small-talk")
        pinned = self._faq_by_question.get(faq_key(question)) if not escalation.escalated else None
        if pinned is not None:  # an FAQ (chosen, or typed as written): its pinned passages
            return self.faq_reply(pinned, question, top_k)
        if len(question) > MAX_QUESTION_CHARS and not escalation.escalated:
            return Reply(question, notice=self._with_numbers(self.message("too_long", limit=MAX_QUESTION_CHARS)))
        if not escalation.escalated and (foreign := self.knowledge.escalator.notice(question)):
            return Reply(question, notice=f"{foreign[1]} {self.region.strip}")
        if escalation.escalated and not escalation.answered:
            quotes = self._rule_quote(escalation.quote, question)
            return Reply(question, quotes, escalation,
                         disclaimer=self.message("disclaimer") if quotes else None)
        script = self.knowledge.other_languages.script_of(question) if escalation.language == "en" else None
        if script is not None:
            # another writing system ("我儿子吞了20片巴氯芬"): nothing of it can be read, so
            # nothing is quoted from the numbers alone; the notice, in its language where known
            own = self.knowledge.other_languages.scripts.get(script)
            return Reply(question, (), escalation, notice=self._with_numbers(
                f"{own + ' ' if own else ''}{self.message('english_only')}"))
        # (the marker words first: the English word list loads only for a message that has them)
        own_language = (self.knowledge.other_languages.notice_for(question)
                        if escalation.language == "en" else None)
        if own_language is not None and not looks_english(words(question)):
            # a language the assistant does not read ("mein Vater wacht nicht auf"): nothing is
            # quoted from a misreading; the notice in that language, under any alarm
            return Reply(question, (), escalation,
                         notice=self._with_numbers(f"{own_language} {self.message('english_only')}"))
        if self.knowledge.retriever is None:  # a degraded load: escalation ran; nothing to look up
            if escalation.escalated:
                return Reply(question, (), escalation)
            return Reply(question, notice=self._with_numbers(self.message("lookup_failed")))
        try:
            follow_ups = self.knowledge.follow_ups
            kind = follow_ups.kind(words(question)) if previous and follow_ups else None
            definition = self._definition(question)
            # the conversation so far, oldest first, the new message counting more: "i have
            # epilepsy" / "my neurologist just started me on baclofen" / "is that a problem?"
            weight = follow_ups.new_message_weight if follow_ups else 1
            context = (" ".join((*conversation.recent, *[question] * weight))
                       if conversation and previous else None)
            # the conversation and the whole message, for the way of giving the drug they name
            # ("I've had a pump for years" / "it doesn't work as well anymore")
            setting = " ".join((*conversation.recent, question)) if conversation and previous else question
            if kind == "same-topic" and self.knowledge.retriever.names_a_topic(question):
                kind = None  # "is it safe in pregnancy?" after alcohol: a question of its own
            if context and self.knowledge.retriever.elsewhere(question):
                # "how long does the flu usually last?" after alcohol: about something else, which
                # no earlier question frames (retrieval-experiments §24)
                kind, context = None, None
            if kind == "same-topic" and context:  # "how long should I wait then?" after driving
                quotes, corrections, readings = self._retrieve(context, top_k, alone=False, own=question, setting=setting)
                quotes = self._in_the_topic_first(quotes, conversation, previous)
                if not quotes:
                    quotes, corrections, readings = self._retrieve(question, top_k, anchored=False, setting=setting)
            else:
                quotes, corrections, readings = self._retrieve(question, top_k, anchored=previous is None, setting=setting)
                if not quotes:
                    # "What is baclofen actually used for? My husband with MS was just given it
                    # by his neurologist.": the background's words, unmatched, sank the question,
                    # which alone answers when it matches strongly (RetrieverSettings)
                    least = self._retriever.settings.question_alone_score
                    for asked in self._asking_sentences(question):
                        found = self._retrieve(asked, top_k, anchored=False, setting=setting)
                        if found[0] and found[0][0].score >= least:
                            quotes, readings = found[0], found[2]
                            break
                if context and kind == "new-topic":
                    # "and for the liquid one?" after a dose question: the earlier question's
                    # frame with the new topic, when the passage found that way holds the new
                    # message's own words ("what about weed?" after alcohol finds nothing so).
                    # The frame is the question it follows, then the recent ones with it (older
                    # topics - a brand, a price - would pull "and the liquid?" elsewhere)
                    for frame in dict.fromkeys((" ".join((previous or "", *[question] * weight)), context)):
                        framed = self._retrieve(frame, top_k, alone=False, own=question, setting=setting)
                        if framed[0] and (not quotes or self._holds_new_topic(framed[0][0], question)):
                            quotes, corrections, readings = framed
                            break
                elif context and follow_ups is not None and follow_ups.short(words(question)) and (
                        not quotes or (len(self.knowledge.retriever.reader.read(question)) <= 1
                                       and not self.knowledge.retriever.names_a_topic(question)
                                       and not self.knowledge.retriever.reader.names_drug(question)
                                       and not self.knowledge.retriever.asked_on_its_own(question))):
                    # "what would happen if i did?": nothing alone; "like forever??": one word
                    # alone says too little, the earlier question gives its topic; "what are the
                    # side effects?", a question people ask on its own, is answered on its own
                    quotes, corrections, readings = self._retrieve(context, top_k, alone=False, own=question, setting=setting)
        except Exception:
            log.exception("retrieval failed")  # never the question: no user words in logs
            if escalation.escalated:  # a learned alarm stands without the answer it came with
                return Reply(question, (), escalation)
            return Reply(question, notice=self._with_numbers(self.message("lookup_failed")))
        if definition is not None:  # the monograph's own explanation of the word, first
            first = self._quote(definition.passage, definition.items)
            quotes = (first, *(q for q in quotes if q.passage_id != first.passage_id))[:top_k]
        retriever = self.knowledge.retriever
        if escalation.kept and escalation.message_key.startswith(CRISIS_MESSAGE) and self._asks_amount(question):
            # after talk of self-harm, no amounts: "how many of the 10mg ones would do that" got
            # the dosing tables under the crisis line (a user's trial); other questions ("can
            # baclofen cause depression?") are answered under it
            quotes = ()
        elif escalation.kept and not (retriever.names_a_topic(question) or retriever.asked_on_its_own(question)):
            # a question under an alarm kept for it that names no topic of its own and is not
            # one people ask on its own ("should I still take him to hospital?" after 30
            # tablets) is about the event: its passage, and what the event's own section answers
            # of it, never what its other words find elsewhere (a new user's trial got the pump
            # trials; "what symptoms should I watch for?" after a double dose, the overdose
            # symptoms); "can he drink alcohol tonight?" is answered
            quotes = self._about_the_event(question, escalation, conversation, top_k)
        if escalation.escalated and escalation.quote:
            # a rule that keeps the answer ("just found out I'm pregnant") quotes its own passage first
            quotes = (*self._rule_quote(escalation.quote, question),
                      *(q for q in quotes if q.passage_id != escalation.quote))[:top_k]
        warning = self._warning(question)
        if warning is not None and not {q.passage_id for q in quotes} & set(warning.passages):
            # "can we stop his baclofen?": the warning first, when no quote carries it yet
            quotes = (self._quote(self._monograph.passage(warning.passages[0])), *quotes)[:top_k]
        if not quotes:
            if escalation.escalated:  # the contact message alone
                return Reply(question, (), escalation, corrections=corrections)
            if not looks_english(words(question)):  # "wie viel darf ich nehmen?"
                return Reply(question, notice=self._with_numbers(self.message("english_only")))
            if self._about_animal(question):  # "my dog ate one of my baclofen": a vet, not "not covered"
                return Reply(question, notice=self.message("animal"), corrections=corrections)
            # whatever was not understood (a language it does not read, words it does not
            # know), the numbers are there
            return Reply(question, notice=self._with_numbers(self.message("not_covered")), corrections=corrections)
        if self._asks_own_dose(question):  # "I weigh 60kg, how many mg should I take?"
            readings = (*readings, self.message("personal_dose"))
        if self._about_animal(question):
            readings = (*readings, self.message("animal"))
        return Reply(question, quotes, escalation, disclaimer=self.message("disclaimer"),
                     corrections=corrections, readings=readings)

    def _asking_sentences(self, message: str) -> list[str]:
        """The sentences of a message that ask something, when it also tells something (a
        question with its background): each may be searched on its own."""
        follow_ups = self.knowledge.follow_ups
        said = [s.strip() for s in sentences(message)]
        if follow_ups is None or len(said) < 2:
            return []
        asking = [s for s in said if follow_ups.asks(s, words(s))]
        return asking if len(asking) < len(said) else []

    def _about_the_event(self, question: str, escalation: Escalation, conversation: Conversation | None,
                         top_k: int) -> tuple[Quote, ...]:
        """The passages of the alarm's own section that the question finds when read with the
        message that raised the alarm ("my mum took her evening baclofen twice" / "what symptoms
        should I watch for?": the overdose symptoms)."""
        event = conversation.alarm_from if conversation is not None else None
        if not escalation.quote or not event:
            return ()
        try:
            section = self._monograph.passage(escalation.quote).section
            # ranked, not gated: the event's long report leaves much of the message unmatched,
            # and nothing outside the alarm's own section is quoted
            result = self._retriever.search(f"{event} {question}", top_k, False, False)
            return tuple(self._quote(hit.passage, hit.items, hit.score, hit.matched)
                         for hit in result.hits if hit.passage.section == section)
        except Exception:  # the alarm and its own passage stand without these
            log.exception("passages about the event")
            return ()

    @staticmethod
    def _in_the_topic_first(quotes: tuple[Quote, ...], conversation: Conversation | None,
                            previous: str | None) -> tuple[Quote, ...]:
        """A follow-up asking more about the same topic continues the answer it follows: among
        what the conversation finds, passages from the sections that answer quoted come first
        ("how long should I wait then?" after driving: driving's "first few days" before the
        pump's "about two hours", which "how long" found)."""
        last = conversation.last_reply if conversation is not None else None
        if not isinstance(last, Reply) or last.question != previous or not quotes:
            return quotes
        sections = {quote.section for quote in last.quotes}
        return tuple(sorted(quotes, key=lambda quote: quote.section not in sections))

    def _asks_amount(self, question: str) -> bool:
        """Whether a question asks for an amount (quoting.yaml `amount_questions`, or the answer
        type `dose`: "how much", "mg")."""
        retriever = self._retriever
        return self.knowledge.quoting.amounts.asked(self._said(question)) or any(
            t.name == "dose" for t in retriever.asked_types(question, retriever.reader.read(question)))

    def _rules_keep(self, conversation: Conversation, question: str) -> bool:
        """Whether a rule still raises the standing alarm with this follow-up (its message is
        then shown again as it was, `still_raised`)."""
        standing = conversation.standing_alarm
        return standing is not None and self.knowledge.escalator.still_raised(
            standing[1], question[:MAX_QUESTION_CHARS])

    def _help_coming(self, escalation: Escalation, question: str,
                     conversation: Conversation | None) -> Escalation:
        """An emergency kept for a follow-up that says help is on its way and asks what to do
        meanwhile ("ambulance is on its way, anything I should do until they get here?", "I've
        called 911, what do I do while I wait"): still an emergency, with its "help is on its
        way" message (escalation.yaml `help_coming`) instead of "call now" again, and answered.
        A new finding in the follow-up ("they're coming, but now he's not breathing") keeps its
        own message."""
        escalator, follow_ups = self.knowledge.escalator, self.knowledge.follow_ups
        alarm = conversation.last_alarm if conversation is not None else None
        if (alarm is None or alarm.level != "emergency" or follow_ups is None
                or not escalator.heeds_alarm(question) or not follow_ups.asks(question, words(question))):
            return escalation
        if not escalation.escalated:
            raised_by = conversation.alarm_from if conversation is not None else None
            if raised_by and escalator.closes_alarm(raised_by[-MAX_QUESTION_CHARS:], question):
                return escalation
            escalation = replace(alarm, kept=True, answered=True)
        same_alarm = escalation.kept or escalation.message_key == alarm.message_key
        variant = escalator.help_coming.get(escalation.message_key) if same_alarm else None
        if variant is None:
            return escalation
        lines = escalator.messages.get(escalation.language, escalator.messages["en"])[variant]
        return replace(escalation, message=self.region.fill(lines, escalation.language), message_key=variant)

    def _stands_down(self, question: str, conversation: Conversation, over: bool = False) -> bool:
        """A follow-up to an alarm that says it is over or was advised on ("they said I'm fine,
        just rest"), and asks nothing: acknowledged, not answered with passages. ``over``: the
        stand-down reader already took it for the scare being over."""
        follow_ups, talk = self.knowledge.follow_ups, self.knowledge.small_talk
        previous = conversation.previous
        try:
            return (previous is not None and follow_ups is not None
                    and not (talk and talk.kind(question))  # "never mind", "thanks": small talk's
                    and not follow_ups.asks(question, words(question))
                    and (over or self.knowledge.escalator.closes_alarm(previous[-MAX_QUESTION_CHARS:],
                                                                       question[:MAX_QUESTION_CHARS])))
        except Exception:
            log.exception("reading a follow-up failed")  # then it is answered as any message
            return False

    def _reads_as_over(self, question: str, conversation: Conversation) -> bool:
        """Whether a follow-up to the standing alarm says the scare is over, as the learned
        stand-down reader reads it (H177; after an emergency only when surer still, H182), where
        it may: never after talk of self-harm (no all-clear closes it, `closes_alarm`), nor for
        a follow-up that only asks ("can he eat?": the event is not over for asking), names a
        sign ("he's laughing but his lips are still blue") or puts an amount right ("actually it
        was three extra")."""
        escalator, follow_ups = self.knowledge.escalator, self.knowledge.follow_ups
        alarm, raised_by = conversation.last_alarm, conversation.alarm_from or conversation.previous
        if alarm is None or raised_by is None or follow_ups is None:
            return False
        said = [s for s in sentences(question) if len(words(s)) >= 2]
        if not any(not follow_ups.asks(s, words(s)) for s in said):
            return False
        return (not escalator.raises_crisis(raised_by[-MAX_QUESTION_CHARS:])
                and not escalator.names_a_sign_beside_stand_down(question)
                and not escalator.tells_before(question[:MAX_QUESTION_CHARS])
                and not escalator.reopens(question)
                and escalator.reads_as_over(question, alarm))

    def _holds_new_topic(self, quote: Quote, question: str) -> bool:
        """Whether ``quote``'s passage holds a word (or a lexicon meaning) of ``question``."""
        retriever = self._retriever
        stems = {s for t in retriever.reader.read(question) for alt in t.alternatives for s in alt}
        index = next((i for i, p in enumerate(retriever.passages) if p.id == quote.passage_id), None)
        return index is not None and bool(stems & retriever.doc_stems[index])

    @cached_property
    def _definitions(self) -> Definitions | None:
        monograph = self.knowledge.monograph
        if monograph is None or not self.knowledge.quoting.definition_questions:
            return None
        return Definitions(monograph.passages, self.knowledge.quoting.definition_questions)

    def _definition(self, question: str) -> Definition | None:
        """Where the monograph explains the X of "what does X mean", if it does."""
        definitions = self._definitions
        drug_words = self.knowledge.retriever.drug_words if self.knowledge.retriever else frozenset()
        term = definitions.term(question, drug_words) if definitions else None
        if definitions is None or term is None:
            return None
        speller = self._retriever.reader.speller
        return definitions.find(term, lambda w: w if w in speller else (speller.correct(w) or w))

    def _said(self, question: str) -> list[str]:
        """The question's words as quoting.yaml's cues read them: the drug's names as "it"."""
        drug_words = self.knowledge.retriever.drug_words if self.knowledge.retriever else frozenset()
        return ["it" if w in drug_words else w for w in words(question)]

    def _asks_own_dose(self, question: str) -> bool:
        """Whether the question asks for a dose for the asker's own weight, age or health
        (knowledge/quoting.yaml, `personal_dose`): the quotes then come with a fixed line saying
        that the assistant cannot work one out."""
        return self.knowledge.quoting.personal_dose.asked(self._said(question))

    def _about_animal(self, question: str) -> bool:
        """Whether the question is about a pet (knowledge/quoting.yaml, `animal`): the monograph
        is for people, so the reply points to a vet."""
        return self.knowledge.quoting.animal.asked(self._said(question))

    def _warning(self, question: str) -> Warning | None:
        """The first warning topic (knowledge/quoting.yaml) the question is on, if any."""
        retriever = self.knowledge.retriever
        if retriever is None or not self.knowledge.quoting.warnings:
            return None
        said = self._said(question)
        escalator = self.knowledge.escalator

        def by_concepts(warning: Warning) -> bool:
            try:
                return bool(warning.concepts) and escalator.mentions_all(warning.concepts, question)
            except Exception:
                log.exception("reading a warning's concepts failed")  # its cues still count
                return False

        warning = next((w for w in self.knowledge.quoting.warnings if w.asked(said) or by_concepts(w)), None)
        if warning is not None and retriever.reader.another_medicine_alone(question, retriever.reader.read(question)):
            return None  # "how should I taper off Xanax safely?": about another medicine
        return warning

    @cached_property
    def _faq_by_question(self) -> dict[str, FaqEntry]:
        return {faq_key(entry.question): entry for entry in self.knowledge.faq}

    def faq_reply(self, entry: FaqEntry, question: str | None = None, top_k: int = 3) -> Reply:
        """An FAQ's pinned answer: exactly the passages (and bullets) faq.yaml names, in its
        order (at most ``top_k``)."""
        monograph = self._monograph
        quotes = []
        for pin in entry.answer[:top_k]:
            passage = monograph.passage(pin.passage_id)
            quote = self._quote(passage, pin.items or ())
            quotes.append(quote.whole() if pin.whole else quote)
        return Reply(question or entry.question, tuple(quotes),
                     disclaimer=self.message("disclaimer"))

    def _show_all(self, question: str, conversation: Conversation | None) -> Reply:
        """The last answer again, with every list whole ("show all", "more")."""
        last = conversation.last_reply if conversation else None
        if not isinstance(last, Reply) or not last.shortened:
            return Reply(question, notice=self.message("nothing_to_expand"), kind="small-talk")
        return replace(last.expanded(), question=question)

    @property
    def _retriever(self) -> Retriever:
        """The retriever; a degraded load has none (callers show the numbers instead)."""
        if self.knowledge.retriever is None:
            raise RuntimeError(f"knowledge not loaded: {self.knowledge.problem}")
        return self.knowledge.retriever

    @property
    def _monograph(self) -> Monograph:
        if self.knowledge.monograph is None:
            raise RuntimeError(f"knowledge not loaded: {self.knowledge.problem}")
        return self.knowledge.monograph

    def _with_numbers(self, text: str) -> str:
        return f"{text} {self.region.strip}"

    def _escalate(self, question: str, learned: bool = True) -> Escalation:
        """``learned``: also ask the learned safety net (it reads single messages, never a
        conversation joined into one, and is asked after the rules have read the conversation)."""
        escalator = self.knowledge.escalator
        return self._escalation_of(escalator.check(question, frozenset() if learned else escalator.learned_ids))

    def _escalation_of(self, found: Finding | None) -> Escalation:
        escalator = self.knowledge.escalator
        if not found:
            return Escalation("none")
        rule = found.rule
        lines = escalator.messages.get(found.language, escalator.messages["en"])[rule.message]
        return Escalation(rule.level, rule.id, self.region.fill(lines, found.language), rule.quote,
                          found.language, rule.answered, message_key=rule.message)

    def _in_english_unless_read(self, escalation: Escalation, question: str) -> Escalation:
        """An alarm found in a language the assistant reads (Spanish) in a message that holds
        more marker words of one it does not ("mio padre ha preso 20 compresse e non respira":
        Italian, sharing "padre" and "respira"): its message in English, not in Spanish."""
        escalator = self.knowledge.escalator
        if escalation.language == "en" or not escalation.escalated or not escalation.message_key:
            return escalation
        own = escalator.marker_count(question, escalation.language)
        if self.knowledge.other_languages.most_markers(question) <= own:
            return escalation
        lines = escalator.messages["en"][escalation.message_key]
        return replace(escalation, message=self.region.fill(lines, "en"), language="en")

    def _retrieve(self, question: str, top_k: int, anchored: bool = True, alone: bool = True,
                  own: str | None = None, setting: str | None = None,
                  ) -> tuple[tuple[Quote, ...], tuple[tuple[str, str], ...], tuple[str, ...]]:
        """Quotes, spelling corrections (typed, read as), and "Xanax is alprazolam." lines.
        ``anchored``: a rare word may answer alone (not for a follow-up, which leans on the
        conversation instead); ``alone``: one message, not the conversation read together;
        ``own``: the new message of a conversation searched together, whose words alone get
        corrections and lines (not "Ibuprofen is not named" again three questions later);
        ``setting``: the conversation, for the route it names (`Retriever.search`)."""
        result = self._retriever.search(question, top_k, anchored, alone, setting)
        if alone and result.confident:
            result = replace(result, hits=self._each_question_answered(question, result.hits, top_k, anchored))
        said = set(words(own)) if own is not None else None
        terms = tuple(t for t in result.terms if said is None or set(words(t.surface)) <= said)
        corrections = tuple((t.surface, t.read_as) for t in terms if t.read_as)
        if not result.confident:
            return (), corrections, ()
        quotes = tuple(self._quote(hit.passage, hit.items, hit.score, hit.matched)
                       for hit in self._with_what_they_introduce(result.hits, top_k))
        return quotes, corrections, self._brand_readings(terms, result.hits[0].matched)

    def _each_question_answered(self, question: str, hits: tuple[Hit, ...], top_k: int,
                                anchored: bool) -> tuple[Hit, ...]:
        """Two questions in one message ("is it safe in pregnancy? also what are the side
        effects?"): the best passage for each, searched alone, among the quotes shown, in place
        of the lowest-ranked one that answers neither; the message's own first answer stays."""
        least = self._retriever.settings.min_asked_words
        asked = [s for s in sentences(question) if s.rstrip().endswith("?") and len(words(s)) >= least]
        if len(asked) < 2:
            return hits
        shown = list(hits[:top_k])
        kept = {shown[0].passage.id} if shown else set()
        for sentence in asked[:top_k]:
            found = self._retriever.search(sentence, top_k, anchored, True)
            if not found.confident or not found.hits:
                continue
            best = found.hits[0]
            if any(h.passage.id == best.passage.id for h in shown):
                kept.add(best.passage.id)
                continue
            spare = [i for i, h in enumerate(shown) if h.passage.id not in kept]
            if len(shown) < top_k:
                shown.append(best)
            elif spare:
                shown[spare[-1]] = best
            else:
                continue
            kept.add(best.passage.id)
        return tuple(shown) + tuple(h for h in hits[top_k:] if h not in shown)

    def _with_what_they_introduce(self, hits: tuple[Hit, ...], top_k: int) -> tuple[Hit, ...]:
        """A paragraph that ends by introducing what follows ("… if you have any questions
        about them:") is quoted with the passage it introduces right after it, never alone."""
        passages = self._monograph.passages
        position = {p.id: i for i, p in enumerate(passages)}
        out: list[Hit] = []
        for hit in hits:
            if hit in out:
                continue
            out.append(hit)
            at = position.get(hit.passage.id)
            if hit.passage.items or not hit.passage.text.rstrip().endswith(":") or at is None \
                    or at + 1 >= len(passages) or passages[at + 1].section != hit.passage.section:
                continue
            following = passages[at + 1]
            found = next((h for h in hits if h.passage is following), None)
            out.append(found or Hit(following, hit.score, hit.matched, ()))
        return tuple(dict.fromkeys(out))[:top_k]

    def _brand_readings(self, terms: tuple[Term, ...], matched: frozenset[str]) -> tuple[str, ...]:
        """For each brand (lexicon.yaml) whose generic name the top quote was found by: a fixed
        line saying what it is, from the lexicon's brand → generic mapping; for a medicine the
        monograph never names, a fixed line saying so."""
        lexicon = self._retriever.reader.lexicon
        lines: list[str] = []
        for term in terms:
            if term.kind == "medicine":  # "Tylenol is not named in the baclofen information"
                named = " ".join(w.capitalize() for w in words(term.read_as or term.surface))
                line = self.message("not_named", medicine=named)
                if line not in lines:
                    lines.append(line)
                continue
            if term.kind != "brand":
                continue
            expansion = lexicon.expansions.get(tuple(words(term.read_as or term.surface)))
            generic_stems = {s for alternative in term.alternatives[1:] for s in alternative}
            if expansion is None or expansion.kind != "brand" or not generic_stems & matched:
                continue
            brand = " ".join(w.capitalize() for w in expansion.phrase)
            line = self.message("brand_is", brand=brand, generic=expansion.means[0])
            if line not in lines:
                lines.append(line)
        return tuple(lines)

    def _quote(self, passage: Passage, items: tuple[int, ...] = (), score: float = 0.0,
               matched: frozenset[str] = frozenset()) -> Quote:
        """A passage as quoted: a safety list (knowledge/quoting.yaml) always whole; another
        long list only the items that match, with the fixed line "… and N more"."""
        whole = passage.id in self.knowledge.quoting.safety_lists
        text = quote_text(passage, items, whole)
        more = items_left_out(passage, items, whole)
        full_highlights = highlight_spans(passage.text, matched)
        return Quote(passage.id, passage.section, text, score,
                     full_highlights if text == passage.text else highlight_spans(text, matched),
                     full_text=passage.text, matched_items=tuple(sorted(set(items))),
                     more=more, more_note=self.message("more_items", count=more) if more else None,
                     full_highlights=full_highlights,
                     notes=self.knowledge.regions.notes_for(passage.text, self.region))

    def _rule_quote(self, passage_id: str | None, question: str = "") -> tuple[Quote, ...]:
        """The passage a rule quotes; of a long list, the items holding the question's words."""
        if passage_id is None or self.knowledge.monograph is None:
            return ()
        try:
            items = (self.knowledge.retriever.items_holding(passage_id, question)
                     if self.knowledge.retriever is not None and question else ())
        except Exception:  # the quote stands without its items; the alarm never depends on retrieval
            log.exception("items of a rule's quote")
            items = ()
        return (self._quote(self.knowledge.monograph.passage(passage_id), items),)
