"""Find the files in knowledge/ and load them with errors that name file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is several times faster; it still reports line numbers
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


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


class _LineLoader(_BaseLoader):  # type: ignore[misc]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        seen: set[Any] = set()
        for key_node, _ in node.value:  # a repeated key would silently replace the first
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        mapping = LineDict(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        sequence = LineList(super().construct_sequence(node, deep=True))
        sequence.line = node.start_mark.line + 1
        sequence.lines = tuple(n.start_mark.line + 1 for n in node.value)
        return sequence


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)
# YAML 1.2 booleans: only true/false. Under YAML 1.1 "no", "yes", "on" and "off" turn into
# booleans, which silently breaks word lists ("no" is a negation cue, "on" a preposition).
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool",
                                  re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _LineLoader.construct_sequence
)


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
    """Parse YAML text; mappings and lists carry ``.line``. Errors name file and line."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        line = mark.line + 1 if mark else None
        detail = problem.problem or str(problem)
        context = problem.context_mark
        if problem.context and context and context.line + 1 != line:
            detail += f" ({problem.context} on line {context.line + 1})"
        raise error(path, line, f"invalid YAML: {detail}") from None
    except yaml.YAMLError as problem:
        raise error(path, None, f"invalid YAML: {problem}") from None


def read_text(path: Path, error: type[FileError] = KnowledgeError) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")  # a byte-order mark is not text
    except FileNotFoundError:
        raise error(path, None, "file not found") from None
    except IsADirectoryError:
        raise error(path, None, "is a folder, not a file") from None
    except UnicodeDecodeError as problem:
        raise error(path, None, f"not UTF-8 text ({problem.reason})") from None


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
    for item in value:
        require(isinstance(item, str) and item.strip() != "", path, node,
                f"{what} must hold non-empty strings, got {item!r}")
    return [item.strip() for item in value]
