"""School term dates: CSV import with file:row errors, and a term-time service not open in August."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app.context import AppContext
from bot.features.calendar.service import TermsImportError, import_terms, terms_for_school
from bot.features.schools.service import add_code, add_school
from signposting import search
from signposting.demo import load_demo as load_demo_directory
from signposting.term_time import TermTimeError, apply_term_time

LONDON = ZoneInfo("Europe/London")


async def _school(app: AppContext) -> int:
    async with app.db.session() as session:
        school = await add_school(
            session, name="Oak Academy", local_authority="Demo Borough", team_contact=None, now=app.now()
        )
        assert school.id is not None
        await add_code(session, school.id, "OAK7", app.now())
        await session.commit()
        return school.id


async def test_import_reports_every_bad_row_and_stores_nothing(app: AppContext, tmp_path: Path) -> None:
    await _school(app)
    bad = tmp_path / "terms.csv"
    bad.write_text(
        "school,term,start,end\nOAK7,autumn,2026-09-03,2026-12-18\nOAK7,spring,2027-01-05,2027-13-01\n"
        "NOPE,summer,2027-04-19,2027-07-21\nOak Academy,late,2026-12-01,2026-12-20\n",
        encoding="utf-8",
    )
    async with app.db.session() as session:
        with pytest.raises(TermsImportError) as caught:
            await import_terms(session, bad, actor="practitioner:demo.manager", now=app.now())
    problems = caught.value.problems
    assert problems[0].startswith(f"{bad}:3: start and end must be dates")
    assert problems[1].startswith(f"{bad}:4: unknown school 'NOPE'")
    assert "overlap" in problems[2]


async def test_import_then_read_back(app: AppContext, tmp_path: Path) -> None:
    school_id = await _school(app)
    good = tmp_path / "terms.csv"
    good.write_text(
        "school,term,start,end\nOAK7,autumn,2026-09-03,2026-12-18\nOAK7,spring,2027-01-05,2027-03-26\n",
        encoding="utf-8",
    )
    async with app.db.session() as session:
        assert await import_terms(session, good, actor="practitioner:demo.manager", now=app.now()) == 2
        await session.commit()
        terms = await terms_for_school(session, school_id)
    assert terms.in_term(dt.date(2026, 10, 1)) and not terms.in_term(dt.date(2026, 12, 24))


async def test_a_term_time_service_is_not_open_in_august(app: AppContext) -> None:
    async with app.db.session() as session:
        await load_demo_directory(session)
        terms = [(dt.date(2026, 9, 3), dt.date(2026, 12, 18)), (dt.date(2027, 4, 12), dt.date(2027, 7, 21))]
        assert await apply_term_time(session, "demo-school-counselling", terms) > 0
        assert await apply_term_time(session, "demo-school-counselling", terms) > 0  # again: replaced
        await session.commit()
        with pytest.raises(TermTimeError):
            await apply_term_time(session, "no-such-service", terms)

        async def open_at(when: dt.datetime) -> bool | None:
            found = await search(session, None, 14, "Demo Borough", when, limit=100)
            [hit] = [r for r in found.results if r.id == "demo-school-counselling"]
            return hit.open_now

        assert await open_at(dt.datetime(2027, 8, 10, 11, tzinfo=LONDON)) is False  # a Tuesday in August
        assert await open_at(dt.datetime(2026, 10, 6, 11, tzinfo=LONDON)) is True  # a Tuesday in term
