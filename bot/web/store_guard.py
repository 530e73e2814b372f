"""When nothing could be stored, say so with 503 and Retry-After, never 500.

A webhook whose text could not be stored (database refused the connection, the pool or SQLite's writer was
busy past `database.pool_timeout_seconds`, "database is locked", a disk I/O error) must not answer 200 (the
text would be lost) nor 500 (Twilio treats it as our bug). 503 with Retry-After makes Twilio use its
fallback URL and Telegram redeliver the update later. :func:`install` registers the mapping for every route
(the Twilio and Telegram webhooks, the status webhook, the dashboard), so routes just call the store.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from sqlalchemy import exc as sa_exc

from bot.db import StoreBusy

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30

UNAVAILABLE: tuple[type[Exception], ...] = (
    StoreBusy,  # our own bounded wait for SQLite's writer
    sa_exc.TimeoutError,  # no pooled connection within pool_timeout_seconds
    sa_exc.OperationalError,  # database is locked, disk I/O error, connection refused or dropped
    sa_exc.InterfaceError,  # the connection is closed
    ConnectionError,  # asyncpg: refused or reset before SQLAlchemy could wrap it
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


async def _handle(request: Request, exc: Exception) -> Response:
    # The type only: a database error's text can carry statement details.
    log.error("database unavailable on %s (%s); answered 503", request.url.path, type(exc).__name__)
    return unavailable_response()


def install(app: FastAPI) -> None:
    """Answer 503 + Retry-After for any route that fails because the database is unavailable."""
    for kind in UNAVAILABLE:
        app.add_exception_handler(kind, _handle)
