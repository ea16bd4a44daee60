"""The learned safety net behind the escalation rules (assistant/escalation_model.py)."""

import json
import logging
from dataclasses import replace

import pytest

from assistant import read_sets, train_escalation
from assistant.conversation import Conversation
from assistant.escalation import load_escalator
from assistant.escalation_model import EscalationModel, load_model, train

# written for these tests, never training data; the rules alone miss each of them
MISSED_BY_THE_RULES = [
    "i dont want to be around anymore, ive got a months worth of pills saved",
    "cant feel my legs after taking a handful",
    "shes gone all floppy after getting into my handbag",
]


class Always:
    """A stand-in model that gives every message the same level."""

    def __init__(self, level):
        self.answer = level

    def level(self, tokens):
        return self.answer

    def is_crisis(self, tokens):
        return False

    def raises_to_emergency(self, tokens):
        return self.answer == "emergency"


@pytest.fixture
def with_model(assistant):
    escalator = assistant.knowledge.escalator
    shipped = escalator.model
    yield escalator
    escalator.model = shipped


def test_the_shipped_model_was_trained_on_this_checkout_s_data_and_code():
    assert train_escalation.main(["--check"]) == 0, "run python -m assistant.train_escalation"


def test_no_held_out_set_is_training_data():
    trained_on = set(train_escalation.TRAINING_SETS) | set(train_escalation.CALM_SETS)
    assert not trained_on & set(read_sets.HELD_OUT)
    assert not trained_on & set(read_sets.NOT_LEARNED)
    for name in (*trained_on, *read_sets.HELD_OUT):
        assert (read_sets.DATA / f"{name}.yaml").is_file(), name


def test_every_question_set_is_either_training_data_or_held_out():
    """A set written for the net but listed nowhere is silently never learned from."""
    listed = {*read_sets.READ_ESCALATION, *read_sets.READ_QUESTIONS, *read_sets.NOT_LEARNED, *read_sets.HELD_OUT}
    unlisted = sorted(p.stem for p in read_sets.DATA.glob("*.yaml") if p.stem not in listed)
    assert not unlisted, f"list these in assistant/read_sets.py: {unlisted}"


@pytest.mark.parametrize("message", MISSED_BY_THE_RULES)
def test_the_learned_net_catches_emergencies_the_rules_miss(assistant, message):
    escalator = assistant.knowledge.escalator
    assert escalator.check(message, escalator.learned_ids) is None
    reply = assistant.respond(message)
    assert reply.escalation.level == "emergency"
    assert reply.escalation.rule == "learned-emergency"
    # whichever message it chooses, every number is in it
    text = " ".join(reply.escalation.message)
    assert "911" in text and "988" in text and "1-800-222-1222" in text


@pytest.mark.parametrize("message", ["i want it all to stop. how many of these would do it",
                                     "i'm so tired of being a burden, the pills are right here"])
def test_a_crisis_only_the_net_catches_puts_the_crisis_line_first(assistant, message):
    """Written for this test (the rules miss both): the net's crisis model picks the crisis
    message, which still names the emergency number and Poison Help."""
    reply = assistant.respond(message)
    assert reply.escalation.rule == "learned-emergency"
    assert any("988" in line for line in reply.escalation.message[:2])
    text = " ".join(reply.escalation.message)
    assert "911" in text and "1-800-222-1222" in text


def test_an_overdose_only_the_net_catches_keeps_the_emergency_number_first(assistant):
    reply = assistant.respond("shes gone all floppy after getting into my handbag")
    assert reply.escalation.rule == "learned-emergency"
    assert "911" in reply.escalation.message[0] and "988" not in reply.escalation.message[0]


def test_a_learned_alarm_still_answers_the_question_under_the_message(assistant, with_model):
    with_model.model = Always("emergency")
    reply = assistant.respond("can I drink alcohol on baclofen?")
    assert reply.escalation.rule == "learned-emergency"
    assert any("alcohol" in q.text.lower() for q in reply.quotes)


def test_a_learned_alarm_stands_when_retrieval_is_down(assistant):
    """A broken retrieval file (or a fault in retrieval): the alarm still shows, with its numbers."""
    from dataclasses import replace as replaced

    from assistant.assistant import Assistant

    degraded = Assistant(replaced(assistant.knowledge, retriever=None, monograph=None), assistant.region)
    reply = degraded.respond(MISSED_BY_THE_RULES[1])
    assert reply.escalation.rule == "learned-emergency"
    assert "911" in " ".join(reply.escalation.message)


def test_the_learned_net_never_lowers_what_a_rule_decided(assistant, with_model):
    with_model.model = Always("none")
    assert assistant.respond("my son swallowed 20 of my tablets").escalation.level == "emergency"
    reply = assistant.respond("my pump is beeping")
    assert reply.escalation.level == "urgent" and reply.escalation.rule == "pump-alarm"


