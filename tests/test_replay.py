"""Testers replay question sets: the same verdicts from every format, reports CI can read."""

import csv
import json
import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from assistant.cli import main
from assistant.replay.questions import QuestionSetError, load_question_set, stream_question_set
from assistant.replay.runner import Progress

# main() runs in-process dozens of times here: the shipped knowledge is read once (conftest)
pytestmark = pytest.mark.usefixtures("shipped_knowledge_loaded_once")

DEV_SET = Path(__file__).parent / "data" / "dev-set.yaml"
REPORT_CASE_KEYS = {"id", "question", "answered", "escalation", "passages", "passed", "failures"}


def dev_cases():
    return yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["cases"]


def write_jsonl(path: Path) -> Path:
    path.write_text("\n".join(json.dumps(c) for c in dev_cases()) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "question", "escalation", "quote_contains", "answered"])
        for case in dev_cases():
            expect = case.get("expect", {})
            escalation = expect.get("escalation", "")
            answered = expect.get("answered")
            writer.writerow([case["id"], case["question"],
                             " | ".join(escalation) if isinstance(escalation, list) else escalation,
                             " | ".join(expect.get("quote_contains", [])),
                             "" if answered is None else str(answered).lower()])
    return path


def replay(tmp_path, *files, extra=()):
    out = tmp_path / "report.json"
    out.unlink(missing_ok=True)
    code = main(["replay", *map(str, files), "--json", str(out), *extra])
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_the_dev_set_passes_with_hit_at_1_of_at_least_0_9(tmp_path, capsys):
    code, report = replay(tmp_path, DEV_SET)
    assert code == 0, capsys.readouterr().out
    assert report["summary"]["failed"] == 0
    assert report["summary"]["hit_at_1"] >= 0.9
    assert report["summary"]["escalation_recall"]["emergency"] == 1.0
    assert report["summary"]["false_escalation_rate"] == 0.0


def test_yaml_jsonl_and_csv_give_identical_verdicts(tmp_path, capsys):
    reports = [replay(tmp_path, f)[1] for f in
               (DEV_SET, write_jsonl(tmp_path / "dev.jsonl"), write_csv(tmp_path / "dev.csv"))]
    verdicts = [[(c["id"], c["passed"], c["escalation"]["level"], c["answered"],
                  [p["id"] for p in c["passages"]]) for c in r["cases"]] for r in reports]
    assert verdicts[0] == verdicts[1] == verdicts[2]
    assert len(verdicts[0]) == 74


def test_the_json_report_keeps_the_documented_keys(tmp_path, capsys):
    _, report = replay(tmp_path, DEV_SET, extra=["--top-k", "2"])
    assert {"name", "top_k", "cases", "summary"} <= set(report)
    assert report["name"] == "dev-set" and report["top_k"] == 2
    assert {"cases", "passed", "failed"} <= set(report["summary"])
    for case in report["cases"]:
        assert REPORT_CASE_KEYS <= set(case)
        assert set(case["escalation"]) == {"level", "rule", "message"}
        assert len(case["passages"]) <= 2
        for passage in case["passages"]:
            assert set(passage) == {"id", "section", "text", "score"}


def test_junit_parses_and_its_counts_match_the_summary(tmp_path, capsys):
    cases = dev_cases()[:5]
    cases[0] = {"id": "will-fail", "question": "can I drink alcohol",
                "expect": {"escalation": "emergency"}}
    source = tmp_path / "small.yaml"
    source.write_text(yaml.safe_dump({"name": "small", "cases": cases}), encoding="utf-8")
    junit = tmp_path / "junit.xml"
    code, report = replay(tmp_path, source, extra=["--junit", str(junit)])
    root = ET.parse(junit).getroot()
    assert code == 1
    assert int(root.get("tests")) == report["summary"]["cases"] == 5
    assert int(root.get("failures")) == report["summary"]["failed"] == 1
    failure = root.find(".//testcase[@name='will-fail']/failure")
    assert "expected emergency, got none" in failure.get("message")


def test_the_summary_explains_each_failure_and_prints_metrics(tmp_path, capsys):
    source = tmp_path / "one.yaml"
    source.write_text("name: one\ncases:\n  - id: x\n    question: can I drink alcohol\n"
                      "    expect: {quote_contains: [\"not in any passage\"]}\n")
    assert main(["replay", str(source)]) == 1
    out = capsys.readouterr().out
    assert "✗ x (one.yaml:3)" in out
    assert "top quote “Alcohol may increase" in out
    assert "hit@1 0.0%" in out and "0 passed, 1 failed" in out
    assert out.count("passed") == 1, "the pass count is printed once, as the last line"


