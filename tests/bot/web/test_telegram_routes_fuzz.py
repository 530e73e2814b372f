"""Fuzzing the Telegram webhook through the real app (issue 17): hypothesis-made bodies (recorded updates
with fields replaced by any JSON, any JSON, broken JSON, deep nesting, huge texts, odd unicode) with the
right, a wrong or no secret are POSTed over ASGI. The app answers 2xx, 4xx or 503, never 500 (and never
raises, in the webhook or in the pipeline after it); a text from a private chat is stored exactly once, as
sent (made storable), and its redelivery changes nothing. `pytest -m fuzz` runs the long one."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app.context import AppContext
from bot.channels.sanitise import storable_text
from bot.channels.telegram_updates import provider_id
from bot.web.telegram_routes import PATH, SECRET_HEADER
from tests.bot.channels.test_telegram_updates_properties import JSON, updates
from tests.bot.web.conftest import ALLOWED, BOT_ID, SECRET, inbound_count, stored_with
from tests.strategies import messy_texts

TEXT_UPDATE = json.loads(
    (Path(__file__).parent.parent / "channels" / "payloads" / "telegram_text.json").read_text()
)
_update_ids = itertools.count(10**9)
BROKEN_JSON = [b"", b"{", b"[" * 100_000, b'{"update_id": 1e999}', b'{"update_id": NaN}',
               b'{"update_id": 1, "message": ' * 2_000]  # fmt: skip


@dataclass
class Post:
    body: bytes
    secret: str | None
    expect: frozenset[int]
    update_id: int | None = None  # a private text that must be stored once
    text: str | None = None


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=True, allow_nan=True).encode("utf-8")


@st.composite
def private_text(draw: st.DrawFn) -> Post:
    update = json.loads(json.dumps(TEXT_UPDATE))
    update_id = next(_update_ids)
    text = draw(
        st.one_of(messy_texts(), st.sampled_from(["x" * 4096, "/stop i want to die", "/start OAK7", "\x00"]))
    )
    update["update_id"] = update_id
    update["message"]["text"] = text
    update["message"]["chat"]["id"] = update["message"]["from"]["id"] = draw(st.integers(1, 2**52))
    return Post(_dump(update), SECRET, frozenset({200}), update_id, text)


@st.composite
def changed(draw: st.DrawFn) -> Post:
    """A recorded update with fields replaced or removed: read, ignored or refused with a 400."""
    data = draw(updates())
    if isinstance(data, dict) and type(data.get("update_id")) is int:
        data["update_id"] = next(_update_ids)
    return Post(_dump(data), SECRET, frozenset({200, 400}))


@st.composite
def not_json(draw: st.DrawFn) -> Post:
    body = draw(
        st.one_of(
            st.binary(max_size=200),
            st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
            st.sampled_from(BROKEN_JSON),
            JSON.map(_dump),
        )
    )
    return Post(body, SECRET, frozenset({200, 400}))


@st.composite
def wrong_secret(draw: st.DrawFn) -> Post:
    post = draw(private_text())
    secret = draw(
        st.one_of(
            st.none(),
            st.just(""),
            st.just(SECRET + " "),
            st.text(st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=40),
        )
    )
    return Post(post.body, secret, frozenset({403}))


@st.composite
def too_big(draw: st.DrawFn) -> Post:
    update = json.loads(json.dumps(TEXT_UPDATE))
    update["update_id"] = next(_update_ids)
    update["message"]["text"] = draw(st.sampled_from(["a", "\U0001f600", "\u00e9"])) * 300_000
    return Post(_dump(update), SECRET, frozenset({413}))


REQUESTS = st.one_of(private_text(), changed(), not_json(), wrong_secret(), too_big())


async def check(ctx: AppContext, client: httpx.AsyncClient, post: Post) -> None:
    before = await inbound_count(ctx)
    headers = {"Content-Type": b"application/json"}
    if post.secret is not None:
        headers[SECRET_HEADER] = post.secret.encode("latin-1")
    answer = await client.post(PATH, content=post.body, headers=headers)
    assert answer.status_code in ALLOWED, (answer.status_code, answer.text)
    assert answer.status_code in post.expect, (answer.status_code, answer.text, post.expect)
    if answer.status_code >= 400:
        assert await inbound_count(ctx) == before
    if post.update_id is not None and answer.status_code == 200:
        pid = provider_id(BOT_ID, post.update_id)
        [row] = await stored_with(ctx, "telegram", pid)
        assert row.body == storable_text(post.text or "")
        again = await client.post(PATH, content=post.body, headers=headers)
        assert again.status_code == 200
        assert len(await stored_with(ctx, "telegram", pid)) == 1
        assert await inbound_count(ctx) == before + 1


@given(post=REQUESTS)
async def test_telegram_webhook_never_answers_500(
    web_ctx: AppContext, web_client: httpx.AsyncClient, post: Post
) -> None:
    await check(web_ctx, web_client, post)


@pytest.mark.fuzz
@settings(max_examples=1_500)
@given(post=REQUESTS)
async def test_telegram_webhook_never_answers_500_long(
    web_ctx: AppContext, web_client: httpx.AsyncClient, post: Post
) -> None:
    await check(web_ctx, web_client, post)


def _member_update(update_id: int, chat_id: int, status: str) -> dict[str, Any]:
    kind = "kicked" if status == "kicked" else "member"
    data: dict[str, Any] = json.loads(
        (
            Path(__file__).parent.parent / "channels" / "payloads" / f"telegram_my_chat_member_{kind}.json"
        ).read_text()
    )
    data["update_id"] = update_id
    data["my_chat_member"]["chat"]["id"] = data["my_chat_member"]["from"]["id"] = chat_id
    return data


async def test_an_unblock_without_a_date_is_refused_not_a_500(
    web_ctx: AppContext, web_client: httpx.AsyncClient
) -> None:
    """Found by the properties: a `my_chat_member` with no `date` (or no `new_chat_member`) was read as a
    membership change dated None; unblocking an opted-out contact then compared None with a datetime."""
    headers = {SECRET_HEADER: SECRET}
    text = json.loads(json.dumps(TEXT_UPDATE))
    text["update_id"], text["message"]["chat"]["id"] = 5, 4242
    assert (await web_client.post(PATH, json=text, headers=headers)).status_code == 200
    blocked = _member_update(6, 4242, "kicked")
    assert (await web_client.post(PATH, json=blocked, headers=headers)).status_code == 200
    undated = _member_update(7, 4242, "member")
    del undated["my_chat_member"]["date"]
    assert (await web_client.post(PATH, json=undated, headers=headers)).status_code == 400
    no_member = _member_update(8, 4242, "member")
    del no_member["my_chat_member"]["new_chat_member"]
    assert (await web_client.post(PATH, json=no_member, headers=headers)).status_code == 400


async def test_ids_beyond_64_bits_are_refused_not_a_500(
    web_ctx: AppContext, web_client: httpx.AsyncClient
) -> None:
    """Found by the properties: an update_id of 120 digits made a provider id too long for PostgreSQL's
    column (a 500 there), as a chat id of 70 digits would the contact's address."""
    for update_id, chat_id in [(10**120, 5), (11, 10**70), (12, -(10**70)), (2**63, 5), (-1, 5)]:
        update = json.loads(json.dumps(TEXT_UPDATE))
        update["update_id"], update["message"]["chat"]["id"] = update_id, chat_id
        answer = await web_client.post(PATH, json=update, headers={SECRET_HEADER: SECRET})
        assert answer.status_code == 400, (update_id, chat_id)
    assert await inbound_count(web_ctx) == 0
