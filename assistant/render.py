"""Plain-text rendering of a Reply, for the shell (`ask`, `faq N`) and the line-by-line chat."""

from __future__ import annotations

import textwrap

from assistant.reply import Reply

WIDTH = 88


def _wrap(line: str, indent: str) -> list[str]:
    bullet_indent = indent + " " * (len(line) - len(line.lstrip()) + (2 if line.lstrip()[:1] == "•" else 0))
    return textwrap.wrap(line, WIDTH, initial_indent=indent, subsequent_indent=bullet_indent,
                         break_on_hyphens=False) or [indent]


def render_text(reply: Reply) -> str:
    """Emergency message first, then each quote under its section, then one disclaimer line."""
    out: list[str] = []
    if reply.escalation.escalated:
        out.append(f"!!! {reply.escalation.level.upper()} !!!")
        out.extend(reply.escalation.message)
        out.append("")
    for typed, read_as in reply.corrections:
        out.append(f"(Reading “{typed}” as “{read_as}”.)")
    if reply.notice:
        out.append(reply.notice)
    for quote in reply.quotes:
        out.append(f"From “{quote.section}”:")
        for line in quote.text.splitlines():
            out.extend(_wrap(line, "  │ "))
        out.append("")
    if reply.disclaimer:
        out.append(reply.disclaimer)
    return "\n".join(out).rstrip() + "\n"
