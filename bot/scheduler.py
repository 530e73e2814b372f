"""The background loop: APScheduler's asyncio scheduler running the dispatcher and due scheduled items.

On PostgreSQL only the worker holding an advisory lock runs scheduled items (exactly one leader); every
worker may dispatch, because outbox rows are claimed atomically. On SQLite there is one process.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import text

from bot.dispatcher import dispatch_due
from bot.inbox import unprocessed_ids
from bot.jobs import run_due_items
from bot.pipeline import process_inbound
from bot.retention import purge

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from bot.context import AppContext

log = logging.getLogger(__name__)
LEADER_LOCK_ID = 0x5741594D  # "WAYM"


class Background:
    """Owns the scheduler and, on PostgreSQL, the leader lock connection."""

    def __init__(
        self, app: AppContext, *, dispatch_seconds: float = 1.0, items_seconds: float = 15.0
    ) -> None:
        self.app = app
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.dispatch_seconds = dispatch_seconds
        self.items_seconds = items_seconds
        self._lock_conn: AsyncConnection | None = None
        self.leader = False

    async def start(self) -> None:
        await recover_inbox(self.app)
        self.leader = await self._take_leadership()
        opts: dict[str, Any] = {"max_instances": 1, "coalesce": True}
        self.scheduler.add_job(
            self._dispatch, "interval", seconds=self.dispatch_seconds, id="dispatch", **opts
        )
        self.scheduler.add_job(self._items, "interval", seconds=self.items_seconds, id="items", **opts)
        purge_at = self.app.config.retention.purge_time
        daily = CronTrigger(hour=purge_at.hour, minute=purge_at.minute, timezone=self.app.service.tz)
        self.scheduler.add_job(self._purge, daily, id="retention", **opts)
        self.scheduler.start()
        log.info("background started (leader=%s)", self.leader)

    async def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self._lock_conn is not None:
            await self._lock_conn.close()
            self._lock_conn = None

    async def _take_leadership(self) -> bool:
        if self.app.db.is_sqlite:
            return True
        conn = await self.app.db.engine.connect()
        got = (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LEADER_LOCK_ID})).scalar()
        if got:
            self._lock_conn = conn
            return True
        await conn.close()
        return False

    async def _dispatch(self) -> None:
        try:
            while await dispatch_due(self.app) > 0:
                pass
        except Exception:
            log.exception("dispatch tick failed")

    async def _items(self) -> None:
        if not self.leader:
            self.leader = await self._take_leadership()
            if not self.leader:
                return
        try:
            await run_due_items(self.app)
        except Exception:
            log.exception("scheduled items tick failed")

    async def _purge(self) -> None:
        """The daily retention purge (bot/retention.py), on the leader only."""
        if not self.leader:
            return
        try:
            await purge(self.app)
        except Exception:
            log.exception("retention purge failed; it runs again tomorrow")


async def recover_inbox(app: AppContext) -> int:
    """Process inbound messages stored before a crash but never processed. Returns how many."""
    ids = await unprocessed_ids(app)
    for message_id in ids:
        await process_inbound(app, message_id)
    if ids:
        log.warning("recovered %s unprocessed inbound messages", len(ids))
    return len(ids)
