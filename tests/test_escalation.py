"""Emergencies reach the emergency-contact message first; questions about them do not."""

from pathlib import Path

import pytest
import yaml

from assistant.assistant import Assistant
from assistant.escalation import load_escalator
from assistant.knowledge import KnowledgeError

DATA = Path(__file__).parent / "data"


def level(assistant, message):
    return assistant.respond(message).escalation.level


def cases(name):
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return [pytest.param(c["question"], c["expect"]["escalation"], id=c["id"])
            for c in data["cases"] if "escalation" in c.get("expect", {})]


@pytest.mark.parametrize("message, expected", cases("dev-set.yaml") + cases("escalation-messages.yaml"))
def test_escalation_level_matches_the_expected_level(assistant, message, expected):
    allowed = [expected] if isinstance(expected, str) else expected
    assert level(assistant, message) in allowed


def test_informational_overdose_question_is_not_escalated(assistant):
    reply = assistant.respond("what are the signs of overdose?")
    assert reply.escalation.level == "none"
    assert "1-800-222-1222" in "\n".join(q.text for q in reply.quotes) or any(
        "overdose" in q.text for q in reply.quotes)


def test_a_caregiver_report_about_a_child_is_an_emergency_with_the_message_first(assistant):
    reply = assistant.respond("my son swallowed a handful of my baclofen")
    assert reply.escalation.level == "emergency"
    assert reply.escalation.message[0].startswith("EMERGENCY")
    assert "1-800-222-1222" in " ".join(reply.escalation.message)
    assert reply.quotes[0].section == "Baclofen overdose"


def test_red_flags_with_their_own_negation_are_not_treated_as_negated(assistant):
    for message in ("he's not breathing", "I can't wake her", "he won't respond"):
        assert level(assistant, message) == "emergency", message


def test_negated_and_hypothetical_mentions_are_not_escalated(assistant):
    for message in ("I'm not having any trouble breathing, just tired",
                    "what if I take too much", "could baclofen stop my breathing",
                    "my lips are not blue"):
        assert level(assistant, message) == "none", message


@pytest.mark.parametrize("message, expected", [
    ("I took 200mg", "emergency"),
    ("i swallowed 120 mg of baclofen an hour ago", "emergency"),
    ("she took 10 tablets", "emergency"),
    ("I took 80 mg today", "none"),  # the monograph's maximum, not above it
    ("I took 20mg this morning", "none"),
    ("what if I took 200mg", "none"),
])
def test_a_reported_amount_above_80_mg_a_day_is_an_overdose(assistant, message, expected):
    assert level(assistant, message) == expected


def test_self_harm_gets_the_crisis_line(assistant):
    reply = assistant.respond("I want to end my life")
    assert reply.escalation.rule.startswith("self-harm")
    assert any("988" in line for line in reply.escalation.message)


@pytest.mark.parametrize("region, emergency, other", [
    ("US", "911", "1-800-222-1222"), ("UK", "999", "NHS 111"), ("EU", "112", None),
    ("AU", "000", "13 11 26"),
])
def test_the_message_uses_the_regions_numbers(assistant, region, emergency, other):
    regional = Assistant(assistant.knowledge, assistant.knowledge.regions.get(region))
    message = " ".join(regional.respond("I took too many pills").escalation.message)
    assert emergency in message
    if other:
        assert other in message
    else:
        assert "{" not in message and "None" not in message


def test_the_region_comes_from_the_environment(assistant, monkeypatch):
    monkeypatch.setenv("BACLOFEN_ASSISTANT_REGION", "uk")
    assert assistant.knowledge.regions.get().emergency == "999"
    assert assistant.knowledge.regions.get("AU").emergency == "000"
    with pytest.raises(KeyError):
        assistant.knowledge.regions.get("XX")


def test_emergencies_escalate_even_when_retrieval_breaks(assistant, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("index corrupted")

    monkeypatch.setattr(assistant.knowledge.retriever, "search", broken)
    reply = assistant.respond("she stopped breathing")
    assert reply.escalation.level == "emergency"
    assert reply.escalation.message
    calm = assistant.respond("can I drink alcohol")
    assert not calm.answered and "couldn't look that up" in calm.notice


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("level: emergency", "level: critical", 1), "level must be one of"),
    (lambda t: t.replace("unless: [negated", "unless: [nope", 1), "unknown guard"),
    (lambda t: t.replace("match:\n      - '", "match:\n      - '(unclosed", 1), "not a valid regular expression"),
    (lambda t: t.replace("\nrules:\n", "\nrules: [\n", 1), "invalid YAML"),
])
def test_a_broken_rules_file_stops_with_file_and_line(knowledge_copy, edit, message):
    path = knowledge_copy / "escalation.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_escalator(path)
    assert message in str(error.value)
    assert error.value.path == str(path) and error.value.line


def test_a_rule_quoting_an_unknown_passage_is_rejected(knowledge_copy):
    path = knowledge_copy / "escalation.yaml"
    path.write_text(path.read_text().replace("quote: baclofen-overdose-1", "quote: nowhere-1", 1))
    with pytest.raises(KnowledgeError, match="unknown passage 'nowhere-1'"):
        Assistant.load(directory=knowledge_copy)
