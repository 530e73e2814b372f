"""SQLAlchemy's aiosqlite adapter, with one hop to aiosqlite's thread per SQL statement.

aiosqlite runs each sqlite3 call on its own thread; every call is a hop there and back through a queue
and the event loop. SQLAlchemy's stock adapter makes four per statement (open a cursor, execute, fetch
the rows, close the cursor). :class:`OneHopCursor` does all four in one function on the thread, so a
statement is one hop: about a quarter of the hops per inbound text (``waymark bench trips``).

Same sqlite3 calls in the same order on the same connection, the same rows, row count, last row id and
errors (raised on the thread, translated by SQLAlchemy as before). Server-side cursors (``stream``) keep
the stock adapter's cursor. Installed by ``bot/storage/db.py`` through ``create_async_engine(module=...)``.

Write transactions run on the event loop's thread, not aiosqlite's. A write session (``BEGIN IMMEDIATE``,
see ``bot/storage/db.py``) already holds the process's write gate, so nothing else in this process can write
meanwhile. The BEGIN is tried here with a busy timeout of 0; only if another process holds SQLite's
write lock does it go to the thread, to wait there (up to the busy timeout) off the event loop. From then
on every statement, the COMMIT and the ROLLBACK are called directly: in WAL mode none of them waits
for a lock (readers never block a writer; automatic checkpoints are off), and each takes tens of
microseconds. A hop costs more than that, and far more on a busy machine:
the thread must win the GIL from the event loop to run, and the write gate is held all the while. So that
a long write transaction (a purge) cannot stall the event loop, a transaction runs inline only for its
first :data:`INLINE_BUDGET_S` seconds; its later statements hop as before. Read sessions always hop.
The sqlite3 connection is opened with ``check_same_thread=False`` (``bot/storage/db.py``); the two threads
never use it at once: a hop is awaited before the next statement, inline or not.
"""

from __future__ import annotations

import collections
import sqlite3
import time
from threading import Thread
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

_Outcome = tuple[Any, list[Any], int, int | None]
WRITE_BEGIN = "BEGIN IMMEDIATE"
"""How ``bot/storage/db.py`` starts every write session's transaction; from it on, statements run inline."""
SQLITE_BUSY = 5
DEFAULT_BUSY_TIMEOUT_MS = 5_000
"""sqlite3's own default (``timeout=5.0``), when the engine passes none."""
INLINE_BUDGET_S = 0.02
"""A write transaction's statements run on the event loop's thread for this long at most (then they hop)."""


