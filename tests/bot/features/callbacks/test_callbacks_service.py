"""Call-back actions: one audit event each, the no-answer text and its one retry, the team lead told about
an overdue call-back, and never a number in an audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.callbacks import service
from bot.features.callbacks.models import Callback
from bot.features.callbacks.service import CallbackError, NewCallback
from bot.messaging.jobs import run_due_items
from bot.storage.models import AuditEvent, Contact, Message, ScheduledItem
from flows.callback_window import AFTER_SCHOOL, MORNING
from tests.bot.escalation_support import MO, sent_to, staffed_app  # noqa: F401 (the app fixture)
from tests.support import Chat, at_london

NUMBER = "+447700900001"


async def _contact(app: AppContext, address: str = NUMBER, channel: str = "sms") -> Contact:
    async with app.db.session() as session:
        contact = Contact(channel=channel, address=address, first_seen=app.now(), last_seen=app.now())
        session.add(contact)
        await session.commit()
        await session.refresh(contact)
        return contact


async def _create(app: AppContext, contact: Contact, **kw: object) -> Callback:
    request = NewCallback(**{"window": AFTER_SCHOOL, "safe_to_say": False, "voicemail": False, **kw})  # type: ignore[arg-type]
    async with app.db.session() as session:
        row = await session.get(Contact, contact.id)
        assert row is not None
        cb = await service.create(app, session, row, request, actor=f"contact:{contact.id}")
        await session.commit()
        await session.refresh(cb)
        return cb


async def _audit(app: AppContext) -> list[AuditEvent]:
    async with app.db.session() as session:
        rows = await session.exec(
            select(AuditEvent).where(AuditEvent.subject_type == "callback").order_by(col(AuditEvent.id))
        )
        return list(rows.all())


async def test_create_computes_the_due_by_and_audits_without_the_number(
    app: AppContext, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 12, 7, 10))
    cb = await _create(app, await _contact(app), phone="+441174960123", about="my son")
    assert cb.ref.startswith("CB-") and len(cb.ref) == 7
    assert cb.due_by == at_london(2026, 12, 8, 17)
    [event] = await _audit(app)
    assert event.action == "callback.created" and event.subject_id == cb.ref
    assert "1174960123" not in str(event.details) and "my son" not in str(event.details)
    async with app.db.session() as session:
        items = (
            await session.exec(select(ScheduledItem).where(ScheduledItem.kind == "callback_overdue"))
        ).all()
    assert [i.due_at for i in items] == [cb.due_by]


async def test_a_telegram_contact_must_give_a_number(app: AppContext) -> None:
    contact = await _contact(app, "123456", "telegram")
    with pytest.raises(CallbackError, match="UK phone number"):
        await _create(app, contact)
    cb = await _create(app, contact, phone="+447700900241")
    assert cb.phone == "+447700900241"


async def test_claim_and_take_over(app: AppContext) -> None:
    cb = await _create(app, await _contact(app))
    async with app.db.session() as session:
        await service.claim(session, cb.ref.lower(), "ana", app.now())
        again = await service.claim(session, cb.ref, "ben", app.now())
        await session.commit()
    assert (again.status, again.claimed_by) == ("claimed", "ben")
    events = await _audit(app)
    assert [e.action for e in events] == ["callback.created", "callback.claimed", "callback.claimed"]
    assert events[-1].actor == "practitioner:ben" and events[-1].details["previous"] == "ana"


async def test_no_answer_texts_the_person_and_allows_one_retry(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 12, 7, 16))
    cb = await _create(app, await _contact(app), window=MORNING)
    clock.set(at_london(2026, 12, 8, 21))  # recorded in the evening: the text waits for quiet hours to end
    async with app.db.session() as session:
        first = await service.record_outcome(app, session, cb.ref, "ana", "no_answer", "rang twice")
        await session.commit()
    assert (first.status, first.retry_left, first.closed_at) == ("no_answer", 0, None)
    assert first.due_by > app.now()
    async with app.db.session() as session:
        [msg] = (await session.exec(select(Message).where(Message.kind == "callback_no_answer"))).all()
    assert msg.body == "We tried to call you. Reply CALL to ask again."
    assert msg.next_attempt_at == at_london(2026, 12, 9, 8)
    async with app.db.session() as session:
        second = await service.record_outcome(app, session, cb.ref, "ana", "no_answer")
        await session.commit()
    assert second.closed_at is not None and second.status == "no_answer"
    with pytest.raises(CallbackError, match="closed"):
        async with app.db.session() as session:
            await service.record_outcome(app, session, cb.ref, "ana", "done")
    events = await _audit(app)
    assert [e.action for e in events][-2:] == ["callback.outcome", "callback.outcome"]
    assert "rang twice" not in str([e.details for e in events])


async def test_an_opted_out_person_is_not_texted(app: AppContext) -> None:
    contact = await _contact(app)
    cb = await _create(app, contact)
    async with app.db.session() as session:
        row = await session.get(Contact, contact.id)
        assert row is not None
        row.opted_out = True
        session.add(row)
        await session.commit()
    async with app.db.session() as session:
        await service.record_outcome(app, session, cb.ref, "ana", "no_answer")
        await session.commit()
        assert not (await session.exec(select(Message).where(Message.kind == "callback_no_answer"))).all()
    assert (await _audit(app))[-1].details["texted"] is False


async def test_bad_outcome_is_refused(app: AppContext) -> None:
    cb = await _create(app, await _contact(app))
    with pytest.raises(CallbackError, match="outcome must be one of"):
        async with app.db.session() as session:
            await service.record_outcome(app, session, cb.ref, "ana", "maybe")


async def test_overdue_alerts_the_team_lead_once(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    clock.set(at_london(2026, 12, 7, 10))
    cb = await _create(app, await _contact(app, "+447700900777"))
    clock.set(cb.due_by + dt.timedelta(minutes=1))
    await run_due_items(app)
    await run_due_items(app)
    await chat.flush()
    [alert] = [m for m in sent_to(app, MO) if m.kind == "callback_overdue_alert"]
    assert cb.ref in alert.text and "0777" not in alert.text
    assert (await _audit(app))[-1].action == "callback.overdue_alerted"


async def test_done_in_time_means_no_alert(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    clock.set(at_london(2026, 12, 7, 10))
    cb = await _create(app, await _contact(app, "+447700900778"))
    async with app.db.session() as session:
        await service.record_outcome(app, session, cb.ref, "ana", "done")
        await session.commit()
    clock.set(cb.due_by + dt.timedelta(hours=1))
    await run_due_items(app)
    await chat.flush()
    assert not [m for m in sent_to(app, MO) if m.kind == "callback_overdue_alert"]


async def test_cancel(app: AppContext) -> None:
    cb = await _create(app, await _contact(app))
    async with app.db.session() as session:
        row = await service.get(session, cb.ref)
        await service.cancel(session, row, actor="practitioner:ana", now=app.now(), reason="team_closed")
        await session.commit()
        with pytest.raises(CallbackError, match="already closed"):
            await service.cancel(session, await service.get(session, cb.ref), actor="x", now=app.now())
        assert await service.open_for_contact(session, cb.contact_id) is None
        pending = (
            await session.exec(
                select(ScheduledItem).where(
                    ScheduledItem.kind == "callback_overdue", ScheduledItem.status == "pending"
                )
            )
        ).all()
    assert not pending
    with pytest.raises(CallbackError, match="no call-back"):
        async with app.db.session() as session:
            await service.get(session, "CB-XXXX")
