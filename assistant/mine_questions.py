"""``python -m assistant.mine_questions``: write knowledge/asked-questions.yaml — every question
of the team's read question sets (assistant/read_sets.py) whose expected quote the monograph
holds, under the passage that holds it: "alternate questions" in the words people actually used,
searched beside the passages as passage-questions.yaml is. ``--check`` exits 1 when the file is
not what the read sets give. A developer's step, never run for a user; a held-out set is never
mined.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from assistant.knowledge import knowledge_dir
from assistant.lexicon import load_lexicon
from assistant.monograph import Monograph, load_monograph
from assistant.passage_questions import ASKED_FILE, load_passage_questions
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


def render(found: dict[str, list[str]], monograph: Monograph) -> str:
    entries = [{"passage": p.id, "questions": found[p.id]} for p in monograph.passages if p.id in found]
    return HEADER + "\n" + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = knowledge_dir()
    monograph = load_monograph(directory / "baclofen.md")
    found = mine(monograph, spelled(directory, monograph))
    text = render(found, monograph)
    target = directory / ASKED_FILE
    if "--check" in args:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        return check_result(current == text, ASKED_FILE, "assistant.mine_questions",
                            "not what the read question sets give")
    write_file(target, text, replace=True, mode=0o644)
    print(f"wrote {target} ({sum(map(len, found.values()))} questions under {len(found)} passages)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
