"""``python -m assistant.train_escalation``: train the escalation safety net
(assistant/escalation_model.py) on the team's read escalation sets and ship it as
assistant/prebuilt/escalation-model.json; ``--check`` exits 1 when the shipped model was trained
on other data or by other code than this checkout's. A developer's step, never run for a user.

Only sets the team has read are training data (assistant/read_sets.py); a held-out set never is.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

from assistant.escalation import Escalator
from assistant.escalation_model import AFTER, AFTER_RULE, LEVELS, SHIPPED, ModelSettings, train
from assistant.knowledge import knowledge_dir
from assistant.read_sets import DATA, READ_ESCALATION, READ_QUESTIONS, SELF_HARM, cases, check_result
from assistant.safe_write import write_file
from assistant.smalltalk import load_small_talk

ARTEFACT = SHIPPED
SETTINGS = ModelSettings()
TRAINING_SETS = READ_ESCALATION
# question sets of ordinary questions: each question is a calm example on its own (a follow-up's
# question read without its conversation, as the model reads it)
CALM_SETS = READ_QUESTIONS
# the knowledge files the escalator reads, beside concepts.*.yaml (the monograph's words and the
# stopwords are words its spelling corrector never changes)
KNOWLEDGE = ("escalation.yaml", "smalltalk.yaml", "baclofen.md", "stopwords.txt")
# the code whose behaviour decides the model: its features, its training, the rules' readings
SOURCES = ("escalation_model.py", "train_escalation.py", "escalation.py", "amounts.py", "phrases.py",
           "context.py", "spelling.py", "english.py", "read_sets.py")


def examples(escalator: Escalator, data: Path = DATA) -> tuple[list[str], list[str]]:
    """Every single-message case of the escalation sets with an escalation expectation, at its
    highest allowed level (one allowing "urgent or emergency" is learned as emergency); every
    question of the ordinary sets expected calm (or with no escalation expectation) as calm, with
    the earlier messages of its conversation that the rules find calm;
    each rule's examples in escalation.yaml at the level the rules give them; small talk as calm."""
    texts, labels = [], []
    for name in TRAINING_SETS + CALM_SETS:
        for case in cases(name, data):
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
    for phrase in load_small_talk(knowledge_dir() / "smalltalk.yaml").phrases:  # validated, as compared
        texts.append(phrase)
        labels.append("none")
    return texts, labels


def crisis_examples(escalator: Escalator, texts: list[str], labels: list[str],
                    data: Path = DATA) -> tuple[list[str], list[str]]:
    """The emergencies of the training examples as crisis ("emergency") or not ("none"): the
    rules' reading decides (a crisis message or another), and every emergency of the SELF_HARM
    sets is a crisis; emergencies the rules miss elsewhere say nothing either way."""
    self_harm = {case["question"] for name in SELF_HARM for case in cases(name, data)
                 if (case.get("expect") or {}).get("escalation") == "emergency"}
    crisis_texts, crisis_labels = [], []
    for text, label in zip(texts, labels, strict=True):
        if label != "emergency":
            continue
        if text in self_harm:
            crisis_texts.append(text)
            crisis_labels.append("emergency")
        elif (found := escalator.check(text, escalator.learned_ids)) is not None and found.rule.level == "emergency":
            crisis_texts.append(text)
            crisis_labels.append("emergency" if found.rule.message.startswith("crisis") else "none")
    return crisis_texts, crisis_labels


def stand_down_examples(escalator: Escalator, data: Path = DATA) -> tuple[list[list[str]], list[str]]:
    """The stand-down reader's examples: every follow-up of the read conversations that comes
    after a message the rules escalate and that the rules find calm on its own, as the net reads
    it with the alarm's level and rule; "none" when it is expected calm (the scare is over),
    else "emergency" (the alarm stands: "what do I do now", "he seems ok so far")."""
    tokens, labels = [], []
    for name in TRAINING_SETS:
        for case in cases(name, data):
            expected = (case.get("expect") or {}).get("escalation")
            if expected is None or not case.get("history"):
                continue
            alarms = [found.rule for m in case["history"]
                      if (found := escalator.check(m, escalator.learned_ids)) is not None]
            if not alarms or escalator.check(case["question"], escalator.learned_ids) is not None:
                continue
            alarm = max(alarms, key=lambda rule: LEVELS.index(rule.level))
            allowed = expected if isinstance(expected, list) else [expected]
            tokens.append([*escalator.model_tokens(case["question"]), AFTER.format(alarm.level),
                           AFTER_RULE.format(alarm.id)])
            labels.append("none" if max(allowed, key=LEVELS.index) == "none" else "emergency")
    return tokens, labels


def training_key(texts: list[str], labels: list[str], *more: object) -> str:
    """What the model is a function of: the examples, the settings, the code and the knowledge
    files the escalator reads (the rules' readings of amounts and context are features)."""
    digest = hashlib.sha256(json.dumps([texts, labels, repr(SETTINGS), *more]).encode())
    here = Path(__file__).resolve().parent
    knowledge = knowledge_dir()
    for path in [*(here / source for source in SOURCES), *(knowledge / name for name in KNOWLEDGE),
                 *sorted(knowledge.glob("concepts.*.yaml"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from assistant.assistant import Knowledge

    escalator = Knowledge.load().escalator  # as the assistant loads it: the same readings
    texts, labels = examples(escalator)
    follow_ups, over = stand_down_examples(escalator)
    key = training_key(texts, labels, follow_ups, over)
    if "--check" in args:
        try:
            shipped = json.loads(ARTEFACT.read_text(encoding="utf-8")).get("key")
        except (OSError, ValueError):
            shipped = None
        return check_result(shipped == key, ARTEFACT.name, "assistant.train_escalation",
                            "stale (trained on other data or code)", f" ({len(texts)} messages)")
    print(f"training on {len(texts)} messages from {len(TRAINING_SETS)} sets…", file=sys.stderr)
    tokens = [escalator.model_tokens(t) for t in texts]
    crisis_texts, crisis_labels = crisis_examples(escalator, texts, labels)
    crisis = train([escalator.model_tokens(t) for t in crisis_texts], crisis_labels, SETTINGS)
    stand_down = train(follow_ups, over, SETTINGS)
    model = replace(train(tokens, labels, SETTINGS, key), crisis=crisis, stand_down=stand_down)
    right = sum(model.level(t) == label for t, label in zip(tokens, labels, strict=True))
    write_file(ARTEFACT, json.dumps(model.to_json(), separators=(",", ":")) + "\n", replace=True, mode=0o644)
    print(f"wrote {ARTEFACT} ({len(model.vocabulary)} features; {right}/{len(texts)} training messages "
          f"at their level; stand-down reader: {len(follow_ups)} follow-ups)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
