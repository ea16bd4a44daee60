"""Warnings that always come with their topic (knowledge/quoting.yaml)."""

import pytest

from assistant.knowledge import KnowledgeError
from assistant.monograph import load_monograph
from assistant.quoting import load_quoting
from assistant.text import words


@pytest.mark.parametrize("question", [
    "my father is sleepy, can we stop his baclofen?",
    "she is too drowsy on it, we want to stop giving it",
    "can I come off lioresal now that I feel better",
])
def test_a_question_about_stopping_always_shows_a_warning_about_stopping_suddenly(assistant, question):
    texts = [q.text for q in assistant.respond(question).quotes]
    assert any("Abruptly stopping baclofen can cause seizures" in t or "stop taking baclofen suddenly" in t
               or "withdrawal symptoms such as" in t for t in texts), texts


def test_stop_in_another_sense_brings_no_warning(assistant):
    """No warning topic is asked, so none is put first (the ranking may still quote a passage
    that mentions stopping)."""
    said = words("when will the spasms stop")
    assert not any(w.asked(said) for w in assistant.knowledge.quoting.warnings)
    quotes = assistant.respond("when will the spasms stop").quotes
    assert "Abruptly stopping baclofen" not in quotes[0].text


def test_without_the_warnings_a_question_about_stopping_misses_the_warning(assistant):
    """The mechanism is what brings the warning: the same question searched alone does not."""
    retrieval = assistant.knowledge.retriever.search("my father is sleepy, can we stop his baclofen?")
    assert not any(h.passage.id in ("baclofen-9", "stopping-baclofen-1",
                                    "what-will-happen-if-i-stop-taking-baclofen-2") for h in retrieval.hits)


def test_a_warning_naming_an_unknown_passage_names_file_and_line(knowledge_copy):
    path = knowledge_copy / "quoting.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("passages: [baclofen-9,", "passages: [nope-1,"),
                    encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"quoting.yaml:\d+: unknown passage id 'nope-1'"):
        load_quoting([p.id for p in load_monograph().passages], path)
