"""The one-hop aiosqlite adapter: one round trip per statement, and the same answers as the stock one."""

from __future__ import annotations

import asyncio
import contextlib
import math
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.util import greenlet_spawn

from bot.bench.round_trips import counting
from bot.storage import sqlite_driver
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
        async with db.engine.connect() as conn:  # not a write session: every statement hops
            with counting(db.engine) as tally:
                for v in ("a", "b", "c"):
                    await conn.execute(text("INSERT INTO t (v) VALUES (:v)").bindparams(v=v))
                rows = (await conn.execute(text("SELECT v FROM t ORDER BY v"))).all()
            await conn.commit()
        assert [r[0] for r in rows] == ["a", "b", "c"]
        # BEGIN, three INSERTs and a SELECT: five statements, five hops (the stock adapter: 16)
        assert tally.statements == 5
        assert tally.round_trips == 5
    finally:
        await db.dispose()


async def test_a_write_session_makes_no_hop_when_the_write_lock_is_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the inline budget is wall time (20 ms): a loaded machine could spend it and make the COMMIT hop
    monkeypatch.setattr(sqlite_driver, "INLINE_BUDGET_S", math.inf)
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    await _setup(db)
    try:
        with counting(db.engine) as tally:
            async with db.session() as session:
                for v in ("a", "b", "c"):
                    await session.exec(text("INSERT INTO t (v) VALUES (:v)").bindparams(v=v))  # type: ignore[call-overload]
                rows = (await session.exec(text("SELECT v FROM t ORDER BY v"))).all()  # type: ignore[call-overload]
                await session.commit()
        assert [r[0] for r in rows] == ["a", "b", "c"]
        # BEGIN IMMEDIATE (with a busy timeout of 0), the INSERTs, the SELECT and the COMMIT: all inline
        assert tally.statements == 5
        assert tally.round_trips == 0
        async with db.read_session() as session:  # committed: another connection sees the rows
            rows = (await session.exec(text("SELECT count(*) FROM t"))).all()  # type: ignore[call-overload]
        assert rows[0][0] == 3
    finally:
        await db.dispose()


async def test_a_write_transaction_past_its_inline_budget_hops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_driver, "INLINE_BUDGET_S", 0.0)
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    await _setup(db)
    try:
        with counting(db.engine) as tally:
            async with db.session() as session:
                await session.exec(text("INSERT INTO t (v) VALUES ('a')"))  # type: ignore[call-overload]
                await session.commit()
        assert tally.round_trips == 2 and tally.calls["commit"] == 1  # the INSERT and the COMMIT hop
    finally:
        await db.dispose()


