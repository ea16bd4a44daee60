"""Plain-text rendering of a Reply, for the shell (`ask`, `faq N`) and the line-by-line chat."""

from __future__ import annotations

import re
import shutil
import textwrap
import unicodedata

from assistant.monograph import BULLET
from assistant.reply import Reply

WIDTH = 88  # the widest line; narrower in a narrower terminal (not below MIN_WIDTH)
MIN_WIDTH = 40


def width() -> int:
    """The terminal's width when there is one (an 80-column screen gets 79-column lines), else
    WIDTH (a pipe, a file)."""
    return max(MIN_WIDTH, min(WIDTH, shutil.get_terminal_size((WIDTH + 1, 24)).columns - 1))

# control characters (escape sequences), line/paragraph separators, bidirectional overrides
# and lone surrogates: text from users or files must never reach the terminal with them raw
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with terminal-unsafe characters shown as escapes (``\\x1b``, ``\\u202e``)."""
    return _UNSAFE.sub(lambda m: (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                  else f"\\u{ord(m.group()):04x}"), text)


# ANSI styles for a terminal (`colour=True`); never used when piped or when NO_COLOR is set
_STYLES = {"emergency": "\x1b[1;37;41m", "urgent": "\x1b[1;30;43m", "section": "\x1b[1m",
           "quote": "", "note": "\x1b[3m", "reset": "\x1b[0m"}


def _style(text: str, kind: str, colour: bool) -> str:
    return f"{_STYLES[kind]}{text}{_STYLES['reset']}" if colour and _STYLES[kind] else text


QUOTE_INDENT = "    "  # plain spaces: no box-drawing characters for screen readers to spell out


def _columns(ch: str) -> int:
    """Screen columns a character takes: two for wide ones (Chinese, Japanese, Korean)."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _wrap(line: str, indent: str = "") -> list[str]:
    """Wrap one line; continuation lines hang under a bullet's text."""
    stripped = line.lstrip()
    hanging = len(line) - len(stripped) + (2 if stripped.startswith(BULLET) else 0)
    if any(_columns(ch) == 2 for ch in line):
        return _wrap_wide(line, indent)
    return textwrap.wrap(line, width(), initial_indent=indent,
                         subsequent_indent=indent + " " * hanging,
                         break_on_hyphens=False) or [indent]


def _wrap_wide(line: str, indent: str) -> list[str]:
    """Wrap text with wide characters by screen columns (textwrap counts characters, and
    Chinese or Japanese has no spaces to break at): at a space where there is one, else
    between any two characters."""
    lines: list[str] = []
    current, used, limit = indent, len(indent), width()
    for word in re.findall(r"\S+\s*", line.strip()):
        size = sum(_columns(ch) for ch in word.rstrip())
        if used + size > limit and current.strip():
            lines.append(current.rstrip())
            current, used = indent, len(indent)
        for ch in word:
            if used + _columns(ch) > limit and current.strip():
                lines.append(current.rstrip())
                current, used = indent, len(indent)
            current += ch
            used += _columns(ch)
    if current.strip():
        lines.append(current.rstrip())
    return lines or [indent]


def wrapped(text: str) -> str:
    """Fixed text (the plain chat's welcome) wrapped as replies are, to the terminal's width."""
    return "\n".join(line for paragraph in text.split("\n") for line in (_wrap(paragraph) or [""]))


def render_text(reply: Reply, hint: str | None = None, colour: bool = False) -> str:
    """Emergency message first, then each quote under its section, then one disclaimer line;
    ``hint`` (how to see shortened lists whole) follows when a list is shown in part.
    ``colour`` adds terminal styles (a red emergency banner, bold section names)."""
    out: list[str] = []
    if reply.escalation.escalated:
        level = reply.escalation.level
        out.append(_style(f"!!! {level.upper()} !!!", level, colour))
        for line in reply.escalation.message:
            out.extend(_wrap(line))
        out.append("")
    for typed, read_as in reply.corrections:
        out.append(f"(Reading “{typed}” as “{read_as}”.)")
    if reply.notice:
        for line in reply.notice.splitlines():
            out.extend(_wrap(line))
    for line in reply.readings:
        out.extend(_wrap(line))
    for quote in reply.quotes:
        out.append(_style(f"From “{quote.section}”:", "section", colour))
        for line in quote.text.splitlines():
            out.extend(_wrap(line, QUOTE_INDENT))
        if quote.more_note:
            out.extend(_wrap(quote.more_note, QUOTE_INDENT))
        for note in quote.notes:  # a fixed note, not monograph text: not indented as a quote
            out.extend(_wrap(f"Note: {note}"))
        out.append("")
    if hint and reply.shortened:
        out.extend(_wrap(hint))
    if reply.disclaimer:
        out.extend(_style(line, "note", colour) for line in _wrap(reply.disclaimer))
    return "\n".join(out).rstrip() + "\n"
