"""SQLite: a plain statement in a write transaction, and a transaction's BEGIN, straight to sqlite3.

Inside a write transaction every statement already runs in place on the event loop's thread
(``bot/storage/sqlite_driver.py``), and a SQLite statement of ours costs a few microseconds there; around it
SQLAlchemy's execution (an execution context, the compiled cache's key, the result's metadata) cost about
50 us of Python (docs/operations.md, "Twelfth session"). :func:`execute` does what that execution does, for
the statements :func:`bot.storage.plain.plain` runs:

- the statement, built once by its caller, is compiled once per set of parameter names (kept with it: a
  statement built anew for each call would be compiled on each call, slower than SQLAlchemy's cache);
- its parameters are built by the compiled statement and each type's bind processor, as SQLAlchemy does;
- the same sqlite3 calls on the same connection (``_execute_on_thread``: cursor, execute, fetch all, close);
- each column through its type's result processor, into a ``Result`` with the keys ``CursorResult`` gives
  and its ``rowcount``;
- the engine's cursor events fire (``before_cursor_execute`` / ``after_cursor_execute``, with no cursor or
  execution context: the bench and test counters read the statement);
- errors as on the normal path, through the connection's own error handling
  (``Connection._handle_dbapi_exception``): a value its type cannot convert raises ``StatementError``,
  sqlite3's errors are wrapped (an ``IntegrityError`` for a redelivery), parameters hidden; an exception
  that is not an ``Exception`` (not expected: nothing here awaits) closes the connection.

Nothing in it awaits, so no cancellation can land half-way. Everything else returns None and takes the
normal path (``AsyncConnection.execute``): PostgreSQL, read sessions, a write transaction past its inline
budget, SQL text, statements with Python-side defaults to compute or ``IN`` lists to expand, execution
options (but ``synchronize_session``, which only the ORM reads), ``before_execute`` / ``after_execute``
listeners.

:func:`begin` sends a transaction's ``BEGIN`` to the adapter's cursor without an execution context (in
place when SQLite's write lock is free, on aiosqlite's thread otherwise, as before). If anything at all is
raised there (a cancellation while the BEGIN waits on the thread, above all), the connection is closed,
never given back to the pool: the BEGIN may still run on the thread after the caller has gone, and would
leave a transaction (a write lock, for ``BEGIN IMMEDIATE``) open on an idle pooled connection.

Tests: ``tests/bot/storage/test_sqlite_direct.py``. ``DIRECT = False`` turns both off (tests compare).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.engine import Connection, Result
from sqlalchemy.engine.result import IteratorResult, SimpleResultMetaData
from sqlalchemy.exc import InvalidRequestError, ResourceClosedError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.selectable import TextualSelect

from bot.storage.sqlite_driver import OneHopConnection, _execute_on_thread

DIRECT = True
"""False: every statement and BEGIN takes the normal path (tests compare the two)."""
taken = 0
"""Statements run by :func:`execute` in this process (tests)."""

_ORM_ONLY_OPTIONS = frozenset({"synchronize_session"})


class DirectResult(IteratorResult):  # type: ignore[type-arg]
    """Rows already fetched and converted, with what ``CursorResult`` also gives: ``rowcount``, ``lastrowid``,
    ``returns_rows``, ``is_insert`` and an insert's ``inserted_primary_key``; a statement that returns no rows
    raises ``ResourceClosedError`` when its rows are read, as ``CursorResult`` does."""

    def __init__(
        self,
        prepared: _Prepared,
        rows: list[tuple[Any, ...]],
        rowcount: int,
        lastrowid: int | None,
        named: Mapping[str, Any],
    ) -> None:
        super().__init__(SimpleResultMetaData(prepared.keys, extra=prepared.objects), iter(rows))
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        self.returns_rows = bool(prepared.keys)
        self.is_insert = prepared.is_insert
        self._named = named
        self._primary_key = prepared.primary_key

    @property
    def inserted_primary_key(self) -> tuple[Any, ...]:
        if not self.is_insert:
            raise InvalidRequestError("Statement is not an insert() expression construct.")
        single = len(self._primary_key) == 1
        return tuple(
            self._named[key] if self._named.get(key) is not None else (self.lastrowid if single else None)
            for key in self._primary_key
        )

    def _no_rows(self) -> None:
        if not self.returns_rows:
            raise ResourceClosedError(
                "This result object does not return rows. It has been closed automatically."
            )

    def _fetchiter_impl(self) -> Any:
        self._no_rows()
        return super()._fetchiter_impl()

    def _fetchone_impl(self, hard_close: bool = False) -> Any:
        self._no_rows()
        return super()._fetchone_impl(hard_close)

    def _fetchall_impl(self) -> Any:
        self._no_rows()
        return super()._fetchall_impl()

    def _fetchmany_impl(self, size: int | None = None) -> Any:
        self._no_rows()
        return super()._fetchmany_impl(size)


@dataclass(frozen=True)
class _Prepared:
    """A statement compiled for one set of parameter names, with what running it needs."""

    compiled: SQLCompiler
    sql: str
    keys: list[str]
    objects: list[tuple[Any, ...]]  # per column, the objects a row may also be read by (its Column...)
    binds: tuple[tuple[str, Any], ...]  # (name, bind processor or None), in the statement's order
    results: tuple[Any, ...]  # a result processor (or None) per column
    is_insert: bool
    primary_key: tuple[str, ...]  # an insert's primary key columns' parameter names


_CACHE_ATTRIBUTE = "_waymark_direct"
"""Where a statement keeps its compiled forms: on the statement itself, so that the two are freed together (a
weak-keyed dictionary kept them for ever, its value, the compiled form, holding the statement; review13)."""


def execute(
    connection: AsyncConnection, statement: Any, params: Mapping[str, Any] | None
) -> Result[Any] | None:
    """Run `statement` with `params` on `connection` directly if it is in a SQLite write transaction within
    its inline budget and the statement qualifies (see the module); otherwise None: take the normal path."""
    global taken
    if (
        not DIRECT
        or isinstance(statement, TextClause | TextualSelect)
        or not isinstance(statement, ClauseElement)
    ):
        return None
    conn = connection.sync_connection
    if conn is None or conn.dialect.name != "sqlite" or conn.invalidated:
        return None
    adapt = conn.connection.dbapi_connection
    if not isinstance(adapt, OneHopConnection) or not adapt.inline():
        return None
    if (
        conn._execution_options.keys() - _SESSION_OPTIONS
        or statement._execution_options.keys() - _ORM_ONLY_OPTIONS
    ):
        return None
    dispatch = conn.dispatch
    if dispatch.before_execute or dispatch.after_execute:
        return None
    values = dict(params) if params is not None else {}
    prepared = _prepare(conn, statement, values)
    if prepared is None:
        return None
    sql: str = prepared.sql
    try:  # as SQLAlchemy builds the execution context: any error is wrapped (StatementError)
        named = prepared.compiled.construct_params(values, escape_names=False)
        positional: Any = tuple(
            named[name] if process is None else process(named[name]) for name, process in prepared.binds
        )
    except BaseException as error:
        conn._handle_dbapi_exception(error, sql, values, None, None)
    try:  # as SQLAlchemy runs the statement: sqlite3's errors wrapped (IntegrityError...), others as raised
        for listener in dispatch.before_cursor_execute:  # as Connection does: a listener may change them
            sql, positional = listener(conn, None, sql, positional, None, False)
        _description, rows, rowcount, lastrowid = _execute_on_thread(adapt._connection._conn, sql, positional)
        for listener in dispatch.after_cursor_execute:
            listener(conn, None, sql, positional, None, False)
    except BaseException as error:
        if isinstance(error, sqlite3.Error) or not isinstance(error, Exception):
            conn._handle_dbapi_exception(error, sql, positional, None, None)
        raise
    taken += 1
    converters = prepared.results
    if any(converters):  # as CursorResult does as the rows are read
        rows = [tuple(v if c is None else c(v) for v, c in zip(row, converters, strict=True)) for row in rows]
    return DirectResult(prepared, rows, rowcount, lastrowid, named)


_SESSION_OPTIONS = frozenset({"waymark_sqlite_begin"})
"""The write sessions' own connection option (``bot/storage/db.py``): read only by :func:`begin`."""


