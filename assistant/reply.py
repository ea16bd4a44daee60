"""Reply types and composition: precise quotes from passages, and fixed texts from knowledge/."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.escalation_result import NO_ESCALATION, Escalation
from assistant.knowledge import knowledge_path, load_yaml, require
from assistant.monograph import ELLIPSIS, Passage

FULL_LIST_ITEMS = 6  # a list this short is quoted whole
PREVIEW_ITEMS = 3  # a long list with no matching item shows this many, then an ellipsis
MESSAGE_KEYS = ("disclaimer", "not_covered", "no_question", "too_long", "lookup_failed", "welcome",
                "more_items", "show_all_hint", "chat_show_all_hint", "full_hint", "nothing_to_expand", "brand_is",
                "smalltalk_greeting", "smalltalk_thanks", "smalltalk_goodbye", "smalltalk_help",
                "english_only", "alarm_heeded", "personal_dose", "animal", "unreadable")
# when messages.yaml itself cannot be read: every fixed text is this one line (the numbers follow
# it where a reply shows them), so that escalation, whose messages are its own, still answers
UNREADABLE_MESSAGES = ("This assistant is not working fully right now (a knowledge file is broken). "
                       "Please ask your pharmacist or doctor. If someone is in danger, call your "
                       "emergency number now.")
# any other {name} in messages.yaml is a mistake, caught on load
MESSAGE_PLACEHOLDERS = {"too_long": {"limit"}, "more_items": {"count"}, "brand_is": {"brand", "generic"},
                        "not_named": {"medicine"}}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_WORD_SPAN = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Quote:
    passage_id: str
    section: str
    text: str  # what the user sees: verbatim monograph lines, "•" bullets, "…" for omissions
    score: float
    highlights: tuple[tuple[int, int], ...] = ()  # character spans of the question's words
    full_text: str = ""  # the whole passage, verbatim ("" = the same as ``text``)
    matched_items: tuple[int, ...] = ()  # list items (0-based) that hold the question's words
    more: int = 0  # list items left out of ``text``
    more_note: str | None = None  # the fixed line shown after a shortened list ("… and 59 more")
    full_highlights: tuple[tuple[int, int], ...] = ()
    notes: tuple[str, ...] = ()  # fixed notes shown after the quote (another region's number)

    @property
    def whole_text(self) -> str:
        return self.full_text or self.text

    @property
    def shortened(self) -> bool:
        return self.more > 0

    def whole(self) -> Quote:
        """The same quote with every list item shown."""
        if not self.shortened:
            return self
        return replace(self, text=self.whole_text, highlights=self.full_highlights, more=0,
                       more_note=None)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.passage_id, "section": self.section, "text": self.text,
                "score": self.score, "full_text": self.whole_text,
                "matched_items": list(self.matched_items), "more": self.more,
                "notes": list(self.notes)}


@dataclass(frozen=True)
class Reply:
    question: str
    quotes: tuple[Quote, ...] = ()
    escalation: Escalation = NO_ESCALATION
    notice: str | None = None  # fixed text: "not covered", "too long", …
    disclaimer: str | None = None
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, read as)
    readings: tuple[str, ...] = ()  # fixed lines saying what a brand was read as
    kind: str = "answer"  # or "small-talk" (a greeting, thanks, help: a fixed reply)

    @property
    def answered(self) -> bool:
        return bool(self.quotes)

    @property
    def shortened(self) -> bool:
        """Some list is shown in part; ``expanded()`` shows every list whole."""
        return any(q.shortened for q in self.quotes)

    def expanded(self) -> Reply:
        return replace(self, quotes=tuple(q.whole() for q in self.quotes))

    def to_dict(self) -> dict[str, Any]:
        """The keys of the replay report's case (docs/replay.md), plus the fixed texts."""
        return {
            "question": self.question,
            "answered": self.answered,
            "escalation": {"level": self.escalation.level, "rule": self.escalation.rule,
                           "message": list(self.escalation.message)},
            "passages": [q.to_dict() for q in self.quotes],
            "notice": self.notice,
            "readings": list(self.readings),
        }


def load_messages(path: Path | None = None) -> dict[str, str]:
    path = path or knowledge_path("messages.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict), path, data, "expected a mapping of message names to text")
    for key in MESSAGE_KEYS:
        value = data.get(key)
        lines = value if isinstance(value, list) else [value]
        require(all(isinstance(v, str) and v.strip() != "" for v in lines), path, data,
                f"missing or empty message {key!r}")
    messages = {}
    for key, value in data.items():
        if isinstance(value, list):  # several lines, each kept on its own line
            require(all(isinstance(v, str) for v in value), path, value,
                    f"message {key!r}: a list must hold lines of text")
            messages[key] = "\n".join(" ".join(v.split()) for v in value)
        else:
            require(isinstance(value, str), path, data, f"message {key!r} must be text")
            messages[key] = " ".join(value.split())
        allowed = MESSAGE_PLACEHOLDERS.get(key, set())
        for name in _PLACEHOLDER.findall(messages[key]):
            require(name in allowed, path, data, f"message {key!r}: unknown placeholder {{{name}}}"
                    + (f"; use {', '.join(f'{{{a}}}' for a in sorted(allowed))}" if allowed else
                       "; this message takes none"))
        require(messages[key].count("{") == messages[key].count("}"), path, data,
                f"message {key!r}: unbalanced braces")
    return messages


def quote_text(passage: Passage, matched_items: tuple[int, ...], whole: bool = False) -> str:
    """The passage as quoted: a long list keeps its lead-in and only the matching items, with
    an ellipsis line where items are left out between them (the items left out after the last
    one are counted by the reply's "… and N more" line); ``whole`` (a safety list) keeps all."""
    if whole or len(passage.items) <= FULL_LIST_ITEMS:
        return passage.text
    keep = sorted(set(matched_items)) or list(range(PREVIEW_ITEMS))
    lines = list(passage.lead)
    previous = -1
    for index in keep:
        if index > previous + 1:
            lines.append(ELLIPSIS)
        lines.extend(passage.items[index].lines)
        previous = index
    return "\n".join(lines)


def items_left_out(passage: Passage, matched_items: tuple[int, ...], whole: bool = False) -> int:
    """How many list items ``quote_text`` leaves out."""
    if whole or len(passage.items) <= FULL_LIST_ITEMS:
        return 0
    return len(passage.items) - (len(set(matched_items)) or PREVIEW_ITEMS)


def highlight_spans(text: str, stems: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """Spans of the words in ``text`` whose stem is one of the question's."""
    spans_of = _spans_by_stem(text)
    return tuple(sorted(span for s in stems if s in spans_of for span in spans_of[s]))


@lru_cache(maxsize=512)
def _spans_by_stem(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each stem's words stand in ``text`` (spans never overlap: sorted, they are in
    reading order)."""
    found: dict[str, list[tuple[int, int]]] = {}
    for span, word_stem in _word_stems(text):
        found.setdefault(word_stem, []).append(span)
    return found


@lru_cache(maxsize=512)  # quotes are monograph text: a bounded set, reused across questions
def _word_stems(text: str) -> tuple[tuple[tuple[int, int], str], ...]:
    from assistant.text import stem  # here: the chat's first screen shows replies, not stems

    return tuple((m.span(), stem(m.group().lower())) for m in _WORD_SPAN.finditer(text))
