"""Replay reports: the JSON report of docs/replay.md, JUnit XML, and the text summary."""

from __future__ import annotations

import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.render import printable
from assistant.replay.questions import QuestionSet
from assistant.replay.verdicts import Metrics, Verdict


def json_report(sets: list[QuestionSet], verdicts: list[Verdict], top_k: int,
                metrics: Metrics) -> dict[str, Any]:
    return {
        "name": " + ".join(s.name for s in sets),
        "top_k": top_k,
        "files": [str(s.path) for s in sets],
        "cases": [v.to_dict() for v in verdicts],
        "summary": metrics.summary(),
    }


def json_bytes(report: dict[str, Any]) -> bytes:
    """The whole report, encoded before any file is opened; text that cannot be UTF-8 (a lone
    surrogate from a JSON escape) becomes '?'."""
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "replace")


def junit_bytes(tree: ET.ElementTree) -> bytes:
    buffer = io.BytesIO()
    tree.write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue()


# characters XML 1.0 does not allow, even escaped
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (control characters, lone surrogates),
    so the JUnit report stays well-formed."""
    return _NOT_XML.sub("", text)


def suite_names(files: list[str]) -> list[str]:
    """What names each set in the reports (its JUnit testsuite and testcases' classname, the
    printed failures): its file name with the extension (``set.yaml`` and ``set.csv`` stay
    apart), or the path as given where two sets share a file name."""
    names = [Path(file).name for file in files]
    return [file if names.count(name) > 1 else name for file, name in zip(files, names, strict=True)]


def junit_tree(sets: list[QuestionSet], verdicts: list[Verdict], seconds: dict[str, float]) -> ET.ElementTree:
    """One <testsuite> per question set, one <testcase> per case; a failure says why."""
    root = ET.Element("testsuites", name="baclofen-assistant replay")
    total = failed = 0
    files = [str(s.path) for s in sets]
    for file, name in zip(files, suite_names(files), strict=True):
        mine = [v for v in verdicts if v.case.file == file]
        failures = sum(not v.passed for v in mine)
        suite = ET.SubElement(root, "testsuite", name=xml_text(name),
                              tests=str(len(mine)), failures=str(failures), errors="0",
                              skipped="0", file=xml_text(file))
        for verdict in mine:
            case = ET.SubElement(suite, "testcase", classname=xml_text(name),
                                 name=xml_text(verdict.case.id),
                                 time=f"{seconds.get(verdict.case.id + verdict.case.file, 0.0):.6f}")
            if not verdict.passed:
                failure = ET.SubElement(case, "failure",
                                        message=xml_text("; ".join(verdict.failures)),
                                        type="ExpectationFailed")
                failure.text = xml_text(f"question: {verdict.case.question}\n"
                                        + "\n".join(verdict.failures))
        total += len(mine)
        failed += failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    return ET.ElementTree(root)


def text_summary(verdicts: list[Verdict], metrics: Metrics, top_k: int, files: list[str]) -> str:
    """The printed summary; each failed case's set is named as in the JUnit report (``files``:
    the sets replayed)."""
    lines = []
    failed = [v for v in verdicts if not v.passed]
    if failed:
        lines.append(f"Failed cases ({len(failed)}):")
        named = dict(zip(files, suite_names(files), strict=True))
        for verdict in failed:
            where = f"{named[verdict.case.file]}:{verdict.case.line}" if verdict.case.line else ""
            lines.append(f"  ✗ {printable(verdict.case.id)} ({printable(where)}) "
                         f"{printable(repr(verdict.case.question))}")
            lines.extend(f"      {printable(failure)}" for failure in verdict.failures)
        lines.append("")
    s = metrics.summary()

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1%}"

    def cases(count: int, kind: str = "case") -> str:
        return f"{count} {kind}" + ("" if count == 1 else "s")

    lines.append(f"cases {s['cases']}")
    lines.append(f"quotes ({cases(s['quote_cases'])}): hit@1 {pct(s['hit_at_1'])}   "
                 f"hit@{top_k} {pct(s['hit_at_k'])}   MRR {s['mrr'] if s['mrr'] is not None else 'n/a'}")
    lines.append(f"not covered ({cases(s['not_covered_cases'])}): accuracy "
                 f"{pct(s['not_covered_accuracy'])}")
    recall = "   ".join(f"{level} {pct(value)} of {s['escalation_cases'][level]}"
                       for level, value in s["escalation_recall"].items()) or "n/a"
    lines.append(f"escalation recall: {recall}")
    lines.append(f"false escalations: {pct(s['false_escalation_rate'])} of "
                 f"{cases(s['no_escalation_cases'], 'calm case')}")
    lines.append(f"{s['passed']} passed, {s['failed']} failed")
    return "\n".join(lines) + "\n"


# -- written case by case (replay of large sets: memory does not grow with the cases) ----------

def _nested(value: Any, level: int) -> str:
    """``value`` as json.dumps(value, ensure_ascii=False, indent=2) lays it out ``level``
    levels deep in a document. The pure-Python encoder json uses whenever it indents is slow;
    this writes the same text for the values a report holds (str, int, float, bool, None,
    lists, tuples, dicts with str keys) and hands anything else to json.dumps."""
    try:
        return _indented(value, "\n" + "  " * level)
    except _Unusual:
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


class _Unusual(Exception):
    """A value json.dumps handles differently (a non-str key, a subclass, nan…)."""


_encode_string = json.encoder.encode_basestring  # the C function json.dumps uses
_SCALARS = (str, int, float, bool, type(None))
PASSAGES_KEPT = 1024  # passages laid out once and kept (monograph text: no question words)


class _Laid(str):
    """A value's JSON text, already laid out at its place (a passage seen before)."""


