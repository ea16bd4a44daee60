"""Ask for a file name, then save the transcript there, readable only by the user (0600).

The writing itself is assistant.safe_write's: never through a symbolic link, never into a FIFO
or a device, never over an existing file unless the user confirms "replace it?"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from assistant.safe_write import PRIVATE_MODE, UnsafeTarget, check_target, write_file


@dataclass(frozen=True)
class SaveRequest:
    path: Path
    replace: bool  # the user confirmed replacing an existing file


def write_private(path: Path, text: str, replace: bool = False) -> None:
    """Write ``text`` to ``path`` with permissions 0600, safely (see assistant.safe_write)."""
    write_file(path, text.encode("utf-8", errors="replace"), replace=replace,
               mode=PRIVATE_MODE)


class SaveScreen(ModalScreen[SaveRequest | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, whole: bool = False) -> None:
        super().__init__()
        self._confirming: Path | None = None  # the existing file the user may replace
        self._whole = whole  # every list whole (Shift+F4, F7), not as shown

    def compose(self) -> ComposeResult:
        with Vertical(id="save-dialog"):
            yield Static(("Save the conversation, every list whole, to a file (only you can read it).\n"
                          if self._whole else "Save the conversation to a file (only you can read it).\n")
                         + "Type a file name and press Enter; Escape cancels.")
            yield Input(placeholder="e.g. baclofen-chat.txt", id="save-path")
            yield Static("", id="save-message")
            yield Button("Replace it", id="save-replace", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#save-replace", Button).display = False

    def _say(self, text: str) -> None:
        self.query_one("#save-message", Static).update(Content(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        """A new name makes the last message stale: a refusal or a "replace it?" question was
        about the name as it was."""
        if event.input.id == "save-path":
            self._confirming = None
            self.query_one("#save-replace", Button).display = False
            self._say("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not name:
            return
        path = Path(name).expanduser()
        if self._confirming == path:
            self.dismiss(SaveRequest(path, replace=True))
            return
        try:
            exists = check_target(path)
        except UnsafeTarget as error:
            self._say(f"Cannot save there: {error}. Type another name.")
            return
        if not exists:
            self.dismiss(SaveRequest(path, replace=False))
            return
        self._confirming = path
        self.query_one("#save-replace", Button).display = True
        self._say(f"{path} already exists. Replace it? Press Enter again to replace it, "
                  "or type another name.")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save-replace" and self._confirming is not None:
            self.dismiss(SaveRequest(self._confirming, replace=True))

    def action_cancel(self) -> None:
        self.dismiss(None)
