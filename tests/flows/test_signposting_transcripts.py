"""Golden transcripts for finding support: tests/flows/transcripts/signposting/*.yml.

The same runner and format as the foundation flows (tests/transcripts.py), on an app with what
signposting needs: the real NLU, the shipped national and Demo Borough directory and Demo Academy.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.schools.service import add_code, add_school
from bot.messaging.jobs import run_due_items
from bot.storage.models import AuditEvent
from nlu import EmbeddedParser
from signposting.demo import load_demo
from signposting.models import SignpostingRecord
from signposting.shipped import load_national
from tests.support import Chat, make_context, prepare_database
from tests.transcripts import load_cases, london, run_case

CASES_DIR = Path(__file__).parent / "transcripts" / "signposting"


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


@pytest.mark.parametrize("case", load_cases(CASES_DIR, "signposting/"))
async def test_signposting_transcript(sp_app: AppContext, clock: FixedClock, case: dict[str, Any]) -> None:
    await run_case(sp_app, clock, case)


async def test_two_followups_due_together_are_asked_one_at_a_time(
    sp_app: AppContext, clock: FixedClock
) -> None:
    """Two searches the same day: a week later one question, its YES recorded on its own record; the
    other is asked the next day and its answer is taken, not rejected."""
    clock.set(london("2026-11-17T10:00"))
    chat = Chat(sp_app)
    for text in ("DEMO1", "bullying", "13", "anxiety", "14"):
        await chat.say(text)
    clock.set(london("2026-11-24T10:05"))
    await run_due_items(sp_app)
    asked = [r.kind for r in await chat.flush()]
    assert asked == ["signpost_followup_ask"]
    assert [r.kind for r in await chat.say("yes")] == ["signpost_followup_yes"]
    clock.set(london("2026-11-25T10:05"))
    await run_due_items(sp_app)
    assert [r.kind for r in await chat.flush()] == ["signpost_followup_ask"]
    assert [r.kind for r in await chat.say("yes")] == ["signpost_followup_yes"]
    async with sp_app.db.session() as session:
        records = (await session.exec(select(SignpostingRecord).order_by(col(SignpostingRecord.id)))).all()
        actions = (await session.exec(select(AuditEvent.action))).all()
    assert [r.followup_answer for r in records] == ["yes", "yes"]
    assert "signposting.followup_deferred" in actions
