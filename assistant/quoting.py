"""How passages are quoted (knowledge/quoting.yaml): which lists are always quoted whole."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge import KnowledgeError, element_line, knowledge_path, load_yaml, require, string_list


@dataclass(frozen=True)
class QuotingRules:
    safety_lists: frozenset[str] = frozenset()  # passage ids never shortened
    definition_questions: tuple[str, ...] = ()  # "what does {term} mean", …


def load_quoting(passage_ids: Collection[str], path: Path | None = None) -> QuotingRules:
    path = path or knowledge_path("quoting.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict) and "safety_lists" in data
            and set(data) <= {"safety_lists", "definition_questions"}, path, data,
            "expected 'safety_lists' (a list of passage ids) and 'definition_questions'")
    ids = data["safety_lists"]
    require(isinstance(ids, list) and bool(ids), path, data,
            "'safety_lists' must be a non-empty list of passage ids")
    known = set(passage_ids)
    for index, passage_id in enumerate(ids):
        if not isinstance(passage_id, str) or passage_id not in known:
            raise KnowledgeError(path, element_line(ids, index), f"unknown passage id {passage_id!r} in "
                                 "'safety_lists' (see `baclofen-assistant passages`)")
    questions = string_list(data.get("definition_questions", ["-"]), path, data,
                            "'definition_questions'")
    questions = [q for q in questions if q != "-"]
    for question in questions:
        require(question.count("{term}") == 1, path, data["definition_questions"],
                f"definition question {question!r} needs exactly one {{term}}")
    return QuotingRules(frozenset(ids), tuple(questions))
