"""Benchmarks: prints one table of the figures issue 14 asks for, each beside its target.

    .venv/bin/python benchmarks/run.py [--quick]

Whole-process timings are paired: each round runs the naive rank-bm25 + Snowball script and
then `ask` (known words, a never-seen word, an empty HOME) back to back, and the ratio is the
median of the rounds' ratios, so a busy neighbour slows both sides of a pair alike. The load
average is printed with the figures. Child processes may write bytecode (as an installed
package has it), even when PYTHONDONTWRITEBYTECODE is set here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT / "tests" / "data" / "dev-set.yaml"
REPLAY_SOURCES = ["dev-set.yaml", "lay-questions.yaml", "consumer-questions.yaml",
                  "escalation-messages.yaml"]
PYTHON = sys.executable
CLI = [PYTHON, "-m", "assistant"]
KNOWN = "can I drink alcohol while taking baclofen"
UNSEEN = "is baclofen ok with kombucha"  # "kombucha" is in no knowledge file
FIRST_SCREEN = r"""
import sys, time
from assistant.tui.app import create_app
try:
    app = create_app(region="US")
except TypeError:  # a version whose chat needs the loaded assistant first
    from assistant.assistant import Assistant
    app = create_app(Assistant.load("US"))
def painted():
    # the app's own record of its first screen, else (older versions) the first refresh
    shown = getattr(app, "first_screen_at", None) or time.time()
    sys.stderr.write(f"{shown}\n")
    app.exit()
async def leave(pilot):
    app.call_after_refresh(painted)
app.run(headless=True, size=(100, 36), auto_pilot=leave)
"""
LOAD_PARTS = r"""
import json, time
t0 = time.perf_counter()
from assistant import assistant as A
from assistant.english import frequency, is_english_word
from assistant.escalation import load_escalator
from assistant.knowledge import knowledge_dir
from assistant.regions import load_regions
from assistant.reply import load_messages
t1 = time.perf_counter()
d = knowledge_dir()
load_regions(d / "regions.yaml"); load_messages(d / "messages.yaml")
t2 = time.perf_counter()
monograph, retriever, known = A._load_retrieval(d)
t3 = time.perf_counter()
load_escalator(d, known_words=known, is_word=is_english_word, frequency=frequency)
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "regions+messages": t2 - t1, "retrieval": t3 - t2,
                  "escalation": t4 - t3}))
