"""Command line: chat (default), ask, faq, replay, passages, serve.

Headless commands never import Textual; only `chat` without --plain loads the terminal UI.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

from assistant import __version__, exit_codes
from assistant.assistant import Assistant
from assistant.conversation import Conversation
from assistant.knowledge import KnowledgeError
from assistant.refusal import emergency_line, numbers_line, refuse
from assistant.regions import load_regions
from assistant.render import printable, render_text, wrapped
from assistant.reply import Reply

EXIT_OK, EXIT_FAILED, EXIT_USAGE = exit_codes.OK, exit_codes.FAILED, exit_codes.UNUSABLE
EXIT_INTERRUPTED = exit_codes.INTERRUPTED


class _Parser(argparse.ArgumentParser):
    """A command-line mistake is a start-up refusal too: it shows the emergency numbers."""

    def format_help(self) -> str:
        """The help, its footer filled with every region's numbers only when help is shown
        (reading regions.yaml on every start would slow each question)."""
        return super().format_help().replace(_NUMBERS_FOOTER, _every_regions_numbers())

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        refuse(f"{self.prog}: error: {message}")
        sys.exit(EXIT_USAGE)


def _readable(argument: str) -> str:
    """An argument with invalid bytes (kept by Python as lone surrogates) as text with U+FFFD
    in their place, so it can be answered and printed."""
    try:
        raw = os.fsencode(argument)
    except UnicodeEncodeError:
        raw = argument.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "replace")


def _workers(text: str) -> int:
    """--workers: a positive number, or "auto" (0: one per core for long runs)."""
    return 0 if text.strip().lower() == "auto" else _positive(text)


def _positive(value: str) -> int:
    """A whole number from 1 up; the error speaks the user's words, not Python's."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number; use a whole number such "
                                         "as 3") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is too small; use 1 or more")
    return number


EXAMPLES = """examples:
  baclofen-assistant                          open the chat (F1 in the chat lists its keys)
  baclofen-assistant --region UK              the chat with UK emergency numbers
  baclofen-assistant ask "can I drink alcohol?"
  baclofen-assistant ask --json --full "what are the symptoms of an overdose?"
  echo "can I drive on it?" | baclofen-assistant ask
  baclofen-assistant faq                      list common questions; faq 3 answers one
  echo "he is not breathing" | baclofen-assistant chat --plain
  baclofen-assistant replay SET.yaml --json report.json --junit junit.xml
  baclofen-assistant serve                    the chat in a web page on this computer

Question sets and reports: docs/replay.md.
"""


_NUMBERS_FOOTER = "\x00numbers\x00"  # stands in the epilogs for _every_regions_numbers()


