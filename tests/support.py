"""Test helpers (not fixtures): building contexts, a recording sender, a chat driver, a keyword NLU."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import MetaData
from sqlalchemy.engine import make_url

from bot.app.clock import FixedClock
from bot.app.config import AppConfig, load_config
from bot.app.context import AppContext, build_context
from bot.app.feature import Feature
from bot.app.settings import Settings
from bot.channels.base import InboundMessage, OutboundMessage, SendResult
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.inbox import ingest
from bot.messaging.pipeline import process_inbound
from bot.storage.db import Database
from bot.storage.tables import all_metadata

ROOT = Path(__file__).resolve().parent.parent


_project_config: AppConfig | None = None


def project_config() -> AppConfig:
    """config.yml as shipped: read and validated once per session (tests/bot/app/test_config.py tests the
    reading), then a deep copy each time, so no test sees what another did to its lists."""
    global _project_config
    if _project_config is None:
        _project_config = load_config(ROOT / "config.yml")
    return _project_config.model_copy(deep=True)


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
    database_url: str,
    clock: FixedClock,
    *,
    config: AppConfig | None = None,
    nlu: object = None,
    features: Sequence[Feature] | None = None,
) -> AppContext:
    settings = Settings(env="test", database_url=database_url, config_path=ROOT / "config.yml")  # type: ignore[call-arg]
    ctx = build_context(
        settings,
        config=config or project_config(),
        clock=clock,
        nlu=nlu,  # type: ignore[arg-type]
        use_nlu=nlu is not None,
        features=features,
    )
    for name in ("sms", "telegram"):
        ctx.senders[name] = RecordingSender(name)
    return ctx


async def prepare_database(ctx: AppContext) -> None:
    """Create every table (migrations are tested on their own in tests/bot/storage/test_migrations.py).

    A SQLite file not made yet (a test's fresh database, nothing connected to it) becomes a copy of a file
    on which the same tables were created once per session: the same file `create_all` writes, without
    running its 38 CREATEs again for each test."""
    metadata = all_metadata()
    path = _unmade_sqlite_file(ctx)
    if path is not None:
        shutil.copyfile(await _sqlite_template(metadata), path)
        # As after create_all, the engine's pool holds an open connection (its PRAGMAs run): tests that
        # count a block's round trips (tests/bot/bench/test_round_trips.py) count no connection set-up.
        async with ctx.db.engine.connect():
            pass
        return
    async with ctx.db.engine.begin() as conn:
        await conn.run_sync(metadata.drop_all)
        await conn.run_sync(metadata.create_all)


_templates: dict[tuple[str, ...], Path] = {}
_template_dir = tempfile.TemporaryDirectory(prefix="waymark-template-")


def _unmade_sqlite_file(ctx: AppContext) -> Path | None:
    if not ctx.db.is_sqlite:
        return None
    name = make_url(ctx.db.url).database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name)
    if any(Path(f"{path}{end}").exists() for end in ("", "-wal", "-shm", "-journal")):
        return None
    return path


async def _sqlite_template(metadata: MetaData) -> Path:
    """A SQLite file holding every table of `metadata`, made by the product's own engine (its PRAGMAs:
    WAL mode is kept in the file) and checkpointed, so the file alone holds it all."""
    key = tuple(sorted(metadata.tables))
    made = _templates.get(key)
    if made is not None:
        return made
    path = Path(_template_dir.name) / f"tables-{len(_templates)}.db"
    db = Database(f"sqlite:///{path}")
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        async with db.engine.connect() as conn:
            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        await db.dispose()
    for end in ("-wal", "-shm", "-journal"):
        leftover = Path(f"{path}{end}")
        assert not leftover.exists() or leftover.stat().st_size == 0, f"template not checkpointed: {leftover}"
    _templates[key] = path
    return path


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
