"""Shared fixtures. The vocabulary stems go to a temporary folder, removed at exit, so tests never touch ~/.cache."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from pathlib import Path

os.environ["BACLOFEN_ASSISTANT_CACHE"] = tempfile.mkdtemp(prefix="baclofen-stems-")
os.environ.pop("BACLOFEN_ASSISTANT_REGION", None)

import pytest

from assistant.assistant import Assistant, Knowledge
from assistant.knowledge import knowledge_dir

DATA = Path(__file__).parent / "data"
atexit.register(shutil.rmtree, os.environ["BACLOFEN_ASSISTANT_CACHE"], ignore_errors=True)


# The files that take longest, longest first (roughly, in seconds on one core with nothing else
# running; `pytest -o addopts= --durations=0` shows them). `--dist loadfile` hands whole files
# to whichever worker is free, in collection order: with the long files last (xdist's own order
# puts the files of many tests first), one worker was left finishing them while the other
# idled. Other files follow in their usual order.
LONGEST_FIRST = (
    "test_tui.py",  # ~40, the chat driven with Pilot
    "test_escalation.py",  # ~25, 2,600 cases
    "test_escalation_model.py",  # ~20, of which the training check ~10
    "test_replay_streaming.py",  # ~14
    "test_tui_snapshots.py",  # ~11
    "test_cli.py",  # ~11, subprocesses
    "test_serve.py",  # ~9 (and a browser)
    "test_index.py",  # ~8
    "test_fail_safe.py",  # ~7
    "test_question_sets.py",  # ~7
    "test_knowledge_files.py",
    "test_speed_equivalence.py",
    "test_prebuilt.py",
    "test_conversation.py",
    "test_replay.py",
)


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config.option, "loadscopereorder"):  # pytest-xdist >= 3.8: keep the order below
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file keeps its order


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    return Assistant.load()


_SHIPPED_KNOWLEDGE: dict[bool, Knowledge] = {}


@pytest.fixture()
def shipped_knowledge_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests that run the CLI in-process (`main([...])`) dozens of times: each command
    still builds its Assistant, choosing the region as it does (argument, environment,
    default), but the shipped knowledge/ is read once per worker rather than once per command
    (~0.15 s each). Another folder (a broken copy through a patched knowledge_dir), or the
    prebuilt artefacts turned off, is loaded for real every time; so is every command run as
    a subprocess."""
    import assistant.assistant as engine
    from assistant.prebuilt import PREBUILT_ENV
    from assistant.text import use_vocabulary

    real_load = engine.Knowledge.load.__func__
    shipped = knowledge_dir().resolve()

    def load(cls: type[Knowledge], directory: Path | None = None, allow_degraded: bool = False) -> Knowledge:
        where = (directory or engine.knowledge_dir()).resolve()
        if where != shipped or os.environ.get(PREBUILT_ENV) is not None:
            return real_load(cls, directory, allow_degraded)
        if allow_degraded not in _SHIPPED_KNOWLEDGE:
            _SHIPPED_KNOWLEDGE[allow_degraded] = real_load(cls, directory, allow_degraded)
        use_vocabulary(where)  # as a load does (a no-op unless another folder was loaded since)
        return _SHIPPED_KNOWLEDGE[allow_degraded]

    monkeypatch.setattr(engine.Knowledge, "load", classmethod(load))


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of knowledge/ to break on purpose."""
    target = tmp_path / "knowledge"
    target.mkdir()
    for source in knowledge_dir().iterdir():
        if source.is_file():
            (target / source.name).write_bytes(source.read_bytes())
    return target


@pytest.fixture()
def no_hang():
    """Fail, rather than hang, when the code under test blocks (e.g. opening a FIFO)."""
    def give_up(signum, frame):
        raise TimeoutError("blocked for 10 s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
