"""A hand-built week of activity (ISO week 2026-W46, Mon 9 to Sun 15 Nov 2026; London is on GMT then)
with known figures, for the report tests. Rows are written straight into the real tables."""

from __future__ import annotations

import datetime as dt

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.context import AppContext
from bot.features.appointments.models import Appointment
from bot.features.callbacks.models import Callback, CallbackAttempt
from bot.features.checkins.tables import CheckinAnswer, CheckinPlan
from bot.features.referrals.models import Referral
from bot.storage.models import AuditEvent, Contact, Message, School
from safeguarding.models import Escalation
from signposting.models import SignpostingRecord

WEEK = "2026-W46"


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=dt.UTC)


async def _contact(
    session: AsyncSession, address: str, channel: str, school: int | None, first: dt.datetime
) -> int:
    c = Contact(channel=channel, address=address, school_id=school, first_seen=first, last_seen=first)
    session.add(c)
    await session.flush()
    assert c.id is not None
    return c.id


def _text(contact: int, direction: str, when: dt.datetime) -> Message:
    return Message(
        contact_id=contact, direction=direction, channel="sms", body="x", status="processed", created_at=when
    )


async def seed(app: AppContext) -> tuple[int, int]:
    """Two schools (Ash, Elm) and a week of activity; (ash id, elm id)."""
    async with app.db.session() as s:
        oak, elm = (
            School(name="Ash Academy", local_authority="T", created_at=at(1, 9)),
            School(name="Elm School", local_authority="T", created_at=at(1, 9)),
        )
        s.add_all([oak, elm])
        await s.flush()
        assert oak.id is not None and elm.id is not None
        c1 = await _contact(s, "+447700900101", "sms", oak.id, at(10, 9))  # new: joined Ash by code
        c2 = await _contact(s, "101", "telegram", None, at(11, 9))  # new: Telegram, no code
        c3 = await _contact(s, "+447700900103", "sms", elm.id, at(1, 9))  # from before the week
        s.add(
            AuditEvent(
                at=at(10, 9, 1),
                actor=f"contact:{c1}",
                action="school.joined",
                subject_type="contact",
                subject_id=str(c1),
                details={"school_id": oak.id},
            )
        )
        s.add_all(
            [
                _text(c1, "in", at(10, 9)),
                _text(c1, "in", at(10, 9, 10)),  # same conversation
                _text(c1, "in", at(10, 11)),  # a new one (gap over 30 min)
                _text(c3, "in", at(8, 23, 55)),  # before the week
                _text(c3, "in", at(9, 0, 10)),  # carries on the conversation from before the week
                _text(c2, "in", at(16, 9)),  # after the week
                _text(c1, "out", at(10, 9)),
                _text(c3, "out", at(9, 0, 11)),
            ]
        )
        s.add_all(
            [
                Escalation(
                    ref="E1",
                    contact_id=c1,
                    severity="high",
                    created_at=at(10, 10),
                    acknowledged_at=at(10, 10, 10),
                    ack_deadline=at(10, 10, 30),
                ),
                Escalation(
                    ref="E2",
                    contact_id=c3,
                    severity="immediate",
                    created_at=at(14, 2),
                    acknowledged_at=at(14, 2, 40),
                    ack_deadline=at(14, 2, 5),  # late
                ),
                Escalation(ref="E3", contact_id=c1, severity="high", created_at=at(15, 12)),
                Escalation(ref="E4", kind="review", contact_id=c3, severity="concern", created_at=at(12, 12)),
            ]
        )
        cb1 = Callback(
            ref="C1",
            contact_id=c1,
            phone="x",
            due_by=at(10, 17),
            status="done",
            created_at=at(10, 9),
            updated_at=at(10, 10),
        )
        cb2 = Callback(
            ref="C2", contact_id=c3, phone="x", due_by=at(12, 17), created_at=at(12, 9), updated_at=at(12, 9)
        )
        s.add_all([cb1, cb2])
        await s.flush()
        assert cb1.id is not None
        s.add(CallbackAttempt(callback_id=cb1.id, at=at(10, 10), by="prac", outcome="done"))
        s.add_all(
            [
                Referral(
                    ref="R1",
                    contact_id=c1,
                    story="x",
                    status="accepted",
                    created_at=at(10, 9),
                    triaged_at=at(10, 11),
                ),
                Referral(ref="R2", contact_id=c3, story="x", created_at=at(11, 9)),
            ]
        )
        appts = [
            Appointment(
                contact_id=c1,
                practitioner_name="Sam",
                start_at=at(11, 10),
                kind="school",
                status="attended",
                reminders_sent=2,
                created_by="x",
                created_at=at(1, 9),
                updated_at=at(1, 9),
            ),
            Appointment(
                contact_id=c3,
                practitioner_name="Sam",
                start_at=at(12, 10),
                kind="school",
                status="did_not_attend",
                reminders_sent=1,
                created_by="x",
                created_at=at(1, 9),
                updated_at=at(1, 9),
            ),
            Appointment(
                contact_id=c3,
                practitioner_name="Sam",
                start_at=at(13, 10),
                kind="school",
                status="cancelled_by_person",
                reminders_sent=1,
                created_by="x",
                created_at=at(1, 9),
                updated_at=at(1, 9),
            ),
        ]
        s.add_all(appts)
        await s.flush()
        s.add(
            AuditEvent(
                at=at(10, 10),
                actor=f"contact:{c1}",
                action="appointment.answered",
                subject_type="contact",
                subject_id=str(c1),
                details={"appointment": appts[0].id, "answer": "yes"},
            )
        )
        p1 = CheckinPlan(
            contact_id=c1,
            kind="custom",
            weekday="mon",
            local_time=dt.time(16),
            starts_on=dt.date(2026, 11, 1),
            owner="prac",
            created_by="x",
            created_at=at(1, 9),
        )
        p2 = CheckinPlan(
            contact_id=c3,
            kind="custom",
            weekday="mon",
            local_time=dt.time(16),
            starts_on=dt.date(2026, 11, 1),
            owner="prac",
            created_by="x",
            created_at=at(1, 9),
        )
        s.add_all([p1, p2])
        await s.flush()
        assert p1.id is not None and p2.id is not None
        s.add_all(
            [
                CheckinAnswer(
                    plan_id=p1.id,
                    contact_id=c1,
                    sequence=1,
                    status="answered",
                    due_at=at(2, 16),
                    asked_at=at(2, 16),
                    score=4,
                ),
                CheckinAnswer(
                    plan_id=p1.id,
                    contact_id=c1,
                    sequence=2,
                    status="answered",
                    due_at=at(9, 16),
                    asked_at=at(9, 16),
                    score=7,
                ),
                CheckinAnswer(
                    plan_id=p1.id,
                    contact_id=c1,
                    sequence=3,
                    status="missed",
                    due_at=at(12, 16),
                    asked_at=at(12, 16),
                ),
                CheckinAnswer(
                    plan_id=p2.id,
                    contact_id=c3,
                    sequence=1,
                    status="answered",
                    due_at=at(9, 16),
                    asked_at=at(9, 16),
                    score=5,
                ),
            ]
        )
        s.add_all(
            [
                SignpostingRecord(contact_id=c1, need="anxiety", created_at=at(10, 9), followup_answer="yes"),
                SignpostingRecord(contact_id=c2, need="sleep", created_at=at(11, 9)),
            ]
        )
        await s.commit()
        return oak.id, elm.id
