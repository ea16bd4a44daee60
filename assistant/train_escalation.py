"""``python -m assistant.train_escalation``: train the escalation safety net
(assistant/escalation_model.py) on the team's read escalation sets and ship it as
assistant/prebuilt/escalation-model.json; ``--check`` exits 1 when the shipped model was trained
on other data or by other code than this checkout's. A developer's step, never run for a user.

Only sets the team has read are training data. A set still unseen (written to measure the rules
and the model on wording nobody tuned to) is never listed here; when one is read, adding it to
TRAINING_SETS is its own commit, and a fresh unseen set is written first.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import yaml

from assistant.escalation import Escalator
from assistant.escalation_model import LEVELS, SHIPPED, ModelSettings, train
from assistant.knowledge import knowledge_dir
from assistant.safe_write import write_file

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
ARTEFACT = SHIPPED
SETTINGS = ModelSettings()
# read sets only; the held-out sets (HELD_OUT, below) never
TRAINING_SETS = (
    "escalation-messages", "escalation-unseen", *(f"escalation-unseen-{n}" for n in range(2, 21)),
    "escalation-attack", *(f"escalation-attack-{n}" for n in range(2, 8)),
)
# question sets of ordinary questions: each question is a calm example on its own (a follow-up's
# question read without its conversation, as the model reads it)
CALM_SETS = (
    "dev-set", "lay-questions", "consumer-questions", "real-consumer-tune",
    "retrieval-unseen", *(f"retrieval-unseen-{n}" for n in range(2, 11)),
    "retrieval-attack", "retrieval-attack-2", "retrieval-attack-3",
    "followup-unseen", *(f"followup-unseen-{n}" for n in range(2, 6)),
)
# written to measure the rules and the model on wording nobody tuned to: never training data
HELD_OUT = (
    *(f"escalation-unseen-{n}" for n in range(21, 25)), "retrieval-unseen-11", "retrieval-unseen-12",
    "followup-unseen-6", "followup-unseen-7", "real-consumer-holdout",
)
# the code whose behaviour decides the model: its features, its training, the rules' readings
SOURCES = ("escalation_model.py", "train_escalation.py", "escalation.py", "amounts.py", "phrases.py",
           "context.py", "spelling.py", "english.py")


def examples(escalator: Escalator, data: Path = DATA) -> tuple[list[str], list[str]]:
    """Every single-message case of the escalation sets with an escalation expectation, at its
    highest allowed level (one allowing "urgent or emergency" is learned as emergency); every
    question of the ordinary sets expected calm (or with no escalation expectation) as calm, with
    the earlier messages of its conversation that the rules find calm;
    each rule's examples in escalation.yaml at the level the rules give them; small talk as calm."""
    texts, labels = [], []
    for name in TRAINING_SETS + CALM_SETS:
        cases = yaml.safe_load((data / f"{name}.yaml").read_text(encoding="utf-8"))["cases"]
        for case in cases:
            expected = (case.get("expect") or {}).get("escalation")
            if name in CALM_SETS:
                if expected in (None, "none", ["none"]):
                    texts.append(case["question"])
                    labels.append("none")
                    # the earlier messages of a calm conversation, where the rules find them
                    # calm too: statements of context ("my son has a pump", "I take 20 mg at night")
                    calm_before = [m for m in case.get("history", ())
                                   if escalator.check(m, escalator.learned_ids) is None]
                    texts.extend(calm_before)
                    labels.extend("none" for _ in calm_before)
                continue
            if expected is None or case.get("history"):
                continue
            allowed = expected if isinstance(expected, list) else [expected]
            texts.append(case["question"])
            labels.append(max(allowed, key=LEVELS.index))
    for rule in escalator.rules:
        for example in (*rule.fires, *rule.calm):
            found = escalator.check(example, escalator.learned_ids)
            texts.append(example)
            labels.append(found.rule.level if found else "none")
    small_talk = yaml.safe_load((knowledge_dir() / "smalltalk.yaml").read_text(encoding="utf-8"))
    for phrases in small_talk.values():
        texts.extend(map(str, phrases))
        labels.extend("none" for _ in phrases)
    return texts, labels


def training_key(texts: list[str], labels: list[str]) -> str:
    """What the model is a function of: the examples, the settings, the code and the knowledge
    files (the rules' readings of amounts are features)."""
    digest = hashlib.sha256(json.dumps([texts, labels, repr(SETTINGS)]).encode())
    here = Path(__file__).resolve().parent
    for path in [*(here / source for source in SOURCES), *sorted(knowledge_dir().iterdir())]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from assistant.assistant import Knowledge

    escalator = Knowledge.load().escalator  # as the assistant loads it: the same readings
    texts, labels = examples(escalator)
    key = training_key(texts, labels)
    if "--check" in args:
        try:
            shipped = json.loads(ARTEFACT.read_text(encoding="utf-8")).get("key")
        except (OSError, ValueError):
            shipped = None
        if shipped != key:
            print(f"{ARTEFACT.name} is stale (trained on other data or code): "
                  "run python -m assistant.train_escalation", file=sys.stderr)
            return 1
        print(f"{ARTEFACT.name} is current ({len(texts)} messages)")
        return 0
    print(f"training on {len(texts)} messages from {len(TRAINING_SETS)} sets…", file=sys.stderr)
    tokens = [escalator.model_tokens(t) for t in texts]
    model = train(tokens, labels, SETTINGS, key)
    right = sum(model.level(t) == label for t, label in zip(tokens, labels, strict=True))
    write_file(ARTEFACT, json.dumps(model.to_json(), separators=(",", ":")) + "\n", replace=True, mode=0o644)
    print(f"wrote {ARTEFACT} ({len(model.vocabulary)} features; {right}/{len(texts)} training messages "
          "at their level)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
