"""Answering a replay's cases on every core: worker processes forked from the loaded assistant
answer chunks of cases while the parent writes the reports. The verdicts come back in the
order of the sets, exactly as answering the cases one by one would give them, and only a
bounded number of chunks is in flight, so memory stays flat in set size.

One inbox and one answer pipe per worker rather than a pool: the parent hands chunks out in
turn and reads the answers back in the same turn, so order needs no bookkeeping, a worker that
dies is noticed (its pipe closes), and a run ended by Ctrl-C or SIGTERM stops its workers at
once (a pool's shutdown can wait on a lock the signal interrupted)."""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.queues
import os
import signal
import time
from collections.abc import Generator, Iterable
from itertools import count, islice
from multiprocessing.connection import Connection

from assistant.assistant import Assistant
from assistant.conversation import Conversation
from assistant.replay.questions import Case
from assistant.replay.verdicts import Verdict, judge

CHUNK = 64  # cases a worker answers per task: enough to pay for passing them between processes
IN_FLIGHT = 3  # chunks handed to each worker ahead of the one being read back
PARALLEL_FROM = 1_000  # fewer cases than this are answered in this process (starting workers costs)

Numbered = tuple[int, Case]  # (question set's number, case)
Answered = tuple[int, Verdict, float]  # (question set's number, verdict, seconds)


class WorkerDied(RuntimeError):
    """A worker process ended before answering what it was given."""


def answer(assistant: Assistant, case: Case, top_k: int) -> tuple[Verdict, float]:
    """One case in a fresh conversation (its history first), judged, with the time it took."""
    started = time.perf_counter()
    conversation = Conversation()
    for earlier in case.history:
        assistant.respond(earlier, top_k, conversation)
    verdict = judge(case, assistant.respond(case.question, top_k, conversation))
    return verdict, time.perf_counter() - started


def default_workers(cases: int) -> int:
    """One worker per core this process may use, when the run is long enough to gain."""
    if cases < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def answered(assistant: Assistant, cases: Iterable[Numbered], top_k: int,
             workers: int) -> Generator[Answered, None, None]:
    """Every case answered, in order: here when ``workers`` is 1, else in forked workers."""
    if workers <= 1:
        for suite, case in cases:
            yield (suite, *answer(assistant, case, top_k))
        return
    context = multiprocessing.get_context("fork")
    inboxes: list[multiprocessing.queues.Queue[list[Numbered] | None]] = []
    pipes: list[Connection] = []
    processes = []
    gc.freeze()  # the collector leaves the inherited objects alone: their pages stay shared
    finished = False
    try:
        for _ in range(workers):
            # chunks go out through a queue (its thread sends them, so handing out work never
            # waits on a busy worker); answers come back through a pipe, read in turn
            inbox: multiprocessing.queues.Queue[list[Numbered] | None] = context.Queue()
            mine, theirs = context.Pipe(duplex=False)
            process = context.Process(target=_work, args=(inbox, theirs, assistant, top_k), daemon=True)
            process.start()
            theirs.close()
            inboxes.append(inbox)
            pipes.append(mine)
            processes.append(process)
        chunks = iter(lambda: list(islice(cases, CHUNK)), [])
        sent = 0
        # each queue's first put starts its sending thread: with SIGTERM and Ctrl-C blocked
        # meanwhile, that thread never takes them, and they always reach this (main) thread
        blocked = _block_stop_signals()
        try:
            for chunk in islice(chunks, workers * IN_FLIGHT):  # every worker busy, more queued
                inboxes[sent % workers].put(chunk)
                sent += 1
        finally:
            _unblock(blocked)
        for n in count():  # read back in the order sent, refilling the worker just read
            if n == sent:
                finished = True
                break
            worker = n % workers
            try:
                done = pipes[worker].recv()
            except EOFError:
                raise WorkerDied(f"replay worker {worker + 1} ended unexpectedly "
                                 f"(exit {processes[worker].exitcode})") from None
            following = next(chunks, None)
            if following is not None:
                inboxes[sent % workers].put(following)
                sent += 1
            yield from done
    finally:
        gc.unfreeze()
        if finished:
            for inbox in inboxes:
                inbox.put(None)  # a worker waiting for work stops
                inbox.close()
        else:
            # ended by an error, Ctrl-C or SIGTERM, which may have struck inside a queue's lock:
            # the workers are stopped without touching the queues, whose unsent chunks are
            # dropped; SIGKILL, since a SIGTERM reaching a worker before it set its own handler
            # could be lost and leave it waiting for work for ever
            for process in processes:
                process.kill()
            for inbox in inboxes:
                inbox.cancel_join_thread()
        for process in processes:
            process.join()
        for pipe in pipes:
            pipe.close()


def _work(inbox: multiprocessing.queues.Queue[list[Numbered] | None], answers: Connection,
          assistant: Assistant, top_k: int) -> None:
    """A worker: answers each chunk it is sent until it is sent None. Ctrl-C reaches the whole
    terminal's process group; the parent handles it and stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while (chunk := inbox.get()) is not None:
        answers.send([(suite, *answer(assistant, case, top_k)) for suite, case in chunk])


_STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def _block_stop_signals() -> set[int | signal.Signals] | None:
    """Block SIGTERM and SIGINT in this thread (so threads started now inherit the block);
    the previous mask, or None where threads' masks cannot be set."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS))


def _unblock(previous: set[int | signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
