"""`plain`: a Core statement on a write session's connection, in the session's own transaction."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.storage.db import Database
from bot.storage.plain import connection_of, plain


async def _count(db: Database) -> int:
    async with db.read_session() as session:
        return int((await plain(session, text("SELECT count(*) FROM t"))).scalar_one())


async def test_plain_runs_in_the_sessions_transaction(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    try:
        async with db.session() as session:
            await plain(session, text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
            await session.commit()
        async with db.session() as session:
            inserted = await plain(session, text("INSERT INTO t (v) VALUES (:v) RETURNING id"), {"v": "a"})
            assert inserted.scalar_one() == 1
            await session.rollback()  # the insert was in the session's transaction: gone with it
        assert await _count(db) == 0
        async with db.session() as session:
            await plain(session, text("INSERT INTO t (v) VALUES (:v)"), {"v": "b"})
            await session.commit()
        assert await _count(db) == 1
    finally:
        await db.dispose()


async def test_the_connection_is_kept_for_one_transaction_only(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        async with db.session() as session:
            await plain(session, text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
            first = await connection_of(session)
            assert await connection_of(session) is first  # same transaction: no new look-up
            await session.commit()
            await plain(session, text("INSERT INTO t (v) VALUES ('x')"))  # a new transaction begins
            assert session.in_transaction()
            await session.rollback()  # ... and the insert went with it: it was in that transaction
        assert await _count(db) == 0
    finally:
        await db.dispose()
