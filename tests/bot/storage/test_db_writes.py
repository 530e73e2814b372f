"""SQLite writes: one writer per database (the gate), transactions begun IMMEDIATE, no nested sessions,
and checkpoints off the request path (issue 11, items 3 and 5)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.storage.db import (
    CHECKPOINT_EVERY,
    SQLITE_CACHE_KIB,
    URGENT_RUN,
    Database,
    NestedSessionError,
    StoreBusy,
    WriteGate,
)


async def _table(db: Database) -> None:
    async with db.session() as session:
        await session.exec(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))  # type: ignore[call-overload]
        await session.exec(text("INSERT INTO t (v) VALUES ('a')"))  # type: ignore[call-overload]
        await session.commit()


async def test_write_session_holds_the_write_lock_from_its_first_read(tmp_path: Path) -> None:
    """A write session is a writer from its first statement, so it never has to upgrade a read into a
    write (the upgrade that fails at once with SQLITE_BUSY when someone wrote in between)."""
    path = tmp_path / "w.db"
    db = Database(f"sqlite:///{path}")
    await _table(db)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        async with db.session() as session:
            assert (await session.exec(text("SELECT v FROM t"))).all() == [("a",)]  # type: ignore[call-overload]
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO t (v) VALUES ('other')")
            await session.exec(text("UPDATE t SET v = 'b'"))  # type: ignore[call-overload]
            await session.commit()
        other.execute("INSERT INTO t (v) VALUES ('after')")  # the lock is released at the end
    finally:
        other.close()
        await db.dispose()


async def test_each_sqlite_connection_has_a_bounded_page_cache(tmp_path: Path) -> None:
    """Every pooled connection keeps its own page cache: SQLite's default (2,000 KiB) times the pool would
    be 40 MB of a server's memory."""
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    try:
        for session_of in (db.read_session, db.session):
            async with session_of() as session:
                got = (await session.exec(text("PRAGMA cache_size"))).one()  # type: ignore[call-overload]
                assert got == (-SQLITE_CACHE_KIB,)
        assert SQLITE_CACHE_KIB < 2000
    finally:
        await db.dispose()


async def test_read_session_takes_no_write_lock(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    db = Database(f"sqlite:///{path}")
    await _table(db)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        async with db.read_session() as session:
            assert (await session.exec(text("SELECT count(*) FROM t"))).one() == (1,)  # type: ignore[call-overload]
            other.execute("INSERT INTO t (v) VALUES ('other')")
            assert not db.gate.held
    finally:
        other.close()
        await db.dispose()


async def test_a_session_inside_a_session_is_refused(tmp_path: Path) -> None:
    """On SQLite it would wait for its own task's gate; on PostgreSQL it takes two pooled connections per
    request, which deadlocked the pool under a burst."""
    db = Database(f"sqlite:///{tmp_path / 'n.db'}")
    try:
        async with db.session():
            with pytest.raises(NestedSessionError):
                async with db.session():
                    pass
            with pytest.raises(NestedSessionError):
                async with db.read_session():
                    pass
        async with db.session():  # the task's slot is free again afterwards
            pass
        assert not db.gate.held
    finally:
        await db.dispose()


async def test_concurrent_write_sessions_take_turns(tmp_path: Path) -> None:
    """Read-modify-write in many concurrent sessions loses no update and never sees 'database is locked'."""
    db = Database(f"sqlite:///{tmp_path / 'c.db'}", busy_timeout_ms=1)
    await _table(db)

    async def bump() -> None:
        async with db.session() as session:
            (v,) = (await session.exec(text("SELECT count(*) FROM t"))).one()  # type: ignore[call-overload]
            await asyncio.sleep(0)  # let every other task try to get in here
            await session.exec(text(f"INSERT INTO t (v) VALUES ('{v}')"))  # type: ignore[call-overload]
            await session.commit()

    try:
        await asyncio.gather(*(bump() for _ in range(50)))
        async with db.read_session() as session:
            values = [int(v) for (v,) in (await session.exec(text("SELECT v FROM t WHERE id > 1"))).all()]  # type: ignore[call-overload]
        assert sorted(values) == list(range(1, 51))  # each saw every earlier insert
    finally:
        await db.dispose()


async def test_gate_serves_webhooks_first_and_waits_a_bounded_time() -> None:
    gate = WriteGate()
    order: list[str] = []
    await gate.acquire()

    async def take(name: str, urgent: bool) -> None:
        await gate.acquire(urgent=urgent)
        order.append(name)
        gate.release()

    waiting = [asyncio.create_task(take("background", False)), asyncio.create_task(take("webhook", True))]
    await asyncio.sleep(0)
    with pytest.raises(StoreBusy):
        await gate.acquire(urgent=True, timeout=0.01)
    gate.release()
    await asyncio.gather(*waiting)
    assert order == ["webhook", "background"]
    assert not gate.held


async def test_gate_never_starves_background_work() -> None:
    gate = WriteGate()
    order: list[str] = []
    await gate.acquire()

    async def take(name: str, urgent: bool) -> None:
        await gate.acquire(urgent=urgent)
        order.append(name)
        gate.release()

    tasks = [asyncio.create_task(take("background", False))]
    tasks += [asyncio.create_task(take(f"webhook{i}", True)) for i in range(URGENT_RUN + 3)]
    await asyncio.sleep(0)
    gate.release()
    await asyncio.gather(*tasks)
    assert order.index("background") == URGENT_RUN


async def test_wal_checkpoints_run_in_the_background(tmp_path: Path) -> None:
    """Automatic checkpoints are off on the app's connections (a commit never pays for one); every
    CHECKPOINT_EVERY write sessions a PASSIVE checkpoint runs as its own task."""
    db = Database(f"sqlite:///{tmp_path / 'k.db'}")
    await _table(db)
    try:
        async with db.read_session() as session:
            (pages,) = (await session.exec(text("PRAGMA wal_autocheckpoint"))).one()  # type: ignore[call-overload]
        assert pages == 0
        for _ in range(CHECKPOINT_EVERY - 1):
            async with db.session():
                pass
        assert db._checkpoint is not None
        await db._checkpoint
    finally:
        await db.dispose()
