"""Reading a webhook's body with a cap, so an oversized request is refused (413) before it costs anything.

The cap is enforced while the stream is read: a declared Content-Length over the cap is refused without
reading, and a body sent without one (chunked) is counted as it arrives, so neither a wrong header nor
its absence lets more than the cap into memory. The caps are well above what the providers send:
Twilio's longest message is 1,600 characters (the whole signed form stays far below 64 KiB), and a
Telegram text is at most 4,096 UTF-16 units (a whole update, JSON-escaped, far below 256 KiB).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Message

TWILIO_MAX_BODY = 64 * 1024
TELEGRAM_MAX_BODY = 256 * 1024


async def read_capped(request: Request, limit: int) -> bytes | None:
    """The request body, or None as soon as it is known to be longer than `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:  # "²".isdigit() is true
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def with_body(request: Request, body: bytes) -> Request:
    """A request over the same scope whose body is `body` (already read), for Starlette's form parser."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(request.scope, receive)
