"""Which of tests/data the team has read (tuning data, from which the learned parts of the
assistant are built) and which are held out (written to measure the assistant on wording nobody
tuned to: never training data). One list for every builder; a test keeps them apart.

When a held-out set is read, moving it here is a commit of its own, and a fresh held-out set
is written first.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"

# escalation sets: messages with the level each must get
READ_ESCALATION = (
    "escalation-messages", "escalation-unseen", *(f"escalation-unseen-{n}" for n in range(2, 21)),
    "escalation-unseen-21", *(f"escalation-unseen-{n}" for n in range(22, 33)), "escalation-unseen-34", "escalation-unseen-35", "escalation-unseen-37", "escalation-unseen-38", "escalation-unseen-39", "escalation-unseen-40", "escalation-unseen-42", "escalation-unseen-49", "escalation-contrast", "escalation-contrast-2", "escalation-contrast-3",
    "escalation-contrast-4", "escalation-contrast-5", "escalation-contrast-6", "escalation-contrast-7", "escalation-contrast-8", "escalation-contrast-9", "escalation-contrast-10",
    "escalation-attack", *(f"escalation-attack-{n}" for n in range(2, 12)),
    *(f"escalation-training-{n}" for n in range(1, 9)),
    "escalation-conversations",
)
# escalation sets the team reads but the net does not learn from: escalation-training-9 (moods
# and quarrels that explain a silence) was written for the net in round 28, but learning from it
# loses emergencies where a mood sits beside a real sign (round 31: two of red team 28-c's, "he's
# cross with me and not saying a word" beside a limp arm or a threat); the rules' `mood` modifier
# reads that class instead; escalation-contrast-13 (routine doses, round 36): learning it churned
# the net (three trial emergencies and two earlier hazards' guards lost); the class is open (H226)
NOT_LEARNED = ("escalation-training-9", "escalation-contrast-13")
# escalation sets whose emergencies are all self-harm (what the net's crisis model learns from,
# beside the emergencies the rules give the crisis message)
SELF_HARM = ("escalation-contrast-3",)
# question sets: ordinary questions, most with the passage that answers them
READ_QUESTIONS = (
    "dev-set", "lay-questions", "consumer-questions", "real-consumer-tune",
    "retrieval-unseen", *(f"retrieval-unseen-{n}" for n in range(2, 11)),
    "retrieval-unseen-15",
    "retrieval-attack", "retrieval-attack-2", "retrieval-attack-3",
    "followup-unseen", *(f"followup-unseen-{n}" for n in range(2, 6)), "followup-unseen-8",
    *(f"retrieval-training-{n}" for n in range(1, 6)),
)
HELD_OUT = (
    *(f"escalation-unseen-{n}" for n in (33, 36, 41, 43, 44, 45, 46, 47, 48, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110)),
    *(f"retrieval-unseen-{n}" for n in (11, 12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65)),
    "followup-unseen-6", "followup-unseen-7", "followup-unseen-9", "followup-unseen-10", "followup-unseen-11",
    "real-consumer-holdout",
)


def cases(name: str, data: Path = DATA) -> list[dict[str, Any]]:
    """A question set's cases (libyaml's parser when installed: the sets hold ~20,000 cases)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: list[dict[str, Any]] = yaml.load((data / f"{name}.yaml").read_text(encoding="utf-8"), Loader=loader)["cases"]
    return found


def check_result(current: bool, artefact: str, command: str, stale: str, detail: str = "") -> int:
    """A builder's ``--check``: 0 when the shipped ``artefact`` is what ``command`` would build,
    else 1 with what to run (on stderr)."""
    if not current:
        print(f"{artefact} is {stale}: run python -m {command}", file=sys.stderr)
        return 1
    print(f"{artefact} is current{detail}")
    return 0
