"""The daily purge: old text goes, a safeguarding case's conversation stays, audit keeps its own time."""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.data_protection.retention import purge
from bot.storage.models import AuditEvent, ConversationState, Message
from safeguarding import escalations as esc_service
from safeguarding.models import Escalation
from tests.support import Chat

OUTCOME = esc_service.OUTCOMES[0]


async def _messages(app: AppContext) -> list[Message]:
    async with app.db.session() as session:
        return list((await session.exec(select(Message).order_by(col(Message.id)))).all())


async def test_old_text_is_blanked_and_recent_kept(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    await chat.say("hi")
    clock.advance(days=400)
    await chat.say("menu")
    report = await purge(app)
    assert report.messages_blanked > 0 and report.messages_held == 0
    rows = await _messages(app)
    old = [m for m in rows if m.created_at < clock.now() - dt.timedelta(days=365)]
    new = [m for m in rows if m.created_at >= clock.now() - dt.timedelta(days=365)]
    assert old and all(m.body == "" and "purged_at" in m.meta for m in old)
    assert new and all(m.body for m in new)
    again = await purge(app)
    assert again.messages_blanked == 0  # idempotent


async def test_dry_run_changes_nothing(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    await chat.say("hi")
    clock.advance(days=400)
    before = [m.body for m in await _messages(app)]
    report = await purge(app, dry_run=True)
    assert report.dry_run and report.messages_blanked == len(before)
    assert [m.body for m in await _messages(app)] == before


async def test_case_conversation_is_held(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    other = chat.as_("+447700900002")
    await other.say("hi")  # another contact, no case: purged
    await chat.say("hi")
    await chat.say("i want to kill myself")
    clock.advance(days=400)
    report = await purge(app)
    assert report.messages_held > 0
    rows = await _messages(app)
    async with app.db.session() as session:
        case = (await session.exec(select(Escalation))).first()
    assert case is not None
    held = [m for m in rows if m.contact_id == case.contact_id]
    assert held and all(m.body for m in held)
    assert all(m.body == "" for m in rows if m.contact_id != case.contact_id)


async def test_resolved_case_lapses_after_case_years(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    await chat.say("i want to kill myself")
    async with app.db.session() as session:
        case = (await session.exec(select(Escalation))).one()
        await esc_service.resolve(
            session, case.ref, by="practitioner:test", outcome=OUTCOME, note="ok", now=clock.now()
        )
        await session.commit()
    clock.advance(days=365 * 21)
    report = await purge(app)
    assert report.messages_held == 0 and report.messages_blanked > 0


async def test_state_and_audit_purged_by_their_own_days(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    await chat.say("i feel anxious")  # starts a flow (state) and writes audit events
    clock.advance(days=400)
    await purge(app)
    async with app.db.session() as session:
        assert (await session.exec(select(ConversationState))).first() is None
        audit = (await session.exec(select(AuditEvent.action))).all()
    assert "retention.purged" in audit
    assert any(a.startswith("safeguarding.") for a in audit)  # 400 days < audit_days (2920)
    clock.advance(days=3000)
    await purge(app)
    async with app.db.session() as session:
        audit = (await session.exec(select(AuditEvent.action))).all()
    assert not any(a.startswith("safeguarding.") for a in audit)


async def test_serve_runs_the_purge_daily_at_the_configured_local_time(app: AppContext, chat: Chat) -> None:
    from bot.messaging.scheduler import Background

    background = Background(app)
    await background.start()
    try:
        job = background.scheduler.get_job("retention")
        assert job is not None
        local = app.service.local(job.next_run_time)
        assert (local.hour, local.minute) == (3, 30)
        await chat.say("hi")
        app.clock.advance(days=400)  # type: ignore[attr-defined]
        await background._purge()
    finally:
        await background.stop()
    assert all(m.body == "" for m in await _messages(app))
