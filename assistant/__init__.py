"""Baclofen patient assistant: answers only with verbatim quotes from the baclofen monograph.

The pipeline, one way: knowledge → text/retrieval → safety → reply composition → interfaces.
"""

from importlib.metadata import PackageNotFoundError, version

try:  # one definition: pyproject.toml's
    __version__ = version("baclofen-assistant")
except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
    __version__ = "0+unknown"
