"""A small fake of the Telegram Bot API, served over real HTTP on 127.0.0.1 by uvicorn.

PTB's real `Bot` is pointed at it (`base_url`). It records every call and can be told to fail the next
sendMessage calls: "500", "429" (or "429:<seconds>"), "blocked", "deactivated", "chat_not_found",
"timeout" (the request hangs until the fake is stopped, so the client's own read timeout fires).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT_ID = 123456789
FAILURES: dict[str, tuple[int, dict[str, Any]]] = {
    "500": (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}),
    "429": (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        },
    ),
    "blocked": (
        403,
        {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
    ),
    "deactivated": (403, {"ok": False, "error_code": 403, "description": "Forbidden: user is deactivated"}),
    "chat_not_found": (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}),
}


@dataclass
class Call:
    method: str
    token: str
    params: dict[str, Any]


@dataclass
class FakeTelegram:
    """Recorded calls, queued failures and the registered webhook."""

    token: str
    base_url: str = ""
    calls: list[Call] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    webhook: dict[str, Any] = field(default_factory=dict)
    _release: asyncio.Event = field(default_factory=asyncio.Event)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1001))

    def sent(self) -> list[dict[str, Any]]:
        """Parameters of each sendMessage call that succeeded."""
        return [c.params for c in self.calls if c.method == "sendMessage" and c.params.get("_ok")]

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def handle(self, request: Request) -> JSONResponse:
        token, method = request.path_params["token"], request.path_params["method"]
        form = await request.form()
        params: dict[str, Any] = {}
        for key, value in form.items():
            assert isinstance(value, str)
            try:
                params[key] = json.loads(value)
            except ValueError:
                params[key] = value
        call = Call(method, token, params)
        self.calls.append(call)
        if token != self.token:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        if method == "sendMessage" and self.failures:
            failure = self.failures.pop(0)
            if failure == "timeout":
                await self._release.wait()
                return JSONResponse({"ok": False, "error_code": 504, "description": "late"}, 504)
            if failure.startswith("429:"):  # "429:60": flood control with retry_after 60
                seconds = int(failure.split(":", 1)[1])
                body = {**FAILURES["429"][1], "description": f"Too Many Requests: retry after {seconds}"}
                return JSONResponse({**body, "parameters": {"retry_after": seconds}}, 429)
            status, body = FAILURES[failure]
            return JSONResponse(body, status)
        return JSONResponse({"ok": True, "result": self._result(method, params)})

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Waymark", "username": "waymark_test_bot"}
        if method == "sendMessage":
            params["_ok"] = True
            chat = {"id": int(params["chat_id"]), "type": "private", "first_name": "Sam"}
            return {"message_id": next(self._ids), "date": 1795428000, "chat": chat, "text": params["text"]}
        if method == "setWebhook":
            self.webhook = {
                "url": params["url"],
                "has_custom_certificate": False,
                "pending_update_count": 0,
                "allowed_updates": params.get("allowed_updates", []),
            }
            return True
        if method == "deleteWebhook":
            self.webhook = {}
            return True
        if method == "getWebhookInfo":
            return self.webhook or {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return True

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/bot{token}/{method}", self.handle, methods=["POST", "GET"])])

    def release(self) -> None:
        """Let hanging ("timeout") requests finish."""
        self._release.set()


@asynccontextmanager
async def serve_fake_telegram(token: str) -> AsyncIterator[FakeTelegram]:
    """Run the fake on 127.0.0.1:<free port> in this event loop until the block ends."""
    fake = FakeTelegram(token)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)  # listening before uvicorn starts, so clients can connect at once
    fake.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    config = uvicorn.Config(
        fake.app(), lifespan="off", log_level="warning", access_log=False, timeout_graceful_shutdown=2
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        yield fake
    finally:
        fake.release()
        server.should_exit = True
        await task
        sock.close()
