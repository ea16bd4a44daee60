"""`baclofen-assistant replay`: run question sets through Assistant.respond and report."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from assistant import exit_codes
from assistant.assistant import Assistant
from assistant.knowledge import KnowledgeError
from assistant.refusal import refuse
from assistant.render import printable
from assistant.replay.questions import QuestionSetError, QuestionStream, stream_question_set
from assistant.replay.reports import JsonReportWriter, JunitReportWriter, text_summary
from assistant.replay.verdicts import Metrics, Verdict
from assistant.replay.workers import answered, default_workers
from assistant.reply import Reply
from assistant.safe_write import PRIVATE_MODE, SafeWriter, UnsafeTarget, check_target

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


def replay(assistant: Assistant, sets: list[QuestionStream], top_k: int,
           sink: Callable[[int, Verdict, float], None] | None = None,
           workers: int | None = None) -> tuple[list[Verdict], Metrics]:
    """Replay every case (read, answer, judge, hand to ``sink``, in the sets' order), on
    ``workers`` processes (default 1, this one; 0: one per core for long runs). Returns the
    failed verdicts (without their replies: what the summary prints) and the metrics."""
    failed, metrics = [], Metrics()
    total = sum(s.count for s in sets)
    progress = Progress(total)
    numbered = ((suite, case) for suite, question_set in enumerate(sets)
                for case in question_set.cases())
    chosen = 1 if workers is None else default_workers(total) if workers == 0 else workers
    stream = answered(assistant, numbered, top_k, chosen)
    try:
        for done, (suite, verdict, seconds) in enumerate(stream, start=1):
            metrics.add(verdict)
            if sink is not None:
                sink(suite, verdict, seconds)
            if not verdict.passed:
                # kept for the summary without its quotes: memory stays flat in set size
                failed.append(replace(verdict, reply=Reply(verdict.reply.question)))
            progress.update(done)
    finally:
        stream.close()  # the workers stop now, also when Ctrl-C or SIGTERM ended the run here
    progress.close()
    return failed, metrics


def _load_sets(files: list[str]) -> list[QuestionStream]:
    """Each file once: the same file named twice (or through a link) is read once, so no case
    is counted twice."""
    sets: list[QuestionStream] = []
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
        sets.append(stream_question_set(Path(name)))
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
        return refuse(f"baclofen-assistant replay: {printable(str(error))}", args.region, EXIT_UNUSABLE)
    problem = _check_outputs(args)
    if problem:
        return refuse(f"baclofen-assistant replay: {printable(problem)}", args.region, EXIT_UNUSABLE)
    try:
        assistant = Assistant.load(args.region)
    except KnowledgeError as error:
        return refuse(f"baclofen-assistant: broken knowledge file: {error}", args.region,
                      EXIT_UNUSABLE)
    except KeyError as error:
        return refuse(f"baclofen-assistant: {error.args[0]}", args.region, EXIT_UNUSABLE)
    try:
        failed, metrics = _replay_to_reports(assistant, sets, args)
    except QuestionSetError as error:  # a set changed since it was checked
        return refuse(f"baclofen-assistant replay: {printable(str(error))}", args.region, EXIT_UNUSABLE)
    except UnsafeTarget as error:  # the target changed while replaying
        return refuse(f"baclofen-assistant replay: cannot write the report: {printable(str(error))}"
                      + ("" if args.force else "; add --force to replace it"), args.region, EXIT_UNUSABLE)
    except OSError as error:
        return refuse(f"baclofen-assistant replay: cannot write report: {error}", args.region, EXIT_UNUSABLE)
    sys.stdout.write(text_summary(failed, metrics, args.top_k, [str(s.path) for s in sets]))
    return EXIT_OK if metrics.passed == metrics.cases else EXIT_FAILED


def _replay_to_reports(assistant: Assistant, sets: list[QuestionStream],
                       args: argparse.Namespace) -> tuple[list[Verdict], Metrics]:
    """Replay, writing the reports case by case: the JSON report straight into its temporary
    file, the JUnit testcases into a temporary spool; each report is renamed into place only
    when the whole run succeeded (assistant/safe_write.py). Reports hold the questions, which
    may be patients' words, so they are private to their owner (PRIVATE_MODE)."""
    names, files = [s.name for s in sets], [str(s.path) for s in sets]
    with contextlib.ExitStack() as stack:
        json_out = junit = None
        if args.json:
            report = SafeWriter(args.json, replace=args.force, mode=PRIVATE_MODE)
            json_out = JsonReportWriter(stack.enter_context(report), " + ".join(names), files,
                                        args.top_k)
        if args.junit:
            junit = JunitReportWriter(files)
            stack.callback(junit.close)

        def sink(suite: int, verdict: Verdict, seconds: float) -> None:
            if json_out is not None:
                json_out.add(verdict.to_dict())
            if junit is not None:
                junit.add(suite, verdict.case.id, verdict.case.question, verdict.failures, seconds)

        failed, metrics = replay(assistant, sets, args.top_k, sink, args.workers)
        if junit is not None:  # written whole before the JSON report is renamed into place
            with SafeWriter(args.junit, replace=args.force, mode=PRIVATE_MODE) as out:
                junit.finish(out)
        if json_out is not None:
            json_out.finish(metrics.summary())
    return failed, metrics
