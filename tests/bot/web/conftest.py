"""Fixtures for posting to the real web app: one AppContext with both channels configured (Twilio's auth
token, Telegram's bot token and webhook secret) and recording senders, on SQLite and, with
WAYMARK_TEST_POSTGRES_URL set, on PostgreSQL; and an httpx client over ASGI. Background tasks (the
pipeline) finish before each request returns, so a crash while processing fails the test too."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import col, func, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext, build_context
from bot.app.settings import Settings
from bot.storage.models import Message
from bot.web.app import create_app
from bot.web.telegram_routes import PATH, SECRET_HEADER
from tests.pg import BOTH, database_url_for
from tests.support import ROOT, RecordingSender, prepare_database, project_config

PUBLIC_URL = "https://waymark.example.org"
AUTH_TOKEN = "fuzz-auth-token-0123456789abcdef"
BOT_ID = "987654"
BOT_TOKEN = f"{BOT_ID}:AAH-fuzz-token-not-real"
SECRET = "fuzz-Secret_token-123"


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


@pytest.fixture
async def web_ctx(database_url: str, clock: FixedClock) -> AsyncIterator[AppContext]:
    settings = Settings(
        env="test",
        database_url=database_url,
        config_path=ROOT / "config.yml",
        public_url=PUBLIC_URL,
        twilio_auth_token=AUTH_TOKEN,
        telegram_bot_token=BOT_TOKEN,
        telegram_webhook_secret=SECRET,
    )  # type: ignore[call-arg]
    ctx = build_context(settings, config=project_config(), clock=clock, use_nlu=False)
    for name in ("sms", "telegram"):
        ctx.senders[name] = RecordingSender(name)
    await prepare_database(ctx)
    yield ctx
    await ctx.close()


@pytest.fixture
async def web_client(web_ctx: AppContext) -> AsyncIterator[httpx.AsyncClient]:
    """The app over ASGI, warmed up (one text through the pipeline, then deleted) so that no example's
    deadline pays for loading the lexicon, the model and the flows."""
    transport = httpx.ASGITransport(app=create_app(web_ctx, background=False))
    async with httpx.AsyncClient(transport=transport, base_url=PUBLIC_URL) as client:
        person = {"id": 1, "is_bot": False, "first_name": "W"}
        message = {"message_id": 1, "date": 1795428000, "text": "hello", "chat": {"id": 1, "type": "private"}}
        update = {"update_id": 1, "message": {**message, "from": person}}
        answer = await client.post(PATH, json=update, headers={SECRET_HEADER: SECRET})
        assert answer.status_code == 200, answer.text
        await prepare_database(web_ctx)
        yield client


async def stored_with(ctx: AppContext, channel: str, provider_id: str) -> list[Message]:
    """The inbound rows stored for one provider id."""
    async with ctx.db.session() as s:
        rows = await s.exec(
            select(Message).where(
                Message.direction == "in", Message.channel == channel, Message.provider_id == provider_id
            )
        )
        return list(rows.all())


async def inbound_count(ctx: AppContext) -> int:
    async with ctx.db.session() as s:
        return int((await s.exec(select(func.count(col(Message.id))).where(Message.direction == "in"))).one())


#: What a webhook may answer: never a 500.
ALLOWED = frozenset({200, 204, 400, 403, 413, 503})
