"""knowledge/passage-questions.yaml: for each passage, the plain questions it answers ("alternate
questions" of FAQ bots), written from the monograph; and knowledge/asked-questions.yaml: questions
people asked in the team's read question sets, each under the passage that answers it (written by
``python -m assistant.mine_questions``). The retriever searches both as one field of their own;
and knowledge/unanswered-questions.yaml: the read sets' questions the monograph does not answer
(same command), the retriever's refusal neighbours. None of them is ever shown to users."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from assistant.knowledge import KnowledgeError, knowledge_path, line_of, load_yaml, require, string_list

MIN_QUESTIONS, MAX_QUESTIONS = 2, 9
ASKED_FILE = "asked-questions.yaml"
UNANSWERED_FILE = "unanswered-questions.yaml"


def load_passage_questions(passage_ids: Collection[str], path: Path | None = None,
                           counts: tuple[int, int] = (MIN_QUESTIONS, MAX_QUESTIONS)) -> dict[str, tuple[str, ...]]:
    """passage id → its questions (``counts``: how few and how many a passage may have). An
    unknown or repeated id, or a malformed entry, raises a KnowledgeError naming file and line."""
    path = path or knowledge_path("passage-questions.yaml")
    data = load_yaml(path)
    require(isinstance(data, list) and bool(data), path, data,
            "expected a list of entries, each with 'passage' and 'questions'")
    found: dict[str, tuple[str, ...]] = {}
    for entry in data:
        require(isinstance(entry, dict), path, data, "each entry needs 'passage' and 'questions'")
        require(set(entry) == {"passage", "questions"}, path, entry,
                f"an entry has exactly 'passage' and 'questions' (got {', '.join(map(str, entry))})")
        passage = entry["passage"]
        require(isinstance(passage, str) and passage in passage_ids, path, entry,
                f"unknown passage id {passage!r} (see `baclofen-assistant passages`)")
        if passage in found:
            raise KnowledgeError(path, line_of(entry), f"passage {passage!r} is listed twice")
        questions = string_list(entry["questions"], path, entry, "'questions'")
        require(counts[0] <= len(questions) <= counts[1], path, entry,
                f"passage {passage!r} needs {counts[0]} to {counts[1]} questions (got {len(questions)})")
        found[passage] = tuple(questions)
    return found


def load_asked_questions(passage_ids: Collection[str], path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """knowledge/asked-questions.yaml, validated as passage-questions.yaml (any number each)."""
    return load_passage_questions(passage_ids, path or knowledge_path(ASKED_FILE), counts=(1, 10_000))



def load_unanswered_questions(path: Path | None = None) -> tuple[str, ...]:
    """knowledge/unanswered-questions.yaml: a mapping with 'questions', a list of strings."""
    path = path or knowledge_path(UNANSWERED_FILE)
    data = load_yaml(path)
    require(isinstance(data, dict) and set(data) == {"questions"}, path, data, "expected a mapping with 'questions'")
    return tuple(string_list(data["questions"], path, data, "'questions'"))
