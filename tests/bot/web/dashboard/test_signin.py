"""Signing in and out: passwords, lock-out, the forced first change, idle expiry, cookies, CSRF."""

from __future__ import annotations

import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.practitioners.accounts import MAX_FAILURES
from bot.web.dashboard.session import COOKIE, IDLE
from tests.bot.web.dashboard.support import PASSWORD, actions, add_staff, client, csrf_of, sign_in


@pytest.fixture(autouse=True)
async def staff(app: AppContext) -> None:
    await add_staff(app, forced=True)


async def _change_first_password(c: object, new: str = "my own new password") -> None:
    from httpx import AsyncClient

    assert isinstance(c, AsyncClient)
    form = await c.get("/account/password")
    data = {"csrf": csrf_of(form.text), "current_password": PASSWORD}
    await c.post("/account/password", data={**data, "new_password": new, "new_password_again": new})


async def test_home_and_pages_send_a_stranger_to_sign_in(app: AppContext) -> None:
    async with client(app) as c:
        for path in ("/", "/duty", "/cases", "/audit", "/schools", "/callbacks"):
            response = await c.get(path)
            assert response.status_code == 303 and response.headers["location"] == "/login", path
        assert (await c.get("/api/v1/duty")).status_code == 401
        login = await c.get("/login")
        assert login.status_code == 200 and 'name="password"' in login.text


async def test_first_sign_in_forces_a_new_password_then_goes_home(app: AppContext) -> None:
    async with client(app) as c:
        first = await sign_in(c, "duty")
        assert first.status_code == 303 and first.headers["location"] == "/account/password"
        blocked = await c.get("/duty")
        assert blocked.headers["location"] == "/account/password"
        form = await c.get("/account/password")
        short = await c.post(
            "/account/password",
            data={
                "csrf": csrf_of(form.text),
                "current_password": PASSWORD,
                "new_password": "short",
                "new_password_again": "short",
            },
        )
        assert short.status_code == 400 and "at least 12 characters" in short.text
        await _change_first_password(c)
        duty = await c.get("/duty")
        assert duty.status_code == 200 and "Duty queue" in duty.text
    async with client(app) as c:
        again = await sign_in(c, "duty", "my own new password")
        assert again.headers["location"] == "/duty"
    assert "practitioner:duty practitioner.password_changed" in await actions(app, "practitioner.")


async def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_account(
    app: AppContext, clock: FixedClock
) -> None:
    async with client(app) as c:
        for _ in range(MAX_FAILURES):
            wrong = await sign_in(c, "duty", "not the password")
            assert wrong.status_code == 401 and "do not match" in wrong.text
        locked = await sign_in(c, "duty")
        assert locked.status_code == 401 and "locked" in locked.text
        clock.advance(minutes=16)
        assert (await sign_in(c, "duty")).status_code == 303
    events = await actions(app)
    assert events.count("practitioner:duty signin.failed") == MAX_FAILURES
    assert "system practitioner.locked" in events and "practitioner:duty signin.refused" in events
    assert "practitioner:duty signin.ok" in events


async def test_an_unknown_user_gets_the_same_answer(app: AppContext) -> None:
    async with client(app) as c:
        response = await sign_in(c, "nobody")
    assert response.status_code == 401 and "do not match" in response.text


async def test_a_form_without_the_csrf_token_is_refused(app: AppContext) -> None:
    async with client(app) as c:
        bare = await c.post("/login", data={"username": "duty", "password": PASSWORD})
        assert bare.status_code == 403
        forged = await c.post("/login", data={"csrf": "forged", "username": "duty", "password": PASSWORD})
        assert forged.status_code == 403
    assert "practitioner:duty signin.ok" not in await actions(app)


async def test_the_session_cookie_flags(app: AppContext) -> None:
    async with client(app) as c:
        cookie = (await c.get("/login")).headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    async with client(app, "https://waymark.example.org") as c:
        assert "Secure" in (await c.get("/login")).headers["set-cookie"]


async def test_sign_out_and_idle_expiry_end_the_session(app: AppContext, clock: FixedClock) -> None:
    async with client(app) as c:
        await sign_in(c, "duty")
        await _change_first_password(c)
        page = await c.get("/duty")
        out = await c.post("/logout", data={"csrf": csrf_of(page.text)})
        assert out.headers["location"] == "/login"
        assert (await c.get("/duty")).status_code == 303
        await sign_in(c, "duty", "my own new password")
        clock.advance(seconds=IDLE.total_seconds() - 60)
        assert (await c.get("/duty")).status_code == 200  # activity restarts the idle timer
        clock.advance(seconds=IDLE.total_seconds() - 60)
        assert (await c.get("/duty")).status_code == 200
        clock.advance(seconds=IDLE.total_seconds() + 1)
        assert (await c.get("/duty")).headers["location"] == "/login"
    assert "practitioner:duty signout" in await actions(app)


async def test_disabling_or_a_new_password_ends_open_sessions(app: AppContext) -> None:
    from bot.features.practitioners.accounts import set_active, set_password

    async with client(app) as c:
        await sign_in(c, "duty")
        await _change_first_password(c)
        assert (await c.get("/duty")).status_code == 200
        async with app.db.session() as session:
            await set_active(session, "duty", False, actor="cli", now=app.now())
            await session.commit()
        assert (await c.get("/duty")).status_code == 303
        async with app.db.session() as session:
            await set_active(session, "duty", True, actor="cli", now=app.now())
            await session.commit()
        await sign_in(c, "duty", "my own new password")
        assert (await c.get("/duty")).status_code == 200
        async with app.db.session() as session:
            await set_password(session, "duty", "reset by an admin", actor="cli", now=app.now())
            await session.commit()
        assert (await c.get("/duty")).status_code == 303
