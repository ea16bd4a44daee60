"""Artefacts shipped inside the package: the prebuilt index and the stems of the knowledge
vocabulary, built from knowledge/ before a release (``python -m assistant.prebuild``), so the
very first run on a machine (an empty HOME, no cache yet) starts as fast as any other.

A shipped artefact is used only when its key matches: the knowledge files' bytes, the source
of the modules that build it (BUILDERS), the installed NLTK and English word list, and the
format. Otherwise the cache folder, or a fresh build, serves as before, so an edited knowledge
file or builder never meets a stale artefact. A builder missing from BUILDERS is caught by
``python -m assistant.prebuild --check`` (run by tests/test_prebuilt.py), which rebuilds both
artefacts from scratch and compares them with what is shipped. Nothing a user types is in them.
Set BACLOFEN_ASSISTANT_PREBUILT=off to ignore them (the check does).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path
from typing import Any

FORMAT = 1
FOLDER = Path(__file__).resolve().parent / "prebuilt"
INDEX, STEMS = "index.json", "vocabulary-stems.json"
PREBUILT_ENV = "BACLOFEN_ASSISTANT_PREBUILT"
# the modules whose code decides what the artefacts hold
BUILDERS = ("answer_types.py", "english.py", "index.py", "knowledge.py", "lexicon.py", "monograph.py",
            "passage_questions.py", "prebuilt.py", "query.py", "retriever.py", "stem_cache.py", "text.py")


def _dependencies() -> bytes:
    """NLTK's version and the English word list's size: what stems and frequencies come from."""
    parts = []
    for module, relative in (("nltk", "VERSION"), ("spellchecker", "resources/en.json.gz")):
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.origin:
            parts.append(f"{module}: none")
            continue
        path = Path(spec.origin).parent / relative
        try:
            parts.append(f"{module}: {path.read_text().strip() if relative == 'VERSION' else path.stat().st_size}")
        except OSError:
            parts.append(f"{module}: unreadable")
    return "\n".join(parts).encode()


def key(directory: Path) -> str:
    """Not memoised: a file edited while the process runs must change it."""
    from assistant.stem_cache import knowledge_files

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"prebuilt format {FORMAT}\n".encode() + _dependencies())
    for name in BUILDERS:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
    for path in knowledge_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def load(name: str, directory: Path) -> Any | None:
    """The shipped artefact ``name`` when it was built from ``directory`` as it is, else None."""
    if os.environ.get(PREBUILT_ENV) == "off":
        return None
    try:
        with open(FOLDER / name, encoding="utf-8") as handle:
            data = json.load(handle)
        if isinstance(data, dict) and data.get("key") == key(directory.resolve()):
            return data.get("content")
    except (OSError, ValueError):
        pass  # none shipped (a source checkout before the first build), or damaged
    return None


def write(name: str, key_: str, content: Any) -> None:
    """Store a freshly built artefact in the package (a temporary file, then renamed)."""
    import tempfile

    FOLDER.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=FOLDER, delete=False, suffix=".tmp") as handle:
        handle.write(json.dumps({"key": key_, "content": content}, ensure_ascii=False,
                                separators=(",", ":"), sort_keys=True))
    os.chmod(handle.name, 0o644)  # package data: readable by everyone who runs the package
    os.replace(handle.name, FOLDER / name)
