"""Demo appointments for `--demo`: the chat's default number has a school meeting tomorrow and a course of
six weekly phone sessions; another demo number has a video call; a pupil who joined the demo school has a
meeting and a clinic session with the demo practitioner (the dashboard's appointments page for
`demo.prac`), the meeting already confirmed. Fictional people on Ofcom drama numbers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.appointments import service
from bot.features.practitioners.service import alert_contact, by_username
from bot.storage.models import School

if TYPE_CHECKING:
    from bot.app.context import AppContext

DEMO_PERSON = "+447700900123"
"""`waymark chat --demo`'s default --from number (bot/cli/chat.py)."""
DEMO_OTHER = "+447700900124"
DEMO_PUPIL = "+447700900131"
"""Joined the demo school, so the demo practitioner (that school's) sees their appointments."""


def _local_day_at(app: AppContext, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """`hour`:`minute` local on the `days`-th school day (Monday to Friday) after today."""
    day = app.service.local(app.now()).date()
    while days > 0:
        day += dt.timedelta(days=1)
        days -= day.weekday() < 5
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=app.service.tz).astimezone(dt.UTC)


async def load_demo_appointments(app: AppContext, session: object) -> None:
    """Book the demo appointments (after the demo practitioners exist)."""
    assert isinstance(session, AsyncSession)
    sam = await by_username(session, "demo.duty")
    alex = await by_username(session, "demo.backup")
    now = app.now()
    person = await alert_contact(session, "sms", DEMO_PERSON, now)
    other = await alert_contact(session, "sms", DEMO_OTHER, now)
    actor = "demo"
    await service.book(
        app, session, contact=person, start=_local_day_at(app, 1, 15, 30), kind="school", actor=actor,
        practitioner=sam, place="Demo Academy, Room 4",
    )  # fmt: skip
    await service.book_course(
        app, session, contact=person, first_start=_local_day_at(app, 3, 16), sessions=6, kind="phone",
        actor=actor, practitioner=alex, minutes=30,
    )  # fmt: skip
    await service.book(
        app, session, contact=other, start=_local_day_at(app, 2, 10), kind="video", actor=actor,
        practitioner=sam, minutes=30,
    )  # fmt: skip
    await _school_pupil(app, session, actor)


async def _school_pupil(app: AppContext, session: AsyncSession, actor: str) -> None:
    ria = await by_username(session, "demo.prac")
    school = (await session.exec(select(School).limit(1))).first()
    if ria is None or school is None:
        return
    pupil = await alert_contact(session, "sms", DEMO_PUPIL, app.now())
    pupil.school_id, pupil.joined_school_at = school.id, app.now()
    session.add(pupil)
    meeting = await service.book(
        app, session, contact=pupil, start=_local_day_at(app, 1, 11), kind="school", actor=actor,
        practitioner=ria, place=f"{school.name}, Room 2",
    )  # fmt: skip
    await service.book(
        app, session, contact=pupil, start=_local_day_at(app, 2, 14, 15), kind="clinic", actor=actor,
        practitioner=ria, minutes=60, place="Riverside Clinic",
    )  # fmt: skip
    await service.answer_by_person(app, session, meeting, "yes", None)