async def test_a_failed_statement_in_a_write_session_raises_as_before(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    await _setup(db)
    try:
        async with db.session() as session:
            await session.exec(text("INSERT INTO t (v) VALUES ('a')"))  # type: ignore[call-overload]
            with pytest.raises(exc.IntegrityError):
                async with session.begin_nested():
                    await session.exec(text("INSERT INTO t (v) VALUES ('a')"))  # type: ignore[call-overload]
            await session.exec(text("INSERT INTO t (v) VALUES ('b')"))  # type: ignore[call-overload]
            await session.commit()
        async with db.read_session() as session:
            rows = (await session.exec(text("SELECT v FROM t ORDER BY v"))).all()  # type: ignore[call-overload]
        assert [r[0] for r in rows] == ["a", "b"]
    finally:
        await db.dispose()


async def test_waiting_for_another_process_s_write_lock_does_not_block_the_event_loop(
    tmp_path: Path,
) -> None:
    """Another process holds the write lock: the BEGIN IMMEDIATE waits (up to the busy timeout) on
    aiosqlite's thread, not on the event loop, and the busy timeout is as configured afterwards."""
    path = tmp_path / "a.db"
    db = Database(f"sqlite:///{path}", busy_timeout_ms=5_000)
    await _setup(db)
    other = sqlite3.connect(path, isolation_level=None)  # as a CLI command in another process would
    other.execute("BEGIN IMMEDIATE")
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    async def write() -> None:
        async with db.session() as session:
            await session.exec(text("INSERT INTO t (v) VALUES ('after')"))  # type: ignore[call-overload]
            await session.commit()

    ticker = asyncio.create_task(tick())
    try:
        writing = asyncio.create_task(write())
        await asyncio.sleep(0.3)
        assert not writing.done()  # waiting for the other connection's lock...
        assert ticks >= 10  # ...while the event loop kept running
        other.execute("COMMIT")
        await asyncio.wait_for(writing, 5)
        async with db.session() as session:
            rows = (await session.exec(text("SELECT v FROM t"))).all()  # type: ignore[call-overload]
            timeout = (await session.exec(text("PRAGMA busy_timeout"))).all()  # type: ignore[call-overload]
        assert [r[0] for r in rows] == ["after"]
        assert timeout[0][0] == 5_000
    finally:
        ticker.cancel()
        other.close()
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
            async with db.engine.connect() as conn:
                await conn.execute(text("INSERT INTO t (v) VALUES ('kept')"))
                await conn.commit()
        # BEGIN, INSERT, COMMIT; the pool's rollback on return finds no transaction and makes no hop
        assert tally.round_trips == 3 and tally.calls["commit"] == 1 and "rollback" not in tally.calls
        with counting(db.engine) as failed, pytest.raises(RuntimeError):
            async with db.engine.connect() as conn:
                await conn.execute(text("INSERT INTO t (v) VALUES ('dropped')"))
                raise RuntimeError("fails before the commit")
        assert failed.calls["rollback"] == 1  # a transaction was open: it is rolled back on the thread
        with counting(db.engine) as inline, pytest.raises(RuntimeError):
            async with db.session() as session:
                await session.exec(text("INSERT INTO t (v) VALUES ('dropped too')"))  # type: ignore[call-overload]
                raise RuntimeError("fails before the commit")
        assert "rollback" not in inline.calls  # a write session's rollback is inline
        async with db.read_session() as session:
            rows = (await session.exec(text("SELECT v FROM t ORDER BY v"))).all()  # type: ignore[call-overload]
        assert [r[0] for r in rows] == ["kept"]  # both open transactions were rolled back
    finally:
        await db.dispose()


@contextlib.asynccontextmanager
async def _adapted(tmp_path: Path) -> AsyncIterator[OneHopConnection]:
    """A pooled connection's one-hop adapter; the connection is thrown away afterwards."""
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        async with db.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            adapted = raw.dbapi_connection
            assert isinstance(adapted, OneHopConnection)
            yield adapted
            await conn.invalidate()
    finally:
        await db.dispose()


async def test_a_close_after_a_forced_close_returns(tmp_path: Path) -> None:
    """SQLAlchemy force-closes (aiosqlite ``stop()``) a connection whose task was cancelled, while a graceful
    close of it may be under way; aiosqlite's ``close()`` after a ``stop()`` waited for ever for its thread,
    which had ended. Every close is now one ``stop()``: the later ones return at once."""
    async with _adapted(tmp_path) as adapted:
        thread = adapted._connection._thread
        adapted._terminate_force_close()
        await asyncio.wait_for(asyncio.to_thread(thread.join, 10), 15)
        assert not thread.is_alive()
        await asyncio.wait_for(adapted._terminate_graceful_close(), 5)
        await asyncio.wait_for(greenlet_spawn(adapted.close), 5)


async def test_a_forced_close_during_a_graceful_close_lets_both_return(tmp_path: Path) -> None:
    async with _adapted(tmp_path) as adapted:
        graceful = asyncio.ensure_future(adapted._terminate_graceful_close())
        await asyncio.sleep(0)  # the graceful close has started (stock aiosqlite: its close is queued)
        adapted._terminate_force_close()
        await asyncio.wait_for(graceful, 5)
        await asyncio.wait_for(greenlet_spawn(adapted.close), 5)
        thread = adapted._connection._thread
        await asyncio.wait_for(asyncio.to_thread(thread.join, 10), 15)  # it ends just after answering
        assert not thread.is_alive()
