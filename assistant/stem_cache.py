"""A word → stem memory kept in the user's cache folder between runs.

Stemming itself is NLTK's; this only spares a short-lived process (``ask``) the cost of
importing NLTK when every word it meets has been stemmed before. The file is keyed by the
installed NLTK (its path, size and modification time), written atomically at exit, and
silently skipped when the folder is not writable. Set BACLOFEN_ASSISTANT_CACHE to choose the
folder, or to "off" to disable it.
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import tempfile
from pathlib import Path

CACHE_ENV = "BACLOFEN_ASSISTANT_CACHE"


def cache_folder() -> Path | None:
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "baclofen-assistant"


def _nltk_key() -> str:
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.origin:
        return "no-nltk"
    info = os.stat(spec.origin)
    return f"{spec.origin}:{info.st_size}:{int(info.st_mtime)}"


class StemCache:
    def __init__(self) -> None:
        self._stems: dict[str, str] | None = None
        self._dirty = False
        self._path: Path | None = None
        self._key = ""

    def _load(self) -> dict[str, str]:
        self._stems = {}
        folder = cache_folder()
        if folder is None:
            return self._stems
        self._path, self._key = folder / "stems.json", _nltk_key()
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
            if data.get("nltk") == self._key and isinstance(data.get("stems"), dict):
                self._stems = data["stems"]
        except (OSError, ValueError, AttributeError):
            pass  # no cache yet, or an unreadable one: start afresh
        atexit.register(self.save)
        return self._stems

    def get(self, word: str) -> str | None:
        stems = self._stems if self._stems is not None else self._load()
        return stems.get(word)

    def add(self, word: str, stem: str) -> str:
        stems = self._stems if self._stems is not None else self._load()
        stems[word] = stem
        self._dirty = True
        return stem

    def save(self) -> None:
        if not (self._dirty and self._path and self._stems is not None):
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=self._path.parent,
                                             delete=False, suffix=".tmp") as handle:
                json.dump({"nltk": self._key, "stems": self._stems}, handle)
            os.replace(handle.name, self._path)
            self._dirty = False
        except OSError:
            pass  # a read-only home folder only costs speed
