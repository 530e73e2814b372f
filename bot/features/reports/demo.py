"""`--demo` activity for the reports: two more schools and eight weeks of made-up use, so the last
month's report has figures in every section. Fixed random seed (the same figures every time, relative
to now); numbers are Ofcom's drama range, Telegram ids are made up; every case and call-back is closed,
so the duty queue and call-back queue stay as the other demos leave them."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.appointments.models import Appointment
from bot.features.callbacks.models import Callback, CallbackAttempt
from bot.features.callbacks.refs import unique_ref
from bot.features.referrals.models import Referral
from bot.features.schools.service import add_code, add_school
from bot.storage.models import AuditEvent, Contact, Message, School
from safeguarding.escalations import new_ref
from safeguarding.models import ALERT, RESOLVED, REVIEW, Escalation
from signposting.models import SignpostingRecord

if TYPE_CHECKING:
    from bot.app.context import AppContext

SEED = 20261116
PEOPLE = 120
DAYS = 56
SCHOOLS = (("Riverside High School", "RIVER2"), ("Hillside Primary", "HILL3"))
TEXTS = ("hi", "can i talk to someone", "what help is there near me", "ok thanks", "menu", "1")


def _minutes(value: float) -> dt.timedelta:
    return dt.timedelta(minutes=value)


async def load_demo_activity(app: AppContext, session: AsyncSession) -> None:
    """Contacts, texts, cases, call-backs, referrals, appointments and signposting over `DAYS` days."""
    rng = random.Random(SEED)
    now = app.now()
    schools = [s.id for s in (await session.exec(select(School))).all() if s.id is not None]
    for name, code in SCHOOLS:
        school = await add_school(
            session, name=name, local_authority="Demo Borough", team_contact=None, now=now
        )
        assert school.id is not None
        await add_code(session, school.id, code, now)
        schools.append(school.id)
    people: list[tuple[Contact, list[dt.datetime]]] = []
    for i in range(PEOPLE):
        people.append(await _person(session, rng, now, i, [*schools, *schools, None]))
    for contact, times in rng.sample(people, 34):
        await _case(session, rng, contact, rng.choice(times), kind=ALERT if rng.random() < 0.75 else REVIEW)
    for contact, times in rng.sample(people, 70):
        await _callback(session, rng, contact, rng.choice(times), now)
    for contact, times in rng.sample(people, 26):
        await _referral(session, rng, contact, rng.choice(times), now)
    for contact, _ in rng.sample(people, 70):
        await _appointment(session, rng, contact, now)
    for contact, times in rng.sample(people, 60):
        assert contact.id is not None
        when = rng.choice(times) + _minutes(3)
        answer = (
            rng.choice(("yes", "yes", "yes", "no", "help", None))
            if when < now - dt.timedelta(days=7)
            else None
        )
        session.add(
            SignpostingRecord(
                contact_id=contact.id,
                need=rng.choice(("anxiety", "sleep", "low_mood")),
                created_at=when,
                followup_answer=answer,
                followup_answered_at=when + dt.timedelta(days=7) if answer else None,
            )
        )
    await session.flush()


async def _person(
    session: AsyncSession, rng: random.Random, now: dt.datetime, i: int, schools: list[int | None]
) -> tuple[Contact, list[dt.datetime]]:
    telegram = rng.random() < 0.25
    first = now - dt.timedelta(days=rng.uniform(1, DAYS), hours=rng.uniform(0, 12))
    first = first.replace(hour=rng.choice((8, 10, 12, 13, 15, 16, 17, 19, 21, 22)))
    school = rng.choice(schools)
    contact = Contact(
        channel="telegram" if telegram else "sms",
        address=f"70000{i:04d}" if telegram else f"+447700900{300 + i}",
        school_id=school,
        joined_school_at=first + _minutes(1) if school else None,
        first_seen=first,
        last_seen=first,
    )
    session.add(contact)
    await session.flush()
    assert contact.id is not None
    if school is not None:
        session.add(
            AuditEvent(
                at=first + _minutes(1),
                actor=f"contact:{contact.id}",
                action="school.joined",
                subject_type="contact",
                subject_id=str(contact.id),
                details={"school_id": school, "previous_school_id": None},
            )
        )
    starts = [first]
    for _ in range(rng.randint(0, 3)):
        later = first + dt.timedelta(days=rng.uniform(1, 14), hours=rng.uniform(-3, 3))
        if later < now:
            starts.append(later)
    for start in starts:
        for k in range(rng.randint(1, 4)):
            at = start + _minutes(4 * k)
            session.add(_message(contact, "in", at))
            session.add(_message(contact, "out", at + _minutes(0.2)))
            contact.last_seen = max(contact.last_seen, at)
    return contact, starts


def _message(contact: Contact, direction: str, at: dt.datetime) -> Message:
    assert contact.id is not None
    inbound = direction == "in"
    return Message(
        contact_id=contact.id,
        direction=direction,
        channel=contact.channel,
        body=TEXTS[(contact.id + at.minute) % len(TEXTS)] if inbound else "(demo reply)",
        status="processed" if inbound else "delivered",
        kind="inbound" if inbound else "reply",
        created_at=at,
        processed_at=at if inbound else None,
        sent_at=None if inbound else at,
    )


async def _case(
    session: AsyncSession, rng: random.Random, contact: Contact, at: dt.datetime, kind: str
) -> None:
    assert contact.id is not None
    severity = "concern" if kind == REVIEW else ("immediate" if rng.random() < 0.25 else "high")
    wait = _minutes(rng.choice((2, 4, 6, 9, 12, 18, 25, 40, 75)))
    ack = None if kind == REVIEW else at + wait
    session.add(
        Escalation(
            ref=new_ref(),
            kind=kind,
            contact_id=contact.id,
            severity=severity,
            categories=["low_mood"] if kind == REVIEW else ["self_harm"],
            status=RESOLVED,
            outcome="contacted",
            created_at=at,
            ack_deadline=None if kind == REVIEW else at + _minutes(5 if severity == "immediate" else 30),
            acknowledged_at=ack,
            acknowledged_by="demo.duty" if ack else None,
            resolved_at=at + dt.timedelta(hours=3),
            resolved_by="demo.duty",
            label=rng.choice(("real", "false_alarm")),
        )
    )


async def _callback(
    session: AsyncSession, rng: random.Random, contact: Contact, at: dt.datetime, now: dt.datetime
) -> None:
    assert contact.id is not None
    status = rng.choice(("done", "done", "done", "done", "no_answer", "cancelled"))
    first = at + _minutes(rng.choice((35, 60, 90, 150, 240, 420, 900)))
    cb = Callback(
        ref=await unique_ref(session, Callback.ref, "CB"),
        contact_id=contact.id,
        requester=rng.choice(("pupil", "parent")),
        phone=f"+447700900{900 + contact.id % 90}",
        window={},
        safe_to_say=True,
        status=status,
        due_by=at + dt.timedelta(hours=8),
        created_at=at,
        updated_at=min(now, first),
        closed_at=min(now, first),
    )
    session.add(cb)
    await session.flush()
    assert cb.id is not None
    if status != "cancelled":
        session.add(
            CallbackAttempt(
                callback_id=cb.id,
                at=min(now, first),
                by="demo.prac",
                outcome="done" if status == "done" else "no_answer",
            )
        )


async def _referral(
    session: AsyncSession, rng: random.Random, contact: Contact, at: dt.datetime, now: dt.datetime
) -> None:
    assert contact.id is not None
    status = rng.choice(("accepted", "accepted", "accepted", "signposted", "signposted", "declined"))
    triaged = min(now, at + dt.timedelta(hours=rng.choice((3, 20, 26, 50, 70))))
    session.add(
        Referral(
            ref=await unique_ref(session, Referral.ref, "RF"),
            contact_id=contact.id,
            school_id=contact.school_id,
            story="(demo referral)",
            status=status,
            reason=None,
            triaged_by="demo.prac",
            triaged_at=triaged,
            created_at=at,
        )
    )


async def _appointment(session: AsyncSession, rng: random.Random, contact: Contact, now: dt.datetime) -> None:
    assert contact.id is not None
    day = (now - dt.timedelta(days=rng.randint(1, DAYS - 2))).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    if day.weekday() >= 5:
        day -= dt.timedelta(days=day.weekday() - 4)
    status = rng.choice(
        ("attended",) * 6 + ("did_not_attend",) * 2 + ("cancelled_by_person", "cancelled_by_team")
    )
    appt = Appointment(
        contact_id=contact.id,
        practitioner_name="Sam",
        start_at=day,
        kind="school",
        status=status,
        reminders_sent=2,
        last_reminder_at=day - dt.timedelta(hours=2),
        created_by="demo.prac",
        created_at=day - dt.timedelta(days=10),
        updated_at=day,
    )
    session.add(appt)
    await session.flush()
    if status != "did_not_attend" and rng.random() < 0.7:
        session.add(
            AuditEvent(
                at=day - dt.timedelta(hours=40),
                actor=f"contact:{contact.id}",
                action="appointment.answered",
                subject_type="contact",
                subject_id=str(contact.id),
                details={"appointment": appt.id, "answer": "yes"},
            )
        )
