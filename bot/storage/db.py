"""Database engine and sessions (async SQLAlchemy via SQLModel).

SQLite (aiosqlite) by default with WAL, a busy timeout and foreign keys on; PostgreSQL (asyncpg) when
WAYMARK_DATABASE_URL says so. Engines are created by :func:`create_engine`, never at import time, and never
print statement parameters (message bodies, phone numbers) in errors: ``hide_parameters=True``.

Writes on SQLite (one writer at a time per database file):

- :meth:`Database.session` is a *write* session. On SQLite it first takes the database's
  :class:`WriteGate` (one holder at a time in this process, first come first served, webhooks ahead of
  background work) and every transaction in it starts ``BEGIN IMMEDIATE``. So no transaction ever starts as
  a reader and later tries to become a writer: that upgrade is what fails at once with SQLITE_BUSY
  (ignoring the busy timeout) when another connection wrote in between. Within this process writers queue on
  the gate instead of polling SQLite's file lock; the busy timeout is left for other processes (the CLI).
- :meth:`Database.read_session` is for work that only reads (it takes no gate; it must not write). On
  PostgreSQL it runs in autocommit: each statement alone, no BEGIN and ROLLBACK round trips.
- A session opened inside another session in the same task is refused (:class:`NestedSessionError`): on
  SQLite it would wait for the gate its own task holds, on PostgreSQL it takes a second pooled connection
  per request, which deadlocks the pool under a burst.
- WAL checkpoints run off the request path: automatic checkpoints are off on the app's connections and a
  background task runs ``PRAGMA wal_checkpoint(PASSIVE)`` every :data:`CHECKPOINT_EVERY` write sessions.

Waiting is bounded where a caller asks for it (``wait_seconds``: webhooks): past it, :class:`StoreBusy`.
On PostgreSQL a pooled connection is waited for at most ``database.pool_timeout_seconds``.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import contextvars
import functools
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.pool_ping import ping_when_idle

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
#: Page cache per SQLite connection, in KiB (SQLite's default is 2,000). Each pooled connection keeps its
#: own cache, so up to `pool_size + max_overflow` (20) of them could hold 40 MB in one process; the file's
#: pages stay in the operating system's cache either way.
SQLITE_CACHE_KIB = 512
CHECKPOINT_EVERY = 500
"""Write sessions between two background PASSIVE WAL checkpoints (about 2-4 MB of WAL at our row sizes)."""
URGENT_RUN = 8
"""Urgent gate waiters served in a row before one normal waiter gets its turn (background work never
starves behind a long burst of webhooks)."""
_BEGIN_OPTION = "waymark_sqlite_begin"
_URGENT: contextvars.ContextVar[bool] = contextvars.ContextVar("waymark_urgent_work", default=False)


@contextlib.contextmanager
def urgent_work() -> Iterator[None]:
    """Every write session opened inside (in this task and the tasks it starts) goes in the urgent lane of
    the SQLite write gate, as a webhook's does: the crisis path of a risk text does not queue behind
    background work (``bot/messaging/crisis_lane.py``). No effect on PostgreSQL (there is no gate)."""
    token = _URGENT.set(True)
    try:
        yield
    finally:
        _URGENT.reset(token)


@dataclass(frozen=True)
class PoolSettings:
    """Connection pool sizes and the longest wait for a connection (config.yml `database:`)."""

    pool_size: int = 10
    max_overflow: int = 10
    pool_timeout_seconds: float = 5.0


class StoreBusy(Exception):
    """The database could not be reached within the caller's bounded wait; nothing was stored."""


class NestedSessionError(RuntimeError):
    """A session was opened while the same task already held one (a deadlock under load)."""


def async_url(url: str) -> str:
    """Map a plain database URL to its async driver: sqlite -> aiosqlite, postgresql -> asyncpg."""
    if url.startswith("sqlite:"):
        return "sqlite+aiosqlite:" + url[len("sqlite:") :]
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


def is_sqlite(url: str) -> bool:
    return async_url(url).startswith("sqlite")


def _sqlite_connect(busy_timeout_ms: int, autocheckpoint: bool) -> Any:
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        if not autocheckpoint:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()
        # We emit BEGIN ourselves (see _sqlite_begin), so the driver must not start transactions on its own.
        dbapi_conn.isolation_level = None

    return on_connect


