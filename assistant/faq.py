"""Frequently asked questions (knowledge/faq.yaml), grouped by topic and numbered from 1."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge import knowledge_path, load_yaml, require, string_list


@dataclass(frozen=True)
class FaqEntry:
    number: int
    topic: str
    question: str


def load_faq(path: Path | None = None) -> tuple[FaqEntry, ...]:
    path = path or knowledge_path("faq.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict) and isinstance(data.get("topics"), list), path, data,
            "expected a mapping with a 'topics' list")
    entries: list[FaqEntry] = []
    for group in data["topics"]:
        require(isinstance(group, dict) and isinstance(group.get("topic"), str), path, group,
                "each topic needs 'topic' and 'questions'")
        for question in string_list(group.get("questions"), path, group, "'questions'"):
            entries.append(FaqEntry(len(entries) + 1, group["topic"], question))
    return tuple(entries)
