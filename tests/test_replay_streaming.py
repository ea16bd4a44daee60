"""Issue 14: replay streams cases and writes its reports case by case, with the same bytes as
the whole-report functions, the same exit codes and the same safe writing."""

import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.cli import main
from assistant.replay import questions
from assistant.replay.questions import load_question_set, stream_question_set
from assistant.replay.reports import (
    JsonReportWriter,
    JunitReportWriter,
    _nested,
    json_bytes,
    json_report,
    junit_bytes,
    junit_tree,
)
from assistant.replay.runner import replay
from assistant.replay.verdicts import Metrics

DEV_SET = Path(__file__).parent / "data" / "dev-set.yaml"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(json_values, st.integers(min_value=0, max_value=3))
def test_the_fast_layout_is_json_dumps_layout(value, level):
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)
    assert _nested(value, level) == expected


def test_odd_values_fall_back_to_json_dumps():
    for value in ({1: "a"}, [float("nan")], {"x": (1, 2)}):
        assert _nested(value, 1) == json.dumps(value, ensure_ascii=False, indent=2).replace(
            "\n", "\n  ")


def test_streamed_reports_equal_the_whole_report_functions(assistant, tmp_path):
    jsonl = tmp_path / "dev.jsonl"
    cases = load_question_set(DEV_SET).cases
    jsonl.write_text("\n".join(json.dumps({"id": c.id, "question": c.question + " zorblax"})
                               for c in cases[:20]) + "\n", encoding="utf-8")
    sets = [stream_question_set(DEV_SET), stream_question_set(jsonl)]
    loaded = [load_question_set(DEV_SET), load_question_set(jsonl)]
    json_out, junit_out = io.BytesIO(), io.BytesIO()
    writer = JsonReportWriter(json_out, " + ".join(s.name for s in sets),
                              [str(s.path) for s in sets], 3)
    junit = JunitReportWriter([str(s.path) for s in sets])
    verdicts, seconds = [], {}

    def sink(suite, verdict, took):
        verdicts.append(verdict)
        seconds[verdict.case.id + verdict.case.file] = took
        writer.add(verdict.to_dict())
        junit.add(suite, verdict.case.id, verdict.case.question, verdict.failures, took)

    failed, metrics = replay(assistant, sets, 3, sink)
    writer.finish(metrics.summary())
    junit.finish(junit_out)
    whole = Metrics()
    for verdict in verdicts:
        whole.add(verdict)
    assert json_out.getvalue() == json_bytes(json_report(loaded, verdicts, 3, whole))
    assert junit_out.getvalue() == junit_bytes(junit_tree(loaded, verdicts, seconds))
    assert [v.case.id for v in failed] == [v.case.id for v in verdicts if not v.passed]
    assert all(v.reply is None for v in failed)  # no replies kept


def test_a_jsonl_set_is_not_held_in_memory(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "a", "question": "can I drink alcohol"}\n', encoding="utf-8")
    stream = stream_question_set(path)
    assert stream._cases is None and stream.count == 1
    assert [c.id for c in stream.cases()] == ["a"]


def test_a_set_that_breaks_while_replaying_exits_2_without_a_report(tmp_path, capsys, monkeypatch):
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": "a", "question": "can I drink alcohol"}\n'
                    '{"id": "b", "question": "can I drive"}\n', encoding="utf-8")
    report = tmp_path / "report.json"
    original = questions._streamed_cases
    calls = []

    def changed(p):  # the file is edited between the check and the replay
        calls.append(p)
        if len(calls) == 2:
            p.write_text('{"id": "a", "question": "can I drink alcohol"}\nnot json\n',
                         encoding="utf-8")
        return original(p)

    monkeypatch.setattr(questions, "_streamed_cases", changed)
    code = main(["replay", str(path), "--json", str(report)])
    assert code == 2
    assert "set.jsonl:2" in capsys.readouterr().err
    assert not report.exists() and list(tmp_path.iterdir()) == [path]  # no temporary left


def test_a_long_run_of_new_words_keeps_the_stem_memory_bounded(tmp_path, capsys):
    """Unknown words are stemmed in bounded memory (and never written anywhere)."""
    from assistant.stem_cache import UNKNOWN_WORDS_KEPT
    from assistant.text import STEMS

    path = tmp_path / "new.jsonl"
    # 2,500 new words (five a question), more than the memory keeps
    path.write_text("".join(json.dumps({"id": str(n), "question": f"is zq{n}x zr{n}y zs{n}w zt{n}v zu{n}k ok with alcohol"})
                            + "\n" for n in range(500)), encoding="utf-8")
    assert 5 * 500 > UNKNOWN_WORDS_KEPT
    assert main(["replay", str(path)]) == 0
    assert STEMS.recent_words <= UNKNOWN_WORDS_KEPT


def test_a_replay_ended_by_sigterm_removes_its_half_written_report(tmp_path):
    """A CI timeout or `kill` ends the run as Ctrl-C does: the temporary report, which holds
    the questions replayed so far, is removed."""
    import signal
    import subprocess
    import sys
    import time

    cases = tmp_path / "many.jsonl"
    cases.write_text("".join(json.dumps({"id": f"c{i}", "question": f"can I drink alcohol {i}"}) + "\n"
                             for i in range(100_000)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "assistant", "replay", str(cases), "--json",
                                str(out / "r.json")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(out.iterdir()) and time.monotonic() < deadline:  # the report has begun
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert list(out.iterdir()) == []


def _replayed(assistant, sets, workers):
    records = []
    failed, metrics = replay(assistant, sets, 3,
                             lambda suite, verdict, _: records.append((suite, verdict.to_dict())),
                             workers=workers)
    return records, [f.case.id for f in failed], metrics.summary()


def test_replay_on_several_workers_gives_the_same_verdicts_in_the_same_order(assistant, tmp_path):
    jsonl = tmp_path / "chats.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"c{n}", "history": ["my son swallowed 12 tablets"],
                                         "question": "he is asleep now",
                                         "expect": {"escalation": "none"}}) + "\n"
                             for n in range(70)), encoding="utf-8")
    serial = _replayed(assistant, [stream_question_set(DEV_SET), stream_question_set(jsonl)], 1)
    parallel = _replayed(assistant, [stream_question_set(DEV_SET), stream_question_set(jsonl)], 2)
    assert parallel == serial
    assert len(serial[0]) == len(load_question_set(DEV_SET).cases) + 70
    assert [suite for suite, _ in parallel[0]][-70:] == [1] * 70
    assert len(serial[1]) == 70  # the chats' expectation fails: each case kept its history
