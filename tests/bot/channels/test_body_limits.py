"""Issue 11, item 4: request bodies are capped while they are read (413 beyond), and what is stored is
measured with bounded, linear work before the commit.

One 1 MB Telegram update held a core for more than 12 minutes: the splitter was quadratic and nothing
limited the body. The caps (`bot/web/body_limit.py`) are 64 KiB for a Twilio form (a message is at most
1,600 characters) and 256 KiB for a Telegram update (a text is at most 4,096 UTF-16 units).
"""

# ruff: noqa: F811  (fixtures are imported from conftest_telegram and named as parameters)

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from urllib.parse import urlencode

import httpx
import pytest
from starlette.requests import Request
from starlette.types import Message

from bot.app.context import AppContext
from bot.channels import sms_text
from bot.web.body_limit import TELEGRAM_MAX_BODY, TWILIO_MAX_BODY, read_capped
from tests.bot.channels.conftest import PUBLIC_URL, Webhooks, sign
from tests.bot.channels.conftest import payload as twilio_payload
from tests.bot.channels.conftest_telegram import (  # noqa: F401
    SECRET,
    fake_tg,
    payload,
    post_update,
    tg_client,
    tg_ctx,
    tg_monotonic,
)
from tests.bot.channels.inbound_checks import inbound

CHUNK = 16 * 1024
SMS_URL = f"{PUBLIC_URL}/webhooks/twilio/sms"


class Chunks:
    """A request body sent in chunks without a Content-Length; counts how many chunks were read."""

    def __init__(self, body: bytes) -> None:
        self.body, self.pulled = body, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for i in range(0, len(self.body), CHUNK):
            self.pulled += 1
            yield self.body[i : i + CHUNK]


def telegram_update_of(size: int) -> bytes:
    update = payload("text")
    update["message"]["text"] = "x"
    base = len(json.dumps(update))
    update["message"]["text"] = "word " * ((size - base) // 5)
    return json.dumps(update).encode()


async def test_a_telegram_update_over_the_cap_is_413_and_nothing_is_stored(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    response = await post_update(tg_client, telegram_update_of(TELEGRAM_MAX_BODY + 100))
    assert response.status_code == 413
    assert await inbound(tg_ctx) == []


async def test_a_chunked_telegram_update_is_counted_while_read_and_refused_early(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    body = Chunks(telegram_update_of(4 * 1024 * 1024))
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    response = await tg_client.post("/webhooks/telegram", content=body, headers=headers)
    assert response.status_code == 413
    assert body.pulled <= TELEGRAM_MAX_BODY // CHUNK + 1  # stopped at the cap, not at 4 MiB
    assert await inbound(tg_ctx) == []


async def test_a_long_telegram_text_under_the_cap_is_stored_whole_with_linear_work(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = 0
    measure_one = sms_text._measure_one

    def counted(text: str) -> sms_text.SmsMeasure:
        nonlocal read
        read += len(text)
        return measure_one(text)

    monkeypatch.setattr(sms_text, "_measure_one", counted)
    body = telegram_update_of(TELEGRAM_MAX_BODY - 1000)
    response = await post_update(tg_client, body)
    assert response.status_code == 200
    [row] = await inbound(tg_ctx)
    assert len(row.body) > 250_000 and row.segments > 1_000
    assert read < 2 * len(row.body)  # the stored text is measured once (before: every prefix)


async def test_4096_emoji_are_measured_as_before(tg_ctx: AppContext, tg_client: httpx.AsyncClient) -> None:
    update = payload("text")
    update["message"]["text"] = "\U0001f600" * 4096
    assert (await post_update(tg_client, update)).status_code == 200
    [row] = await inbound(tg_ctx)
    assert (row.encoding, row.segments) == ("UCS-2", 125)


def signed_form(**changes: str) -> tuple[bytes, dict[str, str]]:
    form = twilio_payload("twilio_inbound_sms", **changes)
    headers = {"X-Twilio-Signature": sign(SMS_URL, form), "Content-Type": "application/x-www-form-urlencoded"}
    return urlencode(form).encode(), headers


async def test_a_twilio_form_over_the_cap_is_413_and_nothing_is_stored(
    twilio_ctx: AppContext, webhooks: Webhooks
) -> None:
    response = await webhooks.sms(twilio_payload("twilio_inbound_sms", Body="x" * TWILIO_MAX_BODY))
    assert response.status_code == 413
    assert await inbound(twilio_ctx) == []


async def test_a_chunked_twilio_form_over_the_cap_is_refused_early(
    twilio_ctx: AppContext, webhooks: Webhooks
) -> None:
    raw, headers = signed_form(Body="x" * (2 * 1024 * 1024))
    body = Chunks(raw)
    response = await webhooks.client.post("/webhooks/twilio/sms", content=body, headers=headers)
    assert response.status_code == 413
    assert body.pulled <= TWILIO_MAX_BODY // CHUNK + 1
    assert await inbound(twilio_ctx) == []


async def test_a_chunked_twilio_form_under_the_cap_is_read_and_stored(
    twilio_ctx: AppContext, webhooks: Webhooks
) -> None:
    raw, headers = signed_form(Body="help " * 6000)
    response = await webhooks.client.post("/webhooks/twilio/sms", content=Chunks(raw), headers=headers)
    assert response.status_code == 200
    [row] = await inbound(twilio_ctx)
    assert row.body == "help " * 6000


async def test_a_declared_length_over_the_cap_is_refused_without_reading() -> None:
    async def receive() -> Message:
        raise AssertionError("the body was read")

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"999999999")]}
    assert await read_capped(Request(scope, receive), 1024) is None


async def test_a_declared_length_under_the_cap_does_not_let_a_longer_body_through() -> None:
    chunks = [b"a" * 600, b"b" * 600]

    async def receive() -> Message:
        return {"type": "http.request", "body": chunks.pop(0), "more_body": bool(chunks)}

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"10")]}
    assert await read_capped(Request(scope, receive), 1024) is None
