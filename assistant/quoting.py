"""How passages are quoted (knowledge/quoting.yaml): which lists are always quoted whole."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge import KnowledgeError, element_line, knowledge_path, load_yaml, require


@dataclass(frozen=True)
class QuotingRules:
    safety_lists: frozenset[str] = frozenset()  # passage ids never shortened


def load_quoting(passage_ids: Collection[str], path: Path | None = None) -> QuotingRules:
    path = path or knowledge_path("quoting.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict) and set(data) == {"safety_lists"}, path, data,
            "expected a mapping with 'safety_lists' (a list of passage ids)")
    ids = data["safety_lists"]
    require(isinstance(ids, list) and bool(ids), path, data,
            "'safety_lists' must be a non-empty list of passage ids")
    known = set(passage_ids)
    for index, passage_id in enumerate(ids):
        if not isinstance(passage_id, str) or passage_id not in known:
            raise KnowledgeError(path, element_line(ids, index), f"unknown passage id {passage_id!r} in "
                                 "'safety_lists' (see `baclofen-assistant passages`)")
    return QuotingRules(frozenset(ids))
