"""When nothing could be stored, say so with 503 and Retry-After, never 500.

A webhook whose text could not be stored (database refused the connection, the pool or SQLite's writer was
busy past `database.pool_timeout_seconds`, "database is locked", a disk I/O error) must not answer 200 (the
text would be lost) nor 500 (Twilio treats it as our bug). 503 with Retry-After makes Twilio use its
fallback URL and Telegram redeliver the update later. :func:`install` adds the mapping, as middleware, for
every route (the Twilio and Telegram webhooks, the status webhook, the dashboard), so routes just call the
store.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse, Response
from sqlalchemy import exc as sa_exc
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.storage.db import StoreBusy

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30

UNAVAILABLE: tuple[type[Exception], ...] = (
    StoreBusy,  # our own bounded wait for SQLite's writer
    sa_exc.TimeoutError,  # no pooled connection within pool_timeout_seconds
    sa_exc.OperationalError,  # database is locked, disk I/O error, connection refused or dropped
    sa_exc.InterfaceError,  # the connection is closed
    OSError,  # asyncpg: refused, reset or unreachable before SQLAlchemy could wrap it; disk errors
    TimeoutError,  # asyncpg: connect timeout
)
"""Errors that mean the database could not be used, not that our code or the input is wrong."""


def unavailable_response() -> Response:
    """503 with Retry-After: the provider retries later or uses its fallback URL."""
    return PlainTextResponse(
        "database unavailable; try again later",
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


class StoreGuard:
    """ASGI middleware: a route that fails because the database is unavailable answers 503 + Retry-After.

    Only before the response has started: a failure in a background task after the answer (processing)
    is raised unchanged, for the server to log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except UNAVAILABLE as exc:
            if started:
                raise
            # The type only: a database error's text can carry statement details.
            log.error("database unavailable on %s (%s); answered 503", scope["path"], type(exc).__name__)
            await unavailable_response()(scope, receive, send)


def install(app: FastAPI) -> None:
    """Answer 503 + Retry-After for any route that fails because the database is unavailable."""
    app.add_middleware(StoreGuard)
