"""Telegram fixtures: the fake Bot API on 127.0.0.1, an AppContext whose Telegram sender is the real
TelegramSender (PTB's Bot over real HTTP), a fake monotonic clock for the rate limiter, and an HTTP client
for the real web app. Test modules import the fixtures they use from here.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext, build_context
from bot.app.settings import Settings
from bot.channels.telegram import TelegramSender, build_bot
from bot.channels.telegram_limits import TelegramRateLimiter
from bot.web.app import create_app
from tests.bot.channels.fake_telegram import BOT_ID, FakeTelegram, serve_fake_telegram
from tests.support import ROOT, RecordingSender, prepare_database, project_config

TOKEN = f"{BOT_ID}:AAH-test-token-not-real"
SECRET = "s3cret-Token_for-tests"
PAYLOADS = Path(__file__).parent / "payloads"
SEND_TIMEOUT = 30.0  # seconds: a stalled test process must not turn an answered request into a timeout
TIMEOUT_TEST_TIMEOUT = 0.5  # the client's timeout in a test of the "timeout" failure (the fake hangs)


def payload(name: str) -> dict[str, Any]:
    """A recorded Telegram update shape from payloads/telegram_<name>.json."""
    data: dict[str, Any] = json.loads((PAYLOADS / f"telegram_{name}.json").read_text())
    return data


@dataclass
class FakeMonotonic:
    """A monotonic clock for the rate limiter; `sleep` records the wait and moves the clock on."""

    now: float = 1000.0
    slept: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def telegram_settings(database_url: str, api_base: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "config_path": ROOT / "config.yml",
        "telegram_bot_token": TOKEN,
        "telegram_webhook_secret": SECRET,
        "telegram_api_base": api_base,
        **overrides,
    }
    return Settings(**values)


@pytest.fixture
async def fake_tg() -> AsyncIterator[FakeTelegram]:
    async with serve_fake_telegram(TOKEN) as fake:
        yield fake


@pytest.fixture
def tg_monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
async def tg_ctx(
    request: pytest.FixtureRequest,
    database_url: str,
    clock: FixedClock,
    fake_tg: FakeTelegram,
    tg_monotonic: FakeMonotonic,
) -> AsyncIterator[AppContext]:
    """An AppContext with the real TelegramSender pointed at the fake, and a recording SMS sender. The
    client waits SEND_TIMEOUT, except in a test parametrised with ``failure="timeout"``."""
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    timeout = TIMEOUT_TEST_TIMEOUT if params.get("failure") == "timeout" else SEND_TIMEOUT
    settings = telegram_settings(database_url, fake_tg.base_url)
    ctx = build_context(settings, config=project_config(), clock=clock, use_nlu=False)
    limiter = TelegramRateLimiter(
        ctx.config.channels.telegram.messages_per_second, clock=tg_monotonic, sleep=tg_monotonic.sleep
    )
    ctx.senders["telegram"] = TelegramSender(build_bot(settings, timeout=timeout), limiter)
    ctx.senders["sms"] = RecordingSender("sms")
    await prepare_database(ctx)
    yield ctx
    await ctx.close()


@pytest.fixture
async def tg_client(tg_ctx: AppContext) -> AsyncIterator[httpx.AsyncClient]:
    """The real web app over ASGI. Background tasks finish before each request returns."""
    transport = httpx.ASGITransport(app=create_app(tg_ctx, background=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def post_update(
    client: httpx.AsyncClient, body: dict[str, Any] | str | bytes, *, secret: str | None = SECRET
) -> httpx.Response:
    """POST `body` (an update dict, or raw text) to the webhook with the secret header (unless None)."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    content = json.dumps(body) if isinstance(body, dict) else body
    return await client.post("/webhooks/telegram", content=content, headers=headers)
