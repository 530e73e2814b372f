"""The practitioners' dashboard: server-rendered pages (a router per page), the JSON API, sign-in.

:func:`include_dashboard` adds everything to the app: the session cookie middleware, static files, the
error pages (sign-in needed: redirect to /login, or 401 on the API), and the routers.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.app.context import AppContext
from bot.web.dashboard import (
    api,
    api_care,
    api_directory,
    api_queues,
    api_reports,
    appointment_import,
    appointments,
    audit_log,
    callbacks,
    cases,
    checkin_actions,
    checkins,
    directory,
    directory_edit,
    directory_import,
    duty,
    referrals,
    reports,
    rota,
    rota_edit,
    school_edit,
    schools,
    signin,
)
from bot.web.dashboard.auth import PasswordChangeNeeded, SignInNeeded, current
from bot.web.dashboard.render import page
from bot.web.dashboard.session import SessionCookies

STATIC = Path(__file__).resolve().parent.parent / "static"
ROUTERS = (
    signin.router,
    duty.router,
    cases.router,
    audit_log.router,
    schools.router,
    school_edit.router,
    rota.router,
    rota_edit.router,
    directory_import.router,
    directory_edit.router,
    directory.router,
    api.router,
    reports.router,
    api_reports.router,
    callbacks.router,
    referrals.router,
    api_queues.router,
    appointment_import.router,
    appointments.router,
    checkins.router,
    checkin_actions.router,
    api_care.router,
    api_directory.router,
)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(
        ("/api/", "/webhooks/", "/openapi.json")
    ) or "text/html" not in request.headers.get("accept", "")


async def _sign_in_needed(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "sign in or send an API token"}, status_code=401)
    return RedirectResponse("/login", status_code=303)


async def _password_change_needed(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": "choose a new password in the dashboard first"}, status_code=403)
    return RedirectResponse("/account/password", status_code=303)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_json(request) or exc.status_code not in (400, 403, 404, 405):
        return await http_exception_handler(request, exc)
    heading = {403: "Not for your role", 404: "Page not found"}.get(exc.status_code, "Something is wrong")
    message = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else "There is no such page."
    return page(
        request,
        "error.html",
        await current(request),
        title=heading,
        heading=heading,
        message=message,
        status_code=exc.status_code,
    )


def include_dashboard(app: FastAPI, ctx: AppContext) -> None:
    """Add the dashboard to `app` (its session secret is WAYMARK_SECRET_KEY)."""
    app.add_middleware(
        SessionCookies,
        secret=ctx.settings.require_secret_key(),
        now=ctx.now,
        public_url=ctx.settings.public_url,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(SignInNeeded, _sign_in_needed)
    app.add_exception_handler(PasswordChangeNeeded, _password_change_needed)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for router in ROUTERS:
        app.include_router(router)
