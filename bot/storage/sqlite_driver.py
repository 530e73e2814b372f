"""SQLAlchemy's aiosqlite adapter, with one hop to aiosqlite's thread per SQL statement.

aiosqlite runs each sqlite3 call on its own thread; every call is a hop there and back through a queue
and the event loop. SQLAlchemy's stock adapter makes four per statement (open a cursor, execute, fetch
the rows, close the cursor). :class:`OneHopCursor` does all four in one function on the thread, so a
statement is one hop: about a quarter of the hops per inbound text (``waymark bench trips``).

Same sqlite3 calls in the same order on the same connection, the same rows, row count, last row id and
errors (raised on the thread, translated by SQLAlchemy as before). Server-side cursors (``stream``) keep
the stock adapter's cursor. Installed by ``bot/storage/db.py`` through ``create_async_engine(module=...)``.
"""

from __future__ import annotations

import collections
import sqlite3
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


def _execute_on_thread(conn: sqlite3.Connection, sql: str, parameters: Any) -> _Outcome:
    """Runs on aiosqlite's thread: cursor, execute, fetch every row, close."""
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
        async with self._adapt_connection._execute_mutex:
            outcome = await self._connection._execute(
                _execute_on_thread, self._connection._conn, operation, parameters
            )
        self._take(outcome)
        return None

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        async with self._adapt_connection._execute_mutex:
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
    """Hands out :class:`OneHopCursor`; a commit or rollback with no transaction open makes no hop.

    sqlite3's own ``commit()`` and ``rollback()`` do nothing when no transaction is open (autocommit), so
    skipping the hop changes nothing but the wait: the pool's reset-on-return rollback after every session
    that committed, and a read session's rollback after a transaction that never began. ``in_transaction``
    is a flag read (no statement, no thread check); nothing else runs on the connection while its one
    holder calls commit or rollback.
    """

    __slots__ = ()
    _cursor_cls = OneHopCursor  # type: ignore[assignment]

    def _open(self) -> bool:
        raw = self._connection._connection
        return raw is not None and bool(raw.in_transaction)

    def rollback(self) -> None:
        if self._open():
            super().rollback()

    def commit(self) -> None:
        if self._open():
            super().commit()


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite DBAPI shim, handing out :class:`OneHopConnection` connections."""

    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        creator_fn = kw.pop("async_creator_fn", None)
        connection = creator_fn(*arg, **kw) if creator_fn else self.aiosqlite.connect(*arg, **kw)
        if not creator_fn:  # as SQLAlchemy's shim: the thread must not keep the process alive
            thread = connection if isinstance(connection, Thread) else connection._thread
            thread.daemon = True
        return OneHopConnection(self, await_(connection))


def one_hop_dbapi() -> OneHopDBAPI:
    """The DBAPI module to pass as ``create_async_engine(..., module=one_hop_dbapi())``."""
    return OneHopDBAPI(aiosqlite, sqlite3)