def test_the_learned_net_raises_a_rules_urgent_finding_it_reads_as_an_emergency(assistant, with_model):
    with_model.model = Always("emergency")
    assert assistant.respond("my pump is beeping").escalation.rule == "learned-emergency"
    with_model.model = None  # no net (a missing or damaged artefact): the rule's level stands
    assert assistant.respond("my pump is beeping").escalation.rule == "pump-alarm"


@pytest.mark.parametrize("message", [
    "pump refill this afternoon and now he's very floppy and sleepy and I can't get a sensible answer out of him",
    "the baby is having these jerking fits and I took baclofen all through pregnancy",
])
def test_an_emergency_the_rules_call_urgent_is_raised_by_the_shipped_net(assistant, message):
    escalator = assistant.knowledge.escalator
    assert escalator.check(message, escalator.learned_ids).rule.level == "urgent"
    assert assistant.respond(message).escalation.level == "emergency"
    # in the chat and in replay too (a conversation), not only from `ask`
    assert assistant.respond(message, conversation=Conversation()).escalation.level == "emergency"


def test_the_chat_escalates_every_team_message_as_ask_does(assistant):
    """One entry point, one answer: a message opening a conversation (the chat, replay) gets the
    level it gets alone (`ask`), the learned net's raising included."""
    escalator = assistant.knowledge.escalator
    messages = [c["question"] for c in read_sets.cases("escalation-messages") if not c.get("history")]
    # where the two could part: what the rules find urgent (the net may raise it); and a sample
    messages = [m for n, m in enumerate(messages) if n % 5 == 0 or (
        (found := escalator.check(m, escalator.learned_ids)) and found.rule.level == "urgent")]
    messages.append("she took five times her usual dose by mistake about an hour ago")
    differ = [m for m in messages if assistant.respond(m).escalation.level
              != assistant.respond(m, conversation=Conversation()).escalation.level]
    assert differ == []


@pytest.mark.parametrize("message", [
    "my baclofen pump started beeping this morning and it won't stop",
    "I stopped my baclofen on monday and now I'm shaky and my spasms are awful",
    "my pump site is red and swollen and I have a temperature of 38.6",
])
def test_a_plainly_urgent_message_stays_urgent_under_the_shipped_net(assistant, message):
    assert assistant.respond(message).escalation.level == "urgent"


def test_the_learned_net_never_lowers_what_the_rules_read_in_a_conversation(assistant, with_model):
    """"it's beeping right now" after "she has a pump" is the rules' urgent, read with the
    conversation; a net that reads the message alone as calm leaves it urgent (it may only raise
    an urgent finding, as for a message alone)."""
    with_model.model = Always("none")
    conversation = Conversation()
    assistant.respond("my daughter has an intrathecal pump", conversation=conversation)
    reply = assistant.respond("it's beeping right now", conversation=conversation)
    assert reply.escalation.level == "urgent"


def test_after_an_alarm_the_learned_net_raises_no_second_one(assistant, with_model):
    conversation = Conversation()
    assistant.respond("my son swallowed 20 of my tablets", conversation=conversation)
    with_model.model = Always("emergency")
    assert assistant.respond("ok calling now", conversation=conversation).escalation.level == "none"


def test_after_an_urgent_alarm_the_learned_net_still_raises_an_emergency(assistant):
    """A crisis told right after an extra dose was reported (and asked about) is a new alarm."""
    conversation = Conversation()
    for message in ("I accidentally took my evening dose twice.", "She seems okay for now, should I be worried?"):
        assert assistant.respond(message, conversation=conversation).escalation.level == "urgent"
    reply = assistant.respond("i'm so tired of being a burden, the pills are right here", conversation=conversation)
    assert reply.escalation.level == "emergency"


def test_numbers_are_judged_by_the_rules_readings_not_by_their_digits(assistant):
    escalator = assistant.knowledge.escalator
    assert "<large-amount>" in escalator.model_tokens("I took 900 mg")
    assert "<dose-in-limits>" in escalator.model_tokens("I took 20 mg")
    assert "<no-large-amount>" in escalator.model_tokens("she ate 3 of my pills")
    assert escalator.model_tokens("I took 20 mg")[:3] == escalator.model_tokens("I took 900 mg")[:3]


@pytest.mark.parametrize("closing", ["Right, got it. Thanks!", "Super helpful, appreciate it!",
                                     "Wonderful. I'll let my mum know!", "Great stuff. Talk later!"])
