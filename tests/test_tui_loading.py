"""Issue 14: the chat paints first (the emergency strip needs only regions.yaml), loads the
knowledge in a worker, and answers a question typed meanwhile, never dropping it."""

import threading

from assistant.assistant import Assistant
from assistant.tui.app import ChatApp, create_app
from assistant.tui.widgets import EmergencyStrip, QuestionInput, ReplyView, UserMessage

SIZE = (100, 40)


def slow_app(assistant, region):
    """A chat whose knowledge is 'loaded' only when the test says so."""
    release, started = threading.Event(), threading.Event()

    def load():
        started.set()
        assert release.wait(10)
        return assistant

    return ChatApp(region=region, load=load), release, started


async def type_question(app, pilot, question):
    app.query_one(QuestionInput).value = question
    await pilot.press("enter")
    await pilot.pause()


async def test_the_first_screen_shows_the_numbers_before_the_knowledge_is_loaded(assistant):
    app, release, started = slow_app(assistant, assistant.knowledge.regions.get("UK"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.ready
        assert "999" in str(app.query_one(EmergencyStrip).render())
        assert "Press F1 for help" in str(app.query_one("#welcome").render())
        release.set()
        await app.workers.wait_for_complete()
        assert app.ready


async def test_questions_typed_before_the_knowledge_is_ready_are_answered_in_order(assistant):
    app, release, started = slow_app(assistant, assistant.region)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert started.wait(5)
        await type_question(app, pilot, "can I drink alcohol")
        await type_question(app, pilot, "my son swallowed a handful of my baclofen")
        assert len(app.query(UserMessage)) == 2
        assert len(app.query(".pending")) == 2 and not app.query(ReplyView)
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        replies = list(app.query(ReplyView))
        assert len(replies) == 2 and not app.query(".pending")
        assert replies[0].reply.question == "can I drink alcohol"
        assert "Alcohol may increase the drowsy" in replies[0].reply.quotes[0].text
        assert replies[1].reply.escalation.level == "emergency"
        await type_question(app, pilot, "can I drive")  # and afterwards as usual
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.query(ReplyView)) == 3


async def test_create_app_without_an_assistant_loads_the_real_knowledge():
    app = create_app(region="AU")
    async with app.run_test(size=SIZE) as pilot:
        assert "000" in str(app.query_one(EmergencyStrip).render())
        await type_question(app, pilot, "can I drink alcohol")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.ready and isinstance(app.assistant, Assistant)
        assert app.assistant.region.code == "AU"
        assert "Alcohol may increase" in app.query(ReplyView).last().reply.quotes[0].text


async def test_knowledge_that_cannot_load_closes_the_chat_with_exit_code_2(assistant):
    def load():
        raise RuntimeError("broken")

    app = ChatApp(region=assistant.region, load=load)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2 and str(app.load_error) == "broken"
