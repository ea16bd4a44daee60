"""Greetings, thanks, goodbyes and help get friendly fixed replies; "show all" expands the last
answer's lists. Escalation always runs first."""

import pytest

from assistant.conversation import Conversation


@pytest.mark.parametrize("message, kind", [
    ("hi", "greeting"), ("Hello!", "greeting"), ("good morning", "greeting"),
    ("thanks", "thanks"), ("Thank you so much!", "thanks"),
    ("bye", "goodbye"), ("goodbye", "goodbye"),
    ("help", "help"), ("?", "help"), ("??", "help"), ("What can you do?", "help"),
])
def test_small_talk_gets_a_friendly_fixed_reply_not_the_refusal(assistant, message, kind):
    reply = assistant.respond(message)
    assert reply.kind == "small-talk" and not reply.answered
    assert reply.notice == assistant.message(f"smalltalk_{kind}")
    assert reply.notice != assistant.message("not_covered")
    assert reply.escalation.level == "none"


def test_help_says_what_it_can_and_cannot_answer_with_example_questions(assistant):
    help_text = assistant.respond("help").notice
    assert "I can answer" in help_text and "I can't" in help_text
    assert "“can I drink alcohol?”" in help_text
    assert len(help_text.splitlines()) >= 4  # one line each, not one run-on paragraph


@pytest.mark.parametrize("message", ["hi my son swallowed 20 pills",
                                     "hello, my dad took all his baclofen at once"])
def test_a_greeting_inside_an_emergency_still_escalates(assistant, message):
    reply = assistant.respond(message)
    assert reply.escalation.level == "emergency" and reply.kind == "answer"


def test_a_greeting_with_a_question_is_answered_as_a_question(assistant):
    reply = assistant.respond("hi, can I drink alcohol")
    assert reply.kind == "answer" and reply.answered


@pytest.mark.parametrize("ask_for_all", ["show all", "more", "Show me the whole list"])
def test_show_all_expands_the_last_answers_lists(assistant, ask_for_all):
    conversation = Conversation()
    first = assistant.respond("can I take gabapentin with baclofen", conversation=conversation)
    assert first.shortened
    assistant.respond("thanks", conversation=conversation)  # small talk in between
    again = assistant.respond(ask_for_all, conversation=conversation)
    interactions = assistant.knowledge.monograph.passage("drug-interactions-2")
    assert again.quotes[0].text == interactions.text and not again.shortened
    assert again.question == ask_for_all


def test_show_all_without_a_shortened_answer_says_so(assistant):
    conversation = Conversation()
    assert "no shortened list" in assistant.respond("show all", conversation=conversation).notice
    assistant.respond("how long does baclofen take to work", conversation=conversation)  # no list
    assert "no shortened list" in assistant.respond("more", conversation=conversation).notice


@pytest.mark.parametrize("message, kind", [
    ("Right, got it. Thanks!", "thanks"), ("Sounds good. Have a lovely day!", "goodbye"),
    ("Fab, thank you! Take care.", "goodbye"), ("nice, good to know!", "acknowledgement"),
    ("ok", "acknowledgement"),
])
def test_a_message_made_only_of_small_talk_clauses_gets_the_most_closing_reply(assistant, message, kind):
    reply = assistant.respond(message)
    assert reply.kind == "small-talk" and reply.notice == assistant.message(f"smalltalk_{kind}")


@pytest.mark.parametrize("message", ["ok. my son took 20 pills", "thanks, how long does it last?",
                                     "Great, can I drink alcohol?"])
def test_small_talk_beside_a_question_or_a_report_is_no_small_talk(assistant, message):
    assert assistant.respond(message).kind == "answer"


@pytest.mark.parametrize("message", [
    "thank you thats really helpful",
    "cheers that's great",
    "great that answers it",
    "thank you for your help, bye",
])
def test_closing_phrases_run_together_without_punctuation_are_small_talk(assistant, message):
    assert assistant.respond(message).kind == "small-talk"


