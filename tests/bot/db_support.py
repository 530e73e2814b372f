"""Helpers for the database fault and burst tests: a context with both webhooks, signed forms, counts."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext, build_context
from bot.storage.models import Message
from safeguarding.models import Escalation
from tests.bot.channels.conftest import payload, twilio_settings
from tests.bot.channels.conftest_telegram import SECRET, TOKEN
from tests.pg import BOTH, database_url_for
from tests.support import RecordingSender, project_config

RISK = "i took all my pills tonight"
NOWHERE = "http://127.0.0.1:9"  # the providers are never called in these tests


@pytest.fixture(params=BOTH)
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh SQLite file, then (with WAYMARK_TEST_POSTGRES_URL) an emptied PostgreSQL database."""
    return database_url_for(request.param, tmp_path)


def warm_screener() -> None:
    """Compile the safeguarding lexicon now (as `waymark serve` does before taking traffic), not on the
    first text of a timed burst."""
    from safeguarding.screening import default_screener

    default_screener()


def db_context(url: str, clock: FixedClock, **database: Any) -> AppContext:
    """A context with Twilio and Telegram configured and `database` (config.yml's section) changed."""
    config = project_config()
    config = config.model_copy(update={"database": config.database.model_copy(update=database)})
    settings = twilio_settings(
        url,
        NOWHERE,
        telegram_bot_token=TOKEN,
        telegram_webhook_secret=SECRET,
        telegram_api_base=NOWHERE,
    )
    ctx = build_context(settings, config=config, clock=clock, use_nlu=False)
    for name in ("sms", "telegram"):
        ctx.senders[name] = RecordingSender(name)
    return ctx


def sid(n: int) -> str:
    return f"SM{n:032x}"


def sms_form(n: int, body: str = "hi", sender: str | None = None) -> dict[str, str]:
    """A Twilio inbound form from a number of its own (+447700 9xxxxx drama range) with MessageSid `n`."""
    number = sender or f"+4477009{n % 100000:05d}"
    return payload("twilio_inbound_sms", Body=body, From=number, MessageSid=sid(n), SmsSid=sid(n))


def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


async def stored(ctx: AppContext) -> dict[str, str]:
    """Inbound provider ids stored, with their status."""
    async with ctx.db.read_session() as session:
        rows = await session.exec(
            select(Message.provider_id, Message.status).where(Message.direction == "in")
        )
        return {str(p): s for p, s in rows.all()}


async def escalated_message_ids(ctx: AppContext) -> list[int | None]:
    async with ctx.db.read_session() as session:
        rows = await session.exec(select(Escalation.message_id).order_by(col(Escalation.id)))
        return list(rows.all())
