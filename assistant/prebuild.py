"""``python -m assistant.prebuild``: build the artefacts shipped inside the package (see
assistant/prebuilt.py) from the knowledge files alone; ``--check`` rebuilds them and exits 1
when what is shipped differs. A developer's and a release's step, never run for a user."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from assistant import prebuilt
from assistant.prebuilt import (
    FOLDER,
    INDEX,
    PARSED,
    PREBUILT_ENV,
    STEMS,
    encode_file,
    key,
    text_key,
    write,
    write_text,
    yaml_key,
)


def build() -> dict[str, tuple[str, Any]]:
    """Build the artefacts from scratch, in this process, from the knowledge files alone: the
    index and stems (through the cache folder, as a first run makes them) and every YAML text
    the assistant parses while loading."""
    import tempfile

    os.environ[PREBUILT_ENV] = "off"
    with tempfile.TemporaryDirectory() as cache:
        os.environ["BACLOFEN_ASSISTANT_CACHE"] = cache
        from assistant.assistant import _load_retrieval
        from assistant.knowledge import knowledge_dir

        directory = knowledge_dir().resolve()
        prebuilt.recording = {}
        _load_retrieval(directory)
        from assistant.assistant import Knowledge

        Knowledge.load(directory)  # the other files (escalation, regions, messages, …)
        recorded, prebuilt.recording = prebuilt.recording, None
        built: dict[str, tuple[str, Any]] = {
            PARSED: (yaml_key(), {text_key(text): encode_file(value) for text, value in recorded.items()})}
        for name, prefix, field in ((INDEX, "index-", "index"), (STEMS, "vocabulary-stems-", "stems")):
            found = sorted(Path(cache).glob(f"{prefix}*.json"))
            if len(found) != 1:
                raise RuntimeError(f"building {name} left {len(found)} files in the cache folder")
            built[name] = (key(directory), json.loads(found[0].read_text(encoding="utf-8"))[field])
    return built


def word_list() -> str | None:
    """The English word list sorted for bisection (assistant/english.py), or None without one."""
    from assistant import english

    try:
        return english.sorted_copy(english.source())
    except (OSError, ValueError):
        return None


def main(argv: list[str] | None = None) -> int:
    """``python -m assistant.prebuild``: rebuild the shipped artefacts; ``--check``: exit 1
    when what is shipped is not what this code builds from these knowledge files."""
    args = sys.argv[1:] if argv is None else argv
    built = build()
    if "--check" in args:
        stale = []
        for name, (key_, content) in built.items():
            try:
                shipped = json.loads((FOLDER / name).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                shipped = {}
            if shipped.get("key") != key_ or shipped.get("content") != content:
                stale.append(name)
        words = word_list()
        if words is not None:
            from assistant.english import SHIPPED

            try:
                shipped_words = SHIPPED.read_text(encoding="utf-8")
            except OSError:
                shipped_words = ""
            if shipped_words != words:
                stale.append(SHIPPED.name)
        if stale:
            print(f"stale or missing: {', '.join(stale)}; run: python -m assistant.prebuild", file=sys.stderr)
            return 1
        print("the shipped artefacts are current")
        return 0
    for name, (key_, content) in built.items():
        write(name, key_, content)
        print(f"wrote {FOLDER / name}")
    words = word_list()
    if words is not None:
        from assistant.english import SHIPPED

        write_text(SHIPPED.name, words)
        print(f"wrote {SHIPPED}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
