"""Question sets (docs/replay.md): YAML, JSON Lines or CSV → cases.

Every problem raises QuestionSetError naming the file and line. Inputs are bounded, so a
hostile or broken file gives a clear error, never a hang, a memory blow-up or a traceback:
only regular files are read (a FIFO or device is refused unopened), at most MAX_FILE_BYTES;
YAML aliases may expand to at most MAX_YAML_NODES values (a few hundred bytes of aliases of
aliases stand for billions); YAML and JSON nesting is at most MAX_DEPTH levels; JSONL and CSV
lines and CSV cells are bounded.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from assistant.escalation import LEVELS as ESCALATION_LEVELS
from assistant.knowledge import FileError, line_of, parse_yaml

LEVELS = (*ESCALATION_LEVELS, "none")  # one definition: the escalation module's
CASE_KEYS = {"id", "question", "expect", "history"}
MAX_HISTORY = 20  # earlier messages of one conversation
EXPECT_KEYS = {"escalation", "quote_contains", "quote_contains_all", "answered"}
CSV_HEADER = ["id", "question", "escalation", "quote_contains", "answered", "quote_contains_all"]
CSV_SEPARATOR = " | "
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_YAML_NODES = 2_000_000  # values in a YAML set, counting each alias as what it stands for
MAX_DEPTH = 20  # a case needs 4 levels (set, cases, case, expect lists)
MAX_LINE_CHARS = 100_000  # one JSONL line or one CSV line
MAX_CELL_CHARS = 20_000  # one CSV cell; a question may be longer than the assistant accepts


class QuestionSetError(FileError):
    """A question set cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Expectation:
    escalation: tuple[str, ...] | None = None  # allowed levels
    quote_contains: tuple[str, ...] | None = None
    answered: bool | None = None
    # every snippet must appear in the top-k quotes taken together (e.g. a whole list)
    quote_contains_all: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The expectation as given, for the JSON report (keys that were not set are left out)."""
        values = {"escalation": self.escalation, "quote_contains": self.quote_contains,
                  "quote_contains_all": self.quote_contains_all, "answered": self.answered}
        return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()
                if v is not None}


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    expect: Expectation | None
    file: str
    line: int | None
    history: tuple[str, ...] = ()  # earlier messages of the same conversation, sent first


@dataclass(frozen=True)
class QuestionSet:
    name: str
    path: Path
    cases: tuple[Case, ...]


def load_question_set(path: Path) -> QuestionSet:
    suffix = path.suffix.lower()
    readers = {".yaml": _read_yaml, ".yml": _read_yaml, ".jsonl": _read_jsonl, ".csv": _read_csv}
    if path.is_dir():
        raise QuestionSetError(path, None, "is a folder: give a question set file (.yaml, .yml, .jsonl or .csv)")
    if suffix not in readers:
        raise QuestionSetError(path, None, f"unknown file type {suffix or '(none)'!r}: "
                               "use .yaml, .yml, .jsonl or .csv")
    name, cases = readers[suffix](path, read_question_file(path))
    if not cases:
        raise QuestionSetError(path, None, "the question set has no cases")
    seen: dict[str, int | None] = {}
    for case in cases:
        if case.id in seen:
            raise QuestionSetError(path, case.line, f"duplicate id {case.id!r} "
                                   f"(first used on line {seen[case.id]})")
        seen[case.id] = case.line
    return QuestionSet(name, path, tuple(cases))


@dataclass(frozen=True)
class QuestionStream:
    """A question set checked whole (every case valid, ids unique) and then read again case
    by case: a JSON Lines or CSV set is never held in memory, only the ids seen (to refuse a
    duplicate). A YAML set is parsed whole (YAML cannot be read case by case) and kept."""

    name: str
    path: Path
    count: int
    _cases: tuple[Case, ...] | None = None  # a YAML set's

    def cases(self) -> Iterator[Case]:
        if self._cases is not None:
            return iter(self._cases)
        return _streamed_cases(self.path)


def _streamed_cases(path: Path) -> Iterator[Case]:
    if path.suffix.lower() == ".jsonl":
        return _jsonl_cases(path, _text_lines(path))
    _check_csv_lines(path, _text_lines(path))
    return _csv_reader_cases(path, (text for _, text in _physical_lines(path)))


def stream_question_set(path: Path) -> QuestionStream:
    """Check a whole question set (as ``load_question_set`` does) without keeping its cases
    (JSON Lines, CSV); ``cases()`` then reads them again one at a time."""
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".csv") or path.is_dir():
        loaded = load_question_set(path)
        return QuestionStream(loaded.name, loaded.path, len(loaded.cases), loaded.cases)
    seen: dict[str, int | None] = {}
    duplicate: QuestionSetError | None = None  # reported after every case is checked, as
    count = 0                                  # load_question_set does
    for case in _streamed_cases(path):
        count += 1
        if case.id in seen:
            duplicate = duplicate or QuestionSetError(
                path, case.line, f"duplicate id {case.id!r} (first used on line {seen[case.id]})")
        else:
            seen[case.id] = case.line
    if not count:
        raise QuestionSetError(path, None, "the question set has no cases")
    if duplicate is not None:
        raise duplicate
    return QuestionStream(path.stem, path, count)


Fail = Callable[[str], QuestionSetError]


def _open_question_file(path: Path) -> BinaryIO:
    """A regular file, opened for binary reading, or a QuestionSetError. A FIFO or device is
    refused before it is opened, so nothing blocks; a file over MAX_FILE_BYTES is refused."""
    def fail(message: str, line: int | None = None) -> QuestionSetError:
        return QuestionSetError(path, line, message)

    def check(info: os.stat_result) -> None:
        if stat.S_ISDIR(info.st_mode):
            raise fail("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise fail("is not a regular file (a FIFO, device or socket); "
                       "give a .yaml, .jsonl or .csv file")
        if info.st_size > MAX_FILE_BYTES:
            raise fail(f"is too large ({info.st_size:,} bytes; at most {MAX_FILE_BYTES:,})")

    try:
        check(os.stat(path))
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise fail("file not found") from None
    except PermissionError:
        raise fail("cannot read it: permission denied") from None
    except OSError as error:
        raise fail(f"cannot read it: {error.strerror or error}") from None
    handle = os.fdopen(descriptor, "rb")
    try:
        check(os.fstat(handle.fileno()))  # the same file that was checked
    except BaseException:
        handle.close()
        raise
    return handle


def read_question_file(path: Path) -> str:
    """The text of a regular file, at most MAX_FILE_BYTES, as UTF-8 (a leading byte-order
    mark, as Excel writes, left out); anything else is a QuestionSetError. A FIFO or device is
    refused before it is opened, so nothing blocks."""
    def fail(message: str, line: int | None = None) -> QuestionSetError:
        return QuestionSetError(path, line, message)

    with _open_question_file(path) as handle:
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise fail(f"cannot read it: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise fail(f"is too large (at most {MAX_FILE_BYTES:,} bytes)")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return str(data.decode("utf-8"))
    except UnicodeDecodeError as problem:
        raise fail(f"not UTF-8 text ({problem.reason})",
                   data.count(b"\n", 0, problem.start) + 1) from None


def _physical_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The file's lines as read (split at "\n" only, each with its ending), decoded, numbered
    from 1, a leading byte-order mark left out; bounded and checked like
    ``read_question_file``, one line in memory at a time."""
    with _open_question_file(path) as handle:
        total = 0
        try:
            for number, raw in enumerate(handle, start=1):
                total += len(raw)
                if total > MAX_FILE_BYTES:
                    raise QuestionSetError(path, None, f"is too large (at most {MAX_FILE_BYTES:,} bytes)")
                if number == 1:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                try:
                    yield number, raw.decode("utf-8")
                except UnicodeDecodeError as problem:
                    raise QuestionSetError(path, number, f"not UTF-8 text ({problem.reason})") from None
        except OSError as error:
            raise QuestionSetError(path, None, f"cannot read it: {error.strerror or error}") from None