"""


def child_env(**changes: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def tree_memory(pid: int) -> int:
    """Proportional set size (KiB) of a process and all its descendants: shared pages (a forked
    worker's copy of the loaded assistant) counted once in total, private ones each time."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += next(int(line.split()[1]) for line in rollup.splitlines()
                          if line.startswith("Pss:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(n) for n in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue  # it ended meanwhile
    return total


def run(command: list[str], env: dict[str, str], check: bool = True, tree: bool = False
        ) -> tuple[float, int, subprocess.CompletedProcess | None]:
    """Wall time of a whole process and its peak memory in KiB: its own peak RSS, or with
    ``tree`` the peak of its and its workers' memory together (sampled every 50 ms)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, cwd=ROOT)
    peak = [0]
    if tree:
        def sample() -> None:
            while not finished.wait(0.05):
                peak[0] = max(peak[0], tree_memory(child.pid))
        finished = threading.Event()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    if tree:
        finished.set()
        sampler.join()
    took = time.perf_counter() - started
    stderr = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if check and code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit {code}:\n{stderr}")
    return took, max(peak[0], usage.ru_maxrss) if tree else usage.ru_maxrss, stderr


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def files_holding(folder: Path, word: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and word.encode() in p.read_bytes().lower()]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def made_up_word(n: int) -> str:
    """A different made-up word for each n < 24,010,000: four consonant-vowel syllables
    ("bakemiso"), so its first letters vary as a typo's or a new name's do."""
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    return "".join(syllables[(n * 7919 + 13) // 70 ** k % 70] for k in range(4))


def replay_set(folder: Path, count: int, new_words: bool) -> Path:
    cases = []
    for name in REPLAY_SOURCES:
        cases += [c for c in yaml.safe_load((ROOT / "tests" / "data" / name).read_text())["cases"]
                  if isinstance(c, dict)]
    path = folder / f"replay-{'new' if new_words else 'known'}-{count}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            case = dict(cases[n % len(cases)], id=f"case-{n}")
            if new_words:  # a made-up word of its own per question, e.g. "zbafeki"
                case["question"] += " " + made_up_word(n)
            out.write(json.dumps(case) + "\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, 5,000 replay cases")
    args = parser.parse_args()
    rounds = 3 if args.quick else 9
    replay_cases = 5_000 if args.quick else 50_000
    load_before = os.getloadavg()
    rows: list[tuple[str, str, str]] = []
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    cache = work / "cache"
    env = child_env(BACLOFEN_ASSISTANT_CACHE=str(cache))
    naive_cmd = [PYTHON, str(ROOT / "benchmarks" / "naive_bm25.py"), KNOWN]
    run(CLI + ["ask", KNOWN], env)  # builds the index and the stems; writes bytecode
    run(naive_cmd, env)

    pairs: dict[str, list[tuple[float, float]]] = {"known": [], "unseen": [], "first": []}
    peaks = {"ask": 0, "naive": 0}
    homes = []
    for n in range(rounds):
        naive, naive_rss, _ = run(naive_cmd, env)
        known, known_rss, _ = run(CLI + ["ask", KNOWN], env)
        unseen, _, _ = run(CLI + ["ask", UNSEEN], env)
        home = work / f"home-{n}"
        home.mkdir()
        homes.append(home)
        first, _, _ = run(CLI + ["ask", UNSEEN],
                          child_env(HOME=str(home), BACLOFEN_ASSISTANT_CACHE=None,
                                    XDG_CACHE_HOME=None))
        pairs["known"].append((known, naive))
        pairs["unseen"].append((unseen, naive))
        pairs["first"].append((first, naive))
        peaks["ask"], peaks["naive"] = max(peaks["ask"], known_rss), max(peaks["naive"], naive_rss)

    def paired(name: str, label: str, target: float) -> None:
        ratios = [a / b for a, b in pairs[name]]
        ratio = statistics.median(ratios)
        ask = statistics.median(a for a, _ in pairs[name])
        naive = statistics.median(b for _, b in pairs[name])
        verdict = "met" if ratio <= target else "NOT met"
        rows.append((label, f"{ask * 1000:.0f} ms vs {naive * 1000:.0f} ms",
                     f"{ratio:.2f}× naive (target ≤ {target}×, {verdict}; "
                     f"rounds {min(ratios):.2f}–{max(ratios):.2f}×)"))

    paired("known", "cold `ask`, known words / naive script", 0.5)
    paired("unseen", "cold `ask`, a never-seen word / naive script", 0.8)
    paired("first", "cold `ask`, empty HOME (first run) / naive", 1.0)
    leaked = [p for home in homes for word in ("kombucha",) for p in files_holding(home, word)]
    stored = sorted({p.name.split("-")[0] for home in homes for p in home.rglob("*.json")})
    rows.append(("question words in files under HOME", f"{len(leaked)} files",
                 f"target 0 ({'met' if not leaked else 'NOT met'}); HOME holds {', '.join(stored)}"))
    rows.append(("peak memory, `ask` / naive script",
                 f"{peaks['ask'] / 1024:.0f} / {peaks['naive'] / 1024:.0f} MiB", "max RSS"))

    parts: dict[str, list[float]] = {}
    for _ in range(rounds):
        out = subprocess.run([PYTHON, "-c", LOAD_PARTS], env=env, cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout
        for key, value in json.loads(out).items():
            parts.setdefault(key, []).append(value * 1000)
    median = {k: statistics.median(v) for k, v in parts.items()}
    rows.append(("knowledge load, cold process: retrieval / escalation",
                 f"{median['retrieval']:.0f} / {median['escalation']:.0f} ms",
                 f"regions+messages {median['regions+messages']:.0f} ms; imports "
                 f"{median['imports']:.0f} ms (prebuilt index in use)"))

    os.environ["BACLOFEN_ASSISTANT_CACHE"] = str(cache)
    from assistant.assistant import Assistant

    assistant = Assistant.load()
    questions = [c["question"] for c in yaml.safe_load(DEV_SET.read_text())["cases"]]
    for question in questions:  # warm up
        assistant.respond(question)
    latencies, checks = [], []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            assistant.respond(question)
            latencies.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            assistant.knowledge.escalator.check(question)
            checks.append((time.perf_counter() - started) * 1000)
    p99 = percentile(latencies, .99)
    rows.append(("warm `respond` over the dev set, p50 / p99",
                 f"{percentile(latencies, .5):.2f} / {p99:.2f} ms",
                 f"target p99 ≤ 2 ms ({'met' if p99 <= 2 else 'NOT met'}); includes escalation"))
    rows.append(("escalation per message, mean / p99",
                 f"{statistics.mean(checks):.3f} / {percentile(checks, .99):.3f} ms", ""))
    huge = "can I drink alcohol " * 52_429  # 1 MiB
    started = time.perf_counter()
    assistant.respond(huge)
    rows.append(("a 1 MB message, answered or refused",
                 f"{(time.perf_counter() - started) * 1000:.1f} ms", "target < 1 s"))

    for new_words in (False, True):
        source = replay_set(work, replay_cases, new_words)
        report, junit = work / "report.json", work / "junit.xml"
        took, rss, _ = run(CLI + ["replay", str(source), "--json", str(report), "--junit",
                                  str(junit), "--force"], env, tree=True)
        rate = replay_cases / took
        ok = rate >= 2000 and rss / 1024 <= 150
        rows.append((f"replay {replay_cases:,} cases (JSONL, --json, --junit), "
                     f"{'a new word in each' if new_words else 'known words'}",
                     f"{rate:,.0f} q/s, {rss / 1024:.0f} MiB",
                     f"target ≥ 2,000 q/s and ≤ 150 MiB ({'met' if ok else 'NOT met'}); "
                     f"whole process with its workers, {took:.1f} s"))

    screens = []
    for _ in range(max(3, rounds)):
        started = time.time()
        _, screen_rss, stderr = run([PYTHON, "-c", FIRST_SCREEN], env)
        screens.append(float(stderr.split()[0]) - started)
    screen = statistics.median(screens)
    rows.append(("chat: process start to first screen (headless)", f"{screen * 1000:.0f} ms",
                 f"target ≤ 400 ms ({'met' if screen <= 0.4 else 'NOT met'}); knowledge loads "
                 f"after it; peak {screen_rss / 1024:.0f} MiB"))

    site = Path(sysconfig.get_paths()["purelib"])
    sizes = sorted(((folder_size(p), p.name) for p in site.iterdir() if p.is_dir()), reverse=True)
    rows.append(("installed size (the venv's site-packages)",
                 f"{folder_size(site) / 2**20:.0f} MiB",
                 "largest: " + ", ".join(f"{n} {s / 2**20:.0f}" for s, n in sizes[:5])))

    load_after = os.getloadavg()
    shutil.rmtree(work, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>{value_width}}  target / note")
    print(f"{'-' * width}  {'-' * value_width}  -------------")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>{value_width}}  {note}")
    print(f"\nload average (1/5/15 min): before {'/'.join(f'{x:.2f}' for x in load_before)}, "
          f"after {'/'.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} CPUs; "
          f"{rounds} paired rounds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