@pytest.mark.parametrize("name, content, message", [
    ("bad.yaml", "name: x\ncases:\n  - id: a\n    question: [unclosed\n", "bad.yaml:5: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence on line 4)"),
    ("noheader.csv", "a-1,can I drink,none,,\n", "noheader.csv:1: the first line must be the header"),
    ("broken.jsonl", '{"id": "a", "question": "q"}\n{"id": "b", "question": \n', "broken.jsonl:2: invalid JSON"),
    ("set.txt", "whatever", "unknown file type '.txt'"),
    ("dup.yaml", "name: x\ncases:\n  - {id: a, question: q1}\n  - {id: a, question: q2}\n",
     "dup.yaml:4: duplicate id 'a' (first used on line 3)"),
    ("key.yaml", "name: x\ncases:\n  - {id: a, question: q, expect: {escalate: none}}\n",
     "key.yaml:3: case 'a': unknown expect key(s) escalate"),
    ("level.yaml", "name: x\ncases:\n  - {id: a, question: q, expect: {escalation: critical}}\n",
     "level.yaml:3: case 'a': unknown escalation level 'critical'"),
    ("empty.yaml", "name: x\ncases:\n  - {id: a, question: '  '}\n", "empty.yaml:3: case 'a': 'question' must be non-empty"),
    ("type.jsonl", '{"id": "a", "question": "q", "expect": {"answered": "yes"}}\n',
     "type.jsonl:1: case 'a': answered must be true or false"),
    ("cells.csv", "id,question,escalation,quote_contains,answered\na,q,none\n", "cells.csv:2: expected 5 cells"),
    ("quote.csv", 'id,question,escalation,quote_contains,answered\na,"can I drink,none,,\nb,q,none,,\nc,q,none,,\n',
     "quote.csv:2: invalid CSV in the row starting on this line: unexpected end of data (a quote left open"),
])
def test_malformed_question_sets_exit_2_naming_file_and_line(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main(["replay", str(path)]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("name", ["sets", "sets.yaml"])
def test_a_folder_exits_2_saying_it_is_a_folder(tmp_path, capsys, name):
    (tmp_path / name).mkdir()
    assert main(["replay", str(tmp_path / name)]) == 2
    assert "is a folder: give a question set file" in capsys.readouterr().err


def test_a_missing_file_exits_2_with_the_emergency_numbers(tmp_path, capsys):
    """A new user's trial: replay's file errors, unlike its argument errors, left the numbers out."""
    assert main(["replay", str(tmp_path / "nope.yaml")]) == 2
    err = capsys.readouterr().err
    assert "nope.yaml: file not found" in err and "911" in err


def test_a_case_without_expectations_is_reported_never_failed(tmp_path):
    path = tmp_path / "open.yaml"
    path.write_text("name: open\ncases:\n  - {id: a, question: what time is it}\n")
    assert load_question_set(path).cases[0].expect is None
    code, report = replay(tmp_path, path)
    assert code == 0 and report["cases"][0]["passed"] is True


def test_several_files_replay_together(tmp_path, capsys):
    code, report = replay(tmp_path, DEV_SET, write_jsonl(tmp_path / "dev.jsonl"))
    assert code == 0 and report["summary"]["cases"] == 148


def test_progress_is_drawn_only_on_a_terminal():
    class Stream:
        def __init__(self, tty):
            self.tty, self.text = tty, ""

        def isatty(self):
            return self.tty

        def write(self, text):
            self.text += text

        def flush(self):
            pass

    for tty in (True, False):
        stream = Stream(tty)
        progress = Progress(100, stream)
        for done in range(1, 101):
            progress.update(done)
        assert ("100/100" in stream.text) is tty


def test_question_set_errors_name_the_file(tmp_path):
    with pytest.raises(QuestionSetError) as error:
        load_question_set(tmp_path / "missing.csv")
    assert error.value.path.endswith("missing.csv")


def bad_case_file(tmp_path: Path, case_id: str, question: str) -> Path:
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"id": case_id, "question": question,
                                "expect": {"escalation": "emergency"}}) + "\n", encoding="utf-8")
    return path


