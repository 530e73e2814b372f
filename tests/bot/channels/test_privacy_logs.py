"""Privacy: no message text, phone number, chat id or secret in any log record, from any logger.

One run through the real app with the real `twilio` and PTB clients against the fakes: a signed Twilio
webhook with a risk text (crisis reply, escalation, duty alert), delivery receipts (delivered and 30006),
an ACK by text from the practitioner, a Telegram text, a Telegram send the user blocked, and a
`my_chat_member` block. Logging is set up as `waymark serve --log-level debug` sets it up
(`setup_logging`), and every record reaching the root logger at DEBUG is checked, library loggers included.
"""

# ruff: noqa: F811  (fixtures are imported from conftest_telegram and named as parameters)

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext, build_context
from bot.channels.telegram import TelegramSender, build_bot
from bot.channels.telegram_limits import TelegramRateLimiter
from bot.channels.twilio_setup import build_twilio_sender
from bot.cli.common import setup_logging
from bot.messaging.dispatcher import dispatch_due
from bot.web.app import create_app
from tests.bot.channels.conftest import FROM_NUMBER, payload, sign, twilio_settings
from tests.bot.channels.conftest_telegram import (  # noqa: F401
    SECRET,
    TOKEN,
    FakeMonotonic,
    fake_tg,
    post_update,
)
from tests.bot.channels.conftest_telegram import payload as tg_payload
from tests.bot.channels.fake_telegram import FakeTelegram
from tests.bot.channels.fake_twilio import AUTH_TOKEN, FakeTwilio
from tests.bot.escalation_support import ANA, add_staff, escalations, rota_config
from tests.support import prepare_database

YOUNG_PERSON = "+447700900123"
SAM = "5112233445"
RISK = "i took all my pills zebrafinch"
TG_TEXT = "my telegram words quokka"
LIBRARIES = ("httpx", "httpcore", "telegram", "aiosqlite", "sqlalchemy", "apscheduler", "asyncpg", "twilio")


@pytest.fixture
def serve_logging() -> Iterator[None]:
    """Logging as `waymark serve --log-level debug` configures it; restored afterwards."""
    root = logging.getLogger()
    before = {name: logging.getLogger(name).level for name in LIBRARIES}
    handlers, level = list(root.handlers), root.level
    setup_logging("DEBUG")
    yield
    for name, lvl in before.items():
        logging.getLogger(name).setLevel(lvl)
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
async def ctx(
    database_url: str, clock: FixedClock, fake_twilio: FakeTwilio, fake_tg: FakeTelegram
) -> AsyncIterator[AppContext]:
    """Both channels real: Twilio and Telegram senders against the fakes; a rota with staff."""
    settings = twilio_settings(
        database_url,
        fake_twilio.base_url,
        telegram_bot_token=TOKEN,
        telegram_webhook_secret=SECRET,
        telegram_api_base=fake_tg.base_url,
    )
    config = rota_config()
    app = build_context(settings, config=config, clock=clock, use_nlu=False)
    sms = build_twilio_sender(settings, config, timeout=0.5)
    assert sms is not None
    app.senders["sms"] = sms
    tick = FakeMonotonic()
    app.senders["telegram"] = TelegramSender(
        build_bot(settings, timeout=0.5), TelegramRateLimiter(25, clock=tick, sleep=tick.sleep)
    )
    await prepare_database(app)
    await add_staff(app)
    yield app
    await app.close()


async def _sms(client: httpx.AsyncClient, path: str, form: dict[str, str]) -> None:
    url = f"https://waymark.example.org{path}"
    response = await client.post(path, data=form, headers={"X-Twilio-Signature": sign(url, form)})
    assert response.status_code in (200, 204), response.text


async def _drain(app: AppContext) -> None:
    while await dispatch_due(app):
        pass


def _sid(n: int) -> str:
    return f"SM{n:032x}"


async def test_no_text_number_chat_id_or_secret_in_any_log_record(
    ctx: AppContext,
    fake_twilio: FakeTwilio,
    fake_tg: FakeTelegram,
    serve_logging: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger and its handlers: every record that propagates
    transport = httpx.ASGITransport(app=create_app(ctx, background=False))
    async with httpx.AsyncClient(transport=transport, base_url="https://waymark.example.org") as client:
        # a risk text over Twilio: crisis reply, escalation and the duty alert, sent through the fake
        inbound = payload(
            "twilio_inbound_sms", Body=RISK, From=YOUNG_PERSON, MessageSid=_sid(1), SmsSid=_sid(1)
        )
        await _sms(client, "/webhooks/twilio/sms", inbound)
        await _drain(ctx)
        [esc] = await escalations(ctx)
        crisis, alert = fake_twilio.sent[0], fake_twilio.sent[1]
        assert (crisis.to, alert.to) == (YOUNG_PERSON, ANA)
        # delivery receipts: the crisis reply delivered, the alert undelivered (30006, unreachable)
        for sid, name in ((crisis.sid, "twilio_status_delivered"), (alert.sid, "twilio_status_undelivered")):
            await _sms(client, "/webhooks/twilio/status", payload(name, MessageSid=sid, SmsSid=sid))
        # the practitioner acknowledges by text
        ack = payload(
            "twilio_inbound_sms", Body=f"ACK {esc.ref}", From=ANA, MessageSid=_sid(2), SmsSid=_sid(2)
        )
        await _sms(client, "/webhooks/twilio/sms", ack)
        await _drain(ctx)
        # Telegram: a text whose reply fails because the user blocked the bot, then the block itself
        update: dict[str, Any] = tg_payload("text")
        update["message"]["text"] = TG_TEXT
        fake_tg.failures.append("blocked")
        assert (await post_update(client, update)).status_code == 200
        await _drain(ctx)
        assert (await post_update(client, tg_payload("my_chat_member_kicked"))).status_code == 200

    assert (await escalations(ctx))[0].status == "acknowledged"  # the whole path really ran
    records = caplog.records
    assert any(r.name.startswith("bot.") for r in records) and len(records) > 10
    forbidden = {
        "risk text": RISK,
        "risk word": "zebrafinch",
        "telegram text": "quokka",
        "young person's number": YOUNG_PERSON,
        "young person's digits": YOUNG_PERSON[3:],
        "practitioner's number": ANA,
        "practitioner's digits": ANA[3:],
        "our number": FROM_NUMBER,
        "telegram chat id": SAM,
        "bot token": TOKEN,
        "token secret part": TOKEN.split(":", 1)[1],
        "twilio auth token": AUTH_TOKEN,
        "webhook secret": SECRET,
    }
    text = caplog.text + "\n".join(str(r.args) for r in records)
    leaks = {what for what, value in forbidden.items() if value in text}
    leaking = [r.getMessage()[:300] for r in records if any(v in r.getMessage() for v in forbidden.values())]
    assert leaks == set(), leaking
