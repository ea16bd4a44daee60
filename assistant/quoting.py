"""How passages are quoted (knowledge/quoting.yaml): which lists are always quoted whole, and
which topics always bring the passage that carries their warning."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from assistant.knowledge import KnowledgeError, element_line, knowledge_path, load_yaml, require, string_list
from assistant.text import words


@dataclass(frozen=True)
class Warning:
    """A topic whose questions always show the passage carrying its warning."""

    topic: str
    cues: tuple[tuple[str, ...], ...]  # phrases as words; the drug's names read as "it"
    passages: tuple[str, ...]  # any of them carries the warning; the first is added if none is quoted

    @cached_property
    def _by_first_word(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        found: dict[str, list[tuple[str, ...]]] = {}
        for cue in self.cues:
            found.setdefault(cue[0], []).append(cue)
        return {word: tuple(cues) for word, cues in found.items()}

    def asked(self, question_words: list[str]) -> bool:
        """True when one of the cue phrases stands in the question, word for word."""
        starting = self._by_first_word
        for i, word in enumerate(question_words):
            for cue in starting.get(word, ()):
                if tuple(question_words[i:i + len(cue)]) == cue:
                    return True
        return False


@dataclass(frozen=True)
class QuotingRules:
    safety_lists: frozenset[str] = frozenset()  # passage ids never shortened
    definition_questions: tuple[str, ...] = ()  # "what does {term} mean", …
    warnings: tuple[Warning, ...] = ()  # topics that always bring their warning passage


def load_quoting(passage_ids: Collection[str], path: Path | None = None) -> QuotingRules:
    path = path or knowledge_path("quoting.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict) and "safety_lists" in data
            and set(data) <= {"safety_lists", "definition_questions", "warnings"}, path, data,
            "expected 'safety_lists' (a list of passage ids), 'definition_questions' and 'warnings'")
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
    warnings_node = data.get("warnings") or []
    require(isinstance(warnings_node, list), path, data, "'warnings' must be a list")
    warnings = []
    for entry in warnings_node:
        require(isinstance(entry, dict) and set(entry) == {"topic", "cues", "passages"}, path, entry,
                "a warning has exactly 'topic', 'cues' and 'passages'")
        require(isinstance(entry["topic"], str) and entry["topic"].strip() != "", path, entry,
                "a warning needs a 'topic'")
        passages = string_list(entry["passages"], path, entry, "'passages'")
        for passage_id in passages:
            require(passage_id in known, path, entry, f"unknown passage id {passage_id!r} in "
                    "'warnings' (see `baclofen-assistant passages`)")
        cues = tuple(tuple(words(c)) for c in string_list(entry["cues"], path, entry, "'cues'"))
        require(all(cues), path, entry, "a warning cue needs words")
        warnings.append(Warning(entry["topic"], cues, tuple(passages)))
    return QuotingRules(frozenset(ids), tuple(questions), tuple(warnings))