def test_reports_hold_questions_so_only_their_owner_can_read_them(tmp_path, capsys):
    report, junit = tmp_path / "report.json", tmp_path / "report.xml"
    old = os.umask(0o022)
    try:
        assert main(["replay", str(DEV_SET), "--json", str(report), "--junit", str(junit)]) == 0
    finally:
        os.umask(old)
    assert [stat.S_IMODE(path.stat().st_mode) for path in (report, junit)] == [0o600, 0o600]


def test_an_existing_report_is_replaced_only_with_force(tmp_path, capsys):
    out = tmp_path / "report.json"
    out.write_text("keep me", encoding="utf-8")
    assert main(["replay", str(DEV_SET), "--json", str(out)]) == 2
    assert "already exists; add --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["replay", str(DEV_SET), "--json", str(out), "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["cases"] == 74


def test_a_report_naming_an_input_set_is_refused_even_with_force(tmp_path, capsys):
    source = tmp_path / "dev.yaml"
    source.write_bytes(DEV_SET.read_bytes())
    for flag in ("--json", "--junit"):
        assert main(["replay", str(source), flag, str(source), "--force"]) == 2
        assert "is one of the question sets" in capsys.readouterr().err
    assert source.read_bytes() == DEV_SET.read_bytes()


def test_reports_never_follow_symlinks_nor_write_to_fifos_or_devices(tmp_path, capsys, no_hang):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(victim)
    os.mkfifo(tmp_path / "pipe.xml")
    for flag, target, why in (("--json", tmp_path / "link.json", "symbolic link"),
                              ("--junit", tmp_path / "pipe.xml", "FIFO"),
                              ("--json", "/dev/null", "device"),
                              ("--junit", tmp_path, "folder")):
        assert main(["replay", str(DEV_SET), flag, str(target), "--force"]) == 2
        assert why in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "precious"


def test_a_lone_surrogate_in_a_case_never_truncates_an_existing_report(tmp_path, capsys):
    source = bad_case_file(tmp_path, "odd\ud800", "can I drink \ud800 alcohol")
    out, junit = tmp_path / "report.json", tmp_path / "junit.xml"
    out.write_text("the old report", encoding="utf-8")
    code = main(["replay", str(source), "--json", str(out), "--junit", str(junit), "--force"])
    assert code == 1
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["cases"][0]["question"] == "can I drink ? alcohol"
    assert ET.parse(junit).getroot().get("tests") == "1"


def test_control_characters_never_reach_the_terminal_and_junit_stays_well_formed(tmp_path, capsys):
    source = bad_case_file(tmp_path, "id\x1b[2J\u202e", "can I drink\x1b]0;owned\x07 alcohol\x00")
    junit = tmp_path / "junit.xml"
    assert main(["replay", str(source), "--junit", str(junit)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "id\\x1b[2J\\u202e" in out
    case = ET.parse(junit).getroot().find("testsuite/testcase")
    assert case.get("name") == "id[2J\u202e"  # ESC left out; U+202E is allowed in XML


def test_the_same_file_given_twice_is_read_once(tmp_path, capsys):
    junit = tmp_path / "junit.xml"
    (tmp_path / "again.yaml").symlink_to(DEV_SET)
    assert main(["replay", str(DEV_SET), str(DEV_SET), str(tmp_path / "again.yaml"),
                 "--junit", str(junit)]) == 0
    assert ET.parse(junit).getroot().get("tests") == "74"
    assert "reading it once" in capsys.readouterr().err


def refusal(capsys, path) -> str:
    assert main(["replay", str(path)]) == 2
    return capsys.readouterr().err


def test_a_yaml_alias_bomb_is_refused_with_file_and_line(tmp_path, capsys):
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefg", "bcdefgh", strict=False):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("name: bomb\ndescription:\n" + "\n".join("  " + x for x in levels)
                    + "\ncases: [{id: x, question: q, expect: {quote_contains: *h}}]\n")
    assert "bomb.yaml:9: aliases (*name) expand to more than" in refusal(capsys, path)


def test_ordinary_yaml_aliases_still_work(tmp_path, capsys):
    path = tmp_path / "alias.yaml"
    path.write_text("name: x\ncases:\n  - {id: a, question: he collapsed, "
                    "expect: {escalation: &both [urgent, emergency]}}\n"
                    "  - {id: b, question: he is not breathing, expect: {escalation: *both}}\n")
    assert main(["replay", str(path)]) == 0


@pytest.mark.parametrize("name, content, message", [
    ("deep.yaml", "name: x\ncases: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml:2: invalid YAML: exceeded maximum nesting"),
    ("deeper.yaml", "name: x\ncases:\n" + "".join("  " * i + "-\n" for i in range(30)), "deeper.yaml:22: nested more than 20"),
    ("deep.jsonl", '{"id": "a", "question": "q"}\n' + "[" * 5000 + "]" * 5000 + "\n",
     "deep.jsonl:2: nested more than 20"),
    ("long.jsonl", json.dumps({"id": "a", "question": "q" * 200_000}) + "\n", "long.jsonl:1: the line is too long"),
    ("cell.csv", "id,question\na," + "q" * 30_000 + "\n", "cell.csv:2: a cell is too long"),
    ("field.csv", 'id,question\na,"' + ("q" * 60_000 + "\n") * 3 + '"\n', "field.csv:2: invalid CSV in the row starting on this line: field larger"),
], ids=["deep-yaml", "deeper-yaml", "deep-jsonl", "long-jsonl-line", "long-csv-cell", "huge-csv-field"])
def test_oversized_or_deeply_nested_sets_are_clear_errors_not_tracebacks(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert message in refusal(capsys, path)


def test_fifos_and_devices_are_refused_without_blocking(tmp_path, capsys, no_hang):
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "null.yaml").symlink_to("/dev/null")
    for name in ("pipe.yaml", "null.yaml"):
        assert "is not a regular file" in refusal(capsys, tmp_path / name)


def test_an_unreadable_set_is_a_clear_error(tmp_path, capsys, monkeypatch):
    path = tmp_path / "secret.yaml"
    path.write_bytes(DEV_SET.read_bytes())
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the refusal happen anyway
        real_open = os.open

        def refuse(name, *args, **kwargs):
            if str(name) == str(path):
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, *args, **kwargs)
        monkeypatch.setattr(os, "open", refuse)
    assert "secret.yaml: cannot read it: permission denied" in refusal(capsys, path)


