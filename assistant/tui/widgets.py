"""The chat's widgets. User text is always shown as plain text, never parsed as markup."""

from __future__ import annotations

import re

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from assistant.faq import FaqEntry
from assistant.reply import Reply

HIGHLIGHT = "bold underline"  # not colour alone


class EmergencyStrip(Static):
    """One line with the region's emergency numbers, always on screen."""

    def __init__(self, numbers: str) -> None:
        super().__init__(Content(f"In an emergency: {numbers}"), id="emergency-strip")


class UserMessage(Static):
    def __init__(self, question: str) -> None:
        super().__init__(Content.assemble(("You: ", "bold"), question), classes="user-message")


_BULLET = re.compile(r"^[\u00a0 ]*• ")
_INDENT = re.compile(r"^[\u00a0 ]+(?=\S)")


class QuoteView(Vertical):
    """A monograph quote under its section heading, with the question's words emphasised."""

    def __init__(self, section: str, text: str, highlights: tuple[tuple[int, int], ...],
                 more_note: str | None = None, notes: tuple[str, ...] = ()) -> None:
        super().__init__(classes="quote")
        self._more_note, self._notes = more_note, notes
        # keep the indent of nested bullets: leading spaces become no-break spaces (same length,
        # so the highlight offsets still hold)
        text = "\n".join(re.sub(r"^ +", lambda m: "\u00a0" * len(m.group()), line)
                         for line in text.split("\n"))
        body = Content(text)
        for start, end in highlights:
            body = body.stylize(HIGHLIGHT, start, end)
        self._section, self._body = section, body

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("From the monograph · ", "dim"), (self._section, "bold")),
                     classes="quote-section")
        with Vertical(classes="quote-text"):
            for line in self._body.split("\n"):
                # a list item keeps its bullet in a column of its own, so that its wrapped lines
                # stay indented under its first word (a hanging indent)
                bullet = _BULLET.match(line.plain) or _INDENT.match(line.plain)
                if bullet:
                    # (an indented line under a list item, "  Because of the risk…", hangs the same way)
                    with Horizontal(classes="quote-item"):
                        yield Static(line[:bullet.end()], classes="quote-bullet")
                        yield Static(line[bullet.end():], classes="quote-item-text")
                else:
                    yield Static(line, classes="quote-line")
        if self._more_note:  # a fixed line, not monograph text
            yield Static(Content(self._more_note), classes="more-items")
        for note in self._notes:
            yield Static(Content.assemble(("Note: ", "bold"), note), classes="region-note")


class ReplyView(Vertical):
    """An assistant reply: emergency box first, then quotes or a plain notice, then the
    disclaimer."""

    def __init__(self, reply: Reply, hint: str | None = None) -> None:
        """``hint``: how to see shortened lists whole, shown when a list is shown in part."""
        self.hint = hint
        classes = "reply " + ("emergency" if reply.escalation.level == "emergency" else
                              "urgent" if reply.escalation.level == "urgent" else "calm")
        super().__init__(classes=classes)
        self.reply = reply

    def compose(self) -> ComposeResult:
        reply = self.reply
        if reply.escalation.escalated:
            title = "⚠ EMERGENCY ⚠" if reply.escalation.level == "emergency" else "⚠ URGENT ⚠"
            box = Static(Content("\n".join(reply.escalation.message)), classes="alert")
            box.border_title = title
            yield box
        for typed, read_as in reply.corrections:
            yield Static(Content(f"(Reading “{typed}” as “{read_as}”.)"), classes="correction")
        if reply.notice:
            yield Static(Content(reply.notice),
                         classes="small-talk" if reply.kind == "small-talk" else "notice")
        for line in reply.readings:
            yield Static(Content(line), classes="correction")
        for quote in reply.quotes:
            yield QuoteView(quote.section, quote.text, quote.highlights, quote.more_note,
                            quote.notes)
        if self.hint and reply.shortened:
            yield Static(Content(self.hint), classes="hint")
        if reply.disclaimer:
            yield Static(Content(reply.disclaimer), classes="disclaimer")


class QuestionInput(Input):
    """The question box; up and down recall earlier questions."""

    BINDINGS = [
        Binding("enter", "submit", "Send"),
        Binding("up", "history(-1)", "Earlier question", show=False),
        Binding("down", "history(1)", "Later question", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(placeholder="Ask about baclofen, e.g. “can I drink alcohol?” — "
                                     "Enter sends", id="question")
        self.history: list[str] = []
        self._position = 0

    def _on_paste(self, event: events.Paste) -> None:
        """Keep a pasted message whole, its lines joined with spaces. (Input's own handler
        keeps only the first line: "Hi, sorry to bother you.\nmy son swallowed 20 of my
        pills" would send only the greeting.)"""
        event.prevent_default()  # not Input's first-line-only handler
        event.stop()
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)

    def remember(self, question: str) -> None:
        self.history.append(question)
        self._position = len(self.history)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        self._position = max(0, min(len(self.history), self._position + step))
        self.value = self.history[self._position] if self._position < len(self.history) else ""
        self.cursor_position = len(self.value)


class FaqPanel(Tree[FaqEntry]):
    """Common questions grouped by topic; choosing one asks it."""

    class Chosen(Message):
        def __init__(self, entry: FaqEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, entries: tuple[FaqEntry, ...]) -> None:
        super().__init__("Common questions", id="faq")
        self.show_root = False
        topics: dict[str, TreeNode[FaqEntry]] = {}
        for entry in entries:
            if entry.topic not in topics:
                topics[entry.topic] = self.root.add(Text(entry.topic, style="bold"), expand=True)
            topics[entry.topic].add_leaf(Text(f"{entry.number}. {entry.question}"), data=entry)

    def on_tree_node_selected(self, event: Tree.NodeSelected[FaqEntry]) -> None:
        if event.node.data is not None:
            event.stop()
            self.post_message(self.Chosen(event.node.data))
