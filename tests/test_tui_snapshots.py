"""Snapshots of the chat (pytest-textual-snapshot). Each was looked at before it was accepted;
after a deliberate change run `pytest tests/test_tui_snapshots.py --snapshot-update` and
inspect the new SVGs in tests/__snapshots__/."""

from assistant.assistant import Assistant
from assistant.tui.app import create_app

SIZE = (100, 36)


def app():
    return create_app(Assistant.load(region="US"))


async def settle(pilot):
    """Wait until the answer is in and has finished scrolling into view: under load (the suite
    runs on every core) a picture taken one frame early differs. The input's cursor stops
    blinking, so the picture never depends on which half of a blink it was taken in."""
    pilot.app.query_one("#question").cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def ask(pilot, question):
    pilot.app.query_one("#question").value = question
    await pilot.press("enter")
    await settle(pilot)


def test_welcome_screen(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE)


def test_an_answered_question(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE,
                        run_before=lambda pilot: ask(pilot, "can I have a beer on baclofen"))


def test_an_emergency_reply(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE,
                        run_before=lambda pilot: ask(pilot, "my dad took all his pills at once"))


def test_the_faq_panel(snap_compare):
    assert snap_compare(app(), terminal_size=SIZE, press=["f2"])


SMALL = (80, 24)


def test_an_expanded_list_at_80x24(snap_compare):
    async def expand(pilot):
        await ask(pilot, "can I take gabapentin with baclofen")
        await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(app(), terminal_size=SMALL, run_before=expand)


def test_help_at_80x24(snap_compare):
    assert snap_compare(app(), terminal_size=SMALL, press=["f1"])


def test_a_uk_reply_with_the_region_note_at_80x24(snap_compare):
    async def poison_number(pilot):
        await ask(pilot, "What is the poison control number?")
        pilot.app.query_one("#conversation").scroll_end(animate=False)
        await settle(pilot)

    assert snap_compare(create_app(Assistant.load(region="UK")), terminal_size=SMALL,
                        run_before=poison_number)


def test_a_wrapped_list_item_keeps_its_indent_at_80x24(snap_compare):
    """A list item's wrapped lines stay under its first word, not under the bullet."""
    async def dose_list(pilot):
        await ask(pilot, "what's the starting dose for baclofen tablets")
        conversation = pilot.app.query_one("#conversation")
        conversation.scroll_to_widget(pilot.app.query(".quote-item").first(), animate=False, top=True)
        await settle(pilot)

    assert snap_compare(app(), terminal_size=SMALL, run_before=dose_list)


def test_a_follow_up_at_80x24(snap_compare):
    """"and for the liquid one?" after a dose question is answered with the liquid's dose."""
    async def follow_up(pilot):
        await ask(pilot, "what's the starting dose for baclofen tablets")
        await ask(pilot, "and for the liquid one?")
        pilot.app.query_one("#conversation").scroll_end(animate=False)
        await settle(pilot)

    assert snap_compare(app(), terminal_size=SMALL, run_before=follow_up)