def test_a_case_with_history_is_judged_as_the_reply_after_those_messages(tmp_path, capsys):
    path = tmp_path / "followups.yaml"
    path.write_text(
        "name: followups\ncases:\n"
        "  - id: drive\n    history: ['can I drive on baclofen?']\n"
        "    question: how long should I wait then?\n"
        "    expect: {quote_contains: ['first few days of treatment']}\n"
        "  - id: split\n    history: ['he is not']\n    question: breathing\n"
        "    expect: {escalation: emergency}\n"
        "  - id: alone\n    question: breathing\n    expect: {escalation: none}\n",
        encoding="utf-8")
    assert main(["replay", str(path)]) == 0, capsys.readouterr().out


def test_history_must_be_a_list_of_messages(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ncases:\n  - id: x\n    history: 'not a list'\n    question: hi\n",
                    encoding="utf-8")
    assert main(["replay", str(path)]) == 2
    assert "bad.yaml:" in capsys.readouterr().err


OVERDOSE_SYMPTOMS = ["blurred vision or vision problems", "vomiting", "weak muscle tone",
                     "pale or blue lips, fingernails, or skin", "unusual weak feeling", "coma."]


def test_quote_contains_all_checks_that_a_list_is_quoted_whole(tmp_path, capsys):
    source = tmp_path / "whole-lists.yaml"
    source.write_text(yaml.safe_dump({"name": "whole-lists", "cases": [
        {"id": "overdose-whole", "question": "does a baclofen overdose cause blurred vision",
         "expect": {"quote_contains_all": OVERDOSE_SYMPTOMS}},
        {"id": "interactions-shortened", "question": "can I take gabapentin with baclofen",
         "expect": {"quote_contains_all": ["Gabapentin Enacarbil", "Zolpidem"]}},
    ]}), encoding="utf-8")
    code, report = replay(tmp_path, source)
    out = capsys.readouterr().out
    cases = {c["id"]: c for c in report["cases"]}
    assert code == 1
    assert cases["overdose-whole"]["passed"]  # a safety list: every symptom is there
    assert not cases["interactions-shortened"]["passed"]  # one snippet is not enough
    assert "['Zolpidem']" in cases["interactions-shortened"]["failures"][0]
    assert "quote_contains_all" in out
    assert cases["overdose-whole"]["expect"] == {"quote_contains_all": OVERDOSE_SYMPTOMS}
    assert report["summary"]["quote_contains_all_cases"] == 2
    assert report["summary"]["quote_contains_all_passed"] == 1


