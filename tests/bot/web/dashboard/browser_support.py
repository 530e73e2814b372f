"""A real Waymark web server for the browser and event-stream tests: uvicorn on a free port in a thread,
a temporary SQLite database with the demo data (demo sign-ins for each role), a Twilio auth token so a
test can post signed webhooks, and recording senders (nothing leaves the machine). Outbound texts stay
queued (no dispatcher), so a test can read what the outbox holds.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from pydantic import SecretStr
from twilio.request_validator import RequestValidator

from bot.app.clock import SystemClock
from bot.app.context import build_context
from bot.app.demo import load_demo
from bot.app.settings import Settings
from bot.features.practitioners.demo import DEMO_PASSWORD
from bot.storage.migrate import upgrade_async
from bot.web.app import create_app
from tests.support import ROOT, RecordingSender, project_config

CHROMIUM = Path(os.environ.get("WAYMARK_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = ROOT / "tests" / "artifacts"
TOKEN = "browser-test-twilio-token"
_sids = itertools.count(1)


def chromium_or_skip() -> str:
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests skipped: no chromium at {CHROMIUM}. `make test` installs it with apt "
            "(apt-get install -y chromium) where apt can run; or set WAYMARK_CHROMIUM to a chromium binary."
        )
    return str(CHROMIUM)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    url: str
    db_path: Path

    def sms(self, sender: str, text: str) -> int:
        """Post a signed Twilio inbound SMS to the webhook, as Twilio would; the HTTP status."""
        target = f"{self.url}/webhooks/twilio/sms"
        form = {
            "MessageSid": f"SM{next(_sids):032x}",
            "AccountSid": "AC" + "0" * 32,
            "From": sender,
            "To": "+447700900999",
            "Body": text,
            "NumMedia": "0",
            "NumSegments": "1",
        }
        signature = RequestValidator(TOKEN).compute_signature(target, form)
        response = httpx.post(target, data=form, headers={"x-twilio-signature": signature}, timeout=10)
        return response.status_code

    def query(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db_path) as conn:
            return list(conn.execute(sql, args).fetchall())


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    chromium_or_skip()
    yield from serve(tmp_path_factory)


def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Run the server until the generator is closed."""
    db_path = tmp_path_factory.mktemp("browser") / "waymark.db"
    settings = Settings(  # type: ignore[call-arg]
        env="test",
        database_url=f"sqlite:///{db_path}",
        config_path=ROOT / "config.yml",
        twilio_auth_token=SecretStr(TOKEN),
        twilio_account_sid="AC" + "0" * 32,
        twilio_from_number="+447700900999",
    )
    ctx = build_context(settings, config=project_config(), clock=SystemClock(), use_nlu=False)
    for name in ("sms", "telegram"):
        ctx.senders[name] = RecordingSender(name)

    async def prepare() -> None:
        await upgrade_async(settings.database_url)
        await load_demo(ctx)
        await ctx.db.dispose()

    # Playwright's sync API runs an event loop in this thread, so the set-up runs in its own thread.
    preparing = threading.Thread(target=lambda: asyncio.run(prepare()))
    preparing.start()
    preparing.join()
    port = _free_port()
    app = create_app(ctx, background=False)
    app.state.duty_poll_seconds = 0.5
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", log_config=None, timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    ARTIFACTS.mkdir(exist_ok=True)
    yield LiveServer(f"http://127.0.0.1:{port}", db_path)
    server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless chromium for one test module (import this fixture into the module)."""
    path = chromium_or_skip()
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context at desktop width for one test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def sign_in(page: Page, server: LiveServer, username: str) -> None:
    """Sign in on the login page as a demo user (the demo password)."""
    page.goto(f"{server.url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/login" not in page.url


def serious(results: Any) -> list[str]:
    """axe-core's serious and critical violations in `results`, one line each."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