def _every_regions_numbers() -> str:
    """Every region's emergency number, from regions.yaml (the fixed fallback if it fails)."""
    return emergency_line("?")  # an unknown region: the line lists them all


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="baclofen-assistant",
        description="Answers questions about baclofen with quotes from its monograph. "
                    "In an emergency, call your local emergency number.",
        epilog=EXAMPLES + _NUMBERS_FOOTER,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    region_help = ("emergency numbers for US, UK, EU or AU, or a country in one of them such as GB, "
                   "FR or DE (default: $BACLOFEN_ASSISTANT_REGION, else US)")
    footer = _NUMBERS_FOOTER  # under every command's help too
    # global options work before the command too ("baclofen-assistant --region UK chat")
    parser.add_argument("--region", help=region_help)
    parser.add_argument("--plain", action="store_true", help="with the chat: plain lines, "
                        "for screen readers and pipes")
    region = _Parser(add_help=False)
    region.add_argument("--region", help=region_help, default=argparse.SUPPRESS)
    top_k = _Parser(add_help=False)
    top_k.add_argument("--top-k", type=_positive, default=3, metavar="N",
                       help="quote at most N passages (default 3)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, **options: Any) -> argparse.ArgumentParser:
        """A command, whose help ends with the emergency numbers as the main help does."""
        return sub.add_parser(name, epilog=footer, formatter_class=argparse.RawDescriptionHelpFormatter,
                              **options)

    chat = command("chat", parents=[region], help="open the chat (the default)")
    chat.add_argument("--plain", action="store_true", default=argparse.SUPPRESS,
                      help="read questions from stdin and print replies line by line "
                           "(for screen readers and pipes)")

    ask = command("ask", parents=[region, top_k], help="answer one question")
    ask.add_argument("question", nargs="?", default=None,
                     help="the question, in quotes; - (or nothing, when piped) reads it from standard input")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    full = "show every list whole (by default a long list shows the items that match)"
    ask.add_argument("--full", action="store_true", help=full)

    faq = command("faq", parents=[region, top_k], help="list common questions, or answer one")
    faq.add_argument("number", nargs="?", type=_positive, help="the question's number")
    faq.add_argument("--full", action="store_true", help=full)

    replay = command("replay", parents=[region, top_k],
                            help="replay question sets (YAML, JSONL, CSV) and report")
    replay.add_argument("files", nargs="+", metavar="FILE",
                        help="a question set: .yaml/.yml, .jsonl or .csv (format: docs/replay.md); "
                             "several files are replayed as one run")
    replay.add_argument("--json", metavar="OUT", help="write the JSON report to OUT")
    replay.add_argument("--junit", metavar="OUT", help="write a JUnit XML report to OUT")
    replay.add_argument("--force", action="store_true",
                        help="replace report files that already exist")
    replay.add_argument("--workers", type=_workers, metavar="N",
                        help="processes answering cases: 1 (the default) answers them all in this "
                             "process; N forks N workers; auto, one per core for 1,000 cases or more")

    passages = command("passages", help="list every passage, for review")
    passages.add_argument("--json", action="store_true", help="print a JSON list")

    serve = command("serve", parents=[region], help="serve the chat in a web page "
                           "(this computer only, unless --host says otherwise)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=_positive, default=8000, help="port (default 8000)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = [_readable(a) for a in (sys.argv[1:] if argv is None else argv)]
    args = build_parser().parse_args(arguments)
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        print("baclofen-assistant: standard output is closed; nothing can be shown",
              file=sys.stderr)
        return EXIT_FAILED
    try:
        code = _run(args)
        sys.stdout.flush()  # a write error shows here, not as a traceback at exit
        return code
    except BrokenPipeError:  # e.g. `baclofen-assistant passages | head`
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C
        print("\nbaclofen-assistant: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as error:  # e.g. stdout is /dev/full or was closed meanwhile
        _silence_stdout()
        print(f"baclofen-assistant: cannot write the output: {error.strerror or error}",
              file=sys.stderr)
        return EXIT_FAILED


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's final flush of what is left cannot fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _run(args: argparse.Namespace) -> int:
    command = args.command or "chat"
    region = getattr(args, "region", None)
    region_error = None  # an unknown region: answered with the default's numbers, then exit 2
    try:
        if command == "replay":
            from assistant.replay.runner import run_replay

            # a SIGTERM (a CI timeout, `kill`) ends the run as Ctrl-C does: the half-written
            # reports, which hold the questions, are removed on the way out
            previous = signal.signal(signal.SIGTERM, _terminated)
            try:
                return run_replay(args)
            finally:
                signal.signal(signal.SIGTERM, previous)
        if command == "chat" and not getattr(args, "plain", False) and _is_terminal():
            from assistant.tui.app import run_chat  # paints first, then loads the knowledge

            return run_chat(region=region)
        # chat, ask and faq keep escalation and the numbers when a retrieval file is broken
        assistant = Assistant.load(region, allow_degraded=command in ("chat", "ask", "faq", "serve"))
    except KnowledgeError as error:
        return refuse(f"baclofen-assistant: broken knowledge file: {error}", region)
    except KeyError as error:  # unknown region
        if command not in ("chat", "ask", "faq"):
            return refuse(f"baclofen-assistant: {error.args[0]}", region)
        # a person asking still gets escalation and every region's numbers, never only an error
        try:
            assistant = Assistant.load(load_regions().default, allow_degraded=True)
        except (KnowledgeError, KeyError):
            return refuse(f"baclofen-assistant: {error.args[0]}", region)
        region_error = error.args[0]
        print(f"baclofen-assistant: {region_error}; answering with {assistant.region.code} numbers. "
              f"{_every_regions_numbers()}", file=sys.stderr)
    if assistant.knowledge.problem is not None:
        print(f"baclofen-assistant: broken knowledge file: {assistant.knowledge.problem}\n"
              f"Emergency messages still work; other questions cannot be answered. "
              f"{assistant.region.strip}", file=sys.stderr)
    if command == "ask":
        code = _ask(assistant, args.question, args.top_k, args.json, args.full)
        return max(code, exit_codes.UNUSABLE) if region_error else code
    if command == "faq":
        code = _faq(assistant, args.number, args.top_k, args.full)
        return max(code, exit_codes.UNUSABLE) if region_error else code
    if command == "passages":
        return _passages(assistant, args.json)
    if command == "serve":
        from assistant.tui.serve import serve

        return serve(assistant.region, args.host, args.port)
    notice = (f"{region_error[:1].upper()}{region_error[1:]}. Showing {assistant.region.code} numbers: in an emergency, call your local "
              "emergency number.") if region_error else None
    if getattr(args, "plain", False) or not _is_terminal():
        # the notice on stdout too, where the replies are read (stderr may go unseen)
        code = _plain_chat(assistant, region_error and f"{region_error[:1].upper()}{region_error[1:]}. Showing "
                           f"{assistant.region.code} numbers. {_every_regions_numbers()}")
        return max(code, exit_codes.UNUSABLE) if region_error else code
    from assistant.tui.app import run_chat

    return run_chat(assistant, notice=notice)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _is_terminal() -> bool:
    """The full-screen chat needs a terminal on both sides (or a web page driving it, as under
    `serve`, which sets TEXTUAL_DRIVER); in a pipe it falls back to plain."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    try:
        return sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _colour() -> bool:
    """Styles on a terminal; plain text in a pipe, a file, or when NO_COLOR is set."""
    try:
        return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    except (AttributeError, ValueError):
        return False


def _show(assistant: Assistant, reply: Reply, full: bool) -> None:
    """The reply as text; with ``full`` every list whole, else a hint names --full. A one-off
    answer ends with the region's numbers, as the chat keeps them on screen (an escalated reply
    already gives them in its message first)."""
    if full:
        sys.stdout.write(render_text(reply.expanded(), colour=_colour()))
    else:
        sys.stdout.write(render_text(reply, hint=assistant.message("full_hint"), colour=_colour()))
    if not reply.escalation.escalated and assistant.region.strip not in (reply.notice or ""):
        sys.stdout.write(f"{numbers_line(assistant.region.strip)}\n")


MAX_PIPED_CHARS = 1_000_000  # a question read from standard input is cut here (respond reads less)


def _ask(assistant: Assistant, question: str | None, top_k: int, as_json: bool, full: bool) -> int:
    if question is None:  # "echo … | baclofen-assistant ask": the pipe is the question
        if sys.stdin is None or sys.stdin.isatty():
            return refuse("baclofen-assistant: ask needs a question, such as "
                          "ask \"can I drink alcohol on baclofen?\" (or - to read it from standard input)",
                          assistant.region.code)
        question = "-"
    if question == "-":  # the question piped in ("echo … | baclofen-assistant ask -")
        stdin = sys.stdin
        if hasattr(stdin, "reconfigure"):
            stdin.reconfigure(errors="replace")
        if stdin.isatty():  # typed, not piped: say what it waits for
            print("Type the question, then Enter and Ctrl-D:", file=sys.stderr, flush=True)
        question = " ".join(stdin.read(MAX_PIPED_CHARS).split())
    if not question.strip():
        return refuse("baclofen-assistant: the question is empty; ask something like "
                      "\"can I drink alcohol on baclofen?\"", assistant.region.code)
    reply = assistant.respond(question, top_k)
    if as_json:  # each passage: "text" as shown, "full_text" whole, "matched_items"
        shown = reply.expanded() if full else reply
        print(json.dumps(shown.to_dict(), ensure_ascii=False, indent=2))
    else:
        _show(assistant, reply, full)
    return EXIT_OK


def _faq(assistant: Assistant, number: int | None, top_k: int, full: bool = False) -> int:
    entries = assistant.knowledge.faq  # loaded and checked with the rest of the knowledge
    if not entries:
        return refuse("baclofen-assistant: the common questions are unavailable "
                      f"({assistant.knowledge.problem})", assistant.region.code)
    if number is None:
        topic = None
        for entry in entries:
            if entry.topic != topic:
                topic = entry.topic
                print(f"\n{topic}" if entry.number > 1 else topic)
            print(f"  {entry.number:2}. {entry.question}")
        print("\nAnswer one with: baclofen-assistant faq N")
        return EXIT_OK
    if number > len(entries):
        return refuse(f"baclofen-assistant: there are {len(entries)} questions; "
                      f"run 'baclofen-assistant faq' to list them", assistant.region.code)
    entry = entries[number - 1]
    print(f"{entry.number}. {entry.question}\n")
    _show(assistant, assistant.respond(entry.question, top_k), full)
    return EXIT_OK


def _passages(assistant: Assistant, as_json: bool) -> int:
    monograph = assistant.knowledge.monograph
    if monograph is None:  # only a degraded load lacks it, and `passages` never loads degraded
        return refuse(f"baclofen-assistant: {assistant.knowledge.problem}", assistant.region.code)
    passages = monograph.passages
    if as_json:
        rows = [{"id": p.id, "section": p.section, "text": p.text} for p in passages]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{monograph.title}: {len(passages)} passages from {monograph.source}\n")
    for passage in passages:
        print(f"[{passage.id}] {passage.section}")
        print("\n".join("    " + line for line in passage.text.splitlines()))
        print()
    return EXIT_OK


def _plain_chat(assistant: Assistant, notice: str | None = None) -> int:
    """Questions from stdin, one a line; replies line by line. Invalid bytes are read as
    U+FFFD so the next lines are still answered. In a pipe each question is echoed ("> …")
    before its reply, so replies can be matched to questions."""
    stdin = sys.stdin
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")
    interactive = stdin.isatty()
    conversation = Conversation()
    print(f"{wrapped(assistant.message('welcome'))}\n{wrapped(assistant.region.strip)}\n", flush=True)
    if notice:
        print(f"{wrapped(notice)}\n", flush=True)
    while True:
        if interactive:
            print("> ", end="", flush=True)
        line = stdin.readline()
        if not line:
            return EXIT_OK
        question = line.strip()
        if question.lower() in {"quit", "exit"}:
            return EXIT_OK
        if question:
            if not interactive:
                print(f"> {printable(question)}")
            reply = assistant.respond(question, conversation=conversation)
            sys.stdout.write(render_text(reply, hint=assistant.message("show_all_hint")) + "\n")
            sys.stdout.flush()
