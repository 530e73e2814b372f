"""Dispatcher workers: who this process is, its heartbeat, and which other workers are still alive.

Every process that sends outbox rows is a worker with a random id, registered in ``dispatch_worker`` on its
first dispatch and kept fresh by a heartbeat from the dispatcher's own tick. A claim names its worker, so
another worker can tell that a claim was left by a dead one and take it back
(bot/messaging/dispatch_recovery.py).

A worker is alive when it has not said it stopped, its heartbeat is younger than
``outbox.worker_timeout_seconds``, and, if it ran where this process can see its process (same host key:
hostname, boot id and pid namespace), that process still runs with the same start time. The last check is
what makes a restart after ``kill -9`` take back the dead process's claims at once; a worker on another
machine or container is only known dead when its heartbeat is stale.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.storage.models import DispatchWorker

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
HEARTBEATS_PER_TIMEOUT = 6  # heartbeat every timeout / 6 (5 s for the default 30 s)
FORGET_AFTER = dt.timedelta(days=1)  # rows of workers dead this long are deleted


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def _process_stat(pid: int) -> tuple[str, str] | None:
    """(state, start time in clock ticks) of `pid` from /proc, or None when there is no such process."""
    stat = _read(f"/proc/{pid}/stat")
    if not stat:
        return None
    fields = stat.rsplit(")", 1)[-1].split()  # after "pid (comm)": state is field 3, starttime field 22
    return fields[0], fields[19]


def host_key() -> str:
    """Workers with equal keys can see each other's processes: hostname | boot id | pid namespace."""
    try:
        pid_ns = os.readlink("/proc/self/ns/pid")
    except OSError:
        pid_ns = ""
    return "|".join((socket.gethostname(), _read("/proc/sys/kernel/random/boot_id"), pid_ns))[:200]


def process_alive(pid: int, started: str | None) -> bool:
    """True when process `pid` runs (not a zombie) and, if `started` is known, started at that tick."""
    if Path("/proc/self/stat").exists():
        stat = _process_stat(pid)
        if stat is None or stat[0] in ("Z", "X"):
            return False
        return started is None or stat[1] == started
    try:  # no /proc (not Linux): existence only
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class Worker:
    """One dispatcher identity. `this_process()` gives the process's own; tests make several."""

    id: str
    host_key: str
    pid: int
    pid_started: str | None
    # last heartbeat written, per database URL (one process may serve several databases in tests)
    beats: dict[str, dt.datetime] = field(default_factory=dict, repr=False)

    @classmethod
    def create(cls) -> Worker:
        pid = os.getpid()
        stat = _process_stat(pid)
        return cls(uuid.uuid4().hex, host_key(), pid, stat[1] if stat else None)


@functools.cache
def this_process() -> Worker:
    """The worker identity of this process, made on first use (never at import)."""
    return Worker.create()


async def heartbeat(app: AppContext, me: Worker, *, force: bool = False) -> None:
    """Register `me` or refresh its heartbeat, at most every timeout/6 unless `force`."""
    now = app.now()
    every = dt.timedelta(seconds=app.config.outbox.worker_timeout_seconds / HEARTBEATS_PER_TIMEOUT)
    last = me.beats.get(app.db.url)
    if not force and last is not None and last <= now < last + every:
        return
    for attempt in range(2):
        try:
            await _beat(app, me, now)
            break
        except IntegrityError:
            # Two contexts of one process share its worker id: both saw no row and both inserted. The
            # other's row is there now, so the update finds it on the second try.
            if attempt:
                raise
    me.beats[app.db.url] = now


async def _beat(app: AppContext, me: Worker, now: dt.datetime) -> None:
    """Refresh `me`'s heartbeat, or register it when it has no row (forgetting long-dead workers)."""
    async with app.db.session() as session:
        result = await session.exec(
            update(DispatchWorker)
            .where(col(DispatchWorker.id) == me.id)
            .values(heartbeat_at=now, stopped_at=None)
        )
        if result.rowcount == 0:
            await session.exec(
                delete(DispatchWorker).where(col(DispatchWorker.heartbeat_at) < now - FORGET_AFTER)
            )
            session.add(
                DispatchWorker(
                    id=me.id,
                    host_key=me.host_key,
                    pid=me.pid,
                    pid_started=me.pid_started,
                    started_at=now,
                    heartbeat_at=now,
                )
            )
            log.info("dispatcher worker %s registered (pid %s)", me.id[:8], me.pid)
        await session.commit()


async def stopped(app: AppContext, me: Worker) -> None:
    """Say that `me` stopped, so other workers take back its claims without waiting for its heartbeat."""
    async with app.db.session() as session:
        await session.exec(
            update(DispatchWorker).where(col(DispatchWorker.id) == me.id).values(stopped_at=app.now())
        )
        await session.commit()
    me.beats.pop(app.db.url, None)


def is_alive(row: DispatchWorker, me: Worker, now: dt.datetime, timeout: dt.timedelta) -> bool:
    """Whether the worker in `row` may still be sending (see the module docstring)."""
    if row.id == me.id:
        return True
    if row.stopped_at is not None or row.heartbeat_at < now - timeout:
        return False
    if row.host_key == me.host_key:
        return process_alive(row.pid, row.pid_started)
    return True


async def live_worker_ids(app: AppContext, me: Worker) -> set[str]:
    """Ids of the workers that may still be sending; a claim by any other id is a dead worker's."""
    now = app.now()
    timeout = dt.timedelta(seconds=app.config.outbox.worker_timeout_seconds)
    async with app.db.read_session() as session:  # a read: no turn at SQLite's write gate
        rows = (await session.exec(select(DispatchWorker))).all()
        known = {row.id for row in rows}  # (read before the read session's rollback expires the rows)
        alive = {row.id for row in rows if is_alive(row, me, now, timeout)}
    if me.id not in known:  # our row went missing (a database restored): register again
        await heartbeat(app, me, force=True)
    return alive | {me.id}
