"""`baclofen-assistant replay`: run question sets through Assistant.respond and report."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from assistant.assistant import Assistant
from assistant.knowledge import KnowledgeError
from assistant.replay.questions import QuestionSet, QuestionSetError, load_question_set
from assistant.replay.reports import json_report, junit_tree, text_summary, write_json
from assistant.replay.verdicts import Metrics, Verdict, judge

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO = sys.stderr, width: int = 30) -> None:
        self.total, self.stream, self.width = total, stream, width
        self.enabled = stream.isatty() and total >= 50
        self.step = max(1, total // 100)

    def update(self, done: int) -> None:
        if self.enabled and (done % self.step == 0 or done == self.total):
            filled = self.width * done // self.total
            self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] "
                              f"{done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (self.width + 24) + "\r")
            self.stream.flush()


def replay(assistant: Assistant, sets: list[QuestionSet], top_k: int
           ) -> tuple[list[Verdict], Metrics, dict[str, float]]:
    cases = [case for question_set in sets for case in question_set.cases]
    verdicts, metrics, seconds = [], Metrics(), {}
    progress = Progress(len(cases))
    for done, case in enumerate(cases, start=1):
        started = time.perf_counter()
        verdict = judge(case, assistant.respond(case.question, top_k))
        seconds[case.id + case.file] = time.perf_counter() - started
        verdicts.append(verdict)
        metrics.add(verdict)
        progress.update(done)
    progress.close()
    return verdicts, metrics, seconds


def run_replay(args: argparse.Namespace) -> int:
    try:
        sets = [load_question_set(Path(f)) for f in args.files]
    except QuestionSetError as error:
        print(f"baclofen-assistant replay: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        assistant = Assistant.load(args.region)
    except KnowledgeError as error:
        print(f"baclofen-assistant: broken knowledge file: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyError as error:
        print(f"baclofen-assistant: {error.args[0]}", file=sys.stderr)
        return EXIT_UNUSABLE
    verdicts, metrics, seconds = replay(assistant, sets, args.top_k)
    try:
        if args.json:
            write_json(Path(args.json), json_report(sets, verdicts, args.top_k, metrics))
        if args.junit:
            junit_tree(sets, verdicts, seconds).write(args.junit, encoding="utf-8",
                                                      xml_declaration=True)
    except OSError as error:
        print(f"baclofen-assistant replay: cannot write report: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    sys.stdout.write(text_summary(verdicts, metrics, args.top_k))
    return EXIT_OK if metrics.passed == metrics.cases else EXIT_FAILED
