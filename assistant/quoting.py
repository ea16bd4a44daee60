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
class Cues:
    """Phrases matched word for word in a question (the drug's names read as "it")."""

    phrases: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def _by_first_word(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        found: dict[str, list[tuple[str, ...]]] = {}
        for cue in self.phrases:
            found.setdefault(cue[0], []).append(cue)
        return {word: tuple(cues) for word, cues in found.items()}

    def asked(self, question_words: list[str]) -> bool:
        """True when one of the phrases stands in the question, word for word."""
        starting = self._by_first_word
        for i, word in enumerate(question_words):
            for cue in starting.get(word, ()):
                if tuple(question_words[i:i + len(cue)]) == cue:
                    return True
        return False


@dataclass(frozen=True)
class Warning:
    """A topic whose questions always show the passage carrying its warning."""

    topic: str
    cues: Cues
    passages: tuple[str, ...]  # any of them carries the warning; the first is added if none is quoted
    # escalation concepts (concepts.en.yaml) that together also mark the topic, whatever their
    # context ("what happens if a child swallows baclofen?": child, ingest, drug)
    concepts: tuple[str, ...] = ()

    def asked(self, question_words: list[str]) -> bool:
        return self.cues.asked(question_words)


@dataclass(frozen=True)
class QuotingRules:
    safety_lists: frozenset[str] = frozenset()  # passage ids never shortened
    definition_questions: tuple[str, ...] = ()  # "what does {term} mean", …
    warnings: tuple[Warning, ...] = ()  # topics that always bring their warning passage
    personal_dose: Cues = Cues()  # a question for one's own dose: the `personal_dose` line is shown
    animal: Cues = Cues()  # a question about a pet: the `animal` line is shown (a vet, not this monograph)
    amounts: Cues = Cues()  # a question for an amount: never answered under a crisis alarm


def load_quoting(passage_ids: Collection[str], path: Path | None = None) -> QuotingRules:
    path = path or knowledge_path("quoting.yaml")
    data = load_yaml(path)
    require(isinstance(data, dict) and "safety_lists" in data
            and set(data) <= {"safety_lists", "definition_questions", "warnings", "personal_dose", "animal",
                              "amount_questions"}, path,
            data, "expected 'safety_lists' (a list of passage ids), 'definition_questions', 'warnings', "
            "'personal_dose', 'animal' and 'amount_questions'")
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
        require(isinstance(entry, dict) and {"topic", "cues", "passages"} <= set(entry)
                <= {"topic", "cues", "passages", "concepts"}, path, entry,
                "a warning has 'topic', 'cues' and 'passages' (and may have 'concepts')")
        require(isinstance(entry["topic"], str) and entry["topic"].strip() != "", path, entry,
                "a warning needs a 'topic'")
        passages = string_list(entry["passages"], path, entry, "'passages'")
        for passage_id in passages:
            require(passage_id in known, path, entry, f"unknown passage id {passage_id!r} in "
                    "'warnings' (see `baclofen-assistant passages`)")
        concepts = tuple(string_list(entry["concepts"], path, entry, "'concepts'")) if "concepts" in entry else ()
        warnings.append(Warning(entry["topic"], _cues(entry["cues"], path, entry, "a warning"), tuple(passages),
                                concepts))
    personal, animal, amounts = (_cues(data[key], path, data, f"{key!r}") if key in data else Cues()
                                 for key in ("personal_dose", "animal", "amount_questions"))
    return QuotingRules(frozenset(ids), tuple(questions), tuple(warnings), personal, animal, amounts)


def _cues(node: object, path: Path, parent: object, what: str) -> Cues:
    phrases = tuple(tuple(words(c)) for c in string_list(node, path, parent, f"{what}: 'cues'"))
    require(all(phrases), path, node, f"{what}: a cue needs words")
    return Cues(phrases)