def test_quote_contains_all_in_a_csv_column(tmp_path, capsys):
    source = tmp_path / "whole.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "question", "quote_contains_all"])
        writer.writerow(["o", "does a baclofen overdose cause blurred vision",
                         " | ".join(OVERDOSE_SYMPTOMS)])
    code, report = replay(tmp_path, source)
    assert code == 0 and report["cases"][0]["expect"]["quote_contains_all"] == OVERDOSE_SYMPTOMS


BOM = "\ufeff"  # what Excel and Notepad put before the first line of a UTF-8 file


def test_a_leading_byte_order_mark_is_accepted_in_yaml_jsonl_and_csv(tmp_path, capsys):
    """A new user's trial: a CSV saved by Excel was refused ("got \\ufeffid,question,…") and
    JSON Lines "invalid JSON: Unexpected UTF-8 BOM"; the mark is not text."""
    sets = {"set.yaml": "name: set\ncases:\n  - {id: a, question: can I drink alcohol}\n",
            "set.jsonl": '{"id": "a", "question": "can I drink alcohol"}\n',
            "set.csv": "id,question\na,can I drink alcohol\n"}
    for name, text in sets.items():
        path = tmp_path / name
        path.write_text(BOM + text, encoding="utf-8")
        loaded = load_question_set(path)
        assert [(c.id, c.question, c.line) for c in loaded.cases] == [
            ("a", "can I drink alcohol", 3 if name == "set.yaml" else 1 + (name == "set.csv"))]
        assert [c.id for c in stream_question_set(path).cases()] == ["a"]
        assert main(["replay", str(path)]) == 0, capsys.readouterr().err


