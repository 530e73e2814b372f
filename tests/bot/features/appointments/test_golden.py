"""Golden transcripts: imported appointments, their reminders at the right local times across both clock
changes, and the answers Y, N with a reason, R, and N with two appointments open.

Written as a clinician would review it (tests/bot/golden/appointments.txt): every text the person and the
practitioner get, stamped with the local time. Regenerate with WAYMARK_WRITE_GOLDEN=1 and review the diff.
The NLU is the real embedded one, so "when is my appt" and "cant make my appt tmrw" are routed as live.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.appointments.importer import book_rows, read_rows
from bot.features.appointments.models import Appointment
from bot.messaging.jobs import run_due_items
from bot.storage.models import ScheduledItem
from bot.storage.models.scheduled import PENDING
from nlu import EmbeddedParser
from tests.bot.features.appointments.support import SAM, practitioner
from tests.support import Chat, RecordingSender, at_london, make_context, prepare_database

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "appointments.txt"
PEOPLE = {"+447700900001": "ana", "+447700900002": "ben", "+447700900003": "cat", "+447700900004": "dev",
          SAM: "sam (practitioner)"}  # fmt: skip
CSV = """phone,start,kind,practitioner,practitioner_name,minutes,place,sessions
07700 900001,2026-03-30 10:00,school,sam,,45,"Oak School, Room 4",
07700 900002,2026-10-26 16:00,phone,sam,,30,,2
07700 900003,2026-10-27 09:00,clinic,,Alex Smith (demo),45,Riverside Clinic,
07700 900004,2026-11-19 15:30,school,sam,,45,"Oak School, Room 4",
07700 900004,2026-11-20 16:00,video,sam,,30,,
"""


@pytest.fixture
async def nlu_app(tmp_path: Path) -> AsyncIterator[AppContext]:
    clock = FixedClock(at_london(2026, 3, 20, 12))
    app = make_context(f"sqlite:///{tmp_path / 'golden.db'}", clock, nlu=EmbeddedParser())
    await prepare_database(app)
    yield app
    await app.close()


class Transcript:
    def __init__(self, app: AppContext) -> None:
        self.app = app
        sender = app.senders["sms"]
        assert isinstance(sender, RecordingSender)
        self.sender, self.seen, self.lines = sender, 0, []
        self.clock = app.clock
        assert isinstance(self.clock, FixedClock)

    def stamp(self) -> str:
        return f"[{self.app.service.local(self.app.now()):%a %d %b %Y %H:%M %Z}]"

    def note(self, line: str) -> None:
        self.lines.append(line)

    async def collect(self) -> None:
        chat = Chat(self.app)
        await chat.flush()
        for m in self.sender.sent[self.seen :]:
            self.lines.append(f"{self.stamp()} < to {PEOPLE.get(m.to, m.to)}: {m.text}")
        self.seen = len(self.sender.sent)

    async def until(self, at: dt.datetime) -> None:
        """Run every scheduled item due up to `at`, in order, at its own time."""
        while True:
            async with self.app.db.session() as session:
                due = (
                    await session.exec(
                        select(ScheduledItem.due_at)
                        .where(ScheduledItem.status == PENDING, col(ScheduledItem.due_at) <= at)
                        .order_by(col(ScheduledItem.due_at))
                        .limit(1)
                    )
                ).first()
            if due is None:
                break
            self.clock.set(due)
            await run_due_items(self.app)
            await self.collect()
        self.clock.set(at)

    async def say(self, who: str, text: str) -> None:
        number = next(n for n, name in PEOPLE.items() if name == who)
        self.lines.append(f"{self.stamp()} > {who}: {text}")
        await Chat(self.app).as_(number).say(text)
        await self.collect()

    async def statuses(self) -> None:
        async with self.app.db.session() as session:
            rows = (await session.exec(select(Appointment).order_by(col(Appointment.id)))).all()
        for a in rows:
            local = self.app.service.local(a.start_at)
            reason = f", reason: {a.reason}" if a.reason else ""
            self.lines.append(
                f"    appointment {a.id} {local:%a %d %b %H:%M %Z} {a.kind}: {a.status}{reason}"
            )


async def test_golden_appointment_reminders_and_answers(nlu_app: AppContext, tmp_path: Path) -> None:
    t = Transcript(nlu_app)
    await practitioner(nlu_app)
    csv = tmp_path / "appointments.csv"
    csv.write_text(CSV, encoding="utf-8")
    async with nlu_app.db.session() as session:
        booked = await book_rows(nlu_app, session, read_rows(csv, nlu_app), csv.name, "practitioner:sam")
        await session.commit()
    t.note(f"{t.stamp()} imported appointments.csv: {booked} appointments")
    async with nlu_app.db.session() as session:
        items = (await session.exec(select(ScheduledItem).order_by(col(ScheduledItem.due_at)))).all()
    for item in items:
        local = nlu_app.service.local(item.due_at)
        t.note(f"    reminder for appointment {item.payload['appointment_id']} ({item.payload['offset']}) "
               f"at {local:%a %d %b %Y %H:%M %Z}")  # fmt: skip

    t.note("-- spring: the clocks go forward on Sun 29 Mar; ana answers Y")
    await t.until(at_london(2026, 3, 28, 12))
    await t.say("ana", "Y")
    await t.until(at_london(2026, 3, 30, 12))

    t.note("-- autumn: the clocks go back on Sun 25 Oct; ben cannot come and says why, cat asks to change")
    await t.until(at_london(2026, 10, 24, 17))
    await t.say("ben", "N im ill")
    await t.until(at_london(2026, 10, 25, 12))
    await t.say("cat", "can we change it")
    await t.say("cat", "when is my appt")
    await t.until(at_london(2026, 11, 3, 12))

    t.note("-- two open appointments: dev says N, is asked which, and gives a reason")
    await t.until(at_london(2026, 11, 19, 14))
    await t.say("dev", "N")
    await t.say("dev", "2")
    await t.say("dev", "football training ran late")
    await t.say("dev", "cant make my appt tmrw")
    await t.say("dev", "1")
    await t.say("dev", "SKIP")
    await t.statuses()

    got = "\n".join(t.lines) + "\n"
    if os.environ.get("WAYMARK_WRITE_GOLDEN"):
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8"), got
