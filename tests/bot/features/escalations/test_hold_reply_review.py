"""What a held young person is actually sent, through the real pipeline, for texts that the hold's questions
about us ("what happens now", "am i in trouble") must not catch (found by the session's review)."""

from __future__ import annotations

import pytest

from bot.app.context import AppContext
from tests.bot.escalation_support import staffed_app  # noqa: F401 (the app fixture)
from tests.support import Chat


@pytest.mark.parametrize(
    "text",
    [
        "i dont care what happens now",  # hopelessness after a disclosure
        "what happen to me if i jump",  # a method question
        "what happens if i dont wake up",
        "they know where i live will they get me",
    ],
)
async def test_risk_in_the_hold_is_not_answered_with_the_process(
    app: AppContext, chat: Chat, text: str
) -> None:
    await chat.say("i want to kill myself")
    replies = await chat.say(text)
    assert [r.kind for r in replies] != ["hold_next_now"], (text, [r.text for r in replies])


@pytest.mark.parametrize(
    "text",
    [
        "am i in trouble i stabbed him",  # a promise the service cannot keep
        "am i in trouble with the police i sold drugs for them",
        "am i trouble to everyone",  # burdensomeness, not a question about being told
        "will i get in trouble if i kill myself",
        "he said dont tell anyone or he will hurt me",
    ],
)
async def test_a_new_disclosure_is_not_answered_as_a_question_about_who_is_told(
    app: AppContext, chat: Chat, text: str
) -> None:
    await chat.say("i want to kill myself")
    replies = await chat.say(text)
    assert [r.kind for r in replies] != ["hold_told"], (text, [r.text for r in replies])


async def test_a_plea_to_call_999_is_told_we_cannot_and_how(app: AppContext, chat: Chat) -> None:
    await chat.say("my dad is hitting me")
    [reply] = await chat.say("can you call 999 for me")
    assert reply.kind == "hold_call_999"
    assert "We cannot call 999 for you" in reply.text and "press 55" in reply.text