def _prepare(conn: Connection, statement: ClauseElement, values: dict[str, Any]) -> _Prepared | None:
    """`statement` compiled for these parameter names (once per set, kept while the statement lives);
    None when it must take the normal path."""
    names = frozenset(values)
    per_names: dict[frozenset[str], _Prepared | None] | None = statement.__dict__.get(_CACHE_ATTRIBUTE)
    if per_names is None:
        per_names = {}
        setattr(statement, _CACHE_ATTRIBUTE, per_names)
    if names in per_names:
        return per_names[names]
    dialect = conn.dialect
    compiled = cast(
        SQLCompiler, statement.compile(dialect=dialect, column_keys=sorted(names), for_executemany=False)
    )
    columns = compiled._result_columns or []
    prepared: _Prepared | None = None
    if not (
        compiled.insert_prefetch
        or compiled.update_prefetch
        or compiled.literal_execute_params
        or compiled.post_compile_params
        or not compiled.positional
    ):
        processors = compiled._bind_processors
        prepared = _Prepared(
            compiled=compiled,
            sql=compiled.string,
            keys=[column.keyname for column in columns],
            objects=[tuple(column.objects) for column in columns],
            binds=tuple((name, processors.get(name)) for name in compiled.positiontup or ()),
            results=tuple(column.type._cached_result_processor(dialect, None) for column in columns),
            is_insert=bool(compiled.isinsert),
            primary_key=tuple(c.key for c in statement.table.primary_key) if compiled.isinsert else (),  # type: ignore[attr-defined]
        )
    per_names[names] = prepared
    return prepared


def begin(conn: Connection, mode: str) -> None:
    """``BEGIN <mode>`` straight to the adapter's cursor (see the module)."""
    sql = f"BEGIN {mode}"
    adapt = conn.connection.dbapi_connection
    dispatch = conn.dispatch
    if (
        not DIRECT
        or not isinstance(adapt, OneHopConnection)
        or dispatch.before_execute
        or dispatch.after_execute
    ):
        conn.exec_driver_sql(sql)
        return
    try:
        for listener in dispatch.before_cursor_execute:
            listener(conn, None, sql, (), None, False)
        cursor = adapt.cursor()
        cursor.execute(sql)  # in place if the write lock is free, else it waits on aiosqlite's thread
        cursor.close()
        for listener in dispatch.after_cursor_execute:
            listener(conn, None, sql, (), None, False)
    except BaseException as error:
        _close_on_failed_begin(conn, sql, error)
        raise  # not reached: the handler raises


def _close_on_failed_begin(conn: Connection, sql: str, error: BaseException) -> None:
    """The connection's error handling (wrapping, events) and then, whatever it was, the connection closed:
    an exit exception is a disconnect there already (it invalidates); any other is made one here."""
    try:
        conn._handle_dbapi_exception(error, sql, (), None, None)
    finally:
        if not conn.invalidated:
            conn.invalidate(error if isinstance(error, Exception) else None)
