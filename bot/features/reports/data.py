"""What the report reads from the database for one period: small rows, each tagged with a school.

Every row carries the school it counts for: the contact's school when the thing happened
(``school_history.py``: a pupil who moved school counts for the old school before the move), or a
referral's own school when the person named one. So the figures for any set of schools are the same code
run over fewer rows. Nothing here reads message text, names or phone numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.appointments.models import Appointment
from bot.features.callbacks.models import Callback, CallbackAttempt
from bot.features.checkins.tables import CheckinAnswer
from bot.features.referrals.models import Referral
from bot.features.reports.periods import Period
from bot.features.reports.school_history import SchoolHistory, load_history
from bot.storage.models import AuditEvent, Contact, Message, School
from safeguarding.models import Escalation
from signposting.models import SignpostingRecord

JOIN_WINDOW = dt.timedelta(days=1)
"""A new contact "joined with a school code" when they joined a school within a day of first contact."""


@dataclass(frozen=True)
class Inbound:
    school: int | None
    contact: int
    at: dt.datetime
    previous: dt.datetime | None  # the contact's inbound text before this one (maybe before the period)


@dataclass(frozen=True)
class NewContact:
    school: int | None
    channel: str
    by_code: bool


@dataclass(frozen=True)
class Case:
    school: int | None
    kind: str
    severity: str
    created: dt.datetime
    acknowledged: dt.datetime | None
    deadline: dt.datetime | None


@dataclass(frozen=True)
class CallRequest:
    school: int | None
    status: str
    created: dt.datetime
    due_by: dt.datetime
    first_call: dt.datetime | None


@dataclass(frozen=True)
class ReferralRow:
    school: int | None
    status: str
    created: dt.datetime
    triaged: dt.datetime | None


@dataclass(frozen=True)
class Booking:
    school: int | None
    status: str
    start: dt.datetime
    reminded: bool
    confirmed: bool


@dataclass(frozen=True)
class CheckinRow:
    school: int | None
    plan: int
    status: str
    asked: dt.datetime
    score: int | None
    score_at: dt.datetime | None


@dataclass(frozen=True)
class Signposted:
    school: int | None
    answer: str | None


class _Tagged(Protocol):
    @property
    def school(self) -> int | None: ...


_T = TypeVar("_T", bound=_Tagged)


@dataclass
class ReportData:
    """The rows for one period (and the scored check-ins before it, for score change)."""

    period: Period
    schools: dict[int, str]
    outbound: list[int | None] = field(default_factory=list)  # one school tag per text we sent
    inbound: list[Inbound] = field(default_factory=list)
    new_contacts: list[NewContact] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    callbacks: list[CallRequest] = field(default_factory=list)
    referrals: list[ReferralRow] = field(default_factory=list)
    bookings: list[Booking] = field(default_factory=list)
    checkins: list[CheckinRow] = field(default_factory=list)
    signposted: list[Signposted] = field(default_factory=list)

    def only(self, schools: Sequence[int]) -> ReportData:
        """The same rows limited to these schools (rows with no school are dropped)."""
        keep = set(schools)

        def mine(rows: list[_T]) -> list[_T]:
            return [r for r in rows if r.school in keep]

        return ReportData(
            period=self.period,
            schools={k: v for k, v in self.schools.items() if k in keep},
            outbound=[s for s in self.outbound if s in keep],
            inbound=mine(self.inbound),
            new_contacts=mine(self.new_contacts),
            cases=mine(self.cases),
            callbacks=mine(self.callbacks),
            referrals=mine(self.referrals),
            bookings=mine(self.bookings),
            checkins=mine(self.checkins),
            signposted=mine(self.signposted),
        )


async def load(session: AsyncSession, period: Period) -> ReportData:
    """Every row the figures need for `period`, from the real tables."""
    start, end = period.start, period.end
    schools = {s.id: s.name for s in (await session.exec(select(School))).all() if s.id is not None}
    school_of = await load_history(session)
    data = ReportData(period, schools)
    await _messages(session, data, school_of)
    await _new_contacts(session, data, school_of)
    for esc in (
        await session.exec(
            select(Escalation).where(col(Escalation.created_at) >= start, col(Escalation.created_at) < end)
        )
    ).all():
        school = school_of.at(esc.contact_id, esc.created_at)
        data.cases.append(
            Case(school, esc.kind, esc.severity, esc.created_at, esc.acknowledged_at, esc.ack_deadline)
        )
    await _callbacks(session, data, school_of)
    for ref in (
        await session.exec(
            select(Referral).where(col(Referral.created_at) >= start, col(Referral.created_at) < end)
        )
    ).all():
        school = ref.school_id if ref.school_id is not None else school_of.at(ref.contact_id, ref.created_at)
        data.referrals.append(ReferralRow(school, ref.status, ref.created_at, ref.triaged_at))
    await _bookings(session, data, school_of)
    await _checkins(session, data, school_of)
    for rec in (
        await session.exec(
            select(SignpostingRecord).where(
                col(SignpostingRecord.created_at) >= start, col(SignpostingRecord.created_at) < end
            )
        )
    ).all():
        data.signposted.append(Signposted(school_of.at(rec.contact_id, rec.created_at), rec.followup_answer))
    return data


async def _messages(session: AsyncSession, data: ReportData, school_of: SchoolHistory) -> None:
    start, end = data.period.start, data.period.end
    created = col(Message.created_at)
    rows = (
        await session.exec(
            select(Message.contact_id, Message.direction, created)
            .where(created >= start, created < end)
            .order_by(col(Message.contact_id), created)
        )
    ).all()
    before = {
        int(cid): _aware(at)
        for cid, at in (
            await session.exec(
                select(Message.contact_id, func.max(created))
                .where(created < start, col(Message.direction) == "in")
                .group_by(col(Message.contact_id))
            )
        ).all()
    }
    last: dict[int, dt.datetime | None] = {}
    for cid, direction, at in rows:
        school = school_of.at(cid, at)
        if direction == "out":
            data.outbound.append(school)
            continue
        previous = last.get(cid, before.get(cid))
        data.inbound.append(Inbound(school, cid, at, previous))
        last[cid] = at


async def _new_contacts(session: AsyncSession, data: ReportData, school_of: SchoolHistory) -> None:
    start, end = data.period.start, data.period.end
    contacts = (
        await session.exec(
            select(Contact).where(col(Contact.first_seen) >= start, col(Contact.first_seen) < end)
        )
    ).all()
    ids = [str(c.id) for c in contacts]
    joined: dict[str, dt.datetime] = {}
    if ids:
        events = await session.exec(
            select(AuditEvent.subject_id, AuditEvent.at).where(
                col(AuditEvent.action) == "school.joined",
                col(AuditEvent.subject_type) == "contact",
                col(AuditEvent.subject_id).in_(ids),
            )
        )
        for subject, at in events.all():
            joined[subject] = min(at, joined.get(subject, at))
    for c in contacts:
        first_join = joined.get(str(c.id), c.joined_school_at)
        by_code = first_join is not None and first_join - c.first_seen <= JOIN_WINDOW
        # the school they joined in the period (or were with at its end), not a later one
        school = school_of.at(c.id, end - dt.timedelta(microseconds=1))
        data.new_contacts.append(NewContact(school, c.channel, by_code))


async def _callbacks(session: AsyncSession, data: ReportData, school_of: SchoolHistory) -> None:
    start, end = data.period.start, data.period.end
    requests = (
        await session.exec(
            select(Callback).where(col(Callback.created_at) >= start, col(Callback.created_at) < end)
        )
    ).all()
    first: dict[int, dt.datetime] = {}
    ids = [r.id for r in requests if r.id is not None]
    if ids:
        attempts = await session.exec(
            select(CallbackAttempt.callback_id, func.min(col(CallbackAttempt.at)))
            .where(col(CallbackAttempt.callback_id).in_(ids))
            .group_by(col(CallbackAttempt.callback_id))
        )
        first = {int(k): _aware(v) for k, v in attempts.all()}
    for r in requests:
        assert r.id is not None
        data.callbacks.append(
            CallRequest(
                school_of.at(r.contact_id, r.created_at), r.status, r.created_at, r.due_by, first.get(r.id)
            )
        )


async def _bookings(session: AsyncSession, data: ReportData, school_of: SchoolHistory) -> None:
    start, end = data.period.start, data.period.end
    appts = (
        await session.exec(
            select(Appointment).where(col(Appointment.start_at) >= start, col(Appointment.start_at) < end)
        )
    ).all()
    said_yes: set[int] = set()
    ids = {str(a.id) for a in appts}
    if ids:
        answers = await session.exec(
            select(AuditEvent.details).where(col(AuditEvent.action) == "appointment.answered")
        )
        for details in answers.all():
            appt = details.get("appointment")
            if details.get("answer") == "yes" and appt is not None and str(appt) in ids:
                said_yes.add(int(appt))
    for a in appts:
        assert a.id is not None
        confirmed = a.id in said_yes or a.status == "confirmed"
        data.bookings.append(
            Booking(
                school_of.at(a.contact_id, a.start_at), a.status, a.start_at, a.reminders_sent > 0, confirmed
            )
        )


async def _checkins(session: AsyncSession, data: ReportData, school_of: SchoolHistory) -> None:
    end = data.period.end
    rows = await session.exec(
        select(CheckinAnswer)
        .where(col(CheckinAnswer.asked_at) < end)
        .order_by(col(CheckinAnswer.plan_id), col(CheckinAnswer.sequence))
    )
    for a in rows.all():
        data.checkins.append(
            CheckinRow(
                school_of.at(a.contact_id, a.asked_at), a.plan_id, a.status, a.asked_at, a.score, a.score_at
            )
        )


def _aware(value: dt.datetime) -> dt.datetime:
    """Aggregates bypass the column type on SQLite: naive there means UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
