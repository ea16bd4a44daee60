"""The patient chat: a Textual app that renders Assistant.respond() replies.

It holds no medical logic: every reply comes from the assistant, composed of monograph quotes
and fixed texts from knowledge/.

The chat paints first: the emergency strip needs only regions.yaml and the welcome only
messages.yaml, so ``create_app(region=...)`` shows the first screen at once and loads the
knowledge in a worker thread. A question typed meanwhile shows "Looking it up…" and is
answered, in order, as soon as the knowledge is ready; none is dropped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Static

from assistant.conversation import Conversation
from assistant.faq import FaqEntry, load_faq
from assistant.knowledge import KnowledgeError
from assistant.regions import Region, load_regions
from assistant.render import render_text
from assistant.reply import Reply, load_messages
from assistant.safe_write import UnsafeTarget
from assistant.tui.confirm_screen import ConfirmScreen
from assistant.tui.help_screen import HelpScreen
from assistant.tui.save_screen import SaveRequest, SaveScreen, write_private
from assistant.tui.widgets import EmergencyStrip, FaqPanel, QuestionInput, ReplyView, UserMessage

if TYPE_CHECKING:  # the assistant (retrieval, escalation) is imported by the loading worker
    from assistant.assistant import Assistant



def _common_questions() -> tuple[FaqEntry, ...]:
    """The FAQ panel's questions, read before the rest of the knowledge so the first screen
    does not wait; a broken faq.yaml leaves the panel empty (the knowledge load reports it)."""
    try:
        return load_faq()
    except KnowledgeError:
        return ()

class ChatApp(App[None]):
    CSS_PATH = "app.tcss"
    # below 100 columns the common questions take the whole width while shown (app.tcss)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # the command palette is no use to a patient, and its key crowds the footer at 80 columns
    ENABLE_COMMAND_PALETTE = False
    TITLE = "Baclofen assistant"
    SUB_TITLE = "answers quoted from the baclofen monograph"
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("f2", "toggle_faq", "FAQ"),
        Binding("f3", "copy_answer", "Copy"),
        # Shift+F3/F4 do not reach the app through every terminal (tmux): F6/F7 do the same
        Binding("shift+f3,f15,f6", "copy_answer(True)", "Copy whole", show=False),
        Binding("f4", "save_transcript", "Save"),
        Binding("shift+f4,f16,f7", "save_transcript(True)", "Save whole", show=False),
        Binding("f5", "show_all", "Show all"),
        Binding("ctrl+l", "clear", "New chat"),
        Binding("ctrl+q", "quit", "Quit"),
        Binding("pageup", "scroll_history(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_history(1)", "Scroll down", show=False),
        Binding("escape", "close_faq", "Close FAQ", show=False),
    ]

    def __init__(self, assistant: Assistant | None = None, *, region: Region | None = None,
                 load: Callable[[], Assistant] | None = None, notice: str | None = None) -> None:
        """Either a loaded ``assistant``, or the ``region`` (for the emergency strip) and
        ``load``, called in a worker thread once the first screen is shown. ``notice``: shown
        on the first screen (an unknown region, answered with the default's numbers)."""
        super().__init__()
        self._notice = notice
        if assistant is None and (region is None or load is None):
            raise ValueError("give an assistant, or a region and a loader")
        self.assistant = assistant
        chosen = assistant.region if assistant is not None else region
        assert chosen is not None
        self.region: Region = chosen
        self.messages = assistant.knowledge.messages if assistant is not None else load_messages()
        self._load = load
        self.load_error: BaseException | None = None  # why the knowledge could not be loaded
        self.exchanges: list[Reply] = []
        self.conversation = Conversation()  # follow-ups and split messages; Ctrl+L resets it
        self._answering = threading.Lock()  # replies in the order questions were asked
        self._waiting_lock = threading.Lock()
        self._waiting: list[tuple[str, Static]] = []  # asked before the knowledge was ready
        self.first_screen_at: float | None = None

    def message(self, key: str, **values: object) -> str:
        return self.messages[key].format(**values)

    @property
    def ready(self) -> bool:
        return self.assistant is not None

    def compose(self) -> ComposeResult:
        yield EmergencyStrip(self.region.strip)
        with Horizontal(id="main"):
            with VerticalScroll(id="conversation"):
                yield Static(Content(self.message("welcome") +
                                     "\nPress F1 for help, F2 for common questions."),
                             id="welcome")
            faq = FaqPanel(_common_questions())
            faq.display = False  # F2 shows it; hidden from the start, the first frame is lighter
            yield faq
        yield QuestionInput()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#conversation", VerticalScroll).anchor()
        self.query_one(QuestionInput).focus()
        if self._notice:  # on screen: stderr is hidden behind the full-screen chat
            self.notify(self._notice, severity="warning", timeout=60)
        self.call_after_refresh(self._first_screen_shown)

    def _first_screen_shown(self) -> None:
        self.first_screen_at = time.time()  # for benchmarks/run.py
        if self.assistant is None:
            self._load_knowledge()  # only now, so the first screen never waits for it

    @work(thread=True, exclusive=True, group="knowledge")
    def _load_knowledge(self) -> None:
        """Load the knowledge, then answer, in order, what was asked meanwhile."""
        try:
            if self._load is None:
                raise RuntimeError("no knowledge loader")
            assistant = self._load()
        except BaseException as error:
            self.load_error = error
            self.call_from_thread(self.exit, None, 2)
            return
        with self._answering:  # questions asked from now on wait for these
            with self._waiting_lock:
                self.assistant = assistant
                waiting, self._waiting = self._waiting, []
            problem = assistant.knowledge.problem
            if problem is not None:
                self.call_from_thread(self.notify, f"Broken knowledge file: {problem}. Emergency "
                                      "messages still work; other questions cannot be answered.",
                                      severity="error", timeout=30)
            for question, pending in waiting:
                reply = assistant.respond(question, conversation=self.conversation)
                self.call_from_thread(self.show_reply, reply, pending)

    # -- asking ---------------------------------------------------------------------------
    @on(Input.Submitted, "#question")
    def _submitted(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if question and isinstance(event.input, QuestionInput):
            event.input.remember(question)
            event.input.value = ""
            self.ask(question)

    @on(FaqPanel.Chosen)
    def _faq_chosen(self, event: FaqPanel.Chosen) -> None:
        """Ask it, close the panel and return to the input: the next Up recalls it with the
        questions typed (a new user's trial found it missing) and the next F2 opens the panel
        again, as the footer says."""
        box = self.query_one(QuestionInput)
        box.remember(event.entry.question)
        self.ask(event.entry.question)
        self.query_one(FaqPanel).display = False
        box.focus()

    def ask(self, question: str) -> None:
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.anchor()  # after PageUp too, a new question and its answer come into view
        conversation.mount(UserMessage(question))
        pending = Static(Content("Looking it up…"), classes="pending")
        conversation.mount(pending)
        with self._waiting_lock:
            if self.assistant is None:  # answered as soon as the knowledge is loaded
                self._waiting.append((question, pending))
                return
        self.answer(question, pending)

    @work(thread=True)
    def answer(self, question: str, pending: Static) -> None:
        """Runs off the UI thread so the app stays responsive."""
        with self._answering:
            assert self.assistant is not None, "answers are asked for once the knowledge is loaded"
            reply = self.assistant.respond(question, conversation=self.conversation)
        self.call_from_thread(self.show_reply, reply, pending)

    def show_reply(self, reply: Reply, pending: Static) -> None:
        """Put the reply where its question's placeholder stands, even if answers cross."""
        if pending.is_attached:  # not cleared meanwhile
            self.exchanges.append(reply)
            conversation = self.query_one("#conversation", VerticalScroll)
            view = self._view(reply)
            conversation.mount(view, after=pending)
            pending.remove()
            view.call_after_refresh(self._open_on_reply, conversation, view)

    @staticmethod
    def _open_on_reply(conversation: VerticalScroll, view: ReplyView) -> None:
        """A reply that does not fit under its question is shown from the question (from the
        reply's own top for an alarm, or under a question taller than a third of the screen), so
        it is read from its first line, not from its last, and an alarm's contact message is in
        view; a reply that fits stays anchored to the end."""
        height = conversation.scrollable_content_region.height
        children = list(conversation.children)
        index = children.index(view) if view in children else 0
        question = children[index - 1] if index and isinstance(children[index - 1], UserMessage) else None
        shown = view.outer_size.height + (question.outer_size.height if question else 0)
        if shown <= height:
            return
        conversation.release_anchor()
        start = (question if question is not None and not view.reply.escalation.escalated
                 and question.outer_size.height * 3 <= height else view)
        conversation.scroll_to_widget(start, top=True, animate=False)

    # -- other actions --------------------------------------------------------------------
    def action_toggle_faq(self) -> None:
        panel = self.query_one(FaqPanel)
        panel.display = not panel.display
        if panel.display and panel.cursor_line < 1:
            panel.cursor_line = 1  # the first question, under the first topic
        (panel if panel.display else self.query_one(QuestionInput)).focus()

    def action_close_faq(self) -> None:
        panel = self.query_one(FaqPanel)
        if panel.display:
            panel.display = False
            self.query_one(QuestionInput).focus()

    def action_scroll_history(self, direction: int) -> None:
        conversation = self.query_one("#conversation", VerticalScroll)
        if direction < 0:
            conversation.scroll_page_up()
        else:
            conversation.scroll_page_down()

    def _view(self, reply: Reply) -> ReplyView:
        return ReplyView(reply, hint=self.message("chat_show_all_hint"))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.message("smalltalk_help"), self.region.strip))

    def action_show_all(self) -> None:
        """Show the last answer's shortened lists whole, in place."""
        if not self.exchanges or not self.exchanges[-1].shortened:
            self.notify("The last answer is already shown whole.")
            return
        last = self.exchanges[-1]
        view = next((v for v in self.query(ReplyView) if v.reply is last), None)
        whole = last.expanded()
        self.exchanges[-1] = whole
        if view is not None:
            self.query_one("#conversation", VerticalScroll).mount(self._view(whole), after=view)
            view.remove()
        self.notify("Showing every list whole.")

    def action_copy_answer(self, whole: bool = False) -> None:
        """Copy the last answer as shown; ``whole`` (Shift+F3) with every list whole."""
        if not self.exchanges:
            self.notify("There is no answer to copy yet.")
            return
        reply = self.exchanges[-1]
        self.copy_to_clipboard(render_text(reply.expanded() if whole else reply))
        # The terminal receives the text (OSC 52) but never says whether it allowed the copy.
        what = ("the last answer, every list whole," if whole else
                "the last answer as shown (Shift+F3 or F6: every list whole)")
        self.notify(f"Sent {what} to the clipboard. Some terminals do not allow this; "
                    "if nothing pastes, F4 saves the conversation to a file.")

    def transcript(self, whole: bool = False) -> str:
        """The conversation as shown; ``whole`` with every list whole."""
        return "\n".join(f"You: {r.question}\n\n{render_text(r.expanded() if whole else r)}"
                         for r in self.exchanges)

    def action_save_transcript(self, whole: bool = False) -> None:
        if not self.exchanges:
            self.notify("There is nothing to save yet.")
            return

        def save(request: SaveRequest | None) -> None:
            if request is None:
                return
            try:
                write_private(request.path, self.transcript(whole), replace=request.replace)
            except UnsafeTarget as error:
                self.notify(f"Not saved: {error}", severity="error")
            except OSError as error:
                self.notify(f"Could not save: {error.strerror or error}", severity="error")
            else:
                self.notify(f"Saved to {request.path}")
            self.query_one(QuestionInput).focus()

        self.push_screen(SaveScreen(whole), save)

    def action_clear(self) -> None:
        """Start a new conversation; with answers on screen, only once the user confirms (the
        current one is dropped and can no longer be saved)."""
        if not self.exchanges:
            self._clear()
            return
        question = ("Start a new conversation? This one will be gone and can no longer be saved "
                    "(F4 saves it first).")
        self.push_screen(ConfirmScreen(question, yes="Start a new one (y)", no="Keep this one (n)"),
                         lambda yes: self._clear() if yes else None)

    def _clear(self) -> None:
        conversation = self.query_one("#conversation", VerticalScroll)
        conversation.remove_children(".user-message, .reply, .pending")
        had_answers = bool(self.exchanges)
        self.exchanges.clear()
        self.conversation.clear()
        if had_answers:
            self.notify("Started a new conversation.")


