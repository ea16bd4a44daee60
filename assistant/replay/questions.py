"""Question sets (shared/README.md "Question-set format"): YAML, JSON Lines or CSV → cases.

Every problem raises QuestionSetError naming the file and line.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from assistant.knowledge import FileError, parse_yaml, read_text

LEVELS = ("emergency", "urgent", "none")
CASE_KEYS = {"id", "question", "expect"}
EXPECT_KEYS = {"escalation", "quote_contains", "answered"}
CSV_HEADER = ["id", "question", "escalation", "quote_contains", "answered"]
CSV_SEPARATOR = " | "


class QuestionSetError(FileError):
    """A question set cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Expectation:
    escalation: tuple[str, ...] | None = None  # allowed levels
    quote_contains: tuple[str, ...] | None = None
    answered: bool | None = None


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    expect: Expectation | None
    file: str
    line: int | None


@dataclass(frozen=True)
class QuestionSet:
    name: str
    path: Path
    cases: tuple[Case, ...]


def load_question_set(path: Path) -> QuestionSet:
    suffix = path.suffix.lower()
    readers = {".yaml": _read_yaml, ".yml": _read_yaml, ".jsonl": _read_jsonl, ".csv": _read_csv}
    if suffix not in readers:
        raise QuestionSetError(path, None, f"unknown file type {suffix or '(none)'!r}: "
                               "use .yaml, .yml, .jsonl or .csv")
    name, cases = readers[suffix](path, read_text(path, QuestionSetError))
    if not cases:
        raise QuestionSetError(path, None, "the question set has no cases")
    seen: dict[str, int | None] = {}
    for case in cases:
        if case.id in seen:
            raise QuestionSetError(path, case.line, f"duplicate id {case.id!r} "
                                   f"(first used on line {seen[case.id]})")
        seen[case.id] = case.line
    return QuestionSet(name, path, tuple(cases))


Fail = Callable[[str], QuestionSetError]


def _check_keys(raw: dict, allowed: set[str], fail: Fail, what: str) -> None:
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
    return Case(case_id.strip(), question, _expectation(expect, fail, case_id), str(path), line)


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
        bad = [x for x in levels if x not in LEVELS]
        if bad:
            raise fail(f"case {case_id!r}: unknown escalation level {bad[0]!r}; "
                       f"use {', '.join(LEVELS)}")
        escalation = tuple(levels)
    snippets = raw.get("quote_contains")
    if snippets is not None:
        snippets = [snippets] if isinstance(snippets, str) else snippets
        if (not isinstance(snippets, list) or not snippets
                or not all(isinstance(s, str) and s.strip() for s in snippets)):
            raise fail(f"case {case_id!r}: quote_contains must be a list of non-empty snippets")
        snippets = tuple(snippets)
    answered = raw.get("answered")
    if answered is not None and not isinstance(answered, bool):
        raise fail(f"case {case_id!r}: answered must be true or false, got {answered!r}")
    if escalation is None and snippets is None and answered is None:
        return None
    return Expectation(escalation, snippets, answered)


def _read_yaml(path: Path, text: str) -> tuple[str, list[Case]]:
    data = parse_yaml(text, path, QuestionSetError)
    if not isinstance(data, dict) or "cases" not in data:
        raise QuestionSetError(path, getattr(data, "line", 1),
                               "a YAML question set is a mapping with 'name' and 'cases'")
    unknown = set(data) - {"name", "cases", "description"}
    if unknown:
        raise QuestionSetError(path, data.line, f"unknown top-level key(s) "
                               f"{', '.join(sorted(map(str, unknown)))}; use name and cases")
    cases = data["cases"]
    if not isinstance(cases, list):
        raise QuestionSetError(path, getattr(cases, "line", data.line), "'cases' must be a list")
    name = data.get("name") or path.stem
    return str(name), [_case(raw, path, getattr(raw, "line", cases.line)) for raw in cases]


def _read_jsonl(path: Path, text: str) -> tuple[str, list[Case]]:
    cases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            raise QuestionSetError(path, number, f"invalid JSON: {error.msg} "
                                   f"(column {error.colno})") from None
        cases.append(_case(raw, path, number))
    return path.stem, cases


def _read_csv(path: Path, text: str) -> tuple[str, list[Case]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise QuestionSetError(path, 1, "empty CSV file: expected the header "
                               + ",".join(CSV_HEADER))
    header = [h.strip() for h in header]
    if header[:2] != CSV_HEADER[:2] or not set(header) <= set(CSV_HEADER) or len(set(header)) != len(header):
        raise QuestionSetError(path, 1, f"the first line must be the header "
                               f"{','.join(CSV_HEADER)} (got {','.join(header)})")
    cases = []
    for row in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise QuestionSetError(path, number, f"expected {len(header)} cells, got {len(row)}")
        cells = dict(zip(header, (c.strip() for c in row)))
        raw: dict[str, Any] = {"id": cells["id"], "question": cells["question"]}
        expect: dict[str, Any] = {}
        if cells.get("escalation"):
            levels = [x.strip() for x in cells["escalation"].split("|")]
            expect["escalation"] = levels[0] if len(levels) == 1 else levels
        if cells.get("quote_contains"):
            expect["quote_contains"] = [s.strip() for s in cells["quote_contains"].split(CSV_SEPARATOR.strip())]
        if cells.get("answered"):
            expect["answered"] = _boolean(cells["answered"], path, number)
        if expect:
            raw["expect"] = expect
        cases.append(_case(raw, path, number))
    return path.stem, cases


def _boolean(cell: str, path: Path, line: int) -> bool:
    value = cell.lower()
    if value in {"true", "yes", "1"}:
        return True
    if value in {"false", "no", "0"}:
        return False
    raise QuestionSetError(path, line, f"answered must be true or false, got {cell!r}")