def test_a_friendly_closing_after_an_answer_raises_no_alarm(assistant, closing):
    """Punctuation is no evidence of an emergency: the net reads words (and "?")."""
    conversation = Conversation()
    assistant.respond("how long does baclofen take to work?", conversation=conversation)
    assert assistant.respond(closing, conversation=conversation).escalation.level == "none"
    assert "!" not in assistant.knowledge.escalator.model_tokens(closing)


def test_a_message_with_too_few_known_words_is_left_to_the_rules(assistant):
    model = assistant.knowledge.escalator.model
    assert model.level(["hi"]) == "none"
    assert model.level(["zzqx", "vvkw", "pplq", "rrtz"]) == "none"


def test_a_damaged_model_leaves_the_rules_in_charge_and_logs_no_words(tmp_path, caplog):
    broken = tmp_path / "escalation-model.json"
    broken.write_text('{"format": 1, "levels": ["none"', encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        escalator = load_escalator(model_path=broken)
    assert escalator.model is None
    assert "rules alone" in caplog.text
    found = escalator.check("my son swallowed 20 of my tablets")
    assert found is not None and found.rule.level == "emergency"
    assert escalator.learned_finding("cant feel my legs after taking a handful") is None


def test_escalation_needs_no_numpy_at_run_time():
    """numpy takes ~0.15 s to import: the learned net reads its artefact in plain Python."""
    import subprocess
    import sys

    code = ("import sys; from assistant.escalation import load_escalator; load_escalator(); "
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_model_file_with_arrays_that_do_not_fit_is_refused(tmp_path):
    model = train([["took", "pills"], ["took", "pills"], ["what", "dose"], ["what", "dose"]],
                  ["emergency", "emergency", "none", "none"])
    data = model.to_json()
    data["terms"] += "\nextra"
    path = tmp_path / "m.json"
    import json
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="do not match"):
        load_model(path)


def test_training_is_deterministic_and_the_model_survives_its_file(tmp_path):
    texts = [["i", "took", "all", "my", "pills"], ["he", "took", "all", "the", "pills"],
             ["what", "is", "the", "dose"], ["what", "is", "the", "usual", "dose"],
             ["pump", "is", "beeping", "now"], ["the", "pump", "is", "beeping"]]
    labels = ["emergency", "emergency", "none", "none", "urgent", "urgent"]
    first, second = train(texts, labels), train(texts, labels)
    assert first.weights == second.weights
    path = tmp_path / "m.json"
    path.write_text(json.dumps(first.to_json()), encoding="utf-8")
    loaded = load_model(path)
    assert isinstance(loaded, EscalationModel)
    for tokens in texts:
        assert loaded.probabilities(tokens) == pytest.approx(first.probabilities(tokens), abs=1e-5)
    relaxed = replace(loaded, min_features=1)
    assert [relaxed.level(t) for t in texts] == labels


def test_the_net_reads_a_message_alike_whether_knowledge_is_shipped_parsed_or_parsed_fresh(assistant, monkeypatch):
    """The context cues' tokens come in name order: not in the order a knowledge file lists them,
    which the shipped parse and a fresh one (an edited file) need not share."""
    from assistant.prebuilt import PREBUILT_ENV

    messages = ["i dont want to live anymore", "I don't have a fever, but I have a pump",
                "can baclofen cause seizures"]
    shipped = [assistant.knowledge.escalator.model_tokens(m) for m in messages]
    monkeypatch.setenv(PREBUILT_ENV, "off")
    fresh = load_escalator()
    assert [fresh.model_tokens(m) for m in messages] == shipped


@pytest.mark.parametrize("statement", ["he takes baclofen", "she took her dose", "i keep my tablets in the kitchen",
                                       "i have a full bottle of 10mg", "i just took my evening one"])
def test_a_short_statement_of_ordinary_use_is_not_escalated_by_the_net(assistant, statement):
    """Short plain statements looked like reports to the net, whose calm training messages were
    mostly questions (escalation-training-4 gave it ordinary statements and reports side by side)."""
    assert assistant.respond(statement).escalation.level == "none"


@pytest.mark.parametrize("reply", ["no", "No!", "not really", "not sure", "I don't know", "no one", "no idea"])
def test_a_reply_that_names_nothing_is_not_escalated(assistant, reply):
    """A new user's trial: each of these got the crisis line from the learned net, alone and
    after "can he drink alcohol on it"."""
    assert assistant.respond(reply).escalation.level == "none"
    conversation = Conversation()
    assistant.respond("can he drink alcohol on it", conversation=conversation)
    assert assistant.respond(reply, conversation=conversation).escalation.level == "none"


@pytest.mark.parametrize("message", ["no one would miss me", "not breathing", "no pulse"])
def test_short_reports_made_of_common_words_still_escalate(assistant, message):
    assert assistant.respond(message).escalation.level == "emergency"
