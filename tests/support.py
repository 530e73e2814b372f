"""Test helpers (not fixtures): building contexts, a recording sender, a chat driver, a keyword NLU."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from bot.app.clock import FixedClock
from bot.app.config import AppConfig, load_config
from bot.app.context import AppContext, build_context
from bot.app.settings import Settings
from bot.channels.base import InboundMessage, OutboundMessage, SendResult
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.inbox import ingest
from bot.messaging.pipeline import process_inbound
from bot.storage.tables import all_metadata

ROOT = Path(__file__).resolve().parent.parent


def project_config() -> AppConfig:
    return load_config(ROOT / "config.yml")


@dataclass
class RecordingSender:
    """A fake channel that records what would be sent. Set `fail_with` to make sends fail."""

    name: str
    sent: list[OutboundMessage] = field(default_factory=list)
    fail_with: list[Exception] = field(default_factory=list)

    async def send_text(self, message: OutboundMessage) -> SendResult:
        if self.fail_with:
            raise self.fail_with.pop(0)
        self.sent.append(message)
        return SendResult(provider_id=f"fake-{message.message_id}")


def make_context(
    database_url: str, clock: FixedClock, *, config: AppConfig | None = None, nlu: object = None
) -> AppContext:
    settings = Settings(env="test", database_url=database_url, config_path=ROOT / "config.yml")  # type: ignore[call-arg]
    ctx = build_context(
        settings, config=config or project_config(), clock=clock, nlu=nlu, use_nlu=nlu is not None
    )  # type: ignore[arg-type]
    for name in ("sms", "telegram"):
        ctx.senders[name] = RecordingSender(name)
    return ctx


async def prepare_database(ctx: AppContext) -> None:
    """Create every table (migrations are tested on their own in tests/bot/storage/test_migrations.py)."""
    metadata = all_metadata()
    async with ctx.db.engine.begin() as conn:
        await conn.run_sync(metadata.drop_all)
        await conn.run_sync(metadata.create_all)


_ids = itertools.count(1)


class Chat:
    """One contact texting the real pipeline; replies come back from the recording sender."""

    def __init__(self, app: AppContext, sender: str = "+447700900001", channel: str = "sms") -> None:
        self.app = app
        self.sender = sender
        self.channel = channel

    def as_(self, sender: str, channel: str | None = None) -> Chat:
        return Chat(self.app, sender, channel or self.channel)

    async def say(self, text: str, provider_id: str | None = None) -> list[OutboundMessage]:
        """Send `text`, process it, dispatch; return what this contact was sent."""
        inbound = InboundMessage(
            channel=self.channel,
            sender=self.sender,
            text=text,
            provider_id=provider_id or f"test-{next(_ids)}",
            received_at=self.app.now(),
        )
        stored = await ingest(self.app, inbound)
        await process_inbound(self.app, stored.message_id)
        return await self.flush()

    async def flush(self) -> list[OutboundMessage]:
        sender = self.app.senders[self.channel]
        assert isinstance(sender, RecordingSender)
        before = len(sender.sent)
        while await dispatch_due(self.app) > 0:
            pass
        return [m for m in sender.sent[before:] if m.to == self.sender]

    async def texts(self, text: str) -> list[str]:
        return [m.text for m in await self.say(text)]


def at_london(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return dt.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Europe/London")).astimezone(dt.UTC)
