"""The duty queue's server-sent event stream on a real server: a risk text posted to the Twilio webhook
is announced as a `queue` event naming the new case; disabling the account ends the stream."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Iterator

import httpx
import pytest

from bot.app.clock import SystemClock
from bot.features.practitioners.accounts import set_active
from bot.features.practitioners.demo import DEMO_PASSWORD
from tests.bot.web.dashboard.browser_support import LiveServer, serve
from tests.support import make_context

WAIT = httpx.Timeout(30.0)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    yield from serve(tmp_path_factory)


def _signed_in(server: LiveServer, username: str) -> httpx.Client:
    client = httpx.Client(base_url=server.url, timeout=WAIT, headers={"accept": "text/html"})
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf
    done = client.post(
        "/login", data={"csrf": csrf.group(1), "username": username, "password": DEMO_PASSWORD}
    )
    assert done.status_code == 303
    return client


def _events(lines: Iterator[str]) -> Iterator[tuple[str, str]]:
    name = ""
    for line in lines:
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            yield name, line[6:]


def _disable(server: LiveServer, username: str) -> None:
    async def go() -> None:
        ctx = make_context(f"sqlite:///{server.db_path}", SystemClock())  # type: ignore[arg-type]
        try:
            async with ctx.db.session() as session:
                await set_active(session, username, False, actor="test", now=ctx.now())
                await session.commit()
        finally:
            await ctx.close()

    worker = threading.Thread(target=lambda: asyncio.run(go()))
    worker.start()
    worker.join()


def test_a_new_case_is_announced_and_a_disabled_account_is_signed_out(server: LiveServer) -> None:
    client = _signed_in(server, "demo.admin")
    try:
        with client.stream("GET", "/duty/events") as stream:
            assert stream.status_code == 200 and stream.headers["content-type"].startswith(
                "text/event-stream"
            )
            events = _events(stream.iter_lines())
            before = {str(r[0]) for r in server.query("select ref from escalation")}  # demo check-in reviews
            assert server.sms("+447700900321", "i am going to kill myself tonight") == 200
            name, data = next(events)
            assert name == "queue"
            announced = json.loads(data)
            refs = [str(r[0]) for r in server.query("select ref from escalation") if str(r[0]) not in before]
            assert announced["new"] == refs and len(refs) == 1
            assert "kill" not in data
            _disable(server, "demo.admin")
            assert next(events)[0] == "signedout"
    finally:
        client.close()
