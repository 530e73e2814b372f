"""Inbox de-duplication, process-once after a crash, and the pipeline's order."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from bot.app.context import AppContext
from bot.channels.base import InboundMessage
from bot.messaging.inbox import ingest
from bot.messaging.pipeline import process_inbound
from bot.messaging.scheduler import recover_inbox
from bot.storage.models import AuditEvent, Contact, Message
from safeguarding import Assessment
from tests.pg import BOTH, database_url_for
from tests.support import Chat


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """These storage tests run on SQLite and, when WAYMARK_TEST_POSTGRES_URL is set, on PostgreSQL."""
    return database_url_for(request.param, tmp_path)


def _inbound(app: AppContext, text: str, provider_id: str, sender: str = "+447700900002") -> InboundMessage:
    return InboundMessage("sms", sender, text, provider_id, app.now())


async def _count(app: AppContext, direction: str) -> int:
    async with app.db.session() as s:
        return len((await s.exec(select(Message).where(Message.direction == direction))).all())


async def test_duplicate_provider_id_is_stored_once(app: AppContext) -> None:
    first = await ingest(app, _inbound(app, "hi", "SM1"))
    again = await ingest(app, _inbound(app, "hi", "SM1"))
    assert not first.duplicate and again.duplicate
    assert again.message_id == first.message_id
    assert await _count(app, "in") == 1


async def test_same_id_on_another_channel_is_a_different_message(app: AppContext) -> None:
    await ingest(app, _inbound(app, "hi", "42"))
    other = await ingest(app, InboundMessage("telegram", "1234", "hi", "42", app.now()))
    assert not other.duplicate


async def test_processing_twice_changes_nothing(app: AppContext, chat: Chat) -> None:
    stored = await ingest(app, _inbound(app, "hi", "SM2"))
    assert await process_inbound(app, stored.message_id) is True
    assert await process_inbound(app, stored.message_id) is False
    assert await _count(app, "out") == 3  # welcome, privacy, menu - once


async def test_crash_between_store_and_process_is_recovered_once(app: AppContext) -> None:
    stored = await ingest(app, _inbound(app, "hi", "SM3"))  # stored and committed, then "the process died"
    assert await recover_inbox(app) == 1
    assert await recover_inbox(app) == 0
    async with app.db.session() as s:
        msg = await s.get(Message, stored.message_id)
        assert msg is not None and msg.status == "processed"
    assert await _count(app, "out") == 3


async def test_safeguarding_runs_before_keywords(app: AppContext, chat: Chat) -> None:
    """A risk message that is also a keyword-ish text still gets the crisis reply first."""
    await chat.say("hi")
    replies = await chat.say("stop i want to kill myself")
    assert replies and replies[0].kind.startswith("crisis")


async def test_opted_out_contact_is_still_screened(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    await chat.say("STOP")
    assert await chat.say("whatever") == []
    replies = await chat.say("i am going to kill myself tonight")
    assert [r.kind for r in replies] == ["crisis_immediate"]


async def test_screening_fails_closed(app: AppContext, chat: Chat, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str, context: object = None) -> Assessment:
        raise RuntimeError("lexicon unavailable")

    monkeypatch.setattr("bot.messaging.safeguarding_stage.safeguarding.screen", broken)
    replies = await chat.say("hello there")
    assert [r.kind for r in replies] == ["crisis_high"]
    async with app.db.session() as s:
        events = (await s.exec(select(AuditEvent).where(AuditEvent.action == "safeguarding.high"))).all()
    assert events and events[0].details["failed_closed"] is True


async def test_flow_error_still_answers_and_keeps_message(
    app: AppContext, chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug in a flow")

    monkeypatch.setattr("bot.messaging.pipeline.route_keyword", explode)
    replies = await chat.say("hi")
    assert [r.kind for r in replies] == ["error_sorry"]
    async with app.db.session() as s:
        msgs = (await s.exec(select(Message).where(Message.direction == "in"))).all()
    assert msgs[0].status == "processed" and msgs[0].meta.get("error") == "pipeline_failed"


async def test_no_phone_numbers_or_bodies_in_logs(
    app: AppContext, chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="bot")
    caplog.set_level("DEBUG", logger="flows")
    await chat.say("my secret words")
    assert "my secret words" not in caplog.text
    assert chat.sender not in caplog.text


async def test_contact_created_with_first_and_last_seen(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    async with app.db.session() as s:
        contact = (await s.exec(select(Contact))).one()
    assert contact.first_seen == app.now() and contact.last_seen == app.now()
