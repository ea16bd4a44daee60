"""Baclofen patient assistant: answers only with verbatim quotes from the baclofen monograph.

The pipeline, one way: knowledge → text/retrieval → safety → reply composition → interfaces.
"""

from __future__ import annotations

import os
import sys

_DIST = "baclofen_assistant"


def _installed_version() -> str:
    """pyproject.toml's version, from the installed distribution's metadata. Read directly
    (the first ``baclofen_assistant-*.dist-info`` on sys.path, as importlib.metadata finds
    it): importing importlib.metadata costs a cold ``ask`` about 50 ms."""
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if name.startswith(_DIST + "-") and name.endswith(".dist-info"):
                try:
                    with open(os.path.join(entry or ".", name, "METADATA"), encoding="utf-8") as f:
                        for line in f:
                            if line.startswith("Version:"):
                                return line.split(":", 1)[1].strip()
                            if not line.strip():
                                break
                except OSError:
                    pass
    from importlib.metadata import PackageNotFoundError, version

    try:  # one definition: pyproject.toml's
        return version("baclofen-assistant")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":  # computed when first asked for, then kept
        value = globals()["__version__"] = _installed_version()
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
