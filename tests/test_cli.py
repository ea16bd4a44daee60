"""The shell commands as a user runs them."""

import json
import subprocess
import sys

import pytest

from assistant.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_prints_section_quote_and_one_disclaimer_line(capsys):
    code, out, _ = run(capsys, "ask", "can I drink alcohol while taking baclofen?")
    assert code == 0
    assert "From “Can I drink alcohol while taking baclofen?”:" in out
    assert "Alcohol may increase the drowsy" in out
    assert out.count("not personal advice") == 1
    disclaimer = next(line for line in out.splitlines() if "not personal advice" in line)
    assert len(disclaimer) <= 88


def test_ask_json_has_answered_escalation_and_passages(capsys):
    code, out, _ = run(capsys, "ask", "can i take neurontin with it", "--json", "--top-k", "2")
    data = json.loads(out)
    assert code == 0 and data["answered"] is True
    assert data["escalation"] == {"level": "none", "rule": None, "message": []}
    assert 1 <= len(data["passages"]) <= 2
    assert {"id", "section", "text", "score"} == set(data["passages"][0])


def test_ask_puts_the_emergency_message_before_any_quote(capsys):
    _, out, _ = run(capsys, "ask", "my child swallowed some baclofen")
    assert out.index("EMERGENCY") < out.index("From “")


@pytest.mark.parametrize("question", ["", "   "])
def test_an_empty_question_exits_2_with_a_clear_message(capsys, question):
    code, out, err = run(capsys, "ask", question)
    assert code == 2 and out == ""
    assert "empty" in err


def test_an_unknown_region_exits_2(capsys):
    code, _, err = run(capsys, "ask", "alcohol", "--region", "XX")
    assert code == 2 and "unknown region 'XX'" in err


def test_region_changes_the_numbers(capsys):
    _, out, _ = run(capsys, "ask", "he collapsed", "--region", "UK")
    assert "999" in out and "911" not in out.split("From")[0]


def test_passages_lists_every_passage_for_review(capsys, assistant):
    code, out, _ = run(capsys, "passages", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(assistant.knowledge.monograph.passages)
    assert {"id", "section", "text"} == set(rows[0])


def test_faq_lists_questions_by_topic_and_answers_one(capsys):
    code, out, _ = run(capsys, "faq")
    assert code == 0 and "Alcohol and other drugs" in out and " 1. " in out
    code, out, _ = run(capsys, "faq", "1")
    assert code == 0 and "start to work" in out


def test_faq_number_out_of_range_exits_2(capsys):
    code, _, err = run(capsys, "faq", "999")
    assert code == 2 and "questions" in err


def test_plain_chat_reads_lines_and_prints_replies(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("can I drink alcohol\n\nhe collapsed\nquit\n"))
    code, out, _ = run(capsys, "chat", "--plain")
    assert code == 0
    assert "Emergency 911" in out  # the numbers strip
    assert out.index("Alcohol may increase") < out.index("EMERGENCY")


HEADLESS = {  # entry point -> code that runs it in a fresh interpreter
    "ask": "main(['ask', 'can I drink alcohol', '--json'])",
    "faq": "main(['faq']); main(['faq', '1'])",
    "passages": "main(['passages'])",
    "replay": "main(['replay', 'set.yaml'])",
    "engine": "from assistant.assistant import Assistant; Assistant.load().respond('help')",
}
# the terminal UI, and the web server of `serve` (textual-serve, aiohttp, assistant.tui.serve)
UI_MODULES = ("textual", "rich", "textual_serve", "aiohttp", "assistant.tui")


@pytest.mark.parametrize("entry", sorted(HEADLESS))
def test_headless_commands_never_import_textual_or_the_web_server(entry, tmp_path):
    (tmp_path / "set.yaml").write_text("name: one\ncases:\n  - id: a\n    question: beer?\n")
    script = ("import sys, contextlib, io; from assistant.cli import main\n"
              f"with contextlib.redirect_stdout(io.StringIO()): {HEADLESS[entry]}\n"
              f"bad = [m for m in sys.modules if any(m == ui or m.startswith(ui + '.') "
              f"for ui in {UI_MODULES!r})]\n"
              "assert not bad, bad")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "assistant", "ask", "is baclofen addictive"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "Baclofen is addictive" in result.stdout
