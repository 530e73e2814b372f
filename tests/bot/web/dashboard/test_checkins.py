"""`/checkins`: roles, the plans and the review list with reasons in words (the demo's drop and two
missed), a contact's page and trend chart (PNG from the feature's chart code), pause / resume / end and
approving or declining a request (the CLI's service functions, one audit event each), CSRF, and a
practitioner's scope. No phone number in any page or URL."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bot.app.context import AppContext
from bot.features.checkins.demo import load_demo_checkins
from bot.features.checkins.requests import file_request
from bot.features.checkins.tables import CheckinPlan, CheckinRequest
from tests.bot.web.dashboard.care_support import pupil, token
from tests.bot.web.dashboard.support import actions, add_staff, client, sign_in

DEMO_NUMBERS = ("+447700900801", "+447700900802", "07700 900801", "900801", "900802")


@pytest.fixture
async def plans(app: AppContext) -> dict[str, int]:
    """Oak Academy's staff and the demo's two plans (joined to Oak Academy): plan id by phone number."""
    await add_staff(app)
    async with app.db.session() as session:
        await load_demo_checkins(app, session)
        await session.commit()
        found = await session.exec(select(CheckinPlan).order_by(col(CheckinPlan.id)))
        return {str(n): int(p.id or 0) for n, p in zip(("drop", "goal"), found.all(), strict=True)}


async def _request(app: AppContext, contact_id: int) -> int:
    async with app.db.session() as session:
        answer = await file_request(session, contact_id, now=app.now())
        await session.commit()
        assert answer.request_id is not None
        return answer.request_id


def _private(text: str) -> None:
    for number in DEMO_NUMBERS:
        assert number not in text


@pytest.mark.parametrize("username", ["duty", "prac", "admin"])
async def test_workers_see_plans_and_the_review_list_with_reasons(
    app: AppContext, plans: dict[str, int], username: str
) -> None:
    async with client(app) as c:
        await sign_in(c, username)
        response = await c.get("/checkins")
        assert response.status_code == 200
        text = response.text
        assert f'href="/checkins/{plans["drop"]}"' in text and f'href="/checkins/{plans["goal"]}"' in text
        assert "Score dropped from 7 to 3 out of 10." in text
        assert "Two check-ins in a row with no reply." in text
        assert (
            "waiting well" in text
            and "between sessions" in text
            and "goal: going to school every day" in text
        )
        assert (
            "weekly, Mon 4pm" in text and "at the first appointment" in text and "after 8 check-ins" in text
        )
        assert "ends 801" in text
        _private(text)


async def test_a_school_lead_gets_403_and_signed_out_people_sign_in(
    app: AppContext, plans: dict[str, int]
) -> None:
    drop = plans["drop"]
    paths = ("/checkins", f"/checkins/{drop}", f"/checkins/{drop}/chart.png")
    async with client(app) as c:
        for path in paths:
            assert (await c.get(path)).headers["location"] == "/login"
        await sign_in(c, "lead")
        csrf = await token(c, "/schools")
        for path in paths:
            assert (await c.get(path)).status_code == 403, path
        assert (await c.post(f"/checkins/{drop}/pause", data={"csrf": csrf})).status_code == 403
        assert (await c.post("/checkins/requests/1/decline", data={"csrf": csrf})).status_code == 403
        assert 'href="/checkins"' not in (await c.get("/schools")).text
    assert await actions(app, "checkins.plan_paused") == []


async def test_a_contacts_page_has_the_answers_and_the_trend_chart(
    app: AppContext, plans: dict[str, int]
) -> None:
    drop = plans["drop"]
    async with client(app) as c:
        await sign_in(c, "prac")
        page = await c.get(f"/checkins/{drop}")
        assert page.status_code == 200
        text = page.text
        assert f'src="/checkins/{drop}/chart.png"' in text
        assert "5 check-ins sent, 3 answered, 2 missed. Scores in order: 6, 7, 3." in text
        assert text.count('<td data-label="State">missed</td>') == 2
        assert '>drop (<a href="/cases/' in text and '>two missed (<a href="/cases/' in text
        _private(text)
        chart = await c.get(f"/checkins/{drop}/chart.png")
        assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"
        assert chart.content.startswith(b"\x89PNG") and len(chart.content) > 10_000
        assert chart.headers["cache-control"] == "no-store"
        assert (await c.get("/checkins/999")).status_code == 404
        assert (await c.get("/checkins/999/chart.png")).status_code == 404


async def test_pause_resume_and_end_a_plan(app: AppContext, plans: dict[str, int]) -> None:
    goal = plans["goal"]
    async with client(app) as c:
        await sign_in(c, "duty")
        csrf = await token(c, f"/checkins/{goal}")
        assert (await c.post(f"/checkins/{goal}/pause", data={})).status_code == 403
        paused = await c.post(f"/checkins/{goal}/pause", data={"csrf": csrf})
        assert paused.status_code == 303 and paused.headers["location"] == f"/checkins/{goal}?done=paused"
        assert "The plan is paused" in (await c.get(paused.headers["location"])).text
        again = await c.post(f"/checkins/{goal}/pause", data={"csrf": csrf})
        assert again.status_code == 400 and "Nothing changed: the plan is paused." in again.text
        resumed = await c.post(f"/checkins/{goal}/resume", data={"csrf": csrf})
        assert resumed.headers["location"] == f"/checkins/{goal}?done=resumed"
        ended = await c.post(f"/checkins/{goal}/end", data={"csrf": csrf})
        assert ended.headers["location"] == f"/checkins/{goal}?done=ended"
        assert (await c.post(f"/checkins/{goal}/explode", data={"csrf": csrf})).status_code == 404
        listing = (await c.get("/checkins")).text
        assert f'href="/checkins/{goal}"' not in listing
        assert f'href="/checkins/{goal}"' in (await c.get("/checkins?all=1")).text
    assert await actions(app, "checkins.plan_") == [
        "system:demo checkins.plan_added",
        "system:demo checkins.plan_added",
        "practitioner:duty checkins.plan_paused",
        "practitioner:duty checkins.plan_resumed",
        "practitioner:duty checkins.plan_ended",
    ]


async def test_approve_and_decline_requests_made_by_text(app: AppContext, plans: dict[str, int]) -> None:
    school = 1
    first = await _request(app, await pupil(app, school, "+447700900011"))
    second = await _request(app, await pupil(app, school, "+447700900012"))
    approve = {"kind": "waiting_well", "day": "thu", "time": "15:30", "frequency": "weekly", "until": "count",
               "count": "4", "owner": "prac", "goal": ""}  # fmt: skip
    async with client(app) as c:
        await sign_in(c, "prac")
        text = (await c.get("/checkins")).text
        assert f"Request {first}: Contact" in text and "ends 011" in text and "900011" not in text
        csrf = await token(c, "/checkins")
        refused = await c.post(
            f"/checkins/requests/{first}/approve", data={**approve, "kind": "between_sessions", "csrf": csrf}
        )
        assert refused.status_code == 400 and "between-sessions plan needs a goal (the goal" in refused.text
        bad_time = await c.post(
            f"/checkins/requests/{first}/approve", data={**approve, "time": "soon", "csrf": csrf}
        )
        assert bad_time.status_code == 400 and "the time must look like 16:00" in bad_time.text
        done = await c.post(f"/checkins/requests/{first}/approve", data={**approve, "csrf": csrf})
        assert done.status_code == 303 and done.headers["location"] == "/checkins?done=approved"
        assert "Approved: the plan is made" in (await c.get(done.headers["location"])).text
        declined = await c.post(f"/checkins/requests/{second}/decline", data={"csrf": csrf})
        assert declined.headers["location"] == "/checkins?done=declined"
        twice = await c.post(f"/checkins/requests/{second}/decline", data={"csrf": csrf})
        assert twice.status_code == 400 and "already declined" in twice.text
        assert (await c.post(f"/checkins/requests/{second}/maybe", data={"csrf": csrf})).status_code == 404
    async with app.db.session() as session:
        requests = (await session.exec(select(CheckinRequest).order_by(col(CheckinRequest.id)))).all()
        assert [r.status for r in requests] == ["pending", "approved", "declined"]  # the demo's first
        plan = await session.get(CheckinPlan, requests[1].plan_id)
        assert plan is not None and (plan.weekday, plan.end_after, plan.owner) == ("thu", 4, "prac")
    assert [a for a in await actions(app, "checkins.request") if a.startswith("practitioner:")] == [
        "practitioner:prac checkins.request_approved",
        "practitioner:prac checkins.request_declined",
    ]


async def test_a_practitioner_sees_only_their_schools_and_their_own_plans(
    app: AppContext, plans: dict[str, int]
) -> None:
    outside = await _request(app, await pupil(app, None, "+447700900013"))
    async with client(app) as c:
        await sign_in(c, "other")
        csrf = await token(c, "/checkins")
        text = (await c.get("/checkins")).text
        assert "No check-in plans." in text and "Nobody is waiting for review." in text
        assert "No requests waiting." in text
        for plan in plans.values():
            assert (await c.get(f"/checkins/{plan}")).status_code == 404
            assert (await c.post(f"/checkins/{plan}/pause", data={"csrf": csrf})).status_code == 404
        assert (await c.post(f"/checkins/requests/{outside}/decline", data={"csrf": csrf})).status_code == 404
    async with client(app) as c:
        await sign_in(c, "duty")
        assert f"Request {outside}:" in (await c.get("/checkins")).text