def create_app(assistant: Assistant | None = None, region: str | None = None,
               notice: str | None = None) -> ChatApp:
    """The app factory used by the CLI, the tests and the snapshots: with a loaded
    ``assistant`` it is ready at once; without, it shows ``region``'s numbers (argument, then
    environment, then default; an unknown one raises KeyError) and loads the knowledge after
    its first screen."""
    if assistant is not None:
        return ChatApp(assistant, notice=notice)
    chosen = load_regions().get(region)

    def load() -> Assistant:
        from assistant.assistant import Assistant
        from assistant.english import preload

        assistant = Assistant.load(chosen.code, allow_degraded=True)
        preload()  # the whole English word list, so no answer waits for it later
        return assistant

    return ChatApp(region=chosen, load=load)


def run_chat(assistant: Assistant | None = None, region: str | None = None, notice: str | None = None) -> int:
    """Run the chat; without an ``assistant`` it loads the knowledge after the first screen.
    Knowledge that cannot be loaded closes the chat with exit code 2 and the numbers."""
    app = create_app(assistant, region, notice)
    app.run()
    if app.load_error is not None:
        from assistant.knowledge import KnowledgeError
        from assistant.refusal import refuse

        error = app.load_error
        detail = f"broken knowledge file: {error}" if isinstance(error, KnowledgeError) else error
        return refuse(f"baclofen-assistant: {detail}", app.region.code)
    return 0
