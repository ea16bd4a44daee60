"""Snapshots of the chat (pytest-textual-snapshot). Each was looked at before it was accepted;
after a deliberate change run `pytest tests/test_tui_snapshots.py --snapshot-update` and
inspect the new SVGs in tests/__snapshots__/."""

from assistant.assistant import Assistant
from assistant.tui.app import create_app

SIZE = (100, 36)


def app():
    return create_app(Assistant.load(region="US"))


async def ask(pilot, question):
    pilot.app.query_one("#question").value = question
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


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
