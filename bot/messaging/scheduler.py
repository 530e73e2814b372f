"""The background loop: APScheduler's asyncio scheduler running the dispatcher, the inbox recovery sweep,
due scheduled items and the installed features' daily jobs.

On PostgreSQL only the worker holding an advisory lock runs scheduled items (exactly one leader). The
leader re-checks, before every scheduled-items tick, that its lock connection still answers and still holds
the lock (``pg_locks``); if not (the connection was dropped or terminated) it steps down and tries to take
the lock again on a later tick. Every worker dispatches (outbox rows are claimed atomically) and sweeps the
inbox (inbound texts are leased). On SQLite there is one process and it leads.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import text

from bot.messaging.dispatcher import dispatch_due
from bot.messaging.jobs import run_due_items
from bot.messaging.recovery import recover_inbox, sweep_inbox
from bot.messaging.send_aside import SendAside
from bot.messaging.workers import Worker, this_process

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from sqlalchemy.ext.asyncio import AsyncConnection

    from bot.app.context import AppContext
    from bot.app.feature import DailyJob

__all__ = ["LEADER_LOCK_ID", "Background", "recover_inbox"]

log = logging.getLogger(__name__)
LEADER_LOCK_ID = 0x5741594D  # "WAYM"
# rows one dispatch call may take before it returns (each call first reads the live workers and takes back
# dead workers' claims, and lets its sends in flight end); the call heartbeats while it sends
DISPATCH_CALL_ROWS = 400
ITEMS_BATCH = 100  # due items claimed at once; a whole batch claimed is a long run
STOP_WAIT_SECONDS = 10.0  # stop() waits this long at most for cancelled runs to unwind
_HOLDING = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted"
    " AND classid::bigint = 0 AND objid::bigint = :k AND objsubid = 1"
)


class Background:
    """Owns the scheduler and, on PostgreSQL, the leader lock connection."""

    def __init__(
        self,
        app: AppContext,
        *,
        dispatch_seconds: float = 1.0,
        # a read of the due list (and the leader's lock check) each tick; every 5 s lost up to 5 s (2.5 s on
        # average) of issue 17's 30 s between 10,000 reminders falling due and their being sent
        items_seconds: float = 1.0,
        sweep_seconds: float = 2.0,
        worker: Worker | None = None,
    ) -> None:
        self.app = app
        self.me = worker or this_process()
        self.aside = SendAside(app, self.me)  # a leader's long scheduled run leaves sending to the others
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.dispatch_seconds = dispatch_seconds
        self.items_seconds = items_seconds
        self.sweep_seconds = sweep_seconds
        self._lock_conn: AsyncConnection | None = None
        self.leader = False
        self._runs: set[asyncio.Task[Any]] = set()  # job runs in flight: stop() waits for them to unwind
        self._stopping = False

    async def start(self) -> None:
        await recover_inbox(self.app)
        await self.check_leadership()
        opts: dict[str, Any] = {"max_instances": 1, "coalesce": True}
        for name, work, seconds in (
            ("dispatch", self._dispatch, self.dispatch_seconds),
            ("sweep", self._sweep, self.sweep_seconds),
            ("items", self._items, self.items_seconds),
        ):
            self.scheduler.add_job(self._run, "interval", [work], seconds=seconds, id=name, name=name, **opts)
        for feature in self.app.features:  # each installed feature's daily jobs, on the leader only
            for job in feature.daily:
                at = job.at(self.app.config)
                daily = CronTrigger(hour=at.hour, minute=at.minute, timezone=self.app.service.tz)
                self.scheduler.add_job(
                    self._run, daily, [self._daily, job], id=job.name, name=job.name, **opts
                )
        self.scheduler.start()
        log.info("background started (leader=%s)", self.leader)

    async def stop(self) -> None:
        """Stop the scheduler. Runs in flight (a dispatch mid-send) are cancelled and have unwound when this
        returns (or STOP_WAIT_SECONDS have passed: then a warning), so none still uses the database when the
        app context closes it; a run the scheduler starts after this begins does nothing."""
        self._stopping = True
        if self.scheduler.running:
            # APScheduler's asyncio scheduler shuts down on the event loop's next turn (call_soon), not here
            self.scheduler.shutdown(wait=False)
        runs = set(self._runs)
        for run in runs:
            run.cancel()
        if runs:
            _, left = await asyncio.wait(runs, timeout=STOP_WAIT_SECONDS)
            if left:
                log.warning("%s job runs still unwinding %s s after stop", len(left), STOP_WAIT_SECONDS)
        await asyncio.sleep(0)  # the scheduler's own shutdown, queued above, has run when this returns
        await self._drop_lock()

    async def _run(self, work: Callable[..., Awaitable[None]], *args: Any) -> None:
        """One run of a job. A run that stop() cancelled ends quietly: APScheduler would log the
        CancelledError as the job's failure. A run started once stop() has begun does nothing."""
        if self._stopping:
            return
        task = asyncio.current_task()
        assert task is not None
        self._runs.add(task)
        try:
            await work(*args)
        except asyncio.CancelledError:
            if not self._stopping:
                raise
        finally:
            self._runs.discard(task)

    async def check_leadership(self) -> bool:
        """Whether this worker leads now: keep a lock we still hold, step down from one we lost, and try
        to take it when nobody holds it. Never raises (a database error means: not the leader now)."""
        if self.app.db.is_sqlite:
            self.leader = True
            return True
        if self._lock_conn is not None:
            if await self._still_holding(self._lock_conn):
                self.leader = True
                return True
            log.warning("scheduler leadership lost (lock connection dropped); stepping down")
            await self._drop_lock()
        self.leader = await self._take_leadership()
        if self.leader:
            log.info("scheduler leadership taken")
        return self.leader

    async def _still_holding(self, conn: AsyncConnection) -> bool:
        try:
            held = (await conn.execute(_HOLDING, {"k": LEADER_LOCK_ID})).scalar()
            await conn.commit()
            return held == 1
        except Exception as exc:
            log.warning("scheduler lock check failed (%s)", type(exc).__name__)
            return False

    async def _take_leadership(self) -> bool:
        conn: AsyncConnection | None = None
        try:
            conn = await self.app.db.engine.connect()
            got = (
                await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LEADER_LOCK_ID})
            ).scalar()
            await conn.commit()  # the session-level lock outlives the transaction; no idle transaction left
        except Exception as exc:
            log.warning("scheduler lock could not be tried (%s)", type(exc).__name__)
            got = False
        if got and conn is not None:
            self._lock_conn = conn
            return True
        if conn is not None:
            await _discard(conn)
        return False

    async def _drop_lock(self) -> None:
        conn, self._lock_conn = self._lock_conn, None
        self.leader = False
        if conn is not None:
            await _discard(conn)

    async def _dispatch(self) -> None:
        if await self.aside.still_aside():
            return
        self.aside.idle.clear()
        try:
            await self._dispatch_channels()
        finally:
            self.aside.idle.set()

    async def _dispatch_channels(self) -> None:
        # One loop per channel, side by side: Telegram spaces two texts to one chat by a second, and a single
        # loop slept through that spacing while SMS rows (crisis replies too) waited behind it; under load it
        # sent 4 texts a second. A contact is on one channel, so each contact's texts still go in order.
        channels = sorted(set(self.app.senders) | {"sms", "telegram"})
        await asyncio.gather(*(self._dispatch_channel(channel) for channel in channels))

    async def _dispatch_channel(self, channel: str) -> None:
        try:
            while not self.aside.asked:
                until = self._asked_aside
                sent = await dispatch_due(
                    self.app, channel=channel, limit=DISPATCH_CALL_ROWS, worker=self.me, until=until
                )
                if not sent:
                    break
        except Exception:
            log.exception("dispatch tick failed (channel %s)", channel)

    def _asked_aside(self) -> bool:
        return self.aside.asked

    async def _sweep(self) -> None:
        await sweep_inbox(self.app)

    async def _items(self) -> None:
        if not await self.check_leadership():
            return
        try:
            # Until none is due (as dispatch does): one batch per tick ran 100 items every 15 s, so 10,000
            # reminders due at 16:00 took 25 minutes to queue. Each batch is claimed in one statement and
            # run in chunks (bot/messaging/jobs.py). A whole batch means a long run: the other workers
            # send meanwhile, at the whole limit (bot/messaging/send_aside.py).
            while (handled := await run_due_items(self.app, limit=ITEMS_BATCH)) > 0:
                if not self.leader:
                    break
                if handled >= ITEMS_BATCH:
                    await self.aside.step_aside()
        except Exception:
            log.exception("scheduled items tick failed")
        finally:
            self.aside.come_back()

    async def _daily(self, job: DailyJob) -> None:
        """A feature's daily job (e.g. the retention purge), on the leader only."""
        if not self.leader:
            return
        try:
            await job.run(self.app)
        except Exception:
            log.exception("daily job %s failed; it runs again tomorrow", job.name)


async def _discard(conn: AsyncConnection) -> None:
    """Throw away a lock connection, alive or not: invalidating closes the driver's connection (so the
    server drops any lock it still held) instead of returning it to the pool with the lock."""
    for step in (conn.invalidate, conn.close):
        try:
            await step()
        except Exception as exc:
            log.debug("lock connection cleanup: %s", type(exc).__name__)
