"""The message path end to end through the real pipeline with the recording sender."""

from __future__ import annotations

from tests.support import Chat


async def test_first_contact_gets_welcome_privacy_and_menu(chat: Chat) -> None:
    replies = await chat.say("hi")
    kinds = [m.kind for m in replies]
    assert kinds == ["welcome", "privacy", "menu"]
    assert "1 " in replies[-1].text


async def test_a_first_text_that_is_a_concern_gets_the_welcome_first(chat: Chat) -> None:
    """Hello and what is private come before 'Thank you for telling us this', then the question."""
    replies = await chat.say("feeling low")
    assert [m.kind for m in replies] == ["welcome", "privacy", "concern_support", "signpost_ask_age"]
