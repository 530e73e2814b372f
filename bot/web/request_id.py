"""A request id for every HTTP request: taken from ``X-Request-ID`` when a proxy sent a sane one, else made
here; put in a context variable that the JSON log formatter reads, and echoed in the response header, so
one webhook's log lines can be found together (``bot/app/logs.py``)."""

from __future__ import annotations

import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.app.logs import request_id_var

HEADER = b"x-request-id"
_SANE = re.compile(r"[A-Za-z0-9._-]{8,64}")


def incoming_id(scope: Scope) -> str:
    """The caller's id when it looks like an id (no spaces, no personal data shapes), else a new one."""
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        if name == HEADER:
            candidate = bytes(value).decode("latin-1")
            if _SANE.fullmatch(candidate) and not candidate.isdigit():  # a bare number could be a phone
                return candidate
            break
    return uuid.uuid4().hex


class RequestId:
    """Pure ASGI middleware (no per-request task or body buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = incoming_id(scope)
        token = request_id_var.set(rid)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((HEADER, rid.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)
