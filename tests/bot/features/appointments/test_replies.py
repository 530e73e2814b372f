"""Reminders go out at their time and Y / N / R change the appointment (through the real pipeline)."""

from __future__ import annotations

from sqlmodel import select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.appointments.models import CANCELLED_BY_PERSON, CONFIRMED, REARRANGE_REQUESTED
from bot.messaging.jobs import run_due_items
from bot.storage.models import AuditEvent
from tests.bot.features.appointments.support import SAM, book, practitioner, reload
from tests.support import Chat, RecordingSender, at_london


async def _remind(app: AppContext, clock: FixedClock, chat: Chat, at: object) -> list[str]:
    clock.set(at)  # type: ignore[arg-type]
    await run_due_items(app)
    return [m.text for m in await chat.flush()]


async def test_reminder_then_yes_confirms(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    appt = await book(app, at_london(2026, 11, 19, 15, 30))
    sent = await _remind(app, clock, chat, at_london(2026, 11, 17, 15, 30))
    assert sent == [
        "Waymark: your meeting with Sam is on Thu 19 Nov at 3.30pm at Oak School, Room 4. Reply Y if you can"
        " come, N if you cannot, R to change it."
    ]
    # A contact's first text to us also gets the welcome and the privacy note first.
    replies = await chat.texts("yh")
    assert replies[-1] == "Thank you. Your meeting with Sam on Thu 19 Nov at 3.30pm is confirmed."
    assert len(replies) == 3
    assert (await reload(app, appt.id or 0)).status == CONFIRMED


async def test_no_with_reason_cancels_and_tells_practitioner(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    appt = await book(app, at_london(2026, 11, 19, 15, 30))
    await _remind(app, clock, chat, at_london(2026, 11, 19, 13, 30))
    replies = await chat.texts("N im ill")
    assert replies[-1].startswith("Thank you for telling us. We have cancelled your meeting with Sam today")
    stored = await reload(app, appt.id or 0)
    assert (stored.status, stored.reason) == (CANCELLED_BY_PERSON, "im ill")
    sender = app.senders["sms"]
    assert isinstance(sender, RecordingSender)
    staff = [m.text for m in sender.sent if m.to == SAM]
    assert staff == [
        f"Waymark: appointment {appt.id} (today at 3.30pm) was cancelled by the person."
        f" See waymark appointments show {appt.id}"
    ]
    assert "ill" not in staff[0]


async def test_rearrange(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    appt = await book(app, at_london(2026, 11, 19, 15, 30), kind="phone")
    sent = await _remind(app, clock, chat, at_london(2026, 11, 17, 15, 30))
    assert sent[0].startswith("Waymark: Sam will call you on this number on Thu 19 Nov at 3.30pm.")
    reply = (await chat.texts("can we change it"))[-1]
    assert reply.startswith("OK. Someone from our team will be in touch about a new time")
    assert (await reload(app, appt.id or 0)).status == REARRANGE_REQUESTED
    async with app.db.session() as session:
        actions = (await session.exec(select(AuditEvent.action))).all()
    assert "appointment.rearrange_requested" in actions
