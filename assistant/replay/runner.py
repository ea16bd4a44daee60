"""`baclofen-assistant replay`: run question sets through Assistant.respond and report."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from assistant import exit_codes
from assistant.assistant import Assistant
from assistant.conversation import Conversation
from assistant.knowledge import KnowledgeError
from assistant.refusal import refuse
from assistant.render import printable
from assistant.replay.questions import QuestionSet, QuestionSetError, load_question_set
from assistant.replay.reports import json_bytes, json_report, junit_bytes, junit_tree, text_summary
from assistant.replay.verdicts import Metrics, Verdict, judge
from assistant.safe_write import UnsafeTarget, check_target, write_file

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = exit_codes.OK, exit_codes.FAILED, exit_codes.UNUSABLE


class Progress:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None, width: int = 30) -> None:
        stream = stream or sys.stderr  # the current stderr, not the one at import time
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
        conversation = Conversation()  # each case is a fresh conversation
        for earlier in case.history:
            assistant.respond(earlier, top_k, conversation)
        verdict = judge(case, assistant.respond(case.question, top_k, conversation))
        seconds[case.id + case.file] = time.perf_counter() - started
        verdicts.append(verdict)
        metrics.add(verdict)
        progress.update(done)
    progress.close()
    return verdicts, metrics, seconds


def _load_sets(files: list[str]) -> list[QuestionSet]:
    """Each file once: the same file named twice (or through a link) is read once, so no case
    is counted twice."""
    sets: list[QuestionSet] = []
    seen: dict[tuple[int, int], str] = {}
    for name in files:
        try:
            info = os.stat(name)
            key: tuple[int, int] | None = (info.st_dev, info.st_ino)
        except OSError:
            key = None  # load_question_set says what is wrong
        if key is not None and key in seen:
            print(f"baclofen-assistant replay: {printable(name)} is the same file as "
                  f"{printable(seen[key])}; reading it once", file=sys.stderr)
            continue
        sets.append(load_question_set(Path(name)))
        if key is not None:
            seen[key] = name
    return sets


def _check_outputs(args: argparse.Namespace) -> str | None:
    """Why the --json/--junit targets cannot be written, or None. Checked before replaying."""
    outputs = [(flag, value) for flag, value in (("--json", args.json), ("--junit", args.junit))
               if value]
    if len(outputs) == 2 and os.path.abspath(args.json) == os.path.abspath(args.junit):
        return "--json and --junit name the same file"
    for flag, value in outputs:
        try:
            exists = check_target(value)
        except UnsafeTarget as error:
            return f"cannot write the {flag} report: {error}"
        if not exists:
            continue
        if any(_same_file(value, source) for source in args.files):
            return f"{flag} {value} is one of the question sets; refusing to overwrite it"
        if not args.force:
            return f"{flag} {value} already exists; add --force to replace it"
    return None


def _same_file(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def run_replay(args: argparse.Namespace) -> int:
    try:
        sets = _load_sets(args.files)
    except QuestionSetError as error:
        print(f"baclofen-assistant replay: {printable(str(error))}", file=sys.stderr)
        return EXIT_UNUSABLE
    problem = _check_outputs(args)
    if problem:
        print(f"baclofen-assistant replay: {printable(problem)}", file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        assistant = Assistant.load(args.region)
    except KnowledgeError as error:
        return refuse(f"baclofen-assistant: broken knowledge file: {error}", args.region,
                      EXIT_UNUSABLE)
    except KeyError as error:
        return refuse(f"baclofen-assistant: {error.args[0]}", args.region, EXIT_UNUSABLE)
    verdicts, metrics, seconds = replay(assistant, sets, args.top_k)
    try:
        if args.json:
            write_file(args.json, json_bytes(json_report(sets, verdicts, args.top_k, metrics)),
                       replace=args.force)
        if args.junit:
            write_file(args.junit, junit_bytes(junit_tree(sets, verdicts, seconds)),
                       replace=args.force)
    except UnsafeTarget as error:  # the target changed while replaying
        print(f"baclofen-assistant replay: cannot write the report: {printable(str(error))}"
              + ("" if args.force else "; add --force to replace it"), file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as error:
        print(f"baclofen-assistant replay: cannot write report: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    sys.stdout.write(text_summary(verdicts, metrics, args.top_k))
    return EXIT_OK if metrics.passed == metrics.cases else EXIT_FAILED
