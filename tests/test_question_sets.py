"""The team's own lay and escalation sets (not the dev set) keep passing: a guard against
tuning to the dev set's sentences."""

from pathlib import Path

import pytest

from assistant.cli import main

DATA = Path(__file__).parent / "data"

# the sets are replayed in-process: the shipped knowledge is read once (conftest)
pytestmark = pytest.mark.usefixtures("shipped_knowledge_loaded_once")


@pytest.mark.parametrize("name", ["lay-questions.yaml", "consumer-questions.yaml", "escalation-messages.yaml"])
def test_team_question_set_passes(name, capsys):
    code = main(["replay", str(DATA / name)])
    assert code == 0, capsys.readouterr().out