def _text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Like ``enumerate(read_question_file(path).splitlines(), 1)``, streamed."""
    number = 0
    for _, text in _physical_lines(path):
        for line in text.splitlines():
            number += 1
            yield number, line


try:
    _EventLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _EventLoader = yaml.SafeLoader


def _check_yaml_events(text: str, path: Path) -> None:
    """Bound nesting and what aliases expand to before anything is built; a 400-byte file of
    aliases of aliases stands for billions of nodes. Syntax errors are left to parse_yaml,
    which reports them."""
    anchors: dict[str, int] = {}  # anchor → nodes it stands for, its aliases expanded
    open_nodes: list[list[Any]] = []  # [anchor, nodes so far] per open mapping or sequence
    total = 0
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, size = open_nodes.pop()
                if anchor:
                    anchors[anchor] = size
                if open_nodes:
                    open_nodes[-1][1] += size
                continue
            if isinstance(event, yaml.AliasEvent):
                size = anchors.get(event.anchor or "", 1)
            elif isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent,
                                    yaml.MappingStartEvent)):
                size = 1
            else:
                continue
            total += size
            if total > MAX_YAML_NODES:
                raise QuestionSetError(path, line, f"aliases (*name) expand to more than "
                                       f"{MAX_YAML_NODES:,} values; write the set out plainly")
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                open_nodes.append([event.anchor, 1])
                if len(open_nodes) > MAX_DEPTH:
                    raise QuestionSetError(path, line, f"nested more than {MAX_DEPTH} levels deep")
                continue
            if isinstance(event, yaml.ScalarEvent) and event.anchor:
                anchors[event.anchor] = 1
            if open_nodes:
                open_nodes[-1][1] += size
    except yaml.YAMLError:
        return


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _json_depth(line: str) -> int:
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", _JSON_STRING.sub('""', line)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


class _DuplicateKey(Exception):
    """A JSON object names a key twice (json keeps the last silently; YAML sets refuse it)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise _DuplicateKey(key)
        mapping[key] = value
    return mapping


