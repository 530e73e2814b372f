"""`/api/v1/appointments` and `/api/v1/checkins/review`: session or token, workers only (a school lead
403, nobody 401), a practitioner's scope, no numbers, and both in /openapi.json."""

from __future__ import annotations

import pytest

from bot.app.context import AppContext
from bot.features.appointments.entry import book_entered
from bot.features.checkins.demo import load_demo_checkins
from bot.features.practitioners.accounts import new_api_token
from tests.bot.web.dashboard.care_support import PUPIL, pupil
from tests.bot.web.dashboard.support import add_staff, client, sign_in


@pytest.fixture
async def data(app: AppContext) -> None:
    school = await add_staff(app)
    await pupil(app, school)
    async with app.db.session() as session:
        await book_entered(app, session, phone=PUPIL, start="2026-11-18 16:00", kind="phone",
                           actor="practitioner:duty", practitioner="prac", weekly=2)  # fmt: skip
        await load_demo_checkins(app, session)
        await session.commit()


async def _token(app: AppContext, username: str) -> str:
    async with app.db.session() as session:
        made = await new_api_token(session, username, actor="cli", now=app.now())
        await session.commit()
        return made


async def test_appointments_by_day_and_week_with_a_session(app: AppContext, data: None) -> None:
    async with client(app) as c:
        await sign_in(c, "prac")
        day = (await c.get("/api/v1/appointments", params={"date": "2026-11-18"})).json()
        assert day["view"] == "day" and day["timezone"] == "Europe/London"
        (only,) = day["appointments"]
        assert only["status"] == "booked" and only["status_label"] == "booked"
        assert only["local_start"] == "2026-11-18T16:00:00+00:00" and only["kind"] == "phone"
        assert only["reminders"].startswith("next ")
        week = (await c.get("/api/v1/appointments", params={"date": "2026-11-25", "view": "week"})).json()
        assert week["first_day"] == "2026-11-23" and len(week["appointments"]) == 1
        assert "900001" not in str(day) and "900001" not in str(week)
        today = (await c.get("/api/v1/appointments")).json()
        assert today["first_day"] == "2026-11-17" and today["appointments"] == []
        assert (await c.get("/api/v1/appointments", params={"view": "year"})).status_code == 422
        for edge in ("0001-01-01", "9999-12-31"):  # found by schemathesis: a 500 (OverflowError)
            for view in ("day", "week"):
                refused = await c.get("/api/v1/appointments", params={"date": edge, "view": view})
                assert refused.status_code == 422 and "date must be from" in refused.json()["detail"]
                shown = await c.get("/appointments", params={"date": edge, "view": view})
                assert shown.status_code == 200 and "Pick a date from 2000 to 2199" in shown.text


async def test_the_review_list_with_a_token(app: AppContext, data: None) -> None:
    token = await _token(app, "duty")
    async with client(app) as c:
        c.headers["authorization"] = f"Bearer {token}"
        review = (await c.get("/api/v1/checkins/review")).json()
        assert [r["reason"] for r in review] == ["two_missed", "drop"]
        assert review[1]["why"] == "Score dropped from 7 to 3 out of 10." and review[1]["score"] == 3
        assert all(r["case_ref"] and r["case_status"] == "open" for r in review)
        assert "900801" not in str(review)


async def test_school_leads_are_refused_and_nobody_needs_to_sign_in(app: AppContext, data: None) -> None:
    lead = await _token(app, "lead")
    async with client(app) as c:
        for path in ("/api/v1/appointments", "/api/v1/checkins/review"):
            assert (await c.get(path)).status_code == 401
            refused = await c.get(path, headers={"authorization": f"Bearer {lead}"})
            assert refused.status_code == 403


async def test_a_practitioner_without_these_schools_gets_empty_lists(app: AppContext, data: None) -> None:
    async with client(app) as c:
        await sign_in(c, "other")
        assert (await c.get("/api/v1/appointments", params={"date": "2026-11-18"})).json()[
            "appointments"
        ] == []
        assert (await c.get("/api/v1/checkins/review")).json() == []


async def test_both_are_described_in_the_openapi_schema(app: AppContext, data: None) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        schema = (await c.get("/openapi.json")).json()
        assert "/api/v1/appointments" in schema["paths"] and "/api/v1/checkins/review" in schema["paths"]
        assert "AppointmentDay" in schema["components"]["schemas"]
        assert "ReviewItem" in schema["components"]["schemas"]
