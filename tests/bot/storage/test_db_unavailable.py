"""Database down, locked or busy: the webhooks answer 503 with Retry-After (Twilio then uses its fallback
URL, Telegram redelivers), never 500, and /healthz says the database is down (issue 11, item 11)."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.storage.db import Database, PoolSettings
from bot.web.app import create_app
from tests.bot.channels.conftest import PUBLIC_URL, Webhooks, payload
from tests.bot.channels.conftest_telegram import payload as tg_payload
from tests.bot.channels.conftest_telegram import post_update
from tests.bot.db_support import closed_port, db_context, sms_form, stored
from tests.support import prepare_database


@asynccontextmanager
async def _webhooks(ctx: AppContext) -> AsyncIterator[Webhooks]:
    transport = httpx.ASGITransport(app=create_app(ctx, background=False))
    async with httpx.AsyncClient(transport=transport, base_url=PUBLIC_URL) as client:
        yield Webhooks(client)


def _assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) > 0


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(f"postgresql://postgres@127.0.0.1:{closed_port()}/waymark", id="postgres-refused"),
        pytest.param("sqlite:////nonexistent-waymark-dir/waymark.db", id="sqlite-unopenable"),
    ],
)
async def test_every_webhook_answers_503_when_the_database_is_down(url: str, clock: FixedClock) -> None:
    ctx = db_context(url, clock, pool_timeout_seconds=2)
    try:
        async with _webhooks(ctx) as hooks:
            _assert_unavailable(await hooks.sms(sms_form(1, "i want to die")))
            receipt = payload("twilio_status_delivered", MessageSid="SM" + "a" * 32, SmsSid="SM" + "a" * 32)
            _assert_unavailable(await hooks.status(receipt))
            _assert_unavailable(await post_update(hooks.client, tg_payload("text")))
            _assert_unavailable(await post_update(hooks.client, tg_payload("start")))
            health = await hooks.client.get("/healthz")
            assert health.status_code == 503
            assert health.json()["database"] == "unreachable"
    finally:
        await ctx.close()


@pytest.fixture
async def sqlite_ctx(tmp_path: Path, clock: FixedClock) -> AsyncIterator[AppContext]:
    ctx = db_context(f"sqlite:///{tmp_path / 'w.db'}", clock, pool_timeout_seconds=0.05)
    await prepare_database(ctx)
    yield ctx
    await ctx.close()


async def test_locked_by_another_process_answers_503_then_stores_the_redelivery(
    sqlite_ctx: AppContext, tmp_path: Path
) -> None:
    """Another process (a CLI command) holds SQLite's write lock past the busy timeout."""
    await sqlite_ctx.db.dispose()
    sqlite_ctx.db = Database(sqlite_ctx.db.url, pool=PoolSettings(pool_timeout_seconds=1), busy_timeout_ms=20)
    other = sqlite3.connect(tmp_path / "w.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        async with _webhooks(sqlite_ctx) as hooks:
            _assert_unavailable(await hooks.sms(sms_form(1, "i want to die")))
            other.execute("ROLLBACK")
            assert (await hooks.sms(sms_form(1, "i want to die"))).status_code == 200  # Twilio's retry
    finally:
        other.close()
    assert await stored(sqlite_ctx) == {"SM" + f"{1:032x}": "processed"}


async def test_writer_busy_past_the_pool_timeout_answers_503(sqlite_ctx: AppContext) -> None:
    """In this process the writer is held (e.g. a long job) past `database.pool_timeout_seconds`."""
    held, done = asyncio.Event(), asyncio.Event()

    async def hold_the_writer() -> None:
        async with sqlite_ctx.db.session():
            held.set()
            await done.wait()

    holder = asyncio.create_task(hold_the_writer())
    await held.wait()
    try:
        async with _webhooks(sqlite_ctx) as hooks:
            _assert_unavailable(await hooks.sms(sms_form(2)))
            done.set()
            await holder
            assert (await hooks.sms(sms_form(2))).status_code == 200
    finally:
        done.set()
        await holder
