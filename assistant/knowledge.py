"""Find the files in knowledge/ and load them with errors that name file and line."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any


class FileError(Exception):
    """A data file is missing or malformed; the message names file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class KnowledgeError(FileError):
    """A file in knowledge/ is missing or malformed."""


class LineDict(dict[Any, Any]):
    """A YAML mapping that remembers the (1-based) line it started on."""

    line: int = 0


class LineList(list[Any]):
    """A YAML sequence that remembers the (1-based) line it started on, and each element's."""

    line: int = 0
    lines: tuple[int, ...] = ()


def knowledge_dir() -> Path:
    """The folder holding the knowledge files: ``assistant/knowledge_data`` when installed
    (``pip install .`` copies knowledge/ there), else the repository's knowledge/ (a source
    checkout or an editable install)."""
    package = Path(__file__).resolve().parent
    installed = package / "knowledge_data"
    return installed if installed.is_dir() else package.parent / "knowledge"


def knowledge_path(name: str, directory: Path | None = None) -> Path:
    return (directory or knowledge_dir()) / name


def parse_yaml(text: str, path: Path | str, error: type[FileError] = KnowledgeError) -> Any:
    """Parse YAML text; mappings and lists carry ``.line``. Errors name file and line.

    Text the package shipped parsed (assistant/prebuilt.py: the very same bytes, parsed by this
    loader at build time) is taken from there, without importing PyYAML."""
    from assistant import prebuilt

    shipped = prebuilt.parsed_yaml(text)
    if shipped is not None:
        return shipped
    from assistant.yaml_lines import load_with_lines

    parsed = load_with_lines(text, path, error)
    if prebuilt.recording is not None:
        prebuilt.recording[text] = parsed
    return parsed


MAX_KNOWLEDGE_BYTES = 64 * 1024 * 1024  # far above any knowledge file; /dev/zero is refused


def knowledge_bytes(path: Path) -> bytes:
    """A knowledge file's bytes, read with a bound: an OSError for anything but a regular file
    (a device such as /dev/zero, a FIFO) or one over ``MAX_KNOWLEDGE_BYTES``, never a read that
    does not end."""
    with open(path, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        data = handle.read(MAX_KNOWLEDGE_BYTES + 1)
    if len(data) > MAX_KNOWLEDGE_BYTES:
        raise OSError(errno.EFBIG, f"larger than {MAX_KNOWLEDGE_BYTES // (1024 * 1024)} MB", str(path))
    return data


def read_text(path: Path, error: type[FileError] = KnowledgeError) -> str:
    try:
        return knowledge_bytes(path).decode("utf-8-sig")  # a byte-order mark is not text
    except FileNotFoundError:
        raise error(path, None, "file not found") from None
    except IsADirectoryError:
        raise error(path, None, "is a folder, not a file") from None
    except UnicodeDecodeError as problem:
        raise error(path, None, f"not UTF-8 text ({problem.reason})") from None
    except OSError as problem:
        raise error(path, None, problem.strerror or "cannot be read") from None


def load_yaml(path: Path) -> Any:
    return parse_yaml(read_text(path), path)


def line_of(node: Any, fallback: int | None = None) -> int | None:
    return getattr(node, "line", None) or fallback


def element_line(sequence: Any, index: int) -> int | None:
    """The line of a list's ``index``-th element (its own line, not the list's)."""
    lines = getattr(sequence, "lines", ())
    return lines[index] if index < len(lines) else line_of(sequence)


def require(condition: bool, path: Path, node: Any, message: str) -> None:
    """Raise a KnowledgeError at ``node``'s line unless ``condition`` holds."""
    if not condition:
        raise KnowledgeError(path, line_of(node), message)


def string_list(value: Any, path: Path, node: Any, what: str) -> list[str]:
    """Validate a list of non-empty strings (a single string is accepted as a list of one)."""
    if isinstance(value, str):
        value = [value]
    require(isinstance(value, list) and bool(value), path, node, f"{what} must be a non-empty list")
    stripped = [item.strip() if isinstance(item, str) else "" for item in value]
    if not all(stripped):  # the message is built only for the file that needs it
        bad = next(item for item, text in zip(value, stripped, strict=True) if not text)
        require(False, path, node, f"{what} must hold non-empty strings, got {bad!r}")
    return stripped
