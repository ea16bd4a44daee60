"""Answering a replay's cases on every core: worker processes forked from the loaded assistant
answer chunks of cases while the parent writes the reports. The verdicts come back in the
order of the sets, exactly as answering the cases one by one would give them, and only a
bounded number of chunks is in flight, so memory stays flat in set size."""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from assistant.assistant import Assistant
from assistant.conversation import Conversation
from assistant.replay.questions import Case
from assistant.replay.verdicts import Verdict, judge

CHUNK = 64  # cases a worker answers per task: enough to pay for passing them between processes
IN_FLIGHT = 4  # chunks queued per worker
PARALLEL_FROM = 1_000  # fewer cases than this are answered in this process (starting workers costs)

Numbered = tuple[int, Case]  # (question set's number, case)
Answered = tuple[int, Verdict, float]  # (question set's number, verdict, seconds)

_forked: tuple[Assistant, int] | None = None  # what a forked worker answers with


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
             workers: int) -> Iterator[Answered]:
    """Every case answered, in order: here when ``workers`` is 1, else in forked workers."""
    if workers <= 1:
        for suite, case in cases:
            yield (suite, *answer(assistant, case, top_k))
        return
    global _forked
    _forked = (assistant, top_k)  # the workers fork from here and inherit it
    gc.freeze()  # the collector leaves the inherited objects alone: their pages stay shared
    context = multiprocessing.get_context("fork")
    pending: deque[Future[list[Answered]]] = deque()
    chunks = iter(lambda: list(islice(cases, CHUNK)), [])
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for chunk in islice(chunks, workers * IN_FLIGHT):
                pending.append(pool.submit(_answer_chunk, chunk))
            while pending:
                done = pending.popleft().result()  # a worker's error or death is raised here
                following = next(chunks, None)
                if following is not None:
                    pending.append(pool.submit(_answer_chunk, following))
                yield from done
    finally:
        _forked = None
        gc.unfreeze()
        for future in pending:
            future.cancel()


def _answer_chunk(chunk: list[Numbered]) -> list[Answered]:
    assert _forked is not None, "a replay worker runs only forked from a loaded assistant"
    assistant, top_k = _forked
    return [(suite, *answer(assistant, case, top_k)) for suite, case in chunk]
