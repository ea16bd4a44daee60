"""``python -m assistant.mine_questions``: write knowledge/asked-questions.yaml — every question
of the team's read question sets (assistant/read_sets.py) whose expected quote the monograph
holds, under the passage that holds it: "alternate questions" in the words people actually used,
searched beside the passages as passage-questions.yaml is — and knowledge/unanswered-questions.yaml,
the read sets' questions the monograph does not answer (the retriever's refusal neighbours).
``--check`` exits 1 when a file is not what the read sets give. A developer's step, never run
for a user; a held-out set is never mined.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from assistant.knowledge import knowledge_dir
from assistant.lexicon import load_lexicon
from assistant.monograph import Monograph, load_monograph
from assistant.passage_questions import ASKED_FILE, UNANSWERED_FILE, load_passage_questions
from assistant.read_sets import DATA, READ_QUESTIONS, cases, check_result
from assistant.retriever import Retriever
from assistant.safe_write import write_file
from assistant.text import load_word_list, normalise, words

HEADER = """\
# Questions people asked, each under the passage that answers it: every question of the team's
# read question sets (assistant/read_sets.py) expected calm whose expected quote this passage
# holds (the first such quote; every passage that holds it), in its words as the retriever reads
# them (lower case, typos corrected). Searched with passage-questions.yaml
# as one field, so a question worded as people word them finds the passage that answered the
# same kind of question before. Generated: edit the question sets, then run
#     python -m assistant.mine_questions
# Never shown to users (replies quote only the monograph); held-out sets are never mined.
"""


def spelled(directory: Path, monograph: Monograph) -> Callable[[str], str]:
    """A question's words as the retriever reads them, typos corrected ("does baclofen cause
    dizzyness" → "… dizziness"), by a retriever that knows only the hand-written questions: a
    typo stored here would become a word the retriever knows, and be corrected no more."""
    retriever = Retriever(monograph, load_lexicon(directory / "lexicon.yaml"),
                          load_word_list(directory / "stopwords.txt"),
                          questions=load_passage_questions({p.id for p in monograph.passages},
                                                           directory / "passage-questions.yaml"))
    reader = retriever.reader
    return lambda question: " ".join(reader.corrected(words(question)))


def mine(monograph: Monograph, spell: Callable[[str], str], data: Path = DATA) -> dict[str, list[str]]:
    """passage id → the read questions it answers (spelled as the retriever reads them), in set
    order, each once."""
    texts = {p.id: normalise(p.text) for p in monograph.passages}
    found: dict[str, list[str]] = {}
    for name in READ_QUESTIONS:
        for case in cases(name, data):
            expect = case.get("expect") or {}
            snippets = expect.get("quote_contains") or []
            if case.get("history") or expect.get("escalation", "none") not in ("none", ["none"]):
                continue  # a follow-up needs its conversation; an alarm is no question
            question = spell(case["question"])
            for snippet in snippets:
                holders = [pid for pid, text in texts.items() if normalise(snippet) in text]
                for pid in holders:
                    questions = found.setdefault(pid, [])
                    if question and question not in questions:
                        questions.append(question)
                if holders:
                    break
    return found


UNANSWERED_HEADER = """\
# Questions people asked that the monograph does not answer (price, insurance, other drugs'
# doses, the weather …): every question of the team's read question sets (assistant/read_sets.py)
# expected to get "not covered", in its words as the retriever reads them. A question closer to
# these than to any passage's questions is refused (RetrieverSettings.refusal_ratio). Generated:
# edit the question sets, then run
#     python -m assistant.mine_questions
# Never shown to users; held-out sets are never mined.
"""


def mine_unanswered(spell: Callable[[str], str], data: Path = DATA) -> list[str]:
    """The read sets' calm, stand-alone questions expected to get "not covered", each once."""
    found: list[str] = []
    for name in READ_QUESTIONS:
        for case in cases(name, data):
            expect = case.get("expect") or {}
            if (expect.get("answered") is not False or case.get("history")
                    or expect.get("escalation", "none") not in ("none", ["none"])):
                continue
            if (question := spell(case["question"])) and question not in found:
                found.append(question)
    return found


def render_unanswered(questions: list[str]) -> str:
    return UNANSWERED_HEADER + "\n" + yaml.safe_dump({"questions": questions}, allow_unicode=True, width=100)


def render(found: dict[str, list[str]], monograph: Monograph) -> str:
    entries = [{"passage": p.id, "questions": found[p.id]} for p in monograph.passages if p.id in found]
    return HEADER + "\n" + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = knowledge_dir()
    monograph = load_monograph(directory / "baclofen.md")
    spell = spelled(directory, monograph)
    found = mine(monograph, spell)
    unanswered = mine_unanswered(spell)
    files = {ASKED_FILE: render(found, monograph), UNANSWERED_FILE: render_unanswered(unanswered)}
    if "--check" in args:
        status = 0
        for name, text in files.items():
            target = directory / name
            current = target.read_text(encoding="utf-8") if target.is_file() else ""
            status |= check_result(current == text, name, "assistant.mine_questions",
                                   "not what the read question sets give")
        return status
    for name, text in files.items():
        write_file(directory / name, text, replace=True, mode=0o644)
    print(f"wrote {directory / ASKED_FILE} ({sum(map(len, found.values()))} questions under {len(found)} passages)"
          f" and {directory / UNANSWERED_FILE} ({len(unanswered)} questions)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
