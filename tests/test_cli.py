"""The shell commands as a user runs them."""

import io
import json
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import cli as cli_module
from assistant import refusal
from assistant.assistant import Assistant
from assistant.cli import main
from assistant.knowledge import KnowledgeError

# main() runs in-process dozens of times here: the shipped knowledge is read once (conftest)
pytestmark = pytest.mark.usefixtures("shipped_knowledge_loaded_once")


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
    assert {"id", "section", "text", "score", "full_text", "matched_items"} <= set(data["passages"][0])


def test_ask_json_carries_the_whole_passage_and_the_matching_items(capsys, assistant):
    _, out, _ = run(capsys, "ask", "can I take gabapentin with baclofen", "--json")
    interactions = json.loads(out)["passages"][0]
    whole = assistant.knowledge.monograph.passage("drug-interactions-2")
    assert interactions["full_text"] == whole.text  # every item, verbatim
    assert [whole.items[i].lines[0] for i in interactions["matched_items"]] == [
        "• Gabapentin", "• Gabapentin Enacarbil"]
    assert "• Zolpidem" not in interactions["text"]  # the shortened quote as shown


def test_ask_full_prints_every_list_whole(capsys):
    _, short, _ = run(capsys, "ask", "can I take gabapentin with baclofen")
    _, full, _ = run(capsys, "ask", "can I take gabapentin with baclofen", "--full")
    assert "… and 60 more in this list." in short and "--full" in short
    assert "• Zolpidem" not in short
    assert "• Alfentanil" in full and "• Zolpidem" in full and "more in this list" not in full


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


def test_a_plain_english_question_is_answered_without_loading_the_english_word_list(tmp_path):
    """Cold start: the word list (~0.1 s to load) is for typos and messages in other languages,
    not for every question."""
    script = ("import contextlib, io; from assistant.cli import main; from assistant.english import loaded\n"
              "with contextlib.redirect_stdout(io.StringIO()): main(['ask', 'is baclofen ok with kombucha'])\n"
              "assert not loaded()")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "assistant", "ask", "is baclofen addictive"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "Baclofen is addictive" in result.stdout


# -- input as users send it, output wherever it goes -------------------------------------

def cli(*args, stdin=b"", env=None, timeout=30, shell_suffix=""):
    """Run the installed CLI as a user does; returns (code, stdout, stderr) as text."""
    command = [sys.executable, "-m", "assistant", *args]
    if shell_suffix:
        command = " ".join(map(shlex.quote, command)) + shell_suffix
    result = subprocess.run(command, input=stdin, capture_output=True, timeout=timeout,
                            shell=bool(shell_suffix), env={**os.environ, **(env or {})})
    return (result.returncode, result.stdout.decode("utf-8", "replace"),
            result.stderr.decode("utf-8", "replace"))


def test_the_default_command_in_a_pipe_falls_back_to_plain_and_answers():
    code, out, err = cli(stdin=b"he is not breathing\n")
    assert code == 0, err
    assert "EMERGENCY" in out and "911" in out


def test_plain_chat_echoes_each_question_before_its_reply(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("can I drink alcohol\nhe collapsed\n"))
    code, out, _ = run(capsys, "chat", "--plain")
    assert code == 0
    assert (out.index("> can I drink alcohol") < out.index("Alcohol may increase")
            < out.index("> he collapsed") < out.index("EMERGENCY"))


def test_plain_chat_escapes_control_characters_in_the_echoed_question(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("hi \x1b]0;owned\x07 there\n"))
    _, out, _ = run(capsys, "chat", "--plain")
    assert "> hi \\x1b]0;owned\\x07 there" in out and "\x1b" not in out


def test_plain_chat_survives_invalid_utf8_and_answers_later_lines():
    code, out, err = cli("chat", "--plain", stdin=b"can I drink \xff\xfe alcohol\nhe is not breathing\n",
                         env={"PYTHONIOENCODING": "utf-8:strict"})
    assert code == 0, err
    assert "Traceback" not in err
    assert "> can I drink \ufffd\ufffd alcohol" in out
    assert "EMERGENCY" in out


def test_ask_reads_invalid_bytes_in_arguments_as_replacement_characters(monkeypatch, capsys):
    asked = []
    real = Assistant.respond
    monkeypatch.setattr(Assistant, "respond", lambda self, q, k=3: asked.append(q) or real(self, q, k))
    code, _, _ = run(capsys, "ask", "is baclofen addictive \udcff\udcfe")  # how Python keeps bad bytes
    assert code == 0 and asked == ["is baclofen addictive \ufffd\ufffd"]