def _indented(value: Any, newline: str) -> str:
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is _Laid:
        return str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value or value in (float("inf"), float("-inf")):
            raise _Unusual
        return float.__repr__(value)
    inner = newline + "  "
    if kind is dict:
        if not value:
            return "{}"
        parts = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            parts.append(_encode_string(key) + ": " + _indented(item, inner))
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(_indented(item, inner) for item in value) + newline + "]"
    raise _Unusual


class JsonReportWriter:
    """The JSON report, byte for byte as ``json_bytes(json_report(...))``, written one case at
    a time to ``out`` (anything with ``write(bytes)``, e.g. a SafeWriter)."""

    def __init__(self, out: Any, name: str, files: list[str], top_k: int) -> None:
        self.out = out
        head = json.dumps({"name": name, "top_k": top_k, "files": files}, ensure_ascii=False,
                          indent=2)
        self._write(head[:-2] + ',\n  "cases": [\n')
        self._first = True
        self._passages: dict[tuple[tuple[str, str], ...], _Laid] = {}

    def _write(self, text: str) -> None:
        self.out.write(text.encode("utf-8", "replace"))

    def add(self, case: dict[str, Any]) -> None:
        self._write(("" if self._first else ",\n") + "    " + self._laid_out(case))
        self._first = False

    def _laid_out(self, case: dict[str, Any]) -> str:
        """``_nested(case, 2)``; a passage quoted before (the same id, text and score: replays
        quote the same passages again and again) is laid out once."""
        passages = case.get("passages")
        if type(passages) is list and passages:
            try:
                return _indented(dict(case, passages=[self._passage(p) for p in passages]),
                                 "\n" + "  " * 2)
            except _Unusual:
                pass  # laid out as json.dumps would, below
        return _nested(case, 2)

    def _passage(self, passage: Any) -> Any:
        if type(passage) is not dict or not all(
                type(k) is str and type(v) in _SCALARS for k, v in passage.items()):
            return passage
        key = tuple((k, v if type(v) is str else repr(v)) for k, v in passage.items())
        laid = self._passages.get(key)
        if laid is None:
            if len(self._passages) >= PASSAGES_KEPT:
                self._passages.clear()
            laid = self._passages[key] = _Laid(_indented(passage, "\n" + "  " * 4))
        return laid

    def finish(self, summary: dict[str, Any]) -> None:
        self._write('\n  ],\n  "summary": ' + _nested(summary, 1) + "\n}\n")