def _check_keys(raw: dict[str, Any], allowed: set[str], fail: Fail, what: str) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise fail(f"unknown {what}key(s) {', '.join(sorted(map(str, unknown)))}; "
                   f"allowed: {', '.join(sorted(allowed))}")


def _case(raw: Any, path: Path, line: int | None) -> Case:
    def fail(message: str) -> QuestionSetError:
        return QuestionSetError(path, line, message)

    if not isinstance(raw, dict):
        raise fail(f"a case must be a mapping with id and question, got {type(raw).__name__}")
    _check_keys(raw, CASE_KEYS, fail, "")
    case_id, question = raw.get("id"), raw.get("question")
    if isinstance(case_id, (int, float)) and not isinstance(case_id, bool):
        case_id = str(case_id)
    if not isinstance(case_id, str) or not case_id.strip():
        raise fail("each case needs a non-empty 'id'")
    if not isinstance(question, str) or not question.strip():
        raise fail(f"case {case_id!r}: 'question' must be non-empty text")
    expect = raw.get("expect")
    history = raw.get("history") or []
    if (not isinstance(history, list) or len(history) > MAX_HISTORY
            or not all(isinstance(h, str) and h.strip() for h in history)):
        raise fail(f"case {case_id!r}: 'history' must be a list of at most {MAX_HISTORY} "
                   "earlier messages (non-empty text)")
    return Case(case_id.strip(), question, _expectation(expect, fail, case_id), str(path), line,
                tuple(history))


def _expectation(raw: Any, fail: Fail, case_id: str) -> Expectation | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise fail(f"case {case_id!r}: 'expect' must be a mapping")
    _check_keys(raw, EXPECT_KEYS, lambda m: fail(f"case {case_id!r}: {m}"), "expect ")
    escalation = raw.get("escalation")
    if escalation is not None:
        levels = [escalation] if isinstance(escalation, str) else escalation
        if not isinstance(levels, list) or not levels or not all(isinstance(x, str) for x in levels):
            raise fail(f"case {case_id!r}: escalation must be a level or a list of levels")
        bad = [x for x in levels if x.lower() not in LEVELS]
        if bad:
            raise fail(f"case {case_id!r}: unknown escalation level {bad[0]!r}; "
                       f"use {', '.join(LEVELS)}")
        escalation = tuple(x.lower() for x in levels)  # `Emergency` is emergency
    snippets, all_snippets = (_snippets(raw, key, fail, case_id)
                              for key in ("quote_contains", "quote_contains_all"))
    answered = raw.get("answered")
    if answered is not None and not isinstance(answered, bool):
        raise fail(f"case {case_id!r}: answered must be true or false, got {answered!r}")
    if escalation is None and snippets is None and answered is None and all_snippets is None:
        return None
    return Expectation(escalation, snippets, answered, all_snippets)


def _snippets(raw: dict[str, Any], key: str, fail: Fail, case_id: str) -> tuple[str, ...] | None:
    snippets = raw.get(key)
    if snippets is None:
        return None
    snippets = [snippets] if isinstance(snippets, str) else snippets  # as one level is
    if (not isinstance(snippets, list) or not snippets
            or not all(isinstance(s, str) and s.strip() for s in snippets)):
        raise fail(f"case {case_id!r}: {key} must be a snippet or a list of snippets "
                   "(non-empty text)")
    return tuple(snippets)


def _read_yaml(path: Path, text: str) -> tuple[str, list[Case]]:
    _check_yaml_events(text, path)
    data = parse_yaml(text, path, QuestionSetError)
    if not isinstance(data, dict) or "cases" not in data:
        raise QuestionSetError(path, getattr(data, "line", 1),
                               "a YAML question set is a mapping with 'name' and 'cases'")
    unknown = set(data) - {"name", "cases", "description"}
    if unknown:
        raise QuestionSetError(path, line_of(data), f"unknown top-level key(s) "
                               f"{', '.join(sorted(map(str, unknown)))}; use name and cases")
    cases = data["cases"]
    if not isinstance(cases, list):
        raise QuestionSetError(path, line_of(cases, line_of(data)), "'cases' must be a list")
    name = data.get("name") or path.stem
    return str(name), [_case(raw, path, line_of(raw, line_of(cases))) for raw in cases]


