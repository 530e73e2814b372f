"""A small fake of Twilio's REST Messages API, served over real HTTP on 127.0.0.1 by uvicorn in a thread.

It records every `POST /2010-04-01/Accounts/{sid}/Messages.json` and answers like Twilio: 201 with a
Message resource, or the error shape `{"code", "message", "more_info", "status"}`. Queue failures with
`fail(...)`: each queued failure answers one request, in order. `stall(accept=...)` makes the next create
hang until `release()` (having taken the message first, or not), as a slow provider does.
`GET .../Messages.json?To=&From=` lists what it took, newest first, as Twilio's list does.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "test-auth-token-0123456789abcdef"


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
    created: dt.datetime = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)


FIXED_NOW = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)


@dataclass
class FakeTwilio:
    base_url: str = ""
    sent: list[Sent] = field(default_factory=list)
    attempts: int = 0  # every Messages.json request, failed or not
    failures: list[Failure] = field(default_factory=list)
    auth_users: list[str] = field(default_factory=list)
    lookups: int = 0  # every list request
    now: Callable[[], dt.datetime] = field(default=lambda: FIXED_NOW)  # when a message was created
    stalls: list[bool] = field(default_factory=list)  # accept first? per stalled create, in order
    stalled: threading.Event = field(default_factory=threading.Event)  # set when a create is held
    _release: threading.Event = field(default_factory=threading.Event)
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _hangs_end: threading.Event = field(default_factory=threading.Event)  # a "timeout" failure waits on it

    def fail(self, *failures: Failure) -> None:
        if any(f.timeout for f in failures):
            self._hangs_end.clear()
        self.failures.extend(failures)

    def stall(self, *, accept: bool) -> None:
        """Hold the next create until `release()`: having taken the message (`accept`) or not."""
        self._release.clear()
        self.stalls.append(accept)

    def release(self) -> None:
        self._release.set()

    def wait_until(self, done: Callable[[], bool], timeout: float) -> bool:
        """Block (a test thread) until `done()` holds after some request, or `timeout` seconds pass."""
        with self._changed:
            return self._changed.wait_for(done, timeout)

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def reset(self) -> None:
        self.sent.clear()
        self.failures.clear()
        self.auth_users.clear()
        self.stalls.clear()
        self.stalled.clear()
        self.release()
        self._hangs_end.set()
        self.attempts = 0
        self.lookups = 0
        self.now = lambda: FIXED_NOW

    def app(self) -> FastAPI:
        api = FastAPI()

        @api.post("/2010-04-01/Accounts/{sid}/Messages.json")
        async def create(sid: str, request: Request) -> Response:
            try:
                return await self._create(sid, request)
            finally:
                self._notify()

        @api.get("/2010-04-01/Accounts/{sid}/Messages.json")
        async def listing(sid: str, request: Request) -> Response:
            try:
                return self._list(sid, request)
            finally:
                self._notify()

        return api

    def _list(self, sid: str, request: Request) -> Response:
        self.lookups += 1
        if request.headers.get("authorization", "") != _basic(ACCOUNT_SID, AUTH_TOKEN) or sid != ACCOUNT_SID:
            return _error(Failure(401, 20003, "Authenticate"))
        if self.failures:
            return _error(self.failures.pop(0))
        to, from_ = request.query_params.get("To"), request.query_params.get("From")
        size = int(request.query_params.get("PageSize", "50"))
        found = [m for m in reversed(self.sent) if (not to or m.to == to) and (not from_ or m.from_ == from_)]
        page = [_resource(sid, m) for m in found[:size]]
        uri = f"/2010-04-01/Accounts/{sid}/Messages.json?PageSize={size}&Page=0"
        return JSONResponse(
            {
                "messages": page,
                "page": 0,
                "page_size": size,
                "first_page_uri": uri,
                "next_page_uri": None,
                "previous_page_uri": None,
                "uri": uri,
                "start": 0,
                "end": max(len(page) - 1, 0),
            }
        )

    async def _hold(self) -> None:
        self.stalled.set()
        self._notify()
        await _until(self._release)

    async def _create(self, sid: str, request: Request) -> Response:
        self.attempts += 1
        if request.headers.get("authorization", "") != _basic(ACCOUNT_SID, AUTH_TOKEN) or sid != ACCOUNT_SID:
            return _error(Failure(401, 20003, "Authenticate"))
        self.auth_users.append(sid)
        form = await request.form()
        if self.stalls:
            accept = self.stalls.pop(0)
            if accept:
                self.sent.append(self._message(form))
            await self._hold()
            if not accept:
                return _error(Failure(504, 20504, "Gateway Timeout"))
            return JSONResponse(_resource(sid, self.sent[-1]), status_code=201)
        if self.failures:
            failure = self.failures.pop(0)
            if failure.timeout:  # hold the request until the test ends: the client gives up first
                await _until(self._hangs_end)
                return _error(Failure(504, 20504, "Gateway Timeout"))
            return _error(failure)
        message = self._message(form)
        self.sent.append(message)
        return JSONResponse(_resource(sid, message), status_code=201)

    def _message(self, form: Any) -> Sent:
        return Sent(
            sid="SM" + uuid.uuid4().hex,
            to=str(form["To"]),
            body=str(form["Body"]),
            from_=_opt(form.get("From")),
            messaging_service_sid=_opt(form.get("MessagingServiceSid")),
            status_callback=_opt(form.get("StatusCallback")),
            created=self.now(),
        )


async def _until(event: threading.Event) -> None:
    """Wait in the fake's own loop until `event` (set by the test's thread) is set."""
    while not event.is_set():  # the test waits on events, not time
        await asyncio.sleep(0.01)


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
        "date_created": email.utils.format_datetime(m.created),
        "date_sent": None,
        "date_updated": email.utils.format_datetime(m.created),
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
