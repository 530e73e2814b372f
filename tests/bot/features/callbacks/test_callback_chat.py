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


async def _kinds(chat: Chat, *texts: str) -> list[list[str]]:
    return [[r.kind for r in await chat.say(t)] for t in texts]


async def test_a_request_in_the_middle_of_finding_support(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 12, 7, 10, 0))
    await chat.say("hi")
    kinds = await _kinds(chat, "1", "can someone just ring me after 4 instead", "07700 900241", "no", "skip")
    assert kinds == [
        ["signpost_ask_need"], ["callback_ask_number"], ["callback_ask_safe"], ["callback_ask_about"],
        ["callback_booked"],
    ]  # fmt: skip
    [cb] = await _callbacks(app)
    assert (cb.phone, cb.window["label"], cb.safe_to_say, cb.about) == (
        "+447700900241",
        "after 4pm",
        False,
        None,
    )


async def test_menu_entry_three_on_telegram_needs_a_uk_number(app: AppContext, clock: FixedClock) -> None:
    clock.set(at_london(2026, 12, 7, 10, 0))
    chat = Chat(app, sender="424242", channel="telegram")
    await chat.say("hi")
    kinds = await _kinds(
        chat, "menu", "3", "1", "yes", "+33 6 12 34 56 78", "0117 496 0123", "yes", "about my son"
    )
    assert kinds == [
        ["menu"], ["callback_ask_when"], ["callback_ask_number_other"], ["callback_ask_number_again"],
        ["callback_number_not_uk"], ["callback_ask_safe"], ["callback_ask_about"], ["callback_booked"],
    ]  # fmt: skip
    [cb] = await _callbacks(app)
    assert (cb.phone, cb.window["label"], cb.requester, cb.for_child) == (
        "+441174960123",
        "in the morning",
        "parent",
        "son",
    )


async def test_call_keyword_then_no_need(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    assert await _kinds(chat, "dont need the call now") == [["callback_none_to_cancel"]]
    assert await _kinds(chat, "CALL", "no need to ring") == [["callback_ask_when"], ["callback_not_needed"]]
    assert await _callbacks(app) == []


async def test_a_second_request_gets_the_first_reference(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    await _kinds(chat, "please call me back tomorrow morning", "yes", "yes", "skip")
    [first] = await _callbacks(app)
    replies = await chat.say("can u ring me")
    assert [r.kind for r in replies] == ["callback_exists"] and first.ref in replies[0].text
    assert len(await _callbacks(app)) == 1


async def test_two_misses_keep_the_request_and_it_can_still_be_stopped(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    kinds = await _kinds(chat, "CALL", "purple", "banana", "dont need the call now")
    assert kinds[:2] == [["callback_ask_when"], ["callback_ask_when_again"]]
    assert kinds[2] == ["callback_when_to_agree", "callback_ask_number"]
    assert kinds[3] == ["callback_not_needed"]
    assert await _callbacks(app) == []


async def test_a_time_not_understood_twice_is_kept_as_to_agree_by_text(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    """A parent who can only talk after work: the honest hours, then a request kept, never dropped."""
    clock.set(at_london(2026, 12, 7, 12, 10))  # Monday lunchtime
    await chat.say("hi")
    replies = await chat.say("can someone ring me after 6 about my son")
    assert [r.kind for r in replies] == ["callback_when_closed"]
    assert "9am to 5pm" in replies[0].text
    assert [r.kind for r in await chat.say("yes this number")] == ["callback_ask_when_again"]
    replies = await chat.say("i work til 6 so cant do them")
    assert [r.kind for r in replies] == ["callback_when_to_agree", "callback_ask_number"]
    assert [r.kind for r in await chat.say("yes")] == ["callback_ask_safe"]
    [booked] = await chat.say("no")
    assert booked.kind == "callback_booked_to_agree"
    assert "get in touch by" in booked.text and "to agree a time" in booked.text
    [cb] = await _callbacks(app)
    assert cb.ref in booked.text
    assert (cb.window["label"], cb.safe_to_say, cb.voicemail, cb.for_child) == (
        "time to agree",
        False,
        False,
        "son",
    )


async def test_a_menu_word_still_leaves_the_time_question(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 12, 7, 10, 0))
    await chat.say("hi")
    assert [r.kind for r in await chat.say("can you call me")] == ["callback_ask_when"]
    assert [r.kind for r in await chat.say("blah")] == ["callback_ask_when_again"]
    kinds = [r.kind for r in await chat.say("menu")]
    assert "callback_when_to_agree" not in kinds and "menu" in kinds
    assert await _callbacks(app) == []
