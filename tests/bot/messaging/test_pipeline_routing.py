"""Stage 4 routing in the pipeline: the first text of a new contact.

The first text gets the welcome and the privacy note; a greeting or a text we cannot place then gets the
menu. A text that names a need starts the find-support search, on the first text exactly as on a later one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from nlu import EmbeddedParser, Entity, Parse
from tests.support import Chat, make_context, prepare_database

NEED_TEXTS = ["low mood", "cant sleep", "exam stress", "sleep problems"]
#: The screen may read a need said in words ("low mood") as a concern: its gentle line then comes first
#: (flows/messages/en.yml concern_support). What is tested here is what follows it: the search, not the menu.
CONCERN_LINE = "Thank you for telling us this."


class NeedEntityNlu:
    """As the embedded NLU parses a short need phrase: out_of_scope (low confidence) with a need entity."""

    async def parse(self, text: str) -> Parse:
        need = "low_mood" if "mood" in text else None
        entities = [Entity("need", need)] if need else []
        return Parse("out_of_scope", 0.35, entities)


async def _first_and_later(app: AppContext, text: str) -> tuple[list[str], list[str]]:
    """Replies to ``text`` as a contact's first message, and as a second message after "hi"."""
    first = await Chat(app, "+447700900011").texts(text)
    later_chat = Chat(app, "+447700900012")
    greeting = await later_chat.texts("hi")
    later = await later_chat.texts(text)
    assert first[:2] == greeting[:2]  # the welcome and the privacy note
    return _flow(first[2:]), _flow(later)


def _flow(replies: list[str]) -> list[str]:
    """The replies without a concern's gentle line (at most one, first)."""
    return replies[1:] if replies and replies[0].startswith(CONCERN_LINE) else replies


@pytest.mark.parametrize("text", NEED_TEXTS)
async def test_need_word_as_first_text_starts_search_without_nlu(app: AppContext, text: str) -> None:
    first, later = await _first_and_later(app, text)
    assert first == later
    assert len(first) == 1 and "How old are you?" in first[0]


async def test_need_entity_with_out_of_scope_on_first_text(database_url: str, clock: FixedClock) -> None:
    app = make_context(database_url, clock, nlu=NeedEntityNlu())
    await prepare_database(app)
    try:
        first, later = await _first_and_later(app, "low mood")
        assert first == later and "How old are you?" in first[0]
    finally:
        await app.close()


@pytest.mark.parametrize("text", ["hi", "hello there", "qwerty uiop"])
async def test_first_text_without_a_need_still_gets_the_menu(app: AppContext, text: str) -> None:
    replies = await Chat(app).texts(text)
    assert len(replies) == 3
    assert "1 Find support" in replies[2]


@pytest.fixture
async def nlu_app(tmp_path: Path, clock: FixedClock) -> AsyncIterator[AppContext]:
    app = make_context(f"sqlite:///{tmp_path / 'nlu.db'}", clock, nlu=EmbeddedParser())
    await prepare_database(app)
    yield app
    await app.close()


async def test_low_mood_first_text_with_embedded_nlu(nlu_app: AppContext) -> None:
    """The QA case: 'low mood' as the very first text, with the shipped NLU."""
    first, later = await _first_and_later(nlu_app, "low mood")
    assert first == later
    assert len(first) == 1 and "How old are you?" in first[0]
    assert "Find support" not in first[0]
