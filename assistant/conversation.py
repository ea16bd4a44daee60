"""A short conversation state that interfaces hold and pass to ``Assistant.respond``.

Escalation judges each new message on its own and together with the message before it ("he is
not" / "breathing"); after a message that escalated, a follow-up escalates again when, read with
it, it makes another rule fire ("I ran out 3 days ago" / "now I'm confused"), when it asks what
to do or says how the person is so far (the same alarm again: "she seems okay for now, should I
be worried?"), or when the learned net finds something more severe; never for "thank you". A short follow-up that finds nothing on its own ("how long then?") is read with the
previous question. An alarm also stays for the next few follow-ups while the message that
raised it, read with the follow-up, still raises it ("my son swallowed 20 of my pills" / "what
number do i call"; "he's 6"): its message is shown again, and the follow-up answered. A follow-up
that closes it ("found them all, none missing", "as prescribed") or heeds it ("ok calling now")
does not keep it. Nothing here is written to disk.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from assistant.escalation_result import Escalation
from assistant.knowledge import knowledge_path, load_yaml, require, string_list
from assistant.text import words as text_words

_SENTENCE_END = re.compile(r"[.!;\n]+")

KEPT = 3  # earlier messages remembered
ALARM_KEPT = 3  # follow-ups an alarm may be shown again for, while the conversation still raises it


@dataclass
class Conversation:
    """The recent messages of one conversation, oldest first (never stored)."""

    recent: deque[str] = field(default_factory=lambda: deque(maxlen=KEPT))
    last_alarm: Escalation | None = None  # the escalation the last message got, when it escalated
    last_reply: object | None = None  # the last reply that quoted something ("show all")
    calm: deque[str] = field(default_factory=lambda: deque(maxlen=KEPT))  # since the last escalation
    alarm_from: str | None = None  # the message (with the one it was read with) that raised the standing alarm
    alarm_kept: int = 0  # follow-ups it has been shown again for
    closed_from: str | None = None  # the message that raised the last alarm a calm follow-up ended

    @property
    def previous(self) -> str | None:
        return self.recent[-1] if self.recent else None

    @property
    def since_escalation(self) -> tuple[str, ...]:
        """The recent messages after the last one that escalated (each is judged with them:
        "my daughter has a pump" / "what if it beeps?" / "it's beeping now")."""
        return tuple(self.calm)

    @property
    def last_escalated(self) -> bool:
        return self.last_alarm is not None

    def add(self, message: str, escalation: Escalation) -> None:
        """A message and the escalation its reply carried (level "none" when it did not)."""
        self.recent.append(message)
        self.last_alarm = escalation if escalation.escalated else None
        if escalation.kept:
            self.alarm_kept += 1
        else:
            if not escalation.escalated and self.alarm_from is not None:
                self.closed_from = self.alarm_from  # "poison control said it's safe": ended, for now
            elif escalation.escalated:
                self.closed_from = None
            # a finding read with an earlier message was raised by the two together ("my son
            # swallowed some sweets" / "and also a few of my baclofen tablets")
            self.alarm_from = ((f"{escalation.read_with} {message}" if escalation.read_with else message)
                               if escalation.escalated else None)
            self.alarm_kept = 0
        if escalation.escalated:
            self.calm.clear()
        else:
            self.calm.append(message)

    def clear(self) -> None:
        self.recent.clear()
        self.calm.clear()
        self.last_alarm = None
        self.last_reply = None
        self.alarm_from = None
        self.closed_from = None
        self.alarm_kept = 0

    @property
    def standing_alarm(self) -> tuple[Escalation, str] | None:
        """The alarm of the last message and the message that raised it, while it may still be
        shown again for a follow-up."""
        if self.last_alarm is None or self.alarm_from is None or self.alarm_kept >= ALARM_KEPT:
            return None
        return self.last_alarm, self.alarm_from


@dataclass(frozen=True)
class FollowUps:
    """Which short messages lean on the previous question (knowledge/conversation.yaml)."""

    max_words: int
    opening: re.Pattern[str]
    anywhere: re.Pattern[str]
    new_message_weight: int = 2  # how many times the new message counts beside the earlier ones
    asking: re.Pattern[str] | None = None  # the opening words of a question ("what", "can", "is")

    def asks(self, message: str, words: list[str]) -> bool:
        """Whether a message asks something ("what number do i call", "can she eat?") rather
        than adds a detail ("she is 2, maybe 3 pills"): under an alarm kept for it, only a
        question gets passages of its own."""
        asking = self.asking
        if "?" in message or (asking and asking.match(" ".join(words))):
            return True
        # a question in a later sentence ("they're sending an ambulance. what should i do")
        sentences = _SENTENCE_END.split(message)[1:]
        return asking is not None and any(asking.match(" ".join(text_words(s))) for s in sentences)

    def kind(self, words: list[str]) -> str | None:
        """"new-topic" ("what about weed?": search it alone first), "same-topic" ("how long
        then?": search it with the previous question), or None (a question of its own)."""
        text = " ".join(words)
        if not 0 < len(words) <= self.max_words:
            return None
        if self.opening.match(text):
            return "new-topic"
        return "same-topic" if self.anywhere.search(text) else None

    def short(self, words: list[str]) -> bool:
        """Short enough to be a follow-up, cue or not ("what would happen if i did?")."""
        return 0 < len(words) <= self.max_words


def load_follow_ups(path: Path | None = None) -> FollowUps:
    path = path or knowledge_path("conversation.yaml")
    data = load_yaml(path)
    keys = {"max_words", "opening_cues", "cues", "new_message_weight", "question_openers"}
    require(isinstance(data, dict) and set(data) == keys, path, data,
            f"expected {', '.join(sorted(keys))}")
    for key in ("max_words", "new_message_weight"):
        require(isinstance(data[key], int) and not isinstance(data[key], bool) and data[key] > 0,
                path, data, f"{key} must be a positive whole number")

    def alternation(key: str) -> str:
        cues = string_list(data[key], path, data, f"'{key}'")
        return "|".join(re.escape(" ".join(c.lower().split())) for c in cues)

    return FollowUps(data["max_words"], re.compile(rf"(?:{alternation('opening_cues')})\b"),
                     re.compile(rf"\b(?:{alternation('cues')})\b"), data["new_message_weight"],
                     re.compile(rf"(?:{alternation('question_openers')})\b"))