def _execute_on_thread(conn: sqlite3.Connection, sql: str, parameters: Any) -> _Outcome:
    """Runs on aiosqlite's thread (or inline in a write transaction): cursor, execute, fetch every row,
    close."""
    cursor = conn.cursor()
    try:
        if parameters is None:
            cursor.execute(sql)
        else:
            cursor.execute(sql, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _executemany_on_thread(conn: sqlite3.Connection, sql: str, seq_of_parameters: Any) -> _Outcome:
    cursor = conn.cursor()
    try:
        cursor.executemany(sql, seq_of_parameters)
        return cursor.description, [], cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose every execute is one hop to aiosqlite's thread (no aiosqlite cursor)."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        return None  # nothing open on the thread: the rows are already here

    def close(self) -> None:
        self._rows.clear()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        adapt: OneHopConnection = self._adapt_connection  # type: ignore[assignment]
        if adapt.inline():
            self._take(_execute_on_thread(self._connection._conn, operation, parameters))
            return None
        begin = isinstance(operation, str) and operation.startswith(WRITE_BEGIN)
        outcome = adapt.begin_without_waiting(operation, parameters) if begin else None
        if outcome is None:
            async with adapt._execute_mutex:
                outcome = await self._connection._execute(
                    _execute_on_thread, self._connection._conn, operation, parameters
                )
        self._take(outcome)
        if begin:
            adapt.began_write()
        return None

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        adapt: OneHopConnection = self._adapt_connection  # type: ignore[assignment]
        if adapt.inline():
            self._take(_executemany_on_thread(self._connection._conn, operation, seq_of_parameters))
            return None
        async with adapt._execute_mutex:
            outcome = await self._connection._execute(
                _executemany_on_thread, self._connection._conn, operation, seq_of_parameters
            )
        self._take(outcome)
        return None

    def _take(self, outcome: _Outcome) -> None:
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    def nextset(self) -> None:
        return None

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """Hands out :class:`OneHopCursor`; a commit or rollback with no transaction open makes no hop, and in a
    write transaction (within its inline budget) none either: it is called directly.

    sqlite3's own ``commit()`` and ``rollback()`` do nothing when no transaction is open (autocommit), so
    skipping the hop changes nothing but the wait: the pool's reset-on-return rollback after every session
    that committed, and a read session's rollback after a transaction that never began. ``in_transaction``
    is a flag read (no statement, no thread check); nothing else runs on the connection while its one
    holder calls commit or rollback.
    """

    __slots__ = ("_busy_timeout_ms", "_inline_since")
    _cursor_cls = OneHopCursor  # type: ignore[assignment]

    def __init__(self, dbapi: Any, connection: Any, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> None:
        super().__init__(dbapi, connection)
        self._inline_since: float | None = None
        self._busy_timeout_ms = busy_timeout_ms

    def begin_without_waiting(self, operation: str, parameters: Any) -> _Outcome | None:
        """Run a write transaction's BEGIN here if SQLite's write lock is free now; None if another
        process holds it (then the caller sends the BEGIN to the thread, to wait up to the busy timeout
        there, off the event loop). The busy timeout is 0 for this one statement only."""
        raw = self._connection._conn
        if raw.in_transaction:
            return None  # not expected: the thread raises what sqlite3 says, as before
        raw.execute("PRAGMA busy_timeout=0")
        try:
            return _execute_on_thread(raw, operation, parameters)
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorcode", 0) & 0xFF == SQLITE_BUSY:
                return None
            raise
        finally:
            raw.execute(f"PRAGMA busy_timeout={self._busy_timeout_ms}")

    def _open(self) -> bool:
        raw = self._connection._connection
        return raw is not None and bool(raw.in_transaction)

    def began_write(self) -> None:
        """A write transaction (``BEGIN IMMEDIATE``) has just begun: its statements run inline."""
        self._inline_since = time.perf_counter()

    def inline(self) -> bool:
        """True inside a write transaction that is within its inline budget."""
        since = self._inline_since
        if since is None:
            return False
        if self._open() and time.perf_counter() - since < INLINE_BUDGET_S:
            return True
        if not self._open():
            self._inline_since = None
        return False

    def _end_inline(self, commit: bool) -> None:
        raw = self._connection._conn
        try:
            raw.commit() if commit else raw.rollback()
        except Exception as error:
            self._handle_exception(error)
        finally:
            if not self._open():
                self._inline_since = None

    def rollback(self) -> None:
        if self.inline():
            self._end_inline(commit=False)
        elif self._open():
            super().rollback()

    def commit(self) -> None:
        if self.inline():
            self._end_inline(commit=True)
        elif self._open():
            super().commit()

    # Closing. aiosqlite's close() queues the sqlite3 close and then stop(), and waits for both; stop()
    # queues a last call that closes the sqlite3 connection and ends the thread. A second stop() (or a
    # close() after a stop()) queues work behind that end, which nothing will ever run: its wait never
    # ends. SQLAlchemy can do just that: invalidating a connection whose task was cancelled starts a graceful
    # close in a shielded task and, when the cancellation reaches it, force-closes (stop()) as well. The
    # shielded close then waited for ever (a task left pending on every cancelled dispatch; a caller that
    # awaited such a close would hang). Here every close is one stop(), the first one; later ones return.

    async def _stop_once(self) -> None:
        connection = self._connection
        if not connection._running:
            return  # stopped already: its thread closes the sqlite3 connection and ends
        ended = connection.stop()
        if ended is not None:
            await ended

    def close(self) -> None:
        await_(self._stop_once())

    async def _terminate_graceful_close(self) -> None:
        await self._stop_once()

    def _terminate_force_close(self) -> None:
        if self._connection._running:
            self._connection.stop()


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite DBAPI shim, handing out :class:`OneHopConnection` connections."""

    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        creator_fn = kw.pop("async_creator_fn", None)
        connection = creator_fn(*arg, **kw) if creator_fn else self.aiosqlite.connect(*arg, **kw)
        if not creator_fn:  # as SQLAlchemy's shim: the thread must not keep the process alive
            thread = connection if isinstance(connection, Thread) else connection._thread
            thread.daemon = True
        timeout_ms = round(1000 * kw.get("timeout", DEFAULT_BUSY_TIMEOUT_MS / 1000))
        return OneHopConnection(self, await_(connection), timeout_ms)


def one_hop_dbapi() -> OneHopDBAPI:
    """The DBAPI module to pass as ``create_async_engine(..., module=one_hop_dbapi())``."""
    return OneHopDBAPI(aiosqlite, sqlite3)
