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

from assistant.assistant import Assistant
from assistant.knowledge import knowledge_dir

DATA = Path(__file__).parent / "data"
atexit.register(shutil.rmtree, os.environ["BACLOFEN_ASSISTANT_CACHE"], ignore_errors=True)


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    return Assistant.load()


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
