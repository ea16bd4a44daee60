"""Word stems without remembering what users asked.

The stems of every word in the knowledge files (monograph, lexicon, passage questions,
stopwords, …) are computed once, from those files alone, and kept in the cache folder as
``vocabulary-stems-<key>.json``; the key is a hash of the knowledge files' bytes, the package
version and the installed NLTK, so an edit or an upgrade makes a fresh file. A short-lived
process (``ask``) then answers a typical question without importing NLTK.

Words the vocabulary lacks (a question's own words) are stemmed in memory only, in a bounded
LRU: nothing a user types is ever written to disk. Set BACLOFEN_ASSISTANT_CACHE to choose the
folder, or to "off" to keep the vocabulary in memory only (computed at each start).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

CACHE_ENV = "BACLOFEN_ASSISTANT_CACHE"
UNKNOWN_WORDS_KEPT = 2048  # in-memory stems of words outside the knowledge vocabulary
_PREFIX = "vocabulary-stems-"
_LEGACY = "stems.json"  # an older version kept users' question words here: removed on sight
_WORD = re.compile(r"[a-z0-9]+")


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


def knowledge_files(directory: Path) -> list[Path]:
    """Every knowledge file whose words the assistant stems."""
    return sorted(p for p in directory.iterdir()
                  if p.is_file() and p.suffix in (".md", ".yaml", ".txt"))


def vocabulary_key(directory: Path) -> str:
    from assistant import __version__

    digest = hashlib.sha256(f"{__version__}\n{_nltk_key()}\n".encode())
    for path in knowledge_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def vocabulary(directory: Path, tokenise: Callable[[str], list[str]]) -> set[str]:
    """The words of every knowledge file (its text only; no question ever enters it)."""
    found: set[str] = set()
    for path in knowledge_files(directory):
        # a file that is not text is reported by its own loader; here it only adds no words
        found.update(tokenise(path.read_text(encoding="utf-8", errors="replace")))
    return found


class StemTable:
    """word → stem: the knowledge vocabulary (from a file computed from the knowledge alone)
    plus a bounded in-memory LRU for other words."""

    def __init__(self) -> None:
        self._known: dict[str, str] | None = None
        self._directory: Path | None = None
        self._recent: OrderedDict[str, str] = OrderedDict()

    def use(self, directory: Path, stemmer: Callable[[str], str],
            tokenise: Callable[[str], list[str]]) -> None:
        """Load (or compute and store) the stems of ``directory``'s vocabulary."""
        directory = directory.resolve()
        if self._known is not None and self._directory == directory:
            return
        self._directory = directory
        self._known = self._load(directory, stemmer, tokenise)

    def _load(self, directory: Path, stemmer: Callable[[str], str],
              tokenise: Callable[[str], list[str]]) -> dict[str, str]:
        from assistant import prebuilt

        shipped = prebuilt.load(prebuilt.STEMS, directory)
        if isinstance(shipped, dict) and all(isinstance(w, str) and isinstance(s, str)
                                             for w, s in shipped.items()):
            return shipped  # built from these very files, shipped in the package
        folder = cache_folder()
        try:
            key = vocabulary_key(directory)
        except OSError:
            return {}
        path = folder / f"{_PREFIX}{key}.json" if folder else None
        if folder:
            try:
                (folder / _LEGACY).unlink()
            except OSError:
                pass
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                stems = data.get("stems")
                if data.get("key") == key and isinstance(stems, dict) and all(
                        isinstance(w, str) and isinstance(s, str) for w, s in stems.items()):
                    return stems  # anything else (edited, truncated, wrong types): recompute
            except (OSError, ValueError, AttributeError):
                pass  # not computed yet, or unreadable: compute it
        words = vocabulary(directory, tokenise)
        stems = {w: stemmer(w) for w in sorted(words)}
        if path is not None:
            self._store(path, key, stems)
        return stems

    @staticmethod
    def _store(path: Path, key: str, stems: dict[str, str]) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob(f"{_PREFIX}*.json"):
                old.unlink(missing_ok=True)  # an earlier edit's vocabulary
            import tempfile  # only when a file is written
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                             delete=False, suffix=".tmp") as handle:
                handle.write(json.dumps({"key": key, "stems": stems}))  # the C encoder
            os.replace(handle.name, path)
        except OSError:
            pass  # a read-only home folder only costs speed

    def get(self, word: str, stemmer: Callable[[str], str]) -> str:
        if self._known is not None:
            found = self._known.get(word)
            if found is not None:
                return found
        found = self._recent.get(word)
        if found is not None:
            self._recent.move_to_end(word)
            return found
        found = self._recent[word] = stemmer(word)
        if len(self._recent) > UNKNOWN_WORDS_KEPT:
            self._recent.popitem(last=False)
        return found

    @property
    def loaded(self) -> bool:
        return self._known is not None

    @property
    def known_words(self) -> int:
        return len(self._known or ())

    @property
    def recent_words(self) -> int:
        return len(self._recent)
