"""Run SQLAlchemy statements on a SQLModel ``AsyncSession``.

SQLModel deprecates ``AsyncSession.execute`` in favour of ``exec``, but ``exec`` does not
cover Core statements with many parameter sets (bulk insert and update), which the
importer needs. ``execute`` calls SQLAlchemy's own ``execute`` without the warning.

``fetch_all`` is for hot read paths (directory search). On SQLite through aiosqlite each
DB-API call (cursor, execute, fetch, close) is a separate hop to aiosqlite's worker
thread, and on a busy two-core machine those hops, not SQLite, made the slow tail of a
search (p99 3.8 ms for a query SQLite runs in 1 ms). ``fetch_all`` compiles the statement
once and runs execute + fetch as one hop (``aiosqlite.Connection.execute_fetchall``) on
the session's own connection, so it sees the session's transaction. Types that need bind
processing, or statements SQLAlchemy must rewrite per call (expanding ``IN``), use the
ordinary path, as does every other database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, cast

from sqlalchemy import Executable, Result, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession as SAAsyncSession
from sqlalchemy.sql.compiler import Compiled
from sqlmodel.ext.asyncio.session import AsyncSession


async def execute(
    session: AsyncSession,
    statement: Executable,
    params: Sequence[Mapping[str, Any]] | Mapping[str, Any] | None = None,
) -> Result[Any]:
    """Execute ``statement`` (with optional parameters, or a list of them for executemany)."""
    return await SAAsyncSession.execute(session, statement, params)


@dataclass(frozen=True)
class _Prepared:
    """A statement compiled for SQLite: SQL text, bind names in order, row shape, result converters."""

    sql: str
    compiled: Compiled
    bind_names: tuple[str, ...]
    row: type[Any]
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]


@lru_cache(maxsize=64)
def _prepare(statement: Select[Any], dialect: Dialect) -> _Prepared | None:
    """Compile ``statement`` once for ``dialect``; ``None`` when it needs SQLAlchemy's full path."""
    compiled = statement.compile(dialect=dialect)
    sql = str(compiled)
    if "POSTCOMPILE" in sql or compiled.positiontup is None:
        return None
    for bind in compiled.binds.values():
        if bind.type.dialect_impl(dialect).bind_processor(dialect) is not None:
            return None
    names = tuple(statement.selected_columns.keys())
    processors = [
        column.type.dialect_impl(dialect).result_processor(dialect, None)
        for column in statement.selected_columns
    ]
    converters = tuple((index, fn) for index, fn in enumerate(processors) if fn is not None)
    row = NamedTuple("Row", [(name, Any) for name in names])  # type: ignore[misc]
    return _Prepared(sql, compiled, tuple(compiled.positiontup), row, converters)


async def fetch_all(session: AsyncSession, statement: Select[Any], params: Mapping[str, Any]) -> list[Any]:
    """All rows of ``statement`` as named tuples (attribute access like SQLAlchemy rows)."""
    if session.sync_session.autoflush and (session.new or session.dirty or session.deleted):
        await session.flush()  # as ``execute`` would: the read sees objects added but not yet flushed
    connection = await SAAsyncSession.connection(session)
    if connection.dialect.driver == "aiosqlite":
        prepared = _prepare(statement, connection.dialect)
        if prepared is not None:
            raw = await connection.get_raw_connection()
            driver = cast(Any, raw.driver_connection)
            bound = prepared.compiled.construct_params(dict(params)) or {}
            args = [bound[name] for name in prepared.bind_names]
            rows = await driver.execute_fetchall(prepared.sql, args)
            make, converters = prepared.row, prepared.converters
            if not converters:
                return [make(*row) for row in rows]
            out = []
            for row in rows:
                values: list[Any] = list(row)
                for index, convert in converters:
                    values[index] = convert(values[index])
                out.append(make(*values))
            return out
    return list((await connection.execute(statement, dict(params))).all())