def test_a_byte_order_mark_keeps_error_lines_right(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text(BOM + '{"id": "a", "question": "q"}\n{"id": "b"\n', encoding="utf-8")
    assert "bad.jsonl:2: invalid JSON" in refusal(capsys, path)
    path = tmp_path / "bad.csv"
    path.write_bytes(BOM.encode() + b"id,question\na,q\nb,\xff\n")
    assert "bad.csv:3: not UTF-8 text" in refusal(capsys, path)


def test_sets_with_the_same_stem_get_distinct_junit_suites_and_classnames(tmp_path, capsys):
    """A new user's trial: set.yaml, set.jsonl and set.csv gave three <testsuite name="set">;
    the same case id in each could not be told apart."""
    (tmp_path / "other").mkdir()
    files = {"set.yaml": "name: set\ncases:\n  - {id: a, question: can I drink alcohol, "
                         "expect: {escalation: emergency}}\n",
             "set.jsonl": '{"id": "a", "question": "can I drink alcohol"}\n',
             "set.csv": "id,question\na,can I drink alcohol\n",
             "other/set.csv": "id,question\na,can I drive\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    paths = [str(tmp_path / name) for name in files]
    junit = tmp_path / "junit.xml"
    code, report = replay(tmp_path, *paths, extra=["--junit", str(junit)])
    assert code == 1
    expected = ["set.yaml", "set.jsonl", paths[2], paths[3]]  # the path where names clash
    suites = ET.parse(junit).getroot().findall("testsuite")
    assert [s.get("name") for s in suites] == expected
    assert [[c.get("classname") for c in s.findall("testcase")] for s in suites] == [
        [name] for name in expected]
    assert [(c["id"], c["file"]) for c in report["cases"]] == [("a", p) for p in paths]
    assert "✗ a (set.yaml:3)" in capsys.readouterr().out


def test_a_jsonl_case_with_a_repeated_key_is_refused_as_in_yaml(tmp_path, capsys):
    """A repeated key silently kept the last value in JSON Lines; YAML refuses it."""
    path = tmp_path / "dup.jsonl"
    path.write_text('{"id": "a", "question": "can I drink alcohol"}\n'
                    '{"id": "b", "question": "q", "expect": {"escalation": "none", '
                    '"escalation": "emergency"}}\n', encoding="utf-8")
    assert "dup.jsonl:2: invalid JSON: duplicate key 'escalation'" in refusal(capsys, path)
    path.write_text('{"id": "a", "question": "can I drink alcohol", "id": "b"}\n', encoding="utf-8")
    assert "dup.jsonl:1: invalid JSON: duplicate key 'id'" in refusal(capsys, path)


def test_escalation_levels_are_read_whatever_their_case(tmp_path, capsys):
    """`escalation: Emergency` was refused as an unknown level."""
    sets = {"caps.yaml": "name: caps\ncases:\n  - {id: a, question: he is not breathing, "
                         "expect: {escalation: Emergency}}\n"
                         "  - {id: b, question: he is not breathing, "
                         "expect: {escalation: [URGENT, Emergency]}}\n",
            "caps.jsonl": '{"id": "a", "question": "he is not breathing", '
                          '"expect": {"escalation": "Emergency"}}\n'
                          '{"id": "b", "question": "he is not breathing", '
                          '"expect": {"escalation": ["URGENT", "Emergency"]}}\n',
            "caps.csv": "id,question,escalation\na,he is not breathing,Emergency\n"
                        "b,he is not breathing,URGENT | Emergency\n"}
    for name, text in sets.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert [c.expect.escalation for c in load_question_set(path).cases] == [
            ("emergency",), ("urgent", "emergency")], name
        code, report = replay(tmp_path, path)
        assert code == 0, capsys.readouterr().out
        assert report["cases"][0]["expect"] == {"escalation": ["emergency"]}


def test_a_single_snippet_is_read_as_a_list_of_one_as_a_single_level_is(tmp_path, capsys):
    """`quote_contains: "alcohol"` is accepted (as `escalation: none` is for a list of levels,
    docs/replay.md); the error for a wrong value says so."""
    path = tmp_path / "one.yaml"
    path.write_text("name: one\ncases:\n  - {id: a, question: can I drink alcohol, expect: "
                    "{quote_contains: alcohol, quote_contains_all: Alcohol may increase}}\n",
                    encoding="utf-8")
    expect = load_question_set(path).cases[0].expect
    assert (expect.quote_contains, expect.quote_contains_all) == (("alcohol",), ("Alcohol may increase",))
    assert main(["replay", str(path)]) == 0
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "question": "q", "expect": {"quote_contains": 3}}\n', encoding="utf-8")
    assert ("bad.jsonl:1: case 'a': quote_contains must be a snippet or a list of snippets "
            "(non-empty text)") in refusal(capsys, path)


def test_the_summary_says_1_case_not_1_cases(tmp_path, capsys):
    path = tmp_path / "one.yaml"
    path.write_text("name: one\ncases:\n  - {id: a, question: can I drink alcohol, "
                    "expect: {quote_contains: [alcohol], escalation: none}}\n"
                    "  - {id: b, question: what time is it, expect: {answered: false}}\n",
                    encoding="utf-8")
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    assert "quotes (1 case): " in out and "not covered (1 case): " in out
    assert "of 1 calm case\n" in out and "cases)" not in out
    (tmp_path / "two.yaml").write_text(path.read_text().replace("id: a", "id: c").replace("id: b", "id: d"))
    assert main(["replay", str(path), str(tmp_path / "two.yaml")]) == 0
    out = capsys.readouterr().out
    assert "quotes (2 cases): " in out and "not covered (2 cases): " in out
    assert "of 2 calm cases\n" in out


def test_a_quote_failure_says_plainly_when_the_reply_quoted_nothing(tmp_path, capsys):
    """"expected one of ['alcohol'] in the top 0 passage(s)" read as if quotes were shown."""
    path = tmp_path / "none.yaml"
    path.write_text("name: none\ncases:\n  - {id: a, question: what time is it, "
                    "expect: {quote_contains: [alcohol], quote_contains_all: [alcohol, driving]}}\n"
                    "  - {id: b, question: can I drink alcohol, expect: {quote_contains: [zzz]}}\n",
                    encoding="utf-8")
    code, report = replay(tmp_path, path, extra=["--top-k", "1"])
    assert code == 1
    assert report["cases"][0]["failures"] == [
        "quote: expected a quote containing one of ['alcohol'], but the reply quoted nothing",
        "quote_contains_all: expected quotes containing all of ['alcohol', 'driving'], "
        "but the reply quoted nothing"]
    assert report["cases"][1]["failures"][0].startswith(
        "quote: expected one of ['zzz'] in the top passage; top quote “")
    assert report["summary"]["quote_contains_all_passed"] == 0


@pytest.mark.parametrize("row", ['a,"unterminated\nb,x', 'a,"he said "hi" to me"', 'a,"alcohol"junk'])
def test_a_csv_row_with_a_stray_or_unclosed_quote_is_refused_with_its_line(tmp_path, row):
    path = tmp_path / "quotes.csv"
    path.write_text(f"id,question\nz,fine\n{row}\n", encoding="utf-8")
    with pytest.raises(QuestionSetError) as error:
        load_question_set(path)
    assert error.value.line == 3 and "quote" in str(error.value)