def _read_jsonl(path: Path, text: str) -> tuple[str, list[Case]]:
    return path.stem, list(_jsonl_cases(path, enumerate(text.splitlines(), start=1)))


def _jsonl_cases(path: Path, lines: Iterable[tuple[int, str]]) -> Iterator[Case]:
    for number, line in lines:
        if not line.strip():
            continue
        if len(line) > MAX_LINE_CHARS:
            raise QuestionSetError(path, number, f"the line is too long ({len(line):,} "
                                   f"characters; at most {MAX_LINE_CHARS:,})")
        # (no deeper than it has opening brackets, strings included: most lines need no count)
        if line.count("[") + line.count("{") > MAX_DEPTH and _json_depth(line) > MAX_DEPTH:
            raise QuestionSetError(path, number, f"nested more than {MAX_DEPTH} levels deep")
        try:
            raw = json.loads(line, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as error:
            raise QuestionSetError(path, number, f"invalid JSON: {error.msg} "
                                   f"(column {error.colno})") from None
        except _DuplicateKey as error:
            raise QuestionSetError(path, number, f"invalid JSON: duplicate key {error.args[0]!r}") from None
        except RecursionError:  # pragma: no cover - the depth check comes first
            raise QuestionSetError(path, number, "nested too deeply") from None
        yield _case(raw, path, number)


def _read_csv(path: Path, text: str) -> tuple[str, list[Case]]:
    _check_csv_lines(path, enumerate(text.splitlines(), start=1))
    return path.stem, list(_csv_reader_cases(path, io.StringIO(text)))


def _check_csv_lines(path: Path, lines: Iterable[tuple[int, str]]) -> None:
    for number, line in lines:
        if len(line) > MAX_LINE_CHARS:
            raise QuestionSetError(path, number, f"the line is too long ({len(line):,} "
                                   f"characters; at most {MAX_LINE_CHARS:,})")


def _csv_reader_cases(path: Path, source: Iterable[str]) -> Iterator[Case]:
    reader = csv.reader(source, strict=True)  # a stray or unclosed quote is an error, not a guess
    try:
        yield from _csv_cases(path, reader)
    except csv.Error as error:
        raise QuestionSetError(path, reader.line_num or None, f"invalid CSV: {error}") from None


def _csv_cases(path: Path, reader: Any) -> Iterator[Case]:
    header = next(reader, None)
    if header is None:
        raise QuestionSetError(path, 1, "empty CSV file: expected the header "
                               + ",".join(CSV_HEADER))
    header = [h.strip() for h in header]
    if header[:2] != CSV_HEADER[:2] or not set(header) <= set(CSV_HEADER) or len(set(header)) != len(header):
        raise QuestionSetError(path, 1, f"the first line must be the header "
                               f"{','.join(CSV_HEADER)} (got {','.join(header)})")
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            quoting = '"' in str(error) or "end of data" in str(error)
            hint = " (a quote left open, or a quote inside a quoted cell not doubled as \"\"?)" if quoting else ""
            raise QuestionSetError(path, start, f"invalid CSV in the row starting on this line: {error}{hint}") from None
        number, start = start, reader.line_num + 1  # the line the row starts on
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            spans = (f" (the row runs on to line {reader.line_num}: is a quote left open?)"
                     if reader.line_num > number else "")
            raise QuestionSetError(path, number, f"expected {len(header)} cells, got {len(row)}{spans}")
        longest = max(len(cell) for cell in row)
        if longest > MAX_CELL_CHARS:
            raise QuestionSetError(path, number, f"a cell is too long ({longest:,} characters; "
                                   f"at most {MAX_CELL_CHARS:,})")
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        raw: dict[str, Any] = {"id": cells["id"], "question": cells["question"]}
        expect: dict[str, Any] = {}
        if cells.get("escalation"):
            levels = [x.strip() for x in cells["escalation"].split("|")]
            expect["escalation"] = levels[0] if len(levels) == 1 else levels
        if cells.get("quote_contains"):
            expect["quote_contains"] = [s.strip() for s in cells["quote_contains"].split(CSV_SEPARATOR.strip())]
        if cells.get("quote_contains_all"):
            expect["quote_contains_all"] = [s.strip() for s in
                                            cells["quote_contains_all"].split(CSV_SEPARATOR.strip())]
        if cells.get("answered"):
            expect["answered"] = _boolean(cells["answered"], path, number)
        if expect:
            raw["expect"] = expect
        yield _case(raw, path, number)


def _boolean(cell: str, path: Path, line: int) -> bool:
    value = cell.lower()
    if value in {"true", "yes", "1"}:
        return True
    if value in {"false", "no", "0"}:
        return False
    raise QuestionSetError(path, line, f"answered must be true or false, got {cell!r}")
