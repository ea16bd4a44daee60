"""Frequently asked questions (knowledge/faq.yaml), grouped by topic and numbered from 1.

Each answer is pinned: the passage ids (and, for a list, the bullets) that answer it. Nothing
is searched, and no answer text lives in the FAQ file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge import KnowledgeError, element_line, knowledge_path, load_yaml, require

ALL = "all"


@dataclass(frozen=True)
class Pin:
    """One passage of a pinned answer; ``items`` (0-based) picks bullets, None = as usual,
    ``whole`` = every bullet."""

    passage_id: str
    items: tuple[int, ...] | None = None
    whole: bool = False


@dataclass(frozen=True)
class FaqEntry:
    number: int
    topic: str
    question: str
    answer: tuple[Pin, ...] = ()


def _pin(raw: object, path: Path, node: object, line: int | None,
         item_counts: Mapping[str, int] | None) -> Pin:
    if isinstance(raw, str):
        raw = {"id": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or set(raw) - {"id", "items"}:
        raise KnowledgeError(path, line, "an answer is a passage id, or {id: …, items: …}")
    passage_id = raw["id"]
    if item_counts is not None and passage_id not in item_counts:
        raise KnowledgeError(path, line, f"unknown passage id {passage_id!r} "
                             "(see `baclofen-assistant passages`)")
    items = raw.get("items")
    if items is None:
        return Pin(passage_id)
    if items == ALL:
        return Pin(passage_id, whole=True)
    count = item_counts[passage_id] if item_counts is not None else None
    if (not isinstance(items, list) or not items
            or not all(isinstance(i, int) and not isinstance(i, bool) and i >= 1 for i in items)):
        raise KnowledgeError(path, line, f"{passage_id!r}: items must be 'all' or bullet numbers "
                             "from 1")
    if count is not None and max(items) > count:
        raise KnowledgeError(path, line, f"{passage_id!r} has {count} bullets, not {max(items)}")
    return Pin(passage_id, tuple(i - 1 for i in items))


def load_faq(path: Path | None = None,
             item_counts: Mapping[str, int] | None = None) -> tuple[FaqEntry, ...]:
    """The FAQ; with ``item_counts`` (passage id → number of bullets) every pinned passage and
    bullet is checked to exist."""
    path = path or knowledge_path("faq.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict) and isinstance(data.get("topics"), list), path, data,
            "expected a mapping with a 'topics' list")
    entries: list[FaqEntry] = []
    for group in data["topics"]:
        require(isinstance(group, dict) and isinstance(group.get("topic"), str)
                and isinstance(group.get("questions"), list) and bool(group["questions"]),
                path, group, "each topic needs 'topic' and 'questions'")
        for entry in group["questions"]:
            require(isinstance(entry, dict) and isinstance(entry.get("question"), str)
                    and entry["question"].strip() != "" and isinstance(entry.get("answer"), list)
                    and bool(entry["answer"]) and set(entry) == {"question", "answer"},
                    path, entry, "each question needs 'question' and 'answer' (passage ids)")
            answer = entry["answer"]
            pins = tuple(_pin(raw, path, entry, element_line(answer, n), item_counts)
                         for n, raw in enumerate(answer))
            entries.append(FaqEntry(len(entries) + 1, group["topic"],
                                    entry["question"].strip(), pins))
    return tuple(entries)


def faq_key(text: str) -> str:
    """An FAQ question as matched against a message: its words only."""
    from assistant.text import words  # here: the chat's FAQ panel is shown before any matching

    return " ".join(words(text))