def _sqlite_begin(conn: Connection) -> None:
    """Every transaction starts with an explicit BEGIN: IMMEDIATE in write sessions, DEFERRED otherwise."""
    _sqlite_direct_begin()(conn, conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED"))


@functools.cache
def _sqlite_direct_begin() -> Any:
    """``sqlite_direct.begin`` (to the adapter's cursor), imported on first use: SQLite engines only."""
    from bot.storage.sqlite_direct import begin

    return begin


def create_engine(
    url: str,
    *,
    echo: bool = False,
    pool: PoolSettings | None = None,
    busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    autocheckpoint: bool = True,
) -> AsyncEngine:
    """Create the async engine for `url` with the pragmas and pool settings we rely on."""
    full = async_url(url)
    sizes = pool or PoolSettings()
    if full.startswith("sqlite"):
        from bot.storage.sqlite_driver import one_hop_dbapi

        in_memory = ":memory:" in full or full.rstrip("/").endswith("sqlite+aiosqlite:")
        kwargs: dict[str, Any] = (
            {"poolclass": StaticPool}
            if in_memory
            else {
                "pool_size": sizes.pool_size,
                "max_overflow": sizes.max_overflow,
                "pool_timeout": sizes.pool_timeout_seconds,
            }
        )
        engine = create_async_engine(
            full,
            echo=echo,
            hide_parameters=True,
            module=one_hop_dbapi(),  # one hop to aiosqlite's thread per statement (sqlite_driver.py)
            # the thread or, inside a write transaction, the event loop's thread (sqlite_driver.py)
            connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
            **kwargs,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_connect(busy_timeout_ms, autocheckpoint))
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    # PostgreSQL keeps every connection it opens, up to pool_size + max_overflow (the same most at once).
    # A queue pool closes a connection opened past pool_size when it comes back while the queue is full;
    # under load that was 1-7 new connections a second per run (pg_stat_activity), each a TCP connect, an
    # SSL offer, a login, the JSON codecs' set-up and every statement prepared again, and a new backend
    # forked by PostgreSQL (docs/operations.md, "Tenth session").
    engine = create_async_engine(
        full,
        echo=echo,
        hide_parameters=True,
        pool_size=sizes.pool_size + sizes.max_overflow,
        max_overflow=0,
        pool_timeout=sizes.pool_timeout_seconds,
        connect_args={"timeout": sizes.pool_timeout_seconds},
    )
    ping_when_idle(engine)  # not pool_pre_ping: no ping round trip for a connection in use a moment ago
    return engine


class WriteGate:
    """One holder at a time, FIFO, with an urgent lane (webhooks) served ahead of the normal one.

    Not bound to an event loop (unlike asyncio.Lock), so a Database can be used from several
    `asyncio.run` calls, as the CLI does.
    """

    def __init__(self) -> None:
        self._held = False
        self._urgent: collections.deque[asyncio.Future[None]] = collections.deque()
        self._normal: collections.deque[asyncio.Future[None]] = collections.deque()
        self._urgent_in_a_row = 0

    @property
    def held(self) -> bool:
        return self._held

    async def acquire(self, *, urgent: bool = False, timeout: float | None = None) -> None:
        """Wait for the gate; raise StoreBusy after `timeout` seconds (None: wait as long as it takes)."""
        if not self._held and not self._urgent and not self._normal:
            self._held = True
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        lane = self._urgent if urgent else self._normal
        lane.append(waiter)
        try:
            async with asyncio.timeout(timeout):
                await waiter
        except BaseException as exc:
            if waiter.done() and not waiter.cancelled():
                self.release()  # handed the gate as we gave up: pass it on
            elif waiter in lane:
                lane.remove(waiter)
            if isinstance(exc, TimeoutError):
                raise StoreBusy(f"database busy for more than {timeout} s") from None
            raise

    def release(self) -> None:
        """Hand the gate to the next waiter (urgent first, but never more than URGENT_RUN in a row)."""
        lanes = (self._urgent, self._normal)
        if self._urgent_in_a_row >= URGENT_RUN and self._normal:
            lanes = (self._normal, self._urgent)
        for lane in lanes:
            while lane:
                waiter = lane.popleft()
                if not waiter.done():
                    self._urgent_in_a_row = self._urgent_in_a_row + 1 if lane is self._urgent else 0
                    waiter.set_result(None)
                    return
        self._urgent_in_a_row = 0
        self._held = False


class Database:
    """An engine plus a session factory. Pass it around; do not make globals of it."""

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        pool: PoolSettings | None = None,
        busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    ) -> None:
        self.url = url
        self.pool = pool or PoolSettings()
        sqlite = is_sqlite(url)
        self.engine = create_engine(
            url, echo=echo, pool=self.pool, busy_timeout_ms=busy_timeout_ms, autocheckpoint=not sqlite
        )
        writer = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}) if sqlite else self.engine
        self._factory = async_sessionmaker(writer, class_=AsyncSession, expire_on_commit=False)
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        # PostgreSQL: a read session's statements each run alone (READ COMMITTED gives every statement its
        # own snapshot anyway), so no BEGIN and ROLLBACK round trips around them.
        reader = self.engine if sqlite else self._autocommit
        self._reader = async_sessionmaker(reader, class_=AsyncSession, expire_on_commit=False)
        self.gate = WriteGate()
        self._holders: set[asyncio.Task[Any]] = set()
        self._writes = 0
        self._checkpoint: asyncio.Task[None] | None = None

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @asynccontextmanager
    async def session(
        self, *, urgent: bool = False, wait_seconds: float | None = None
    ) -> AsyncIterator[AsyncSession]:
        """A session that may write; the caller commits. Rolled back on error.

        On SQLite it holds the write gate from start to end (keep it short: no network calls inside);
        `urgent` sessions (webhooks) go ahead of background work. `wait_seconds` bounds the wait for the
        gate (past it, StoreBusy); a pooled connection is waited for at most `pool_timeout_seconds`.
        """
        task = self._enter()
        try:
            if self.is_sqlite:
                await self.gate.acquire(urgent=urgent or _URGENT.get(), timeout=wait_seconds)
            try:
                async with self._factory() as session:
                    try:
                        yield session
                    except BaseException:
                        await session.rollback()
                        raise
            finally:
                if self.is_sqlite:
                    self.gate.release()
                    self._after_write()
        finally:
            self._holders.discard(task)

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """PostgreSQL only: a pooled connection on which each statement is its own transaction, committed
        when it returns (no BEGIN or COMMIT round trip). For a write that is one statement (the inbox's
        store, ``bot/messaging/inbox_pg.py``). A connection is waited for at most ``pool_timeout_seconds``."""
        if self.is_sqlite:
            raise RuntimeError("autocommit connections are for PostgreSQL")
        task = self._enter()
        try:
            async with self._autocommit.connect() as connection:
                yield connection
        finally:
            self._holders.discard(task)

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """A session for reading only: no write gate; deferred transactions on SQLite, autocommit on
        PostgreSQL (each statement alone: no BEGIN or ROLLBACK round trip). Never write in it: on PostgreSQL
        a write would be committed at once."""
        task = self._enter()
        try:
            async with self._reader() as session:
                try:
                    yield session
                finally:
                    await session.rollback()
        finally:
            self._holders.discard(task)

    def _enter(self) -> asyncio.Task[Any]:
        task = asyncio.current_task()
        assert task is not None
        if task in self._holders:
            raise NestedSessionError(
                "a database session was opened inside another in the same task; pass the session down"
            )
        self._holders.add(task)
        return task

    def _after_write(self) -> None:
        self._writes += 1
        if self._writes % CHECKPOINT_EVERY == 0 and (self._checkpoint is None or self._checkpoint.done()):
            self._checkpoint = asyncio.get_running_loop().create_task(self.checkpoint())

    async def checkpoint(self) -> None:
        """Copy the SQLite WAL back into the database file without blocking writers (PASSIVE)."""
        if not self.is_sqlite:
            return
        try:
            async with self.engine.connect() as conn:
                await conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
                await conn.rollback()
        except Exception:
            log.warning("WAL checkpoint failed; the next one will try again", exc_info=True)

    async def ping(self) -> bool:
        """True when the database answers a query that reads it, within the pool timeout."""
        probe = "SELECT count(*) FROM sqlite_master" if self.is_sqlite else "SELECT 1"
        try:
            async with asyncio.timeout(self.pool.pool_timeout_seconds):
                async with self.engine.connect() as conn:
                    await conn.execute(text(probe))
                    await conn.rollback()
            return True
        except Exception:
            return False

    async def dispose(self) -> None:
        if self._checkpoint is not None and not self._checkpoint.done():
            # RuntimeError: created in another event loop (a CLI step), nothing to wait for
            with contextlib.suppress(RuntimeError):
                await self._checkpoint
        self._checkpoint = None
        await self.engine.dispose()
