"""Golden transcripts for finding support: tests/flows/transcripts/signposting/*.yml.

The same format as foundation.yml (``say``, ``replies`` by catalogue key, ``contains``), run through the
real pipeline, but with what signposting needs and the foundation runner does not have: the real NLU,
the shipped national and Demo Borough directory, a start time (``at``, London time), a channel, and
steps that move the clock and run the due scheduled items (``wait``). Extra checks: ``not_contains``,
``audit`` (actions recorded for this contact so far) and ``followup_answer`` (on the latest record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import OutboundMessage
from bot.channels.sms_text import is_gsm7, measure
from bot.features.schools.service import add_code, add_school
from bot.messaging.jobs import run_due_items
from bot.storage.models import AuditEvent
from nlu import EmbeddedParser
from signposting.demo import load_demo
from signposting.models import SignpostingRecord
from signposting.shipped import load_national
from tests.support import Chat, make_context, prepare_database

CASES_DIR = Path(__file__).parent / "transcripts" / "signposting"
LONDON = ZoneInfo("Europe/London")


def _cases() -> list[Any]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        for case in yaml.safe_load(path.read_text()):
            cases.append(pytest.param(case, id=f"signposting/{path.stem}: {case['name']}"))
    return cases


@pytest.fixture
async def sp_app(database_url: str, clock: FixedClock) -> AsyncIterator[AppContext]:
    """The app with the embedded NLU, the shipped directory and Demo Academy (DEMO1) in Demo Borough."""
    app = make_context(database_url, clock, nlu=EmbeddedParser())
    await prepare_database(app)
    async with app.db.session() as session:
        await load_national(session)
        await load_demo(session)
        school = await add_school(
            session, name="Demo Academy", local_authority="Demo Borough", team_contact=None, now=app.now()
        )
        assert school.id
        await add_code(session, school.id, "DEMO1", app.now())
        await session.commit()
    yield app
    await app.close()


def _local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(str(text)).replace(tzinfo=LONDON)


async def _wait(chat: Chat, clock: FixedClock, step: dict[str, Any]) -> list[OutboundMessage]:
    wait = step["wait"]
    if "until" in wait:
        clock.set(_local(wait["until"]))
    else:
        clock.advance(**{k: float(v) for k, v in wait.items()})
    await run_due_items(chat.app)
    return await chat.flush()


async def _check_records(app: AppContext, step: dict[str, Any]) -> None:
    async with app.db.session() as session:
        if "audit" in step:
            rows = await session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id)))
            actions = list(rows.all())
            for action in step["audit"]:
                assert action in actions, f"audit {action!r} not in {actions}"
        if "followup_answer" in step:
            found = await session.exec(select(SignpostingRecord).order_by(col(SignpostingRecord.id)))
            records = list(found.all())
            assert records, "no signposting recorded"
            assert records[0].followup_answer == step["followup_answer"]


@pytest.mark.parametrize("case", _cases())
async def test_signposting_transcript(sp_app: AppContext, clock: FixedClock, case: dict[str, Any]) -> None:
    if "at" in case:
        clock.set(_local(case["at"]))
    chat = Chat(sp_app, channel=case.get("channel", "sms"))
    for step in case["steps"]:
        replies = await (chat.say(str(step["say"])) if "say" in step else _wait(chat, clock, step))
        what = step.get("say", step.get("wait"))
        text = "\n".join(r.text for r in replies)
        if "replies" in step:
            assert [r.kind for r in replies] == step["replies"], f"after {what!r}: {text}"
        for needle in step.get("contains", []):
            assert needle in text, f"after {what!r}: {needle!r} not in {text!r}"
        for needle in step.get("not_contains", []):
            assert needle not in text, f"after {what!r}: {needle!r} in {text!r}"
        await _check_records(sp_app, step)
        for reply in replies:
            assert is_gsm7(reply.text), reply.text
            if chat.channel == "sms":
                budget = sp_app.catalogue.template(reply.kind).budget
                assert measure(reply.text).segments <= budget, f"{reply.kind} over budget: {reply.text!r}"


async def test_two_followups_due_together_are_asked_one_at_a_time(
    sp_app: AppContext, clock: FixedClock
) -> None:
    """Two searches the same day: a week later one question, its YES recorded on its own record; the
    other is asked the next day and its answer is taken, not rejected."""
    clock.set(_local("2026-11-17T10:00"))
    chat = Chat(sp_app)
    for text in ("DEMO1", "bullying", "13", "anxiety", "14"):
        await chat.say(text)
    clock.set(_local("2026-11-24T10:05"))
    await run_due_items(sp_app)
    asked = [r.kind for r in await chat.flush()]
    assert asked == ["signpost_followup_ask"]
    assert [r.kind for r in await chat.say("yes")] == ["signpost_followup_yes"]
    clock.set(_local("2026-11-25T10:05"))
    await run_due_items(sp_app)
    assert [r.kind for r in await chat.flush()] == ["signpost_followup_ask"]
    assert [r.kind for r in await chat.say("yes")] == ["signpost_followup_yes"]
    async with sp_app.db.session() as session:
        records = (await session.exec(select(SignpostingRecord).order_by(col(SignpostingRecord.id)))).all()
        actions = (await session.exec(select(AuditEvent.action))).all()
    assert [r.followup_answer for r in records] == ["yes", "yes"]
    assert "signposting.followup_deferred" in actions
