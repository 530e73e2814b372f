"""`/login`, `/logout`, `/account/password` and `/` (each role's home page)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from bot.app.audit import record
from bot.features.practitioners.accounts import change_password, sign_in
from bot.features.practitioners.service import PractitionerError
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import actor, checked_form, context, current, signed_in
from bot.web.dashboard.render import page
from bot.web.dashboard.session import session_of

router = APIRouter(include_in_schema=False)

HOME = {
    "duty_clinician": "/duty",
    "manager": "/duty",
    "admin": "/duty",
    "practitioner": "/cases",
    "school_lead": "/schools",
}


def home_of(person: Practitioner) -> str:
    return HOME.get(person.role, "/reports")


def _see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/")
async def home(request: Request) -> Response:
    person = await signed_in(request)
    return _see_other(home_of(person))


@router.get("/login")
async def login_page(request: Request) -> Response:
    person = await current(request)
    if person is not None and not person.must_change_password:
        return _see_other(home_of(person))
    return page(request, "login.html", None, title="Sign in", error=None, username="")


@router.post("/login")
async def login(request: Request) -> Response:
    form = await checked_form(request)
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    ctx = context(request)
    async with ctx.db.session() as session:
        result = await sign_in(session, username, password, now=ctx.now())
        await session.commit()
    if result.person is None:
        return page(
            request,
            "login.html",
            None,
            title="Sign in",
            error=result.reason,
            username=username[:40],
            status_code=401,
        )
    assert result.person.id is not None
    session_of(request).sign_in(result.person.id, result.person.password_hash, ctx.now())
    if result.person.must_change_password:
        return _see_other("/account/password")
    return _see_other(home_of(result.person))


@router.post("/logout")
async def logout(request: Request) -> Response:
    await checked_form(request)
    person = await current(request)
    if person is not None:
        ctx = context(request)
        async with ctx.db.session() as session:
            await record(
                session,
                at=ctx.now(),
                actor=actor(person),
                action="signout",
                subject_type="practitioner",
                subject_id=person.username,
            )
            await session.commit()
    session_of(request).sign_out()
    return _see_other("/login")


@router.get("/account/password")
async def password_page(request: Request) -> Response:
    person = await signed_in(request, allow_password_change=True)
    return page(request, "password.html", person, title="Choose a new password", error=None)


@router.post("/account/password")
async def password_change(request: Request) -> Response:
    person = await signed_in(request, allow_password_change=True)
    form = await checked_form(request)
    new, again = str(form.get("new_password", "")), str(form.get("new_password_again", ""))
    ctx = context(request)
    error = "The two new passwords are not the same." if new != again else None
    if error is None:
        async with ctx.db.session() as session:
            fresh = await session.get(Practitioner, person.id)
            assert fresh is not None
            try:
                await change_password(
                    session, fresh, str(form.get("current_password", "")), new, now=ctx.now()
                )
            except PractitionerError as exc:
                error = str(exc).capitalize() + "."
            else:
                await session.commit()
                assert fresh.id is not None
                session_of(request).sign_in(fresh.id, fresh.password_hash, ctx.now())
                return _see_other(home_of(fresh))
    return page(request, "password.html", person, title="Choose a new password", error=error, status_code=400)
