"""FAQ answers are pinned in knowledge/faq.yaml (passage ids, bullets), never searched."""

import pytest

from assistant.assistant import Assistant
from assistant.cli import main
from assistant.faq import load_faq
from assistant.knowledge import KnowledgeError
from assistant.monograph import ELLIPSIS


def test_every_pinned_passage_and_bullet_exists(assistant):
    passages = {p.id: p for p in assistant.knowledge.monograph.passages}
    entries = load_faq()
    assert len(entries) >= 26
    for entry in entries:
        assert entry.answer, entry.question
        for pin in entry.answer:
            assert pin.passage_id in passages, (entry.number, pin.passage_id)
            assert all(0 <= i < len(passages[pin.passage_id].items) for i in pin.items or ())


def test_every_faq_answer_is_exactly_its_pinned_passages_quoted_verbatim(assistant):
    monograph = assistant.knowledge.monograph
    for entry in assistant.knowledge.faq:
        reply = assistant.respond(entry.question)
        assert [q.passage_id for q in reply.quotes] == [p.passage_id for p in entry.answer]
        for quote in reply.quotes:
            lines = monograph.passage(quote.passage_id).text.splitlines()
            shown = [line for line in quote.text.splitlines() if line != ELLIPSIS]
            assert shown and all(line in lines for line in shown), (entry.number, quote.passage_id)


def test_faq_16_opens_with_the_interactions_not_the_granules(assistant):
    entry = assistant.knowledge.faq[15]
    assert entry.question == "Which medicines should not be used with baclofen?"
    reply = assistant.respond(entry.question)
    assert reply.quotes[0].passage_id == "drug-interactions-1"
    assert "granules" not in " ".join(q.text for q in reply.quotes)


def test_faq_n_full_prints_the_pinned_lists_whole(capsys):
    main(["faq", "16"])
    short = capsys.readouterr().out
    main(["faq", "16", "--full"])
    full = capsys.readouterr().out
    assert "• Zolpidem" not in short and "more in this list" in short
    assert "• Zolpidem" in full and "more in this list" not in full


def test_a_pinned_unknown_passage_names_file_and_line(knowledge_copy):
    path = knowledge_copy / "faq.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "answer: [baclofen-special-precautions-5]", "answer: [baclofen-special-precautions-55]")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "precautions-55" in row)
    with pytest.raises(KnowledgeError, match=rf"faq.yaml:{line}: unknown passage id "
                                             r"'baclofen-special-precautions-55'"):
        Assistant.load(directory=knowledge_copy)


def test_a_pinned_bullet_out_of_range_is_refused(knowledge_copy):
    path = knowledge_copy / "faq.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "{id: baclofen-side-effects-2, items: all}", "{id: baclofen-side-effects-2, items: [11]}"),
        encoding="utf-8")
    with pytest.raises(KnowledgeError, match="has 10 bullets, not 11"):
        Assistant.load(directory=knowledge_copy)
