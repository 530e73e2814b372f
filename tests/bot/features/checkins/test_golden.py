"""Golden transcripts of check-ins with a fixed clock: a four-week waiting-well plan (words and numbers, a
drop, two missed, PAUSE and RESUME, a risk text in an answer going to the duty queue), a between-sessions
plan with a goal rating, Christmas week and a bank holiday Monday.

Cases are data (tests/bot/golden/checkins.yml); transcripts are tests/bot/golden/checkins/<name>.txt.
Regenerate with WAYMARK_WRITE_GOLDEN=1 and have a clinician review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.checkins.service import PlanSpec, add_plan, find_contact
from bot.features.checkins.tables import CheckinAnswer
from bot.messaging.jobs import run_due_items
from tests.bot.escalation_support import (
    YOUNG_PERSON,
    escalations,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.support import Chat, RecordingSender
from tests.transcripts import london

HERE = Path(__file__).parents[2] / "golden"
CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "checkins.yml").read_text(encoding="utf-8"))
LONDON = ZoneInfo("Europe/London")


def _local(text: str) -> dt.datetime:
    return london(text).astimezone(dt.UTC)


def _spec(plan: dict[str, Any]) -> PlanSpec:
    return PlanSpec(
        kind=plan["kind"],
        weekday=plan["weekday"],
        local_time=dt.time.fromisoformat(plan["time"]),
        end_after=plan.get("count"),
        skip_holidays=bool(plan.get("skip_holidays")),
        owner="demo.duty",
        goal_name=plan.get("goal"),
    )


async def _summary(app: AppContext) -> list[str]:
    lines = []
    async with app.db.session() as session:
        rows = await session.exec(select(CheckinAnswer).order_by(col(CheckinAnswer.id)))
        for a in rows.all():
            asked = a.asked_at.astimezone(LONDON)
            lines.append(
                f"= check-in {a.sequence} asked {asked:%a %d %b %H:%M} {a.status} score={a.score} "
                f"goal={a.goal_score} note={'yes' if a.note_message_id else 'no'} tip={a.tip} "
                f"review={a.review_reason}"
            )
    for esc in await escalations(app):
        lines.append(f"= case {esc.kind} {esc.severity} {esc.status} {','.join(esc.categories)}")
    return lines


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
async def test_checkins_golden(app: AppContext, clock: FixedClock, case: dict[str, Any]) -> None:
    chat = Chat(app, YOUNG_PERSON)
    clock.set(_local(case["start"]))
    await chat.say("hi")  # a known contact; the welcome is another test's business
    sender = app.senders["sms"]
    assert isinstance(sender, RecordingSender)
    seen = len(sender.sent)
    async with app.db.session() as session:
        contact = await find_contact(session, YOUNG_PERSON)
        await add_plan(
            session,
            contact,
            _spec(case["plan"]),
            app.service,
            actor="practitioner:demo.duty",
            now=clock.now(),
        )
        await session.commit()
    lines = [f"({case['start']} {clock.now().astimezone(LONDON):%a}) plan: {case['plan']}"]
    for step in case["steps"]:
        if "say" in step:
            lines.append(f"> contact: {step['say']}")
            await chat.say(step["say"])
        else:
            clock.set(_local(step["at"]))
            lines.append(f"({step['at']} {clock.now().astimezone(LONDON):%a})")
            await run_due_items(app)
            await chat.flush()
        for m in sender.sent[seen:]:
            who = "contact" if m.to == YOUNG_PERSON else "staff"
            lines.append(f"< to {who} ({m.kind}): {m.text}")
        seen = len(sender.sent)
    lines.extend(await _summary(app))
    got = "\n".join(lines) + "\n"
    for esc in await escalations(app):  # references are random
        got = got.replace(esc.ref, "REF")
    path = HERE / "checkins" / f"{case['name']}.txt"
    if os.environ.get("WAYMARK_WRITE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), got
