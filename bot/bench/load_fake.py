"""The local fake provider `waymark bench load` points the servers at: Twilio's Messages API and Telegram's
sendMessage, answering like the real ones and recording what each would have sent (time, to, text)."""

from __future__ import annotations

import itertools
import json
import secrets
import time
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Sent:
    """One send the fake provider accepted."""

    at: float  # time.time()
    channel: str
    to: str
    text: str


@dataclass
class FakeProvider:
    """An aiohttp app on 127.0.0.1 that accepts every send."""

    sent: list[Sent] = field(default_factory=list)
    # ids never seen before in the database under test (it may hold earlier runs)
    _ids: itertools.count[int] = field(
        default_factory=lambda: itertools.count(secrets.randbelow(2**40) * 1000)
    )
    _runner: web.AppRunner | None = None
    port: int = 0

    async def _twilio(self, request: web.Request) -> web.Response:
        form = await request.post()
        to, body = str(form.get("To", "")), str(form.get("Body", ""))
        self.sent.append(Sent(time.time(), "sms", to, body))
        sid = f"SMfake{next(self._ids):026x}"
        reply = {
            "sid": sid,
            "status": "queued",
            "to": to,
            "body": body,
            "num_segments": "1",
            "account_sid": request.match_info["account"],
            "error_code": None,
            "error_message": None,
            "date_created": None,
            "price": None,
            "uri": f"/2010-04-01/Messages/{sid}.json",
        }
        return web.json_response(reply, status=201)

    async def _telegram(self, request: web.Request) -> web.Response:
        if request.content_type == "application/json":
            data = await request.json()
        else:
            data = dict(await request.post())
        chat, text = str(data.get("chat_id", "")), str(data.get("text", ""))
        self.sent.append(Sent(time.time(), "telegram", chat, text))
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "text": text,
            "chat": {"id": int(chat) if chat.lstrip("-").isdigit() else 0, "type": "private"},
        }
        return web.json_response({"ok": True, "result": message})

    async def _telegram_other(self, request: web.Request) -> web.Response:
        result: object = True
        if request.match_info["method"] == "getMe":
            result = {"id": 123456, "is_bot": True, "first_name": "Bench", "username": "waymark_bench_bot"}
        return web.Response(text=json.dumps({"ok": True, "result": result}), content_type="application/json")

    async def start(self) -> str:
        """Listen on a free port; returns the base URL."""
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{account}/Messages.json", self._twilio)
        app.router.add_post("/bot{token}/sendMessage", self._telegram)
        app.router.add_post("/bot{token}/{method}", self._telegram_other)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return f"http://127.0.0.1:{self.port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