def test_plain_chat_on_a_full_disk_exits_1_with_a_short_message():
    code, _, err = cli("chat", "--plain", stdin=b"can I drink alcohol\n", shell_suffix=" > /dev/full")
    assert code == 1
    assert "cannot write the output: No space left on device" in err and "Traceback" not in err


def test_plain_chat_with_stdout_closed_exits_1_with_a_short_message():
    code, _, err = cli("chat", "--plain", stdin=b"can I drink alcohol\n", shell_suffix=" >&-")
    assert code == 1
    assert "standard output is closed" in err and "Traceback" not in err


def _sigint_as_in_a_foreground_job():
    """Ctrl-C's signal at its default, as in a chat started at a prompt: a suite started as a
    background job of a non-interactive shell (`pytest &`) has SIGINT ignored, and its children
    inherit that, so the chat would never see the signal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_in_plain_chat_exits_130_with_a_short_message():
    process = subprocess.Popen([sys.executable, "-m", "assistant", "chat", "--plain"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=_sigint_as_in_a_foreground_job)
    try:
        process.stdout.readline()  # the welcome: the chat is waiting for a question
        process.send_signal(signal.SIGINT)
        # stdin stays open until it has ended: an end of input racing the signal would end the
        # chat normally (exit 0) and make this test flaky
        process.wait(timeout=30)
        err = process.stderr.read()
    finally:
        process.kill()
        for stream in (process.stdin, process.stdout, process.stderr):
            stream.close()
    assert process.returncode == 130
    assert b"interrupted" in err and b"Traceback" not in err


# -- every start-up refusal still shows the emergency numbers ----------------------------

class BrokenKnowledge:
    @classmethod
    def load(cls, region=None, directory=None, allow_degraded=False):
        raise KnowledgeError(Path("knowledge/escalation.yaml"), 12, "a rule needs an id")


def test_a_broken_knowledge_file_names_file_and_line_and_shows_the_regions_numbers(monkeypatch, capsys):
    monkeypatch.setattr(cli_module, "Assistant", BrokenKnowledge)
    code, out, err = run(capsys, "ask", "can I drink alcohol", "--region", "UK")
    assert code == 2 and out == ""
    assert "knowledge/escalation.yaml:12: a rule needs an id" in err
    assert "Emergency 999" in err and "911" not in err


def test_without_a_chosen_region_a_broken_knowledge_file_shows_the_default_numbers(monkeypatch, capsys):
    monkeypatch.setattr(cli_module, "Assistant", BrokenKnowledge)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys, "chat", "--plain")
    assert code == 2 and "Emergency 911" in err


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_an_unknown_region_still_escalates_and_shows_every_regions_emergency_number(monkeypatch, capsys, how):
    if how == "flag":
        code, out, err = run(capsys, "ask", "I want to end it all", "--region", "XX")
    else:
        monkeypatch.setenv("BACLOFEN_ASSISTANT_REGION", "XX")
        code, out, err = run(capsys, "ask", "I want to end it all")
    assert code == 2 and "unknown region 'XX'" in err
    assert "EMERGENCY" in out and "988" in out  # answered all the same, with the crisis line
    assert all(number in err for number in ("911", "999", "112", "000"))


def test_replay_refusals_show_the_emergency_numbers(capsys):
    dev_set = Path(__file__).parent / "data" / "dev-set.yaml"
    code, _, err = run(capsys, "replay", str(dev_set), "--region", "XX")
    assert code == 2 and all(number in err for number in ("911", "999", "112", "000"))


def test_when_even_the_regions_file_is_broken_the_fixed_numbers_are_shown(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise KnowledgeError(Path("knowledge/regions.yaml"), 3, "bad")
    monkeypatch.setattr(refusal, "load_regions", broken)
    monkeypatch.setattr(cli_module, "Assistant", BrokenKnowledge)
    code, _, err = run(capsys, "ask", "alcohol")
    assert code == 2 and refusal.FALLBACK_EMERGENCY_LINE in err


def test_a_command_line_mistake_shows_the_emergency_numbers(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["ask", "--no-such-flag", "hello"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "unrecognized arguments" in err and "Emergency 911" in err


def test_a_broken_retrieval_file_still_answers_emergencies_with_a_warning(monkeypatch, capsys,
                                                                         knowledge_copy):
    (knowledge_copy / "lexicon.yaml").write_text("brands: [\n", encoding="utf-8")
    monkeypatch.setattr("assistant.assistant.knowledge_dir", lambda: knowledge_copy)
    code, out, err = run(capsys, "ask", "he is not breathing")
    assert code == 0 and "EMERGENCY" in out and "911" in out
    assert "lexicon.yaml:" in err and "Emergency messages still work" in err
    code, out, err = run(capsys, "ask", "can I drink alcohol")
    assert code == 0 and "911" in out
    code, out, err = run(capsys, "passages")
    assert code == 2 and "lexicon.yaml:" in err and "911" in err


def test_global_options_work_before_the_command(capsys):
    code, out, _ = run(capsys, "--region", "UK", "ask", "I took 200mg")
    assert code == 0 and "999" in out


def test_a_question_number_that_is_not_a_number_gets_a_plain_error(capsys):
    with pytest.raises(SystemExit):
        main(["faq", "abc"])
    err = capsys.readouterr().err
    assert "'abc' is not a number" in err and "_positive" not in err


def test_help_shows_examples_and_where_the_formats_are(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "docs/replay.md" in out and "--region UK" in out


def test_ask_is_styled_on_a_terminal_and_plain_in_a_pipe_or_with_no_color(monkeypatch, capsys):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    _, out, _ = run(capsys, "ask", "he is not breathing")
    assert "\x1b[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(capsys, "ask", "he is not breathing")
    assert "\x1b[" not in out


def test_ask_dash_reads_the_question_piped_in(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("my son swallowed 20 of my pills\n"))
    assert cli_module.main(["ask", "-"]) == 0
    assert "EMERGENCY" in capsys.readouterr().out


def test_ask_dash_with_nothing_piped_in_is_an_empty_question(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert cli_module.main(["ask", "-"]) == 2
    assert "the question is empty" in capsys.readouterr().err


def test_ask_with_no_question_reads_a_pipe(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("can i drink alcohol on it\n"))
    assert cli_module.main(["ask"]) == 0
    assert "Alcohol may increase the drowsy" in capsys.readouterr().out


def test_ask_with_no_question_at_a_terminal_says_what_to_type_and_gives_the_numbers(monkeypatch, capsys):
    terminal = io.StringIO("")
    monkeypatch.setattr(terminal, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys, "stdin", terminal)
    assert cli_module.main(["ask"]) == 2
    err = capsys.readouterr().err
    assert "ask needs a question" in err and "911" in err


def test_a_notice_in_chinese_or_japanese_wraps_by_screen_columns(assistant, monkeypatch):
    """A second new user's trial: textwrap counted characters, so a Japanese notice ran to 123
    columns where English lines stop at 88."""
    import unicodedata

    from assistant.render import render_text, width

    monkeypatch.setenv("COLUMNS", "80")
    text = render_text(assistant.respond("息子がバクロフェンを20錠飲みました"))
    columns = [sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
               for line in text.splitlines()]
    assert max(columns) <= width() == 79
    assert "911" in text


@pytest.mark.parametrize("command", ["chat", "ask", "faq", "replay", "passages", "serve"])
def test_every_commands_help_ends_with_the_emergency_numbers(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "911 (US)" in capsys.readouterr().out


def test_the_plain_chat_wraps_its_welcome_to_the_terminal(monkeypatch, capsys):
    """A new user's trial saw "monog/raph" split by the terminal at 80 columns."""
    import io

    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    main(["chat", "--plain"])
    assert all(len(line) <= 60 for line in capsys.readouterr().out.splitlines())


def test_an_unknown_region_in_a_pipe_shows_every_regions_numbers_on_stdout_and_exits_2():
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "assistant", "--region", "NZ"], input="my son swallowed 20 of my pills\n",
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Unknown region 'NZ'" in done.stdout and "999 (UK)" in done.stdout and "EMERGENCY" in done.stdout


@pytest.mark.parametrize("name, code", [("Scotland", "UK"), ("northern ireland", "UK"), ("u.s.a.", "US"),
                                        ("France", "EU"), ("fr", "EU")])
def test_a_country_named_in_words_gets_its_regions_numbers(name, code):
    from assistant.regions import load_regions
    assert load_regions().get(name).code == code


@pytest.mark.parametrize("args", [("ask", "can I drink alcohol"), ("faq", "1"), ("ask", "how much does baclofen cost")])
def test_a_one_off_answer_shows_the_emergency_numbers_once(capsys, args):
    """The chat keeps the numbers on screen; a one-off answer ends with them (a new user's trial
    found none under ordinary `ask` and `faq` answers)."""
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert out.count("Emergency 911") == 1
