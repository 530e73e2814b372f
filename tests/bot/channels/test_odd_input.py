"""Issue 11, item 9: odd input is stored if it can be, refused with a 4xx if not, and never a 500.

A NUL in a text was a 500 on PostgreSQL and nothing was stored; a Telegram `text` that is a number or a
list, JSON nested 100,000 deep and a lone surrogate were 500s. Both channel adapters clean texts with
`bot/channels/sanitise.py`; what was stored is screened. Runs on SQLite and, with
WAYMARK_TEST_POSTGRES_URL set, on PostgreSQL.
"""

# ruff: noqa: F811  (fixtures are imported from conftest_telegram and named as parameters)

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app.context import AppContext
from bot.channels.sanitise import storable_text
from tests.bot.channels.conftest import Webhooks
from tests.bot.channels.conftest import payload as twilio_payload
from tests.bot.channels.conftest_telegram import (  # noqa: F401
    fake_tg,
    payload,
    post_update,
    tg_client,
    tg_ctx,
    tg_monotonic,
)
from tests.bot.channels.inbound_checks import assert_crisis_handled, inbound
from tests.pg import BOTH, database_url_for


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


def test_storable_text_strips_nul_and_replaces_lone_surrogates_only() -> None:
    assert storable_text("a\x00b") == "ab"
    assert storable_text("kill my\ud800self") == "kill my\ufffdself"
    assert storable_text("\udc00\ud83d") == "\ufffd\ufffd"  # a pair the wrong way round is two strays
    assert storable_text("\ud83d\ude00") == "\U0001f600"  # a split pair is the character it spells
    for text in ("", "hi \U0001f600 caf\u00e9 \u20ac{}", "line\nbreak\ttab\r"):
        assert storable_text(text) == text


async def test_twilio_text_with_nul_is_stored_without_it_and_screened(
    twilio_ctx: AppContext, webhooks: Webhooks
) -> None:
    form = twilio_payload("twilio_inbound_sms", Body="i want to\x00 kill myself\x00")
    assert (await webhooks.sms(form)).status_code == 200
    [row] = await inbound(twilio_ctx)
    assert row.body == "i want to kill myself"
    await assert_crisis_handled(twilio_ctx, row)


async def test_twilio_sender_with_nul_is_stored_without_it(
    twilio_ctx: AppContext, webhooks: Webhooks
) -> None:
    form = twilio_payload("twilio_inbound_sms", From="+4477009\x0000123")
    assert (await webhooks.sms(form)).status_code == 200
    [row] = await inbound(twilio_ctx)
    assert row.body == "hi"


async def test_telegram_text_with_nul_is_stored_without_it_and_screened(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    update = payload("text")
    update["message"]["text"] = "/stop i am going\x00 to kill myself tonight"
    assert (await post_update(tg_client, update)).status_code == 200
    [row] = await inbound(tg_ctx)
    assert row.body == "/stop i am going to kill myself tonight"
    await assert_crisis_handled(tg_ctx, row)


async def test_telegram_text_with_a_lone_surrogate_is_stored_with_a_replacement_and_screened(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    raw = json.dumps(payload("text")).replace('"hello"', '"i want to kill myself \\ud800"')
    assert "\\ud800" in raw
    assert (await post_update(tg_client, raw)).status_code == 200
    [row] = await inbound(tg_ctx)
    assert row.body == "i want to kill myself \ufffd"
    await assert_crisis_handled(tg_ctx, row)


def _with_message(**fields: Any) -> dict[str, Any]:
    update = payload("text")
    update["message"].update(fields)
    return update


DEEP = 100_000


@pytest.mark.parametrize(
    "body",
    [
        _with_message(text=42),
        _with_message(text=["i want to", "kill myself"]),
        _with_message(text={"a": 1}),
        _with_message(text=None, caption=7, photo=[]),
        _with_message(chat={"id": "5112233445", "type": "private"}),
        _with_message(date=10**30),
        {"update_id": 1, "callback_query": {"id": "1", "from": {"id": 5, "is_bot": False, "first_name": "S"},
         "chat_instance": "1", "data": 12, "message": {"message_id": 3, "date": 1795428000,
         "chat": {"id": 5, "type": "private"}, "text": "Pick one"}}},
        "[" * DEEP + "]" * DEEP,
        '{"update_id": 1, "message": ' + '{"a":' * (DEEP // 3) + "1" + "}" * (DEEP // 3) + "}",
        b'{"update_id": 1, "message": {"text": "\xff\xfe"}}',
        '{"update_id": 1' + "0" * 5000 + "}",
    ],
    ids=["text-number", "text-list", "text-object", "caption-number", "chat-id-string", "huge-date",
         "callback-data-number", "deep-list", "deep-object", "bad-utf8", "huge-number"],
)  # fmt: skip
async def test_telegram_updates_that_cannot_be_read_are_400_never_500(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, body: dict[str, Any] | str | bytes
) -> None:
    response = await post_update(tg_client, body)
    assert response.status_code == 400
    assert await inbound(tg_ctx) == []
