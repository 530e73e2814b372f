"""Plain statements on a session's connection: Core execution, no ORM statement handling.

``session.exec(statement)`` runs even a Core ``insert`` / ``update`` / column ``select`` through the ORM:
ORM-enabled DML (bulk insert and update handling, identity-map synchronisation), the ORM's compile and
result layers and, before it, an autoflush. On the inbound path that cost more than the statements
themselves (``waymark bench cost``; docs/operations.md, "SQLite x1 at 250 texts/s"). :func:`plain` runs the
statement on the session's own connection, in its transaction, as Core; in a SQLite write transaction,
straight on sqlite3 (``bot/storage/sqlite_direct.py``).

Use it only where that is the same thing: the statement reads or writes no ORM object of this session
that has changes not yet flushed (there is no autoflush), and nothing later reads an object it wrote
through the session's identity map (it is not synchronised). A column ``select`` returns rows, not
scalars: take ``.scalars()`` where one column is read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable
from sqlmodel.ext.asyncio.session import AsyncSession


async def plain(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None = None
) -> Any:  # a CursorResult (direct path: a Result with its rowcount); rows as the statement says
    """Run `statement` (with `params`) on `session`'s connection, in its transaction; see the module."""
    connection = await connection_of(session)
    if connection.dialect.name == "sqlite":
        direct = _sqlite_direct()(connection, statement, params)  # in a write transaction: no await
        if direct is not None:
            return direct
    return await connection.execute(statement, dict(params) if params is not None else None)


@functools.cache
def _sqlite_direct() -> Callable[..., Any]:
    """``sqlite_direct.execute``, imported on first use (a PostgreSQL process never loads aiosqlite)."""
    from bot.storage.sqlite_direct import execute

    return execute


async def connection_of(session: AsyncSession) -> AsyncConnection:
    """`session`'s connection in its current transaction (``session.connection()``, which begins one if
    none is open). Kept in ``session.info`` with the transaction it belongs to, so later calls in the same
    transaction skip the ORM's look-up (a greenlet switch and the session's bind resolution each)."""
    transaction = session.sync_session.get_transaction()
    cached = session.info.get(_CONNECTION_KEY)
    if transaction is not None and cached is not None and cached[0] is transaction:
        connection: AsyncConnection = cached[1]
        return connection
    connection = await session.connection()
    session.info[_CONNECTION_KEY] = (session.sync_session.get_transaction(), connection)
    return connection


_CONNECTION_KEY = "waymark.plain.connection"