# how ElementTree escapes an attribute value (None if a Python version has no such helper)
_escape_attribute: Callable[[str], str] | None = getattr(ET, "_escape_attrib", None)


def _start_tag(element: ET.Element) -> str:
    element.text = "\n"  # attribute values escape newlines, so this is the first one
    text = ET.tostring(element, encoding="unicode")
    return text[:text.index("\n")]


class JunitReportWriter:
    """The JUnit report, as ``junit_bytes(junit_tree(...))`` lays it out, from compact
    per-case records: each testcase is serialised when its case is judged and kept in a
    temporary file (not in memory) until the suites' counts are known."""

    def __init__(self, files: list[str]) -> None:
        self.names, self.files = suite_names(files), files
        self.counts = [[0, 0] for _ in files]  # per suite: tests, failures
        self._classnames = [_escape_attribute(xml_text(n)) if _escape_attribute else n
                            for n in self.names]
        self._spool = tempfile.TemporaryFile()
        self._ends: list[int] = [0] * len(files)  # per suite: where its testcases end
        self._suite = 0
        self._size = 0  # bytes in the spool (only ``add`` writes it, always at its end)

    def add(self, suite: int, case_id: str, question: str, failures: tuple[str, ...],
            seconds: float) -> None:
        if failures or _escape_attribute is None:
            case = ET.Element("testcase", classname=xml_text(self.names[suite]),
                              name=xml_text(case_id), time=f"{seconds:.6f}")
            if failures:
                failure = ET.SubElement(case, "failure", message=xml_text("; ".join(failures)),
                                        type="ExpectationFailed")
                failure.text = xml_text(f"question: {question}\n" + "\n".join(failures))
                case.text, failure.tail = "\n      ", "\n    "
            element = ET.tostring(case, encoding="unicode")
        else:  # a passed case: the element as ET.tostring writes it, without building it
            element = (f'<testcase classname="{self._classnames[suite]}" '
                       f'name="{_escape_attribute(xml_text(case_id))}" time="{seconds:.6f}" />')
        count = self.counts[suite]
        # (no seek or tell per case: on a buffered file each one is a system call)
        self._size += self._spool.write((("\n    " if count[0] else "") + element).encode("utf-8"))
        count[0] += 1
        count[1] += bool(failures)
        self._ends[suite] = self._size

    def finish(self, out: Any) -> None:
        """Write the whole report to ``out``; the temporary file is then removed."""
        total, failed = (sum(c[i] for c in self.counts) for i in (0, 1))
        root = ET.Element("testsuites", name="baclofen-assistant replay", tests=str(total),
                          failures=str(failed))
        out.write(b"<?xml version='1.0' encoding='utf-8'?>\n"
                  + (_start_tag(root) + "\n  ").encode("utf-8"))
        start = 0
        for suite, (name, path) in enumerate(zip(self.names, self.files, strict=False)):
            tests, failures = self.counts[suite]
            element = ET.Element("testsuite", name=xml_text(name), tests=str(tests),
                                 failures=str(failures), errors="0", skipped="0",
                                 file=xml_text(path))
            out.write((_start_tag(element) + "\n    ").encode("utf-8"))
            self._spool.seek(start)
            remaining = self._ends[suite] - start
            while remaining > 0:
                chunk = self._spool.read(min(remaining, 1 << 20))
                out.write(chunk)
                remaining -= len(chunk)
            start = self._ends[suite]
            last = suite == len(self.names) - 1
            out.write(("\n  </testsuite>" + ("\n" if last else "\n  ")).encode("utf-8"))
        out.write(b"</testsuites>")
        self._spool.close()

    def close(self) -> None:
        self._spool.close()
