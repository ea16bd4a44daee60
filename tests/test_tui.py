"""The patient chat, driven with Textual's Pilot."""

import os
import stat

import pytest
import pytest_asyncio
from textual import events

from assistant.tui.app import create_app
from assistant.tui.widgets import EmergencyStrip, FaqPanel, QuestionInput, ReplyView, UserMessage

SIZE = (100, 40)


async def ask(app, pilot, question):
    box = app.query_one(QuestionInput)
    box.value = question
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.query(ReplyView).last()


def text_of(widget) -> str:
    """The text a reader sees, a list item's bullet and words on one line."""
    lines = []
    for static in widget.query("Static"):
        text = str(static.render())
        if "quote-item-text" in static.classes and lines:
            lines[-1] += text  # after its bullet
        else:
            lines.append(text)
    return "\n".join(lines)


class SharedChat:
    """The tests of a subclass share one chat of ``size``, with ``asked`` answered first: an app's
    start costs ~0.2 s of CPU and an answer as much again (Textual's layout), and these tests
    only look at the chat, or open a dialog over it and close it. Each is given the chat as the
    one before must have left it (checked: the same answers, no dialog open); a dialog left
    open is closed with Escape after it. Tests that change the conversation have their own."""

    pytestmark = pytest.mark.asyncio(loop_scope="class")
    size = SIZE
    asked: str | None = None

    @pytest_asyncio.fixture(loop_scope="class", scope="class")
    async def started(self, assistant):
        app = create_app(assistant)
        async with app.run_test(size=self.size) as pilot:
            if self.asked:
                await ask(app, pilot, self.asked)
            else:
                await pilot.pause()
            yield app, pilot

    @pytest_asyncio.fixture(loop_scope="class")
    async def chat(self, started):
        app, pilot = started
        assert len(app.screen_stack) == 1, app.screen_stack
        assert [r.question for r in app.exchanges] == ([self.asked] if self.asked else [])
        yield app, pilot
        for _ in range(3):
            if len(app.screen_stack) == 1:
                break
            await pilot.press("escape")
            await pilot.pause()
        app.query_one(QuestionInput).focus()
        await pilot.pause()


