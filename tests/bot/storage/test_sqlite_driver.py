"""The one-hop aiosqlite adapter: one round trip per statement, and the same answers as the stock one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.bench.round_trips import counting
from bot.storage.db import Database
from bot.storage.sqlite_driver import OneHopConnection


async def _setup(db: Database) -> None:
    async with db.session() as session:
        await session.exec(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))  # type: ignore[call-overload]
        await session.commit()


async def test_engine_uses_the_one_hop_connection(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        async with db.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            assert isinstance(raw.dbapi_connection, OneHopConnection)
    finally:
        await db.dispose()


async def test_each_statement_is_one_round_trip(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    await _setup(db)
    try:
        async with db.session() as session:
            with counting(db.engine) as tally:
                for v in ("a", "b", "c"):
                    await session.exec(text("INSERT INTO t (v) VALUES (:v)").bindparams(v=v))  # type: ignore[call-overload]
                rows = (await session.exec(text("SELECT v FROM t ORDER BY v"))).all()  # type: ignore[call-overload]
            await session.commit()
        assert [r[0] for r in rows] == ["a", "b", "c"]
        # BEGIN IMMEDIATE, three INSERTs and a SELECT: five statements, five hops (the stock adapter: 16)
        assert tally.statements == 5
        assert tally.round_trips == 5
    finally:
        await db.dispose()


async def test_same_answers_as_the_stock_adapter(tmp_path: Path) -> None:
    """Rows, row counts, last row ids and errors match SQLAlchemy's own aiosqlite adapter."""
    path = tmp_path / "a.db"
    db = Database(f"sqlite:///{path}")
    await _setup(db)
    stock = create_async_engine(f"sqlite+aiosqlite:///{path}")
    try:
        answers = []
        for engine in (db.engine, stock):
            async with engine.begin() as conn:
                inserted = await conn.execute(text("INSERT INTO t (v) VALUES ('x')"))
                updated = await conn.execute(text("UPDATE t SET v = v || '!' WHERE v LIKE 'x%'"))
                returned = (await conn.execute(text("UPDATE t SET v = v WHERE id > 0 RETURNING id"))).all()
                many = await conn.execute(text("SELECT id, v FROM t ORDER BY id"))
                first, rest = many.fetchone(), many.fetchall()
                with pytest.raises(exc.IntegrityError):
                    await conn.execute(text("INSERT INTO t (id, v) VALUES (1, 'dup')"))
                answers.append(
                    (inserted.lastrowid, updated.rowcount, sorted(r[0] for r in returned), first, rest)
                )
                await conn.rollback()
        assert answers[0] == answers[1]
        assert answers[0][0] == 1 and answers[0][1] == 1
    finally:
        await stock.dispose()
        await db.dispose()


async def test_commit_and_rollback_hop_only_with_a_transaction_open(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    await _setup(db)
    try:
        with counting(db.engine) as tally:
            async with db.session() as session:
                await session.exec(text("INSERT INTO t (v) VALUES ('kept')"))  # type: ignore[call-overload]
                await session.commit()
        # BEGIN, INSERT, COMMIT; the pool's rollback on return finds no transaction and makes no hop
        assert tally.round_trips == 3 and tally.calls["commit"] == 1 and "rollback" not in tally.calls
        with counting(db.engine) as failed, pytest.raises(RuntimeError):
            async with db.session() as session:
                await session.exec(text("INSERT INTO t (v) VALUES ('dropped')"))  # type: ignore[call-overload]
                raise RuntimeError("fails before the commit")
        assert failed.calls["rollback"] == 1  # a transaction was open: it is rolled back on the thread
        async with db.read_session() as session:
            rows = (await session.exec(text("SELECT v FROM t ORDER BY v"))).all()  # type: ignore[call-overload]
        assert [r[0] for r in rows] == ["kept"]  # the open transaction was rolled back
    finally:
        await db.dispose()
