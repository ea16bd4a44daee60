"""Artefacts shipped inside the package: the prebuilt index and the stems of the knowledge
vocabulary, and every knowledge file's YAML already parsed, built from knowledge/ before a release (``python -m assistant.prebuild``), so the
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

FORMAT = 2
FOLDER = Path(__file__).resolve().parent / "prebuilt"
INDEX, STEMS, PARSED = "index.json", "vocabulary-stems.json", "parsed-yaml.json"
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
    from assistant.knowledge import knowledge_bytes
    from assistant.stem_cache import knowledge_files

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"prebuilt format {FORMAT}\n".encode() + _dependencies())
    for name in BUILDERS:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
    for path in knowledge_files(directory):
        digest.update(path.name.encode() + b"\0" + knowledge_bytes(path) + b"\0")
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
    write_text(name, json.dumps({"key": key_, "content": content}, ensure_ascii=False,
                                separators=(",", ":"), sort_keys=True))


def write_text(name: str, text: str) -> None:
    """Store an artefact's text in the package (a temporary file, then renamed)."""
    import tempfile

    FOLDER.mkdir(exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=FOLDER, delete=False, suffix=".tmp") as handle:
        handle.write(text)
    os.chmod(handle.name, 0o644)  # package data: readable by everyone who runs the package
    os.replace(handle.name, FOLDER / name)


# ---------------------------------------------------------------- the knowledge files' YAML, parsed

recording: dict[str, Any] | None = None  # text → parsed, while `python -m assistant.prebuild` runs
_parsed: dict[str, Any] | None = None  # the shipped table, read once


def yaml_key() -> str:
    """What parsing depends on: the loader's code and PyYAML's."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"parsed format {FORMAT}\n".encode())
    for name in ("knowledge.py", "yaml_lines.py"):
        digest.update((package / name).read_bytes())
    spec = importlib.util.find_spec("yaml")
    if spec is not None and spec.origin:
        for path in sorted(Path(spec.origin).parent.glob("*.py")):
            digest.update(path.name.encode() + str(path.stat().st_size).encode())
    return digest.hexdigest()[:24]


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def parsed_yaml(text: str) -> Any | None:
    """The shipped parse of exactly this YAML text (mappings and lists with their lines), or None.
    Each file's parse is stored as its own JSON text, read only when that file is loaded."""
    global _parsed
    if os.environ.get(PREBUILT_ENV) == "off":
        return None
    if _parsed is None:
        try:
            with open(FOLDER / PARSED, encoding="utf-8") as handle:
                data = json.load(handle)
            _parsed = data["content"] if isinstance(data, dict) and data.get("key") == yaml_key() else {}
        except (OSError, ValueError, KeyError):
            _parsed = {}
    encoded = _parsed.get(text_key(text)) if isinstance(_parsed, dict) else None
    if not isinstance(encoded, str):
        return None
    try:
        return decode(json.loads(encoded))
    except (ValueError, TypeError, IndexError, KeyError):
        return None  # damaged: the file is parsed as if nothing were shipped


def encode_file(value: Any) -> str:
    """One file's parse as the JSON text the table holds (see `encode`)."""
    return json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))


def encode(value: Any) -> Any:
    """JSON for a parsed YAML value: mappings as ["d", line, {…}], lists as ["l", line, lines,
    […]], and lists of plain values (most of the knowledge: phrase lists) as ["s", line, lines,
    […]], read back without a call per item."""
    from assistant.knowledge import LineDict, LineList

    if isinstance(value, dict):
        return ["d", value.line if isinstance(value, LineDict) else 0, {k: encode(v) for k, v in value.items()}]
    if isinstance(value, list):
        plain = not any(isinstance(v, (dict, list)) for v in value)
        return ["s" if plain else "l", value.line if isinstance(value, LineList) else 0,
                list(value.lines) if isinstance(value, LineList) else [],
                list(value) if plain else [encode(v) for v in value]]
    return value


def decode(value: Any) -> Any:
    from assistant.knowledge import LineDict, LineList

    if not isinstance(value, list):
        return value
    if value[0] == "d":
        mapping = LineDict({k: decode(v) for k, v in value[2].items()})
        mapping.line = value[1]
        return mapping
    sequence = LineList(value[3] if value[0] == "s" else [decode(v) for v in value[3]])
    sequence.line, sequence.lines = value[1], tuple(value[2])
    return sequence