async def test_a_question_shows_its_quote_under_its_section(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        reply = await ask(app, pilot, "can I drink alcohol")
        shown = text_of(reply)
        assert "Can I drink alcohol while taking baclofen?" in shown
        assert "Alcohol may increase the drowsy" in shown
        assert app.query_one(UserMessage)


async def test_an_emergency_shows_the_emergency_message_first(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        reply = await ask(app, pilot, "my son swallowed a handful of my baclofen")
        children = list(reply.query("Static"))
        assert "alert" in children[0].classes
        assert "EMERGENCY" in str(children[0].border_title)
        assert "1-800-222-1222" in str(children[0].render())
        assert reply.has_class("emergency")


@pytest.mark.parametrize("message", ["my son swallowed a handful of my baclofen",
                                     "cant feel my legs after taking a handful"])
async def test_an_escalated_reply_opens_on_its_message_even_on_a_small_screen(assistant, message):
    """At 80×24 the quotes under the message would scroll it out of view: the reply is shown
    from its top (a rule's alarm, and the learned net's, which keeps the answer under it)."""
    app = create_app(assistant)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(app, pilot, "can I drink alcohol")
        reply = await ask(app, pilot, message)
        await pilot.pause(0.3)
        alert = reply.query_one(".alert")
        conversation = app.query_one("#conversation")
        assert conversation.region.contains_region(alert.region), (alert.region, conversation.region)
        # the next question follows the conversation's end again
        follow_up = await ask(app, pilot, "can I drink alcohol")
        await pilot.pause()
        assert conversation.region.overlaps(follow_up.region)


async def test_the_emergency_strip_is_always_there(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        strip = app.query_one(EmergencyStrip)
        assert "911" in str(strip.render())
        for question in ("hello", "can I drive", "what are the side effects"):
            await ask(app, pilot, question)
        assert strip.region.height == 1 and strip.display


async def test_choosing_an_faq_asks_it(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        panel = app.query_one(FaqPanel)
        assert panel.display and panel.has_focus
        await pilot.press("enter")  # the cursor starts on the first question
        await app.workers.wait_for_complete()
        await pilot.pause()
        question = app.query_one(UserMessage)
        assert "How long does baclofen take to work?" in str(question.render())
        assert "start to work after 1 hour" in text_of(app.query(ReplyView).last())
        assert not panel.display and app.query_one(QuestionInput).has_focus  # back to typing
        await pilot.press("f2")
        assert panel.display  # F2 opens it again, as the footer says


async def test_a_common_question_chosen_is_recalled_by_up_like_a_typed_one(assistant):
    """Up after choosing from F2 brings that question back to edit (a new user's trial)."""
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("up")
        assert app.query_one(QuestionInput).value == "How long does baclofen take to work?"


class TestAFreshChatAt80x24(SharedChat):
    size = (80, 24)

    async def test_on_an_80_column_screen_the_common_questions_take_the_whole_width(self, chat):
        """At 80×24 a side panel cut the questions ("What will happen if I stop taking ba") and
        squeezed the conversation to 30 columns: the panel takes the width while it is shown."""
        app, pilot = chat
        await pilot.press("f2")
        await pilot.pause()
        panel = app.query_one(FaqPanel)
        assert panel.region.width == app.query_one("#main").region.width
        await pilot.press("escape")
        await pilot.pause()
        assert not panel.display and app.query_one("#conversation").region.width == 80

    async def test_the_footer_fits_80_columns(self, chat):
        app, pilot = chat
        await pilot.pause()
        footer = app.query_one("Footer")
        keys = [k for k in footer.query("FooterKey") if k.display]
        assert keys and all(k.region.right <= 80 and k.region.width >= len(k.description) for k in keys)
        assert not any("palette" in k.description for k in keys)

    async def test_the_help_screen_keeps_the_emergency_numbers_on_screen_at_80x24(self, chat):
        app, pilot = chat
        await pilot.press("f1")
        await pilot.pause()
        strip = app.screen.query_one(EmergencyStrip)
        shown = " ".join(" ".join(seg.text for seg in strip.render_line(y)).strip()
                         for y in range(strip.region.height))
        for number in ("911", "1-800-222-1222", "988"):
            assert number in shown
        dialog = app.screen.query_one("#help-dialog")
        assert not dialog.region.overlaps(strip.region)


@pytest.mark.parametrize("typed", ["[bold]alcohol[/]", "[/]", "[link=x]beer", "[red"])
async def test_markup_typed_by_the_user_shows_literally(assistant, typed):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, typed)
        assert typed in str(app.query_one(UserMessage).render())


async def test_copy_puts_the_last_answer_on_the_clipboard(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, "is baclofen addictive")
        await pilot.press("f3")
        assert "Baclofen is addictive" in app.clipboard


async def test_copy_does_not_claim_the_terminal_accepted_it(assistant):
    """Textual sends the text to the terminal (OSC 52), which never answers: the notice must
    say what to do if nothing pastes instead of "Copied"."""
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, "is baclofen addictive")
        await pilot.press("f3")
        notices = [n.message for n in app._notifications]
        assert notices and "F4 saves" in notices[-1] and not notices[-1].startswith("Copied")


async def save_as(app, pilot, target):
    await pilot.press("f4")
    await pilot.pause()
    app.screen.query_one("#save-path").value = str(target)
    await pilot.press("enter")
    await pilot.pause()


class TestSavingAnAnswer(SharedChat):
    """(test_saving_over_an_existing_file_asks_replace_it_first, named in docs/safety.md, and
    test_nothing_is_saved_unless_asked, which runs in a folder of its own, have their own chat.)"""

    asked = "can I drink alcohol"

    async def test_save_writes_a_private_transcript_where_the_user_says(self, chat, tmp_path):
        app, pilot = chat
        target = tmp_path / "chat.txt"
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#save-path").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        text = target.read_text(encoding="utf-8")
        assert "You: can I drink alcohol" in text and "Alcohol may increase" in text
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600

    async def test_saving_never_follows_a_symlink(self, chat, tmp_path):
        app, pilot = chat
        victim = tmp_path / "victim.txt"
        victim.write_text("precious", encoding="utf-8")
        link = tmp_path / "chat.txt"
        link.symlink_to(victim)
        await save_as(app, pilot, link)
        assert "symbolic link" in str(app.screen.query_one("#save-message").render())
        await pilot.press("enter")
        await pilot.pause()
        assert victim.read_text(encoding="utf-8") == "precious"

    async def test_a_refusal_in_the_save_dialog_goes_when_the_name_changes(self, chat, tmp_path):
        app, pilot = chat
        link = tmp_path / "chat.txt"
        link.symlink_to(tmp_path / "elsewhere.txt")
        await save_as(app, pilot, link)
        assert "symbolic link" in str(app.screen.query_one("#save-message").render())
        await pilot.press("x")  # typing a new name
        await pilot.pause()
        assert "symbolic link" not in str(app.screen.query_one("#save-message").render())

    async def test_saving_to_a_fifo_or_device_is_refused_without_blocking(self, chat, tmp_path, no_hang):
        app, pilot = chat
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        await save_as(app, pilot, fifo)
        assert "FIFO" in str(app.screen.query_one("#save-message").render())
        app.screen.query_one("#save-path").value = "/dev/null"
        await pilot.press("enter")
        await pilot.pause()
        assert "device" in str(app.screen.query_one("#save-message").render())


async def test_saving_over_an_existing_file_asks_replace_it_first(assistant, tmp_path):
    target = tmp_path / "chat.txt"
    target.write_text("my notes", encoding="utf-8")
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, "can I drink alcohol")
        await save_as(app, pilot, target)
        assert "Replace it?" in str(app.screen.query_one("#save-message").render())
        assert target.read_text(encoding="utf-8") == "my notes"
        await pilot.press("enter")  # the confirmation
        await pilot.pause()
    assert "Alcohol may increase" in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


async def test_nothing_is_saved_unless_asked(assistant, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, "can I drink alcohol")
        await pilot.press("f4")
        await pilot.press("escape")
    assert list(tmp_path.iterdir()) == []


async def test_up_and_down_recall_earlier_questions(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, "first question")
        await ask(app, pilot, "second question")
        box = app.query_one(QuestionInput)
        await pilot.press("up")
        assert box.value == "second question"
        await pilot.press("up")
        assert box.value == "first question"
        await pilot.press("down", "down")
        assert box.value == ""


async def test_a_new_chat_empties_the_conversation_once_confirmed(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, "can I drink alcohol")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.query(ReplyView)  # not yet: a question first
        await pilot.press("y")
        await pilot.pause()
        assert not app.query(ReplyView) and not app.query(UserMessage) and not app.exchanges


class TestANewChatDeclined(SharedChat):
    size = (80, 24)
    asked = "can I drink alcohol"

    @pytest.mark.parametrize("keys", [("escape",), ("n",), ("enter",)])
    async def test_a_new_chat_keeps_the_conversation_unless_confirmed(self, chat, keys):
        """Ctrl+L drops the conversation, which then cannot be saved: Escape, "n" and Enter on
        the default button (keep it) leave it as it was."""
        app, pilot = chat
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        assert app.query(ReplyView) and len(app.exchanges) == 1


async def test_pageup_scrolls_the_history_without_a_mouse(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        for question in ("what are the side effects", "drug interactions", "overdose symptoms"):
            await ask(app, pilot, question)
        conversation = app.query_one("#conversation")
        bottom = conversation.scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert conversation.scroll_y < bottom


async def test_questions_sent_quickly_are_all_answered_in_order(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        box = app.query_one(QuestionInput)
        for question in ("is baclofen addictive", "can I drink alcohol"):
            box.value = question
            await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        replies = list(app.query(ReplyView))
        assert [r.reply.question for r in replies] == ["is baclofen addictive", "can I drink alcohol"]
        assert not app.query(".pending")


async def test_a_pasted_message_is_sent_whole_not_just_its_first_line(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        box = app.query_one(QuestionInput)
        box.post_message(events.Paste("Hi, sorry to bother you.\nmy son swallowed 20 of my pills, "
                                      "what do I do?\n"))
        await pilot.pause()
        assert box.value == "Hi, sorry to bother you. my son swallowed 20 of my pills, what do I do?"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        reply = app.exchanges[-1]
        assert reply.question == box.history[-1] == ("Hi, sorry to bother you. my son swallowed 20 "
                                                    "of my pills, what do I do?")
        assert reply.escalation.level == "emergency"
        assert app.query(ReplyView).last().has_class("emergency")


INTERACTIONS = "can I take gabapentin with baclofen"


async def test_f5_shows_the_last_answers_shortened_list_whole_in_place(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        shown = text_of(await ask(app, pilot, INTERACTIONS))
        assert "… and 60 more in this list." in shown and "Zolpidem" not in shown
        assert "Press F5 or type “show all”" in shown
        await pilot.press("f5")
        await pilot.pause()
        views = app.query(ReplyView)
        assert len(views) == 1  # replaced, not added
        whole = text_of(views.last())
        assert "• Alfentanil" in whole and "• Zolpidem" in whole and "more in this list" not in whole


async def test_typing_show_all_shows_the_last_answer_whole(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, INTERACTIONS)
        whole = text_of(await ask(app, pilot, "show all"))
        assert "• Zolpidem" in whole


async def test_copy_takes_what_is_shown_and_shift_f3_takes_it_whole(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, INTERACTIONS)
        await pilot.press("f3")
        assert "• Gabapentin" in app.clipboard and "• Zolpidem" not in app.clipboard
        assert "… and 60 more in this list." in app.clipboard
        await pilot.press("shift+f3")
        assert "• Zolpidem" in app.clipboard and "more in this list" not in app.clipboard
        assert "• Zolpidem" not in app.transcript() and "• Zolpidem" in app.transcript(whole=True)


class TestTheHelp(SharedChat):
    async def test_f1_opens_help_with_the_keys_and_escape_closes_it(self, chat):
        app, pilot = chat
        await pilot.press("f1")
        await pilot.pause()
        help_text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        for key in ("F2", "F3", "Shift+F3", "F4", "F5", "Ctrl+L", "Ctrl+Q"):
            assert key in help_text
        assert "I can answer" in help_text
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one(QuestionInput).has_focus

    async def test_a_click_or_tap_closes_the_help(self, chat):
        """A third new user's trial of `serve` on a phone could close the help only with Escape."""
        from assistant.tui.help_screen import HelpScreen

        app, pilot = chat
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.click("#help-dialog")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_a_greeting_gets_a_friendly_reply_in_the_chat(assistant):
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        shown = text_of(await ask(app, pilot, "hello"))
        assert "Hello!" in shown and "can't find this" not in shown


@pytest.mark.parametrize("size", [(80, 24), (60, 24)])
async def test_every_emergency_number_is_on_screen_at_narrow_widths(assistant, size):
    app = create_app(assistant)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        strip = app.query_one(EmergencyStrip)
        assert strip.region.width <= size[0]  # on one line at 80 columns, wrapped (never cut) below
        shown = " ".join(" ".join(seg.text for seg in strip.render_line(y)).strip()
                         for y in range(strip.region.height))
        for number in ("911", "1-800-222-1222", "988"):
            assert number in shown, (number, shown)


async def test_after_scrolling_up_a_new_answer_comes_into_view(assistant):
    app = create_app(assistant)
    async with app.run_test(size=(80, 24)) as pilot:
        for question in ("what are the side effects", "drug interactions"):
            await ask(app, pilot, question)
        conversation = app.query_one("#conversation")
        await pilot.press("pageup", "pageup")
        await pilot.pause()
        reply = await ask(app, pilot, "can I drink alcohol")
        await pilot.pause()
        assert reply.region.overlaps(conversation.region)


@pytest.mark.parametrize("question", ["im pregnant is baclofen safe for the baby", "can i just stop taking it",
                                      "what side effects does it have"])
async def test_a_long_answer_on_a_small_screen_opens_on_its_question_not_its_last_lines(assistant, question):
    """At 80×24 an answer taller than the screen is read from the top: its question and first
    quote in view (found by a helper trying the chat: only the third quote showed)."""
    app = create_app(assistant)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(app, pilot, "can I drink alcohol")
        reply = await ask(app, pilot, question)
        await pilot.pause(0.3)
        conversation = app.query_one("#conversation")
        asked = list(conversation.query(UserMessage))[-1]
        assert reply.region.height > conversation.region.height  # the case this protects
        assert conversation.region.contains_region(asked.region), (asked.region, conversation.region)
        first_quote = reply.query(".quote").first()
        assert conversation.region.overlaps(first_quote.region)
        # the next question follows the conversation's end again
        follow_up = await ask(app, pilot, "can I drive")
        await pilot.pause()
        assert conversation.region.overlaps(follow_up.region)


async def test_a_notice_given_at_start_is_shown_on_the_first_screen(assistant):
    """An unknown --region is answered with the default's numbers; the full-screen chat hides
    stderr, so the chat itself says so (a new user's trial saw only US numbers for NZ)."""
    app = create_app(assistant, notice="Unknown region 'NZ'. Showing US numbers.")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("Unknown region 'NZ'" in n.message for n in app._notifications)


async def test_an_indented_line_under_a_list_item_keeps_its_indent_when_wrapped():
    """Two new users' trials: at 80 columns the wrapped lines of "  Because of the risk of
    sedation…" (under a bullet) fell back to the margin."""
    from textual.app import App

    from assistant.tui.widgets import QuoteView

    text = ("• Co-administration of epidural morphine is reported to cause dyspnea.\n"
            "  Because of the risk of sedation, patients should refrain from operating automobiles or other "
            "dangerous machinery, and activities made hazardous by decreased alertness.")

    class One(App[None]):
        def compose(self):
            yield QuoteView("Baclofen special precautions", text, ())

    app = One()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        hanging = [str(s.render()) for s in app.query(".quote-item-text")]
        assert any(line.startswith("Because of the risk") for line in hanging)


@pytest.mark.parametrize("size", [(80, 24), (40, 30)])
async def test_a_notice_covers_neither_the_question_box_nor_the_emergency_numbers(assistant, size):
    """At 80×24 a notice ("Showing every list whole.") sits at the top right, under the strip:
    a new user's trial saw one hide half of what was being typed."""
    from textual.widgets._toast import Toast

    app = create_app(assistant)
    async with app.run_test(size=size, notifications=True) as pilot:
        await ask(app, pilot, "can I drink alcohol")
        app.notify("Showing every list whole.")
        await pilot.pause(0.2)
        toast = app.screen.query_one(Toast).region
        assert not toast.overlaps(app.query_one(QuestionInput).region)
        assert not toast.overlaps(app.query_one(EmergencyStrip).region)
