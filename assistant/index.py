"""The prebuilt index: what retrieval derives from knowledge/ (tokenised passages, stems, BM25
statistics and per-stem scores, headings, answer-type fits, the monograph's words), computed
once and kept as ``index-<key>.json`` in the cache folder (assistant/stem_cache.py); the package
ships one built from its own knowledge files (assistant/prebuilt.py), used when they match.

The key hashes the knowledge files' bytes, the source of this package (any code change, not
only a version bump) and the format, so an artefact built from other files or other code is
never used: it is rebuilt, and the old one removed. JSON only (no pickle); a file that does not
parse or does not have the expected shape is rebuilt too. Nothing a user types is stored.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant import prebuilt
from assistant.knowledge import knowledge_bytes
from assistant.stem_cache import cache_folder, knowledge_files

FORMAT = 5
_PREFIX = "index-"


@lru_cache(maxsize=1)
def code_key() -> str:
    """A hash of this package's Python source: a code change makes a new index."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def index_key(directory: Path) -> str:
    digest = hashlib.sha256(f"format {FORMAT}\n{code_key()}\n".encode())
    for path in knowledge_files(directory):
        digest.update(path.name.encode() + b"\0" + knowledge_bytes(path) + b"\0")
    return digest.hexdigest()[:24]


def index_path(directory: Path) -> Path | None:
    folder = cache_folder()
    return folder / f"{_PREFIX}{index_key(directory)}.json" if folder else None


def load_or_build(directory: Path, build: Callable[[], dict[str, Any]],
                  valid: Callable[[dict[str, Any]], bool]) -> tuple[dict[str, Any], bool]:
    """The stored index for ``directory`` when its key matches and ``valid`` accepts it, else
    ``build()`` (stored for the next run). Returns the index and whether it was loaded."""
    found = load(directory, valid)
    if found is not None:
        return found, True
    index = build()
    store(directory, index)
    return index, False


def load(directory: Path, valid: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
    """The index shipped in the package (assistant/prebuilt.py) or stored in the cache folder
    for ``directory``, or None (none yet, another key, damaged, or refused by ``valid``)."""
    shipped = prebuilt.load(prebuilt.INDEX, directory)
    if isinstance(shipped, dict) and valid(shipped):
        return shipped
    try:
        path = index_path(directory)
    except OSError:
        return None
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if (isinstance(data, dict) and data.get("key") == path.stem.removeprefix(_PREFIX)
                and data.get("format") == FORMAT and isinstance(data.get("index"), dict)
                and valid(data["index"])):
            index: dict[str, Any] = data["index"]
            return index
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass  # not built yet, or unreadable: build it
    return None


def store(directory: Path, index: dict[str, Any]) -> None:
    try:
        path = index_path(directory)
    except OSError:
        return
    if path is not None:
        _store(path, path.stem.removeprefix(_PREFIX), index)


def _store(path: Path, key: str, index: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{_PREFIX}*.json"):
            if old != path:
                old.unlink(missing_ok=True)  # built from other files or other code
        import tempfile  # only when a file is written
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         delete=False, suffix=".tmp") as handle:
            # dumps, not dump: json.dump encodes in pure Python, dumps with the C encoder
            handle.write(json.dumps({"key": key, "format": FORMAT, "index": index},
                                    ensure_ascii=False, separators=(",", ":")))
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only home folder only costs speed
