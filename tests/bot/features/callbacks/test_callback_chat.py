"""Call-backs through the real pipeline: asks only what is missing, books with a reference and a due-by."""

from __future__ import annotations

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.callbacks.service import list_callbacks
from tests.support import Chat, at_london


async def _callbacks(app: AppContext) -> list:  # type: ignore[type-arg]
    async with app.db.session() as session:
        return await list_callbacks(session, include_closed=True)


async def test_parent_asks_after_3_about_daughter(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    clock.set(at_london(2026, 12, 7, 10, 0))  # Monday 10am
    await chat.say("hi")
    replies = await chat.say("can someone call me back after 3 about my daughter")
    assert [r.kind for r in replies] == ["callback_ask_number"]
    replies = await chat.say("yes")
    assert [r.kind for r in replies] == ["callback_ask_safe"]
    replies = await chat.say("yes but no voicemail")
    assert [r.kind for r in replies] == ["callback_booked_own"]
    assert "by 5pm tomorrow, Tue 8 Dec" in replies[0].text
    [cb] = await _callbacks(app)
    assert cb.ref in replies[0].text
    assert (cb.requester, cb.for_child, cb.about) == ("parent", "daughter", "my daughter")
    assert (cb.safe_to_say, cb.voicemail, cb.window["label"]) == (True, False, "after 3pm")
    assert cb.phone == chat.sender
