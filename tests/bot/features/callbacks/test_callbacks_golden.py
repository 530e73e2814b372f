"""Golden transcripts of call-backs and self-referral: asking only what is missing, honest due-bys, the
team's actions and what the person is told, and an intake paused by a risk text and resumed afterwards.

The cases are data (tests/bot/golden/callbacks.yml) a clinician can read; each writes its transcript to
tests/bot/golden/callbacks/<name>.txt. Regenerate with WAYMARK_WRITE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.callbacks import service as callbacks
from bot.features.referrals import service as referrals
from bot.features.schools.service import add_code, add_school
from bot.messaging.jobs import run_due_items
from tests.bot.escalation_support import (
    ANA,
    BEN,
    MO,
    YOUNG_PERSON,
    escalations,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.support import Chat, RecordingSender
from tests.transcripts import london

HERE = Path(__file__).parents[2] / "golden"
CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "callbacks.yml").read_text(encoding="utf-8"))
NAMES = {ANA: "ana", BEN: "ben", MO: "mo", YOUNG_PERSON: "contact"}
NUMBERS = {name: number for number, name in NAMES.items()}
LONDON = ZoneInfo("Europe/London")
_REFS = re.compile(r"\b(CB|RF)-[A-Z0-9]{4}\b")


def _local(text: str) -> dt.datetime:
    return london(text).astimezone(dt.UTC)


class Transcript:
    def __init__(self, app: AppContext) -> None:
        sender = app.senders["sms"]
        assert isinstance(sender, RecordingSender)
        self.app, self.sender, self.seen, self.lines = app, sender, len(sender.sent), []

    async def esc_ref(self) -> str:
        found = await escalations(self.app)
        return found[0].ref if found else "REF"

    async def clean(self, text: str) -> str:
        return _REFS.sub(lambda m: f"{m.group(1)}-REF", text.replace(await self.esc_ref(), "REF"))

    async def collect(self) -> None:
        for m in self.sender.sent[self.seen :]:
            self.lines.append(f"< to {NAMES.get(m.to, m.to)} ({m.kind}): {await self.clean(m.text)}")
        self.seen = len(self.sender.sent)

    async def summary(self) -> None:
        async with self.app.db.session() as session:
            for cb in await callbacks.list_callbacks(session, include_closed=True):
                due = cb.due_by.astimezone(LONDON)
                about = _REFS.sub(r"\1-REF", cb.about) if cb.about else cb.about  # "referral RF-REF: ..."
                self.lines.append(
                    f"= call-back {cb.status} when={cb.window.get('label')} say_who={cb.safe_to_say} "
                    f"voicemail={cb.voicemail} requester={cb.requester} child={cb.for_child} "
                    f"about={about!r} own_number={cb.phone == YOUNG_PERSON} due={due:%a %d %b %H:%M} "
                    f"retry_left={cb.retry_left} closed={cb.closed_at is not None}"
                )
            for rf in await referrals.list_referrals(session, status=None):
                self.lines.append(
                    f"= referral {rf.status} for={rf.for_whom} age={rf.age} school_id={rf.school_id} "
                    f"school_name={rf.school_name!r} contact_by={rf.contact_by} consent={rf.consent} "
                    f"story_words={len(rf.story.split())}"
                    + (
                        f" say_who={rf.safe_to_say} voicemail={rf.voicemail} safe_answer={rf.safe_answer!r}"
                        if rf.contact_by == "call"
                        else ""
                    )
                )
        for esc in await escalations(self.app):
            self.lines.append(f"= case {esc.kind} {esc.severity} {esc.status}")


async def _latest(app: AppContext, model: Any) -> str:
    async with app.db.session() as session:
        row = (await session.exec(select(model).order_by(col(model.id).desc()))).first()
        assert row is not None
        return str(row.ref)


async def _do(app: AppContext, who: str, action: str, args: list[str]) -> None:
    ref = await _latest(app, referrals.Referral if action == "triage" else callbacks.Callback)
    async with app.db.session() as session:
        if action == "claim":
            await callbacks.claim(session, ref, who, app.now())
        elif action == "outcome":
            await callbacks.record_outcome(app, session, ref, who, args[0])
        elif action == "triage":
            await referrals.triage(app, session, ref, who, args[0])
        else:
            raise AssertionError(f"unknown action {action}")
        await session.commit()


async def _school(app: AppContext) -> None:
    async with app.db.session() as session:
        school = await add_school(
            session, name="Demo Academy", local_authority="Demo Borough", team_contact=None, now=app.now()
        )
        assert school.id is not None
        await add_code(session, school.id, "DEMO1", app.now())
        await session.commit()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
async def test_callbacks_golden(app: AppContext, chat: Chat, clock: FixedClock, case: dict[str, Any]) -> None:
    clock.set(_local(case["start"]))
    await _school(app)
    await chat.say("hi")  # a known contact; the welcome is another test's business
    log = Transcript(app)
    log.lines.append(f"({case['start']} {clock.now().astimezone(LONDON):%a})")
    for step in case["steps"]:
        if "say" in step:
            log.lines.append(f"> contact: {step['say']}")
            await chat.say(step["say"])
        elif "staff" in step:
            who, text = step["staff"]
            log.lines.append(f"> {who}: {text}")
            await chat.as_(NUMBERS[who]).say(text.replace("REF", await log.esc_ref()))
        elif "do" in step:
            who, action, *args = step["do"]
            log.lines.append(f"* {who}: {action} {' '.join(args)}".rstrip())
            await _do(app, who, action, args)
            await chat.flush()
        else:
            clock.set(_local(step["at"]))
            log.lines.append(f"({step['at']})")
            await run_due_items(app)
            await chat.flush()
        await log.collect()
    await log.summary()
    got = "\n".join(log.lines) + "\n"
    path = HERE / "callbacks" / f"{case['name']}.txt"
    if os.environ.get("WAYMARK_WRITE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), got
