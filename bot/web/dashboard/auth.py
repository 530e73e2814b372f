"""Who is asking, and may they: the signed-in practitioner (session cookie or API token), role checks,
and the CSRF check on every form post.

Routes take the practitioner from :func:`signed_in` (any role) or a :func:`require` guard. Not signed in:
:class:`SignInNeeded` (a page redirects to /login, the API answers 401). A practitioner who must change
their password is sent to /account/password first (:class:`PasswordChangeNeeded`). Wrong role: 403.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request
from starlette.datastructures import FormData

from bot.app.context import AppContext
from bot.features.practitioners.accounts import by_api_token
from bot.storage.models.users import Practitioner
from bot.web.dashboard.session import fingerprint, session_of

DUTY_ROLES = ("duty_clinician", "manager", "admin")  # who works the duty queue
CASE_ROLES = ("duty_clinician", "manager", "admin", "practitioner")  # who may open a case (see cases.py)
ADMIN = ("admin",)
SCHOOL_ROLES = ("admin", "manager", "school_lead", "duty_clinician", "practitioner")
CSRF_FIELD = "csrf"


class SignInNeeded(Exception):
    """Nobody (or nobody still valid) is signed in."""


class PasswordChangeNeeded(Exception):
    """The practitioner must choose a new password before anything else."""


def context(request: Request) -> AppContext:
    ctx = request.app.state.ctx
    assert isinstance(ctx, AppContext)
    return ctx


async def _from_token(request: Request) -> Practitioner | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    async with context(request).db.session() as session:
        return await by_api_token(session, header[7:].strip())


async def current(request: Request) -> Practitioner | None:
    """The practitioner behind this request, or None. Cached on the request."""
    if "waymark.user" in request.scope:
        cached = request.scope["waymark.user"]
        return cached if isinstance(cached, Practitioner) else None
    person = await _from_token(request)
    if person is None:
        web = session_of(request)
        ctx = context(request)
        if web.user_id is not None and web.idle_expired(ctx.now()):
            web.sign_out()
        elif web.user_id is not None:
            async with ctx.db.session() as session:
                found = await session.get(Practitioner, web.user_id)
            if found is not None and found.active and web.fingerprint == fingerprint(found.password_hash):
                person = found
            else:
                web.sign_out()
    request.scope["waymark.user"] = person
    return person


async def signed_in(request: Request, *, allow_password_change: bool = False) -> Practitioner:
    """The signed-in practitioner; SignInNeeded or PasswordChangeNeeded otherwise."""
    person = await current(request)
    if person is None:
        raise SignInNeeded()
    if person.must_change_password and not allow_password_change:
        raise PasswordChangeNeeded()
    return person


def require(*roles: str) -> Callable[[Request], Awaitable[Practitioner]]:
    """A FastAPI dependency: the signed-in practitioner if their role is one of `roles`, else 403."""

    async def guard(request: Request) -> Practitioner:
        person = await signed_in(request)
        if person.role not in roles:
            raise HTTPException(status_code=403, detail="Your role cannot open this page.")
        return person

    return guard


async def checked_form(request: Request) -> FormData:
    """The posted form, if its CSRF token matches the session's; 403 otherwise."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = session_of(request).csrf
    if not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise HTTPException(status_code=403, detail="This form has expired. Go back, reload and try again.")
    return form


def actor(person: Practitioner) -> str:
    return f"practitioner:{person.username}"
