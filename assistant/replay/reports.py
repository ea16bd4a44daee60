"""Replay reports: the JSON report of docs/replay.md, JUnit XML, and the text summary."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
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


def junit_tree(sets: list[QuestionSet], verdicts: list[Verdict], seconds: dict[str, float]) -> ET.ElementTree:
    """One <testsuite> per question set, one <testcase> per case; a failure says why."""
    root = ET.Element("testsuites", name="baclofen-assistant replay")
    total = failed = 0
    for question_set in sets:
        mine = [v for v in verdicts if v.case.file == str(question_set.path)]
        failures = sum(not v.passed for v in mine)
        suite = ET.SubElement(root, "testsuite", name=xml_text(question_set.name),
                              tests=str(len(mine)), failures=str(failures), errors="0",
                              skipped="0", file=xml_text(str(question_set.path)))
        for verdict in mine:
            case = ET.SubElement(suite, "testcase", classname=xml_text(question_set.name),
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


def text_summary(verdicts: list[Verdict], metrics: Metrics, top_k: int) -> str:
    lines = []
    failed = [v for v in verdicts if not v.passed]
    if failed:
        lines.append(f"Failed cases ({len(failed)}):")
        for verdict in failed:
            where = f"{Path(verdict.case.file).name}:{verdict.case.line}" if verdict.case.line else ""
            lines.append(f"  ✗ {printable(verdict.case.id)} ({printable(where)}) "
                         f"{printable(repr(verdict.case.question))}")
            lines.extend(f"      {printable(failure)}" for failure in verdict.failures)
        lines.append("")
    s = metrics.summary()

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1%}"

    lines.append(f"cases {s['cases']}   passed {s['passed']}   failed {s['failed']}")
    lines.append(f"quotes ({s['quote_cases']} cases): hit@1 {pct(s['hit_at_1'])}   "
                 f"hit@{top_k} {pct(s['hit_at_k'])}   MRR {s['mrr'] if s['mrr'] is not None else 'n/a'}")
    lines.append(f"not covered ({s['not_covered_cases']} cases): accuracy "
                 f"{pct(s['not_covered_accuracy'])}")
    recall = "   ".join(f"{level} {pct(value)} of {s['escalation_cases'][level]}"
                       for level, value in s["escalation_recall"].items()) or "n/a"
    lines.append(f"escalation recall: {recall}")
    lines.append(f"false escalations: {pct(s['false_escalation_rate'])} of "
                 f"{s['no_escalation_cases']} calm cases")
    lines.append(f"{s['passed']} passed, {s['failed']} failed")
    return "\n".join(lines) + "\n"
