"""Golden transcripts: each flow as a readable case in tests/flows/transcripts/*.yml (runner and format:
tests/transcripts.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.schools.service import add_code, add_school, retire_code
from tests.transcripts import load_cases, run_case

CASES_DIR = Path(__file__).parent / "transcripts"


async def _schools(app: AppContext) -> None:
    async with app.db.session() as session:
        demo = await add_school(
            session, name="Demo Academy", local_authority="Demo Borough", team_contact=None, now=app.now()
        )
        oak = await add_school(
            session, name="Oak Hill School", local_authority="Demo Borough", team_contact=None, now=app.now()
        )
        assert demo.id and oak.id
        await add_code(session, demo.id, "DEMO1", app.now())
        await add_code(session, oak.id, "OAK7", app.now())
        await add_code(session, oak.id, "OLD1", app.now())
        await retire_code(session, "OLD1", app.now())
        await session.commit()


@pytest.mark.parametrize("case", load_cases(CASES_DIR))
async def test_transcript(app: AppContext, clock: FixedClock, case: dict[str, Any]) -> None:
    await _schools(app)
    await run_case(app, clock, case)
