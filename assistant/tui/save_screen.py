"""Ask for a file name, then save the transcript there, readable only by the user (0600)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` with permissions 0600 (the transcript is health data)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


class SaveScreen(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="save-dialog"):
            yield Static("Save the conversation to a file (only you can read it).\n"
                         "Type a file name and press Enter; Escape cancels.")
            yield Input(placeholder="e.g. baclofen-chat.txt", id="save-path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.dismiss(Path(name).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)
