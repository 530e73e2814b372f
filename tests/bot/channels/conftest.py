"""Twilio fixtures: the fake REST API on 127.0.0.1, an AppContext whose "sms" sender is the real
TwilioSmsSender (the `twilio` library over real HTTP), and a client that posts signed webhooks into the real
app. (Telegram's fixtures live in conftest_telegram.py and are imported by its test modules.)
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from twilio.request_validator import RequestValidator

from bot.app.clock import FixedClock
from bot.app.config import AppConfig
from bot.app.context import AppContext, build_context
from bot.app.settings import Settings
from bot.channels.rate_limit import TokenBucket
from bot.channels.twilio_setup import build_twilio_sender
from bot.channels.twilio_sms import TwilioSmsSender
from bot.web.app import create_app
from tests.bot.channels.fake_time import FakeTime
from tests.bot.channels.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio, serve_fake_twilio
from tests.support import ROOT, RecordingSender, prepare_database, project_config

PAYLOADS = Path(__file__).parent / "payloads"
PUBLIC_URL = "https://waymark.example.org"
FROM_NUMBER = "+447700900000"
# The fake answers on loopback in milliseconds, but a loaded machine can stall this process (the fake runs in
# one of its threads) for longer than a short timeout: a lookup that timed out made a recovery test fail.
# So a client gives up on the fake only in the tests of a timeout (give_up_after), and there the fake holds
# the request until the test ends, so the answer never races the timeout.
SEND_TIMEOUT = 30.0
GIVE_UP_S = 0.3


def payload(name: str, **changes: str) -> dict[str, str]:
    """A recorded Twilio form (payloads/<name>.json) with some fields changed; `_` keys are notes."""
    data = json.loads((PAYLOADS / f"{name}.json").read_text())
    form = {k: v for k, v in data.items() if not k.startswith("_")}
    form.update(changes)
    return form


def sign(url: str, form: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return str(RequestValidator(token).compute_signature(url, form))


@pytest.fixture(scope="session")
def fake_twilio_server() -> Iterator[FakeTwilio]:
    with serve_fake_twilio() as fake:
        yield fake


@pytest.fixture
def fake_twilio(fake_twilio_server: FakeTwilio) -> Iterator[FakeTwilio]:
    fake_twilio_server.reset()
    yield fake_twilio_server
    fake_twilio_server.reset()


def twilio_settings(database_url: str, api_base: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "config_path": ROOT / "config.yml",
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": AUTH_TOKEN,
        "twilio_from_number": FROM_NUMBER,
        "twilio_api_base": api_base,
        "public_url": PUBLIC_URL,
    }
    values.update(overrides)
    return Settings(**values)


def with_channels(config: AppConfig, **changes: Any) -> AppConfig:
    """`config` with `channels` fields changed (trust_proxy) or `sms=dict(...)` merged into channels.sms."""
    sms = changes.pop("sms", None)
    channels = config.channels.model_copy(update=changes)
    if sms:
        channels = channels.model_copy(update={"sms": channels.sms.model_copy(update=sms)})
    return config.model_copy(update={"channels": channels})


MakeCtx = Callable[..., Awaitable[AppContext]]


@pytest.fixture
async def make_twilio_ctx(
    database_url: str, clock: FixedClock, fake_twilio: FakeTwilio
) -> AsyncIterator[MakeCtx]:
    """Build an AppContext with the real Twilio sender against the fake (settings and config overridable)."""
    made: list[AppContext] = []

    async def make(config: AppConfig | None = None, **settings: Any) -> AppContext:
        cfg = config or project_config()
        ctx = build_context(
            twilio_settings(database_url, fake_twilio.base_url, **settings),
            config=cfg,
            clock=clock,
            use_nlu=False,
        )
        sender = build_twilio_sender(ctx.settings, cfg, timeout=SEND_TIMEOUT)
        assert sender is not None
        ctx.senders["sms"] = sender
        ctx.senders["telegram"] = RecordingSender("telegram")
        if not made:
            await prepare_database(ctx)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        await ctx.close()


def give_up_after(ctx: AppContext, seconds: float = GIVE_UP_S) -> None:
    """Make the real Twilio client of `ctx` give up on a request after `seconds` (a TIMEOUT test)."""
    sender = ctx.senders["sms"]
    assert isinstance(sender, TwilioSmsSender)
    sender.client.http_client.timeout = seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def twilio_ctx(make_twilio_ctx: MakeCtx, fake_time: FakeTime) -> AppContext:
    """The default: WAYMARK_PUBLIC_URL set, 1 segment per second on a fake clock."""
    ctx = await make_twilio_ctx()
    sender = ctx.senders["sms"]
    assert isinstance(sender, TwilioSmsSender)
    sender.limiter = TokenBucket(1.0, clock=fake_time.clock, sleep=fake_time.sleep)
    return ctx


@dataclass
class Webhooks:
    """Posts Twilio-shaped webhooks into the real app, signed the way Twilio signs them."""

    client: httpx.AsyncClient

    async def post(
        self,
        path: str,
        form: dict[str, str],
        *,
        signed_for: str | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        url = signed_for or f"{PUBLIC_URL}{path}"
        sent_headers = {"X-Twilio-Signature": signature if signature is not None else sign(url, form)}
        sent_headers.update(headers or {})
        sent_headers = {k: v for k, v in sent_headers.items() if v}
        return await self.client.post(path, data=form, headers=sent_headers)

    async def sms(self, form: dict[str, str], **kwargs: Any) -> httpx.Response:
        return await self.post("/webhooks/twilio/sms", form, **kwargs)

    async def status(self, form: dict[str, str], **kwargs: Any) -> httpx.Response:
        return await self.post("/webhooks/twilio/status", form, **kwargs)


def webhooks_for(ctx: AppContext, base_url: str = PUBLIC_URL) -> Webhooks:
    transport = httpx.ASGITransport(app=create_app(ctx, background=False))
    return Webhooks(httpx.AsyncClient(transport=transport, base_url=base_url))


@pytest.fixture
async def webhooks(twilio_ctx: AppContext) -> AsyncIterator[Webhooks]:
    hooks = webhooks_for(twilio_ctx)
    yield hooks
    await hooks.client.aclose()
