"""`/rota` editing: admins add and remove rows and set the manager (checked, audited, the rota check shown
again); other roles only read; CSRF is required."""

from __future__ import annotations

import re

import pytest

from bot.app.context import AppContext
from bot.features.escalations.rota_store import load_rota
from tests.bot.web.dashboard.support import actions, add_staff, client, csrf_of, sign_in

ROW = {
    "kind": "shift",
    "days": ["sat", "sun"],
    "start": "10:00",
    "end": "16:00",
    "primary": "duty",
    "backup": "prac",
}


@pytest.fixture(autouse=True)
async def staff(app: AppContext) -> None:
    await add_staff(app)


async def test_admin_adds_a_row_and_sees_the_rota_check_again(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        page = (await c.get("/rota")).text
        assert "The rota names &#39;demo.duty&#39;, who is not a practitioner" in page  # config's names
        assert 'action="/rota/slots/add"' in page
        done = await c.post("/rota/slots/add", data={**ROW, "csrf": csrf_of(page)})
        assert done.status_code == 303 and done.headers["location"] == "/rota?done=1"
        after = (await c.get(done.headers["location"])).text
        assert "Saved. The rota check below has been run again." in after
        assert "sat, sun" in after and 'Duty <span class="muted">(duty)</span>' in after
        assert "who is not a practitioner" in after  # the seeded rows still name the demo accounts
    async with app.db.session() as session:
        rota = await load_rota(session, app.config, app.now())
    assert ("duty", "prac") in {(s.primary, s.backup) for s in rota.shifts}
    assert await actions(app, "rota.") == ["system:config rota.seeded", "practitioner:admin rota.slot_added"]


async def test_a_refused_row_says_why_and_keeps_what_was_typed(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        token = csrf_of((await c.get("/rota")).text)
        refused = await c.post("/rota/slots/add", data={**ROW, "backup": "duty", "csrf": token})
        assert refused.status_code == 400
        assert "The backup must be someone other than the primary." in refused.text
        assert re.search(r'value="sat" checked', refused.text) and 'value="10:00"' in refused.text
        stranger = await c.post("/rota/slots/add", data={**ROW, "primary": "nobody", "csrf": token})
        assert "Primary &#39;nobody&#39; is not a practitioner here." in stranger.text
    assert await actions(app, "rota.") == []


async def test_admin_removes_rows_and_sets_the_manager(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        page = (await c.get("/rota")).text
        await c.post("/rota/manager", data={"manager": "admin", "csrf": csrf_of(page)})
        page = (await c.get("/rota")).text
        ids = re.findall(r'name="slot" value="(\d+)"', page)
        assert ids  # the seeded rows can be removed
        for slot in ids:
            assert (
                await c.post("/rota/slots/remove", data={"slot": slot, "csrf": csrf_of(page)})
            ).status_code == 303
        after = (await c.get("/rota")).text
        assert "The rota has no shifts" in after and "Rota check: every name" not in after
        gone = await c.post("/rota/slots/remove", data={"slot": ids[0], "csrf": csrf_of(after)})
        assert gone.status_code == 400 and "not there any more" in gone.text
    async with app.db.session() as session:
        rota = await load_rota(session, app.config, app.now())
    assert rota.shifts == () and rota.overrides == () and rota.manager == "admin"
    removed = [a for a in await actions(app, "rota.") if a.endswith("rota.slot_removed")]
    assert len(removed) == len(ids)


@pytest.mark.parametrize("username", ["duty", "prac"])
async def test_only_admins_change_the_rota(app: AppContext, username: str) -> None:
    async with client(app) as c:
        await sign_in(c, username)
        page = await c.get("/rota")
        assert page.status_code == 200 and 'action="/rota/slots/add"' not in page.text
        token = csrf_of(page.text)
        for path, data in (
            ("/rota/slots/add", ROW),
            ("/rota/slots/remove", {"slot": "1"}),
            ("/rota/manager", {"manager": ""}),
        ):
            assert (await c.post(path, data={**data, "csrf": token})).status_code == 403, path
    assert await actions(app, "rota.") == []


async def test_a_rota_change_without_the_csrf_token_is_refused(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        assert (await c.post("/rota/slots/add", data=ROW)).status_code == 403
        assert (await c.post("/rota/manager", data={"manager": "", "csrf": "forged"})).status_code == 403
    assert await actions(app, "rota.") == []
