"""A small fake of Twilio's REST Messages API, served over real HTTP on 127.0.0.1 by uvicorn in a thread.

It records every `POST /2010-04-01/Accounts/{sid}/Messages.json` and answers like Twilio: 201 with a
Message resource, or the error shape `{"code", "message", "more_info", "status"}`. Queue failures with
`fail(...)`: each queued failure answers one request, in order.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
HANG_SECONDS = 2.0  # how long a "timeout" failure holds the request; clients in tests give up sooner


@dataclass(frozen=True)
class Failure:
    """One failed answer: an HTTP status with Twilio's error JSON, or a hang (`timeout`)."""

    status: int = 500
    code: int | None = None
    message: str = "error"
    retry_after: str | None = None
    timeout: bool = False


SERVER_ERROR = Failure(500, 20500, "Internal Server Error")
RATE_LIMITED = Failure(429, 20429, "Too Many Requests", retry_after="30")
OPTED_OUT = Failure(400, 21610, "Attempt to send to unsubscribed recipient")
LANDLINE = Failure(400, 30006, "Landline or unreachable carrier")
UNKNOWN_DESTINATION = Failure(400, 30005, "Unknown destination handset")
UNREACHABLE = Failure(400, 30003, "Unreachable destination handset")
INVALID_TO = Failure(400, 21211, "Invalid 'To' Phone Number")
NOT_MOBILE = Failure(400, 21614, "'To' number is not a valid mobile number")
BAD_FROM = Failure(400, 21606, "The 'From' phone number provided is not a valid message-capable number")
TIMEOUT = Failure(timeout=True)


@dataclass(frozen=True)
class Sent:
    """One message the fake accepted, as the form fields Twilio's API received."""

    sid: str
    to: str
    body: str
    from_: str | None
    messaging_service_sid: str | None
    status_callback: str | None


@dataclass
class FakeTwilio:
    base_url: str = ""
    sent: list[Sent] = field(default_factory=list)
    attempts: int = 0  # every Messages.json request, failed or not
    failures: list[Failure] = field(default_factory=list)
    auth_users: list[str] = field(default_factory=list)

    def fail(self, *failures: Failure) -> None:
        self.failures.extend(failures)

    def reset(self) -> None:
        self.sent.clear()
        self.failures.clear()
        self.auth_users.clear()
        self.attempts = 0

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/2010-04-01/Accounts/{sid}/Messages.json")
        async def create(sid: str, request: Request) -> Response:
            return await self._create(sid, request)

        return api

    async def _create(self, sid: str, request: Request) -> Response:
        self.attempts += 1
        if request.headers.get("authorization", "") != _basic(ACCOUNT_SID, AUTH_TOKEN) or sid != ACCOUNT_SID:
            return _error(Failure(401, 20003, "Authenticate"))
        self.auth_users.append(sid)
        form = await request.form()
        if self.failures:
            failure = self.failures.pop(0)
            if failure.timeout:  # hold the request past the client's timeout; record nothing
                await asyncio.sleep(HANG_SECONDS)
                return _error(Failure(504, 20504, "Gateway Timeout"))
            return _error(failure)
        message = Sent(
            sid="SM" + uuid.uuid4().hex,
            to=str(form["To"]),
            body=str(form["Body"]),
            from_=_opt(form.get("From")),
            messaging_service_sid=_opt(form.get("MessagingServiceSid")),
            status_callback=_opt(form.get("StatusCallback")),
        )
        self.sent.append(message)
        return JSONResponse(_resource(sid, message), status_code=201)


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _basic(user: str, password: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _error(failure: Failure) -> JSONResponse:
    body = {
        "code": failure.code,
        "message": failure.message,
        "more_info": f"https://www.twilio.com/docs/errors/{failure.code}",
        "status": failure.status,
    }
    headers = {"Retry-After": failure.retry_after} if failure.retry_after else None
    return JSONResponse(body, status_code=failure.status, headers=headers)


def _resource(account_sid: str, m: Sent) -> dict[str, object]:
    """A Message resource as Twilio returns it from a create (status `queued`)."""
    return {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        "body": m.body,
        "date_created": "Tue, 17 Nov 2026 10:00:00 +0000",
        "date_sent": None,
        "date_updated": "Tue, 17 Nov 2026 10:00:00 +0000",
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": m.from_,
        "messaging_service_sid": m.messaging_service_sid,
        "num_media": "0",
        "num_segments": "1",
        "price": None,
        "price_unit": "GBP",
        "sid": m.sid,
        "status": "queued",
        "subresource_uris": {"media": f"/2010-04-01/Accounts/{account_sid}/Messages/{m.sid}/Media.json"},
        "to": m.to,
        "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{m.sid}.json",
    }


@contextmanager
def serve_fake_twilio() -> Iterator[FakeTwilio]:
    """Run the fake on 127.0.0.1 on a free port in a background thread until the block ends."""
    fake = FakeTwilio()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        fake.app(),
        log_level="warning",
        lifespan="off",
        ws="none",
        http="h11",
        access_log=False,
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("fake Twilio did not start")
        threading.Event().wait(0.01)
    fake.base_url = f"http://127.0.0.1:{port}"
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()
