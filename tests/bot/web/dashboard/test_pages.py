"""Roles on every page, the school lead's counts-only view, the audit log, the API and its description."""

from __future__ import annotations

import re

import pytest

from bot.app.context import AppContext
from bot.features.practitioners.accounts import new_api_token
from tests.bot.web.dashboard.support import actions, add_staff, client, contact_id, open_case, sign_in

WORK = ("/callbacks", "/referrals", "/appointments", "/checkins", "/directory", "/reports")
PAGES = ("/duty", "/cases", "/audit", "/schools", "/rota", *WORK)
ALLOWED = {
    "duty": {"/duty", "/cases", "/schools", "/rota", *WORK},
    "prac": {"/cases", "/schools", "/rota", *WORK},
    "lead": {"/schools", "/reports"},
    "admin": set(PAGES),
}


@pytest.fixture(autouse=True)
async def staff(app: AppContext) -> None:
    await add_staff(app)


@pytest.mark.parametrize("username", sorted(ALLOWED))
async def test_each_role_gets_its_pages_and_403_elsewhere(app: AppContext, username: str) -> None:
    await open_case(app)
    async with client(app) as c:
        home = await sign_in(c, username)
        assert home.status_code == 303
        for path in PAGES:
            response = await c.get(path)
            expected = 200 if path in ALLOWED[username] else 403
            assert response.status_code == expected, (username, path)
        menu = (await c.get(home.headers["location"])).text
        for path in PAGES:
            assert (f'href="{path}"' in menu) == (path in ALLOWED[username]), (username, path)


async def test_a_school_lead_sees_counts_for_their_schools_only_and_no_message_text(app: AppContext) -> None:
    ref = await open_case(app)
    async with client(app) as c:
        await sign_in(c, "lead")
        for path in ("/schools", "/reports", "/"):
            text = (await c.get(path, follow_redirects=True)).text
            assert "kill" not in text and "07700" not in text and "+44" not in text and ref not in text
        schools = (await c.get("/schools")).text
        assert "Oak Academy" in schools and "fewer than 5" in schools
        assert (await c.get("/duty/rows")).status_code == 403
        assert (await c.get("/duty/events")).status_code == 403


async def test_the_duty_queue_lists_open_cases_with_time_left(app: AppContext) -> None:
    ref = await open_case(app)
    async with client(app) as c:
        await sign_in(c, "duty")
        page = (await c.get("/duty")).text
        assert ref in page and "Oak Academy" in page
        assert re.search(r"<td data-label=\"Time left to acknowledge\">\d+ (min|h \d\d min)</td>", page)
        assert "On duty now" in page or "Nobody is on duty now" in page
        assert "kill" not in page  # the queue shows categories, never the message
        rows = (await c.get("/duty/rows")).text
        assert ref in rows


async def test_the_audit_log_filters(app: AppContext) -> None:
    ref = await open_case(app)
    async with client(app) as c:
        await sign_in(c, "duty")
        await c.get(f"/cases/{ref}")
    async with client(app) as c:
        await sign_in(c, "admin")
        by_case = (await c.get("/audit", params={"case": ref})).text
        assert (
            "escalation.opened" in by_case and "escalation.viewed" in by_case and "signin.ok" not in by_case
        )
        by_person = (await c.get("/audit", params={"person": "duty"})).text
        assert "escalation.viewed" in by_person and "signin.ok" in by_person
        assert "escalation.opened" not in by_person
        by_action = (await c.get("/audit", params={"action": "signin."})).text
        assert "signin.ok" in by_action and "escalation.viewed" not in by_action
        cid = await contact_id(app)
        by_contact = await c.get("/audit", params={"contact": str(cid)})
        assert by_contact.status_code == 200
    assert "practitioner:admin audit.viewed" in await actions(app, "audit.")


async def test_the_api_with_a_session_or_a_token(app: AppContext) -> None:
    ref = await open_case(app)
    async with app.db.session() as session:
        token = await new_api_token(session, "duty", actor="cli", now=app.now())
        lead_token = await new_api_token(session, "lead", actor="cli", now=app.now())
        await session.commit()
    async with client(app) as c:
        assert (await c.get("/api/v1/duty")).status_code == 401
        bad = await c.get("/api/v1/duty", headers={"authorization": "Bearer wmk_not-a-token"})
        assert bad.status_code == 401
        ok = await c.get("/api/v1/duty", headers={"authorization": f"Bearer {token}"})
        assert ok.status_code == 200
        body = ok.json()
        assert [case["ref"] for case in body["cases"]] == [ref] and "on_duty" in body
        assert "kill" not in ok.text
        lead = await c.get("/api/v1/duty", headers={"authorization": f"Bearer {lead_token}"})
        assert lead.status_code == 403
        me = await c.get("/api/v1/me", headers={"authorization": f"Bearer {lead_token}"})
        assert me.json()["role"] == "school_lead"
    async with client(app) as c:
        await sign_in(c, "duty")
        assert (await c.get("/api/v1/duty")).status_code == 200


async def test_the_api_description_is_for_signed_in_admins(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "duty")
        assert (await c.get("/openapi.json")).status_code == 404
        assert (await c.get("/docs")).status_code == 404
    async with client(app) as c:
        await sign_in(c, "admin")
        spec = await c.get("/openapi.json")
        assert spec.status_code == 200
        paths = spec.json()["paths"]
        for path in ("/api/v1/duty", "/api/v1/me", "/webhooks/telegram", "/webhooks/twilio/sms"):
            assert path in paths, path
        assert "/login" not in paths and "/duty" not in paths
        assert (await c.get("/docs")).status_code == 200


@pytest.mark.parametrize(
    ("value", "shown"), [(5, "5 min"), (-7, "7 min"), (125, "2 h 05 min"), (60 * 24 * 2 + 61, "2 days 1 h")]
)
def test_minutes_for_people(value: int, shown: str) -> None:
    from bot.web.dashboard.render import minutes

    assert minutes(value) == shown


async def test_an_admin_adds_a_school_and_codes_and_retires_one(app: AppContext) -> None:
    from tests.bot.web.dashboard.support import csrf_of

    async with client(app) as c:
        await sign_in(c, "admin")
        csrf = csrf_of((await c.get("/schools")).text)
        added = await c.post(
            "/schools/add", data={"csrf": csrf, "name": "Elm High", "authority": "Testshire", "code": "elm22"}
        )
        assert added.status_code == 303
        page = (await c.get("/schools")).text
        assert "Elm High" in page and "ELM22" in page
        taken = await c.post("/schools/codes/add", data={"csrf": csrf, "school_id": "1", "code": "ELM22"})
        assert taken.status_code == 400 and "already in use" in taken.text
        code = await c.post("/schools/codes/add", data={"csrf": csrf, "school_id": "1", "code": "OAK8"})
        assert code.status_code == 303
        retired = await c.post("/schools/codes/retire", data={"csrf": csrf, "code": "oak7"})
        assert retired.status_code == 303
        assert 'OAK7 <span class="muted">(retired)' in (await c.get("/schools")).text
        assert (await c.post("/schools/codes/retire", data={"code": "OAK8"})).status_code == 403
    async with client(app) as c:
        await sign_in(c, "duty")
        csrf = csrf_of((await c.get("/schools")).text)
        refused = await c.post("/schools/codes/retire", data={"csrf": csrf, "code": "OAK8"})
        assert refused.status_code == 403
    trail = await actions(app, "school.")
    assert trail == [
        "practitioner:admin school.added",
        "practitioner:admin school.code_added",
        "practitioner:admin school.code_retired",
    ]
