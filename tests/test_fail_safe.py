"""Whatever fails, the user still sees the emergency numbers and escalation still runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.assistant import Assistant
from assistant.knowledge import KnowledgeError
from assistant.stem_cache import cache_folder


@pytest.mark.parametrize("broken", ["baclofen.md", "lexicon.yaml", "stopwords.txt",
                                    "passage-questions.yaml", "asked-questions.yaml",
                                    "unanswered-questions.yaml", "messages.yaml"])
def test_a_broken_retrieval_file_still_escalates_and_shows_the_numbers(knowledge_copy, broken):
    path = knowledge_copy / broken
    path.write_bytes(b"\xff\xfe not text")
    with pytest.raises(KnowledgeError):
        Assistant.load(directory=knowledge_copy)  # strict by default: file and line
    assistant = Assistant.load(directory=knowledge_copy, allow_degraded=True)
    assert assistant.knowledge.problem is not None
    emergency = assistant.respond("he is not breathing")
    assert emergency.escalation.level == "emergency"
    assert any("911" in line for line in emergency.escalation.message)
    calm = assistant.respond("can I drink alcohol on baclofen")
    assert not calm.answered and "911" in calm.notice


def test_a_broken_escalation_file_is_never_degraded_past(knowledge_copy):
    path = knowledge_copy / "concepts.en.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nconcepts: {}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="duplicate key 'concepts'"):
        Assistant.load(directory=knowledge_copy, allow_degraded=True)


def test_a_fault_inside_escalation_still_shows_the_numbers(assistant, monkeypatch):
    def broken(message):
        raise RuntimeError("bug")

    monkeypatch.setattr(assistant.knowledge.escalator, "check", broken)
    reply = assistant.respond("he is not breathing")
    assert "911" in reply.notice


def test_a_stem_cache_of_the_wrong_shape_is_recomputed_not_fatal(tmp_path, monkeypatch):
    monkeypatch.setenv("BACLOFEN_ASSISTANT_CACHE", str(tmp_path))
    Assistant.load()
    folder = cache_folder()
    assert folder is not None
    for path in folder.glob("vocabulary-stems-*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps({"key": data["key"], "stems": {"alcohol": ["x"]}}))
    from assistant import text

    monkeypatch.setattr(text, "STEMS", type(text.STEMS)())
    assistant = Assistant.load()
    assert assistant.respond("he is not breathing").escalation.level == "emergency"
    assert assistant.respond("can I drink alcohol on baclofen").answered


def test_the_emergency_numbers_are_in_every_refusal(assistant):
    for message in ("x" * 6000,):
        reply = assistant.respond(message)
        assert "emergency" in reply.notice.lower()


def test_a_message_too_long_to_read_still_shows_the_emergency_numbers(assistant):
    reply = assistant.respond("can I drink alcohol on baclofen? " * 300)
    assert "911" in reply.notice


def test_a_knowledge_file_that_is_a_device_is_refused_at_once_not_read_forever(tmp_path):
    from assistant.knowledge import KnowledgeError, read_text

    with pytest.raises(KnowledgeError, match="not a regular file"):
        read_text(Path("/dev/zero"))


def test_an_emergency_at_the_end_of_an_over_long_message_is_escalated(assistant):
    """A new user's trial: the same sentence escalated at the start of a 5,400-character message
    and only got "too long" at its end."""
    message = "Some background. " * 330 + "my son swallowed 20 of my baclofen pills and he is not breathing."
    assert assistant.respond(message).escalation.level == "emergency"


def test_binary_noise_gets_a_cannot_read_notice_with_the_numbers_not_quotes(assistant):
    """A new user's trial: random bytes piped in were answered with dosing passages."""
    noise = "\ufffd\x7fR\ufffd\ufffd\\&\x16\ufffd\x19Kf\ufffd\ufffd\u02b7\ufffd\x03G\ufffdFu\ufffd>"
    reply = assistant.respond(noise)
    assert not reply.quotes and "can't read that message" in reply.notice and "911" in reply.notice
    assert assistant.respond("can i drink alcohol\ufffd").quotes  # one stray byte is no noise


def test_the_learned_net_raises_no_alarm_on_binary_noise(assistant):
    """A new user's trial: 12 of 30 runs of random bytes came back as emergencies from the net."""
    import random

    for seed in range(8):
        rng = random.Random(seed)
        noise = bytes(rng.randrange(256) for _ in range(500)).decode("utf-8", errors="replace")
        reply = assistant.respond(noise)
        assert reply.escalation.level == "none" and "can't read" in reply.notice


def test_a_failing_follow_up_check_after_an_alarm_still_answers(assistant, monkeypatch):
    """The checks added after the escalation block (an all-clear acknowledged, a warning found
    by concepts) must not make `respond` raise."""
    from assistant.conversation import Conversation

    conversation = Conversation()
    assistant.respond("my son swallowed 20 of my pills", conversation=conversation)

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(assistant.knowledge.escalator, "mentions_all", broken)
    reply = assistant.respond("what should I do if my child swallows baclofen", conversation=conversation)
    assert reply.quotes
