"""PyYAML with line numbers: mappings and lists remember their lines (knowledge.LineDict,
LineList), duplicate keys are errors, and only true/false are booleans (YAML 1.2). Imported only
when a file's text is not among the copies the package ships parsed (assistant/prebuilt.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from assistant.knowledge import FileError, LineDict, LineList

try:  # the C loader is several times faster; it still reports line numbers
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader



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


def load_with_lines(text: str, path: Path | str, error: type[FileError]) -> Any:
    """Parse YAML text; errors name file and line."""
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
