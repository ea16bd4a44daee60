"""F1: what the assistant can answer (messages.yaml's help text) and the chat's keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from assistant.tui.widgets import EmergencyStrip

KEYS = (
    ("Enter", "send your question · Up/Down: earlier questions"),
    ("F1", "this help (Escape, F1 or a click or tap closes it)"),
    ("F2", "common questions (Escape closes them)"),
    ("F3", "copy the last answer as shown · Shift+F3 or F6: every list whole"),
    ("F4", "save the conversation as shown · Shift+F4 or F7: every list whole"),
    ("F5", "show the last answer's lists whole (or type “show all”)"),
    ("Ctrl+L", "start a new conversation (asks first)"),
    ("Ctrl+Q", "quit · PageUp/PageDown: scroll"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("f1", "dismiss", "Close")]

    def __init__(self, about: str, numbers: str) -> None:
        """``numbers``: the region's emergency line, kept on screen above the help."""
        super().__init__()
        self.about = about
        self.numbers = numbers

    def on_click(self) -> None:
        """A tap closes it: a phone's keyboard has no Escape (a user's trial of `serve`)."""
        self.dismiss()

    def compose(self) -> ComposeResult:
        yield EmergencyStrip(self.numbers)  # a tall help box must never hide the numbers
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = "Help"
            yield Static(Content(self.about), id="help-about")
            keys = Content.assemble(*[part for key, what in KEYS
                                      for part in ((f"{key:>6}", "bold"), f"  {what}\n")])
            yield Static(keys, id="help-keys")
