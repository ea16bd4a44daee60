"""Reply types and composition: precise quotes from passages, and fixed texts from knowledge/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.escalation import NO_ESCALATION, Escalation
from assistant.knowledge import knowledge_path, load_yaml, require
from assistant.monograph import ELLIPSIS, Passage
from assistant.text import stem

FULL_LIST_ITEMS = 6  # a list this short is quoted whole
PREVIEW_ITEMS = 3  # a long list with no matching item shows this many, then an ellipsis
MESSAGE_KEYS = ("disclaimer", "not_covered", "no_question", "too_long", "lookup_failed", "welcome",
                "english_only")
MESSAGE_PLACEHOLDERS = {"too_long": {"limit"}}  # any other {name} in messages.yaml is a mistake
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_WORD_SPAN = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Quote:
    passage_id: str
    section: str
    text: str  # what the user sees: verbatim monograph lines, "•" bullets, "…" for omissions
    score: float
    highlights: tuple[tuple[int, int], ...] = ()  # character spans of the question's words

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.passage_id, "section": self.section, "text": self.text,
                "score": self.score}


@dataclass(frozen=True)
class Reply:
    question: str
    quotes: tuple[Quote, ...] = ()
    escalation: Escalation = NO_ESCALATION
    notice: str | None = None  # fixed text: "not covered", "too long", …
    disclaimer: str | None = None
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, read as)

    @property
    def answered(self) -> bool:
        return bool(self.quotes)

    def to_dict(self) -> dict[str, Any]:
        """The keys of the replay report's case (docs/replay.md), plus the fixed texts."""
        return {
            "question": self.question,
            "answered": self.answered,
            "escalation": {"level": self.escalation.level, "rule": self.escalation.rule,
                           "message": list(self.escalation.message)},
            "passages": [q.to_dict() for q in self.quotes],
            "notice": self.notice,
        }


def load_messages(path: Path | None = None) -> dict[str, str]:
    path = path or knowledge_path("messages.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict), path, data, "expected a mapping of message names to text")
    for key in MESSAGE_KEYS:
        require(isinstance(data.get(key), str) and data[key].strip() != "", path, data,
                f"missing or empty message {key!r}")
    for key, text in data.items():
        require(isinstance(text, str), path, data, f"message {key!r} must be text")
        allowed = MESSAGE_PLACEHOLDERS.get(key, set())
        for name in _PLACEHOLDER.findall(text):
            require(name in allowed, path, data, f"message {key!r}: unknown placeholder {{{name}}}"
                    + (f"; use {', '.join(f'{{{a}}}' for a in sorted(allowed))}" if allowed else
                       "; this message takes none"))
        require(text.count("{") == text.count("}"), path, data, f"message {key!r}: unbalanced braces")
    return {k: " ".join(str(v).split()) for k, v in data.items()}


def quote_text(passage: Passage, matched_items: tuple[int, ...]) -> str:
    """The passage as quoted: a long list keeps its lead-in and only the matching items,
    with an ellipsis line where items are left out."""
    if len(passage.items) <= FULL_LIST_ITEMS:
        return passage.text
    keep = sorted(set(matched_items)) or list(range(PREVIEW_ITEMS))
    lines = list(passage.lead)
    previous = -1
    for index in keep:
        if index > previous + 1:
            lines.append(ELLIPSIS)
        lines.extend(passage.items[index].lines)
        previous = index
    if previous < len(passage.items) - 1:
        lines.append(ELLIPSIS)
    return "\n".join(lines)


def highlight_spans(text: str, stems: frozenset[str]) -> tuple[tuple[int, int], ...]:
    """Spans of the words in ``text`` whose stem is one of the question's."""
    return tuple(m.span() for m in _WORD_SPAN.finditer(text) if stem(m.group().lower()) in stems)
