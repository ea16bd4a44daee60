"""The one entry point: reply shape, bad input, and that it never raises."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.assistant import MAX_QUESTION_CHARS


def test_reply_json_has_the_replay_report_keys(assistant):
    data = assistant.respond("can I drink alcohol while taking baclofen?").to_dict()
    assert {"answered", "escalation", "passages"} <= set(data)
    assert set(data["escalation"]) >= {"level", "rule"}
    passage = data["passages"][0]
    assert {"id", "section", "text", "score", "full_text", "matched_items"} <= set(passage)
    assert passage["section"] == "Can I drink alcohol while taking baclofen?"
    json.dumps(data)


def test_top_k_limits_the_quotes(assistant):
    assert len(assistant.respond("what are the side effects", top_k=1).quotes) == 1


def test_a_blank_question_gets_a_clear_message(assistant):
    reply = assistant.respond("   \n\t")
    assert not reply.answered and reply.escalation.level == "none"
    assert "question" in reply.notice.lower()


def test_a_huge_question_is_refused_with_the_emergency_reminder(assistant):
    reply = assistant.respond("alcohol " * 150_000)  # about 1 MB
    assert not reply.answered
    assert str(MAX_QUESTION_CHARS) in reply.notice and "emergency" in reply.notice


def test_an_emergency_in_an_over_long_message_still_escalates(assistant):
    reply = assistant.respond("my son swallowed a handful of my pills. " + "help " * 5000)
    assert reply.escalation.level == "emergency"


def test_emoji_control_characters_and_right_to_left_text_work(assistant):
    for text in ("🍺 and baclofen?", "alcohol\x00\x1b[31m", "هل يمكنني شرب الكحول", "\u202ealcohol"):
        assistant.respond(text)
    assert assistant.respond("can I drink alcohol 🍺").answered


def test_markup_like_text_is_read_as_plain_words(assistant):
    typed = "[/] can I drink [i]alcohol[/i]?"
    reply = assistant.respond(typed)
    assert reply.question == typed
    assert reply.quotes[0].section == "Can I drink alcohol while taking baclofen?"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_respond_never_raises_on_any_text(assistant, text):
    reply = assistant.respond(text)
    assert reply.escalation.level in {"emergency", "urgent", "none"}
    assert reply.answered == bool(reply.quotes)


def test_a_personal_dose_question_gets_only_monograph_lines(assistant):
    reply = assistant.respond("I weigh 70 kg, how many mg should I take?")
    for quote in reply.quotes:
        passage = assistant.knowledge.monograph.passage(quote.passage_id).text.splitlines()
        assert all(line in passage for line in quote.text.splitlines() if line != "…")


def test_a_paragraph_that_introduces_a_list_is_quoted_with_the_list_right_after_it(assistant):
    """"… if you have any questions about them:" alone would leave the reader hanging."""
    reply = assistant.respond("what are the side effects")
    ids = [q.passage_id for q in reply.quotes]
    lead_in = next(i for i, q in enumerate(reply.quotes) if q.text.rstrip().endswith(":"))
    assert ids[lead_in + 1] == "baclofen-side-effects-2"