@pytest.mark.parametrize("message", [
    "thanks but what about at night",
    "that is really helpful but is it safe in pregnancy",
    "it was very helpful for my spasms",
])
def test_thanks_with_a_question_or_a_statement_in_it_is_answered(assistant, message):
    assert assistant.respond(message).kind != "small-talk"


@pytest.mark.parametrize("earlier", [None, "my son swallowed 20 of my pills"])
@pytest.mark.parametrize("message", ["sorry wrong chat, ignore that", "never mind", "my bad"])
def test_a_message_taken_back_gets_a_short_fixed_reply_not_loosely_related_quotes(assistant, earlier, message):
    """"wrong" had found "if something goes wrong" about the pump; after an alarm it closes it."""
    conversation = Conversation()
    if earlier:
        assistant.respond(earlier, conversation=conversation)
    reply = assistant.respond(message, conversation=conversation)
    assert reply.escalation.level == "none" and not reply.quotes
    assert reply.notice == assistant.message("smalltalk_acknowledgement")


@pytest.mark.parametrize("message", ["phew. thanks", "phew", "oh good, thank goodness"])
def test_relief_after_a_scare_gets_a_short_fixed_reply(assistant, message):
    """A third new user's trial got "I can't find this" for "phew. thanks"."""
    reply = assistant.respond(message)
    assert reply.kind == "small-talk" and not reply.quotes


@pytest.mark.parametrize("message", ["Can you book me an appointment with my neurologist?",
                                     "could you set a reminder for my 8pm dose",
                                     "will you order more baclofen for me", "Can you refill my baclofen prescription?"])
def test_a_request_for_something_the_assistant_cannot_do_says_so_without_quotes(assistant, message):
    reply = assistant.respond(message)
    assert reply.kind == "small-talk" and not reply.quotes
    assert reply.notice == assistant.message("smalltalk_request")


@pytest.mark.parametrize("message", ["Do you save what I type in here?", "are my questions stored anywhere?",
                                     "is this chat private"])
def test_a_question_about_what_is_kept_gets_the_privacy_answer_not_a_passage(assistant, message):
    reply = assistant.respond(message)
    assert not reply.quotes and reply.notice == assistant.message("smalltalk_privacy")


@pytest.mark.parametrize("message", ["can you tell me the dose", "can you recommend a dose for a child",
                                     "I keep forgetting my evening dose. Can you remind me?"])
def test_a_question_that_only_starts_like_a_request_is_still_answered_from_the_monograph(assistant, message):
    assert assistant.respond(message).quotes


def test_a_request_beside_an_emergency_still_escalates(assistant):
    reply = assistant.respond("can you call an ambulance my son swallowed 20 of my pills")
    assert reply.escalation.level == "emergency"


def test_a_phrase_ending_in_dots_matches_a_message_that_starts_with_it(tmp_path):
    from assistant.smalltalk import load_small_talk

    path = tmp_path / "smalltalk.yaml"
    path.write_text("greeting: [hi]\nthanks: [thanks]\ngoodbye: [bye]\nhelp: [help]\nshow_all: [more]\n"
                    "joiners: [so]\nrequest: [can you book ...]\n", encoding="utf-8")
    talk = load_small_talk(path)
    assert talk.kind("Can you book a taxi to the clinic?") == "request"
    assert talk.kind("can you booking") is None


@pytest.mark.parametrize("message", ["Are you a real pharmacist or a computer program?", "am I talking to a human?"])
def test_asking_who_answers_gets_what_the_assistant_is(assistant, message):
    assert assistant.respond(message).notice == assistant.message("smalltalk_help")


@pytest.mark.parametrize("message", ["can you book me an appointment? also what's the max dose",
                                     "are you a doctor? my legs hurt, is that baclofen?"])
def test_a_request_followed_by_a_question_of_its_own_gets_the_question_answered(assistant, message):
    assert assistant.respond(message).quotes
