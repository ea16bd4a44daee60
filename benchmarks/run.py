"""Benchmarks: prints one table of the figures the issues ask for.

    .venv/bin/python benchmarks/run.py [--quick]

Rows: cold `ask` (whole process) beside the naive rank-bm25 + Snowball script in the same run,
warm per-question latency over the dev set, escalation cost per message, replay throughput,
a 1 MB message, time to the chat's first screen, and memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT / "tests" / "data" / "dev-set.yaml"
PYTHON = sys.executable
CLI = [PYTHON, "-m", "assistant"]
FIRST_SCREEN = """
import sys, time
from assistant.assistant import Assistant
from assistant.tui.app import create_app
app = create_app(Assistant.load())
async def leave(pilot):
    await pilot.pause()
    app.exit()
app.run(headless=True, size=(100, 36), auto_pilot=leave)
"""


def wall(command: list[str], env: dict[str, str], runs: int) -> tuple[float, int]:
    """Median wall time of a whole process, and its peak RSS in KiB."""
    times, peak = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak RSS
        times.append(time.perf_counter() - started)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise SystemExit(f"{' '.join(command)} failed with exit {child.returncode}")
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak


def milliseconds(call, questions: list[str], runs: int) -> list[float]:
    """Time ``call(question)`` for every question, ``runs`` times over."""
    times = []
    for _ in range(runs):
        for question in questions:
            started = time.perf_counter()
            call(question)
            times.append((time.perf_counter() - started) * 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 3 if args.quick else 9
    rows: list[tuple[str, str, str]] = []

    cache = tempfile.mkdtemp(prefix="bench-stems-")
    env = dict(os.environ, BACLOFEN_ASSISTANT_CACHE=cache)
    question = "can I drink alcohol while taking baclofen"
    first, _ = wall(CLI + ["ask", question], env, 1)  # fills the stem cache
    naive, naive_rss = wall([PYTHON, str(ROOT / "benchmarks" / "naive_bm25.py"), question], env, runs)
    cold, cold_rss = wall(CLI + ["ask", question], env, runs)
    unseen, _ = wall(CLI + ["ask", "is baclofen ok with kombucha"], env, 1)
    rows += [
        ("naive rank-bm25 + Snowball script (whole process)", f"{naive * 1000:.0f} ms", "baseline"),
        ("cold `ask` (whole process, stem cache warm)", f"{cold * 1000:.0f} ms",
         f"{cold / naive:.2f}× naive (target ≤ 0.8×)"),
        ("cold `ask`, very first run (no stem cache yet)", f"{first * 1000:.0f} ms", f"{first / naive:.2f}× naive"),
        ("cold `ask` with a word never seen (imports NLTK)", f"{unseen * 1000:.0f} ms", f"{unseen / naive:.2f}× naive"),
        ("peak memory, `ask` / naive script", f"{cold_rss / 1024:.0f} / {naive_rss / 1024:.0f} MiB", "max RSS"),
    ]

    os.environ["BACLOFEN_ASSISTANT_CACHE"] = cache
    from assistant.assistant import Assistant

    started = time.perf_counter()
    assistant = Assistant.load()
    load = time.perf_counter() - started
    questions = [c["question"] for c in yaml.safe_load(DEV_SET.read_text())["cases"]]
    for q in questions:  # warm up
        assistant.respond(q)
    latencies = milliseconds(assistant.respond, questions, runs)
    rows.append(("knowledge load in-process", f"{load * 1000:.0f} ms", ""))
    rows.append(("warm `respond` over the dev set, p50 / p99",
                 f"{percentile(latencies, .5):.2f} / {percentile(latencies, .99):.2f} ms",
                 "target p99 ≤ 5 ms"))

    checks = milliseconds(assistant.knowledge.escalator.check, questions, runs)
    rows.append(("escalation per message, mean / p99",
                 f"{statistics.mean(checks):.3f} / {percentile(checks, .99):.3f} ms", "target < 1 ms"))

    from assistant.replay.questions import load_question_set
    from assistant.replay.runner import replay

    sets = [load_question_set(DEV_SET)] * 10
    t = time.perf_counter()
    verdicts, _, _ = replay(assistant, sets, 3)
    rate = len(verdicts) / (time.perf_counter() - t)
    rows.append(("replay throughput (dev set × 10)", f"{rate:.0f} questions/s", "target ≥ 500/s"))

    huge = "can I drink alcohol " * 52_429  # 1 MiB
    t = time.perf_counter()
    assistant.respond(huge)
    rows.append(("a 1 MB message, answered or refused", f"{(time.perf_counter() - t) * 1000:.1f} ms",
                 "target < 1 s"))

    screen, screen_rss = wall([PYTHON, "-c", FIRST_SCREEN], env, max(3, runs // 3))
    rows.append(("chat: process start to first screen (headless)", f"{screen * 1000:.0f} ms",
                 f"target < 1 s; peak {screen_rss / 1024:.0f} MiB"))
    rows.append(("in-process memory after load + dev set",
                 f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB", "max RSS"))

    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>{value_width}}  note")
    print(f"{'-' * width}  {'-' * value_width}  ----")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>{value_width}}  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
