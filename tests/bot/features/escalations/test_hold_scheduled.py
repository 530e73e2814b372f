"""Scheduled texts keep out of a crisis hold: a reminder, a check-in or a signposting follow-up due while the
contact's flagged text is not yet acknowledged waits and is tried again within the hour; a reminder whose
appointment starts before the hold can end is dropped. Both are audited (docs/escalations.md)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.checkins.service import PlanSpec, add_plan, find_contact
from bot.messaging.jobs import run_due_items
from bot.storage.models import AuditEvent, ScheduledItem
from bot.storage.models.scheduled import PENDING
from flows.signposting_effects import FOLLOWUP_KIND
from safeguarding.escalations import acknowledge
from tests.bot.escalation_support import (
    escalations,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.bot.features.appointments.support import book, practitioner
from tests.support import Chat, at_london

RISK = "i want to kill myself"


async def _acknowledge(app: AppContext) -> None:
    [esc] = await escalations(app)
    async with app.db.session() as session:
        await acknowledge(session, esc.ref, by="ana", now=app.now())
        await session.commit()


async def _due(app: AppContext, clock: FixedClock, chat: Chat, at: dt.datetime) -> list[str]:
    """Run what is due at `at`; the kinds of the texts the contact was sent."""
    clock.set(at)
    await run_due_items(app)
    return [m.kind for m in await chat.flush()]


async def _audit(app: AppContext, action: str) -> list[dict[str, object]]:
    async with app.db.read_session() as session:
        rows = await session.exec(
            select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
        )
        return [dict(r.details or {}) for r in rows.all()]


async def test_a_reminder_waits_for_the_hold_and_goes_within_the_hour_of_the_acknowledgement(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    await book(app, at_london(2026, 11, 19, 15, 30))  # reminders at 15:30 on the 17th and 13:30 on the 19th
    clock.set(at_london(2026, 11, 17, 15))
    assert (await chat.say(RISK))[0].kind.startswith("crisis")
    assert await _due(app, clock, chat, at_london(2026, 11, 17, 15, 30)) == []  # held: nothing sent
    assert await _due(app, clock, chat, at_london(2026, 11, 17, 16, 0)) == []
    assert await _due(app, clock, chat, at_london(2026, 11, 17, 16, 30)) == []  # tried again: still held
    held = await _audit(app, "appointment.reminder_held")
    assert [d["reason"] for d in held] == ["crisis_hold", "crisis_hold"]
    assert held[0]["put_off_to"] == at_london(2026, 11, 17, 16, 30).isoformat()
    clock.set(at_london(2026, 11, 17, 16, 40))
    await _acknowledge(app)  # the duty clinician takes the case: the hold ends
    assert await _due(app, clock, chat, at_london(2026, 11, 17, 17, 0)) == []  # not due yet
    assert await _due(app, clock, chat, at_london(2026, 11, 17, 17, 30)) == ["appointment_reminder"]
    assert await _due(app, clock, chat, at_london(2026, 11, 17, 18, 30)) == []  # once only


async def test_a_reminder_the_hold_outlasts_is_dropped_and_audited(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    await book(app, at_london(2026, 11, 17, 16))  # within 48 hours: one reminder now, one at 14:00 on the day
    assert await _due(app, clock, chat, at_london(2026, 11, 16, 9)) == ["appointment_reminder"]
    clock.set(at_london(2026, 11, 17, 13))
    await chat.say(RISK)
    assert await _due(app, clock, chat, at_london(2026, 11, 17, 14)) == []  # put off to 15:00
    assert await _due(app, clock, chat, at_london(2026, 11, 17, 15)) == []  # 16:00 would be too late
    assert [d["put_off_to"] for d in await _audit(app, "appointment.reminder_held")] == [
        at_london(2026, 11, 17, 15).isoformat(),
        None,
    ]
    async with app.db.read_session() as session:
        pending = await session.exec(select(ScheduledItem.kind).where(ScheduledItem.status == PENDING))
        assert "appointment_reminder" not in pending.all()


async def test_a_check_in_waits_for_the_hold(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    clock.set(at_london(2026, 11, 2, 10))
    await chat.say("hi")
    async with app.db.session() as session:
        contact = await find_contact(session, chat.sender)
        spec = PlanSpec(kind="waiting_well", weekday="mon", local_time=dt.time(16), end_after=4, owner="ana")
        await add_plan(session, contact, spec, app.service, actor="practitioner:ana", now=app.now())
        await session.commit()
    clock.set(at_london(2026, 11, 2, 15, 30))
    await chat.say(RISK)
    assert await _due(app, clock, chat, at_london(2026, 11, 2, 16, 1)) == []
    [deferred] = await _audit(app, "checkins.deferred")
    assert deferred["reason"] == "crisis_hold"
    await _acknowledge(app)
    assert await _due(app, clock, chat, at_london(2026, 11, 2, 17, 1)) == ["checkin_ask_score"]


async def test_a_signposting_follow_up_waits_for_the_hold(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 11, 2, 10))
    await chat.say(RISK)
    [esc] = await escalations(app)
    async with app.db.session() as session:
        payload = {"record_id": 1, "service_name": "Kooth"}
        session.add(
            ScheduledItem(
                due_at=app.now(), kind=FOLLOWUP_KIND, contact_id=esc.contact_id, payload=payload,
                status=PENDING, created_at=app.now(),
            )
        )  # fmt: skip
        await session.commit()
    assert await _due(app, clock, chat, at_london(2026, 11, 2, 10, 5)) == []
    [deferred] = await _audit(app, "signposting.followup_deferred")
    assert (deferred["reason"], deferred["due_at"]) == (
        "crisis_hold",
        at_london(2026, 11, 2, 11, 5).isoformat(),
    )
    await _acknowledge(app)
    sent = await _due(app, clock, chat, at_london(2026, 11, 2, 11, 5))
    assert sent and all(kind.startswith("signpost_followup") for kind in sent), sent
