"""The direct path on SQLite (``bot/storage/sqlite_direct.py``): a plain statement in a write transaction and
a transaction's BEGIN go straight to sqlite3 / the adapter's cursor. These tests hold it to what the normal
path does, including the four defects a review found in the first attempt (branch ``perf12``; see
docs/operations.md, "Twelfth session"):

a. a write session cancelled while its ``BEGIN IMMEDIATE`` waits for another process's lock must not go back
   to the pool: its BEGIN, still queued on aiosqlite's thread, would later take the write lock on an idle
   pooled connection;
b. the same for a read session cancelled during its ``BEGIN`` (the next user of the connection got "cannot
   start a transaction within a transaction");
c. (the plans: ``tests/bot/storage/test_query_plans.py``);
d. a value that its type cannot convert raises ``StatementError``, as on the normal path.

A cancellation is made to land exactly while the BEGIN waits on the connection's thread (a listener on the
BEGIN cancels its own task; for b, the thread is first kept busy), so these are deterministic.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import secrets
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, event, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError, StatementError
from sqlmodel import col

from bot.storage import sqlite_direct
from bot.storage.db import Database, PoolSettings
from bot.storage.migrate import upgrade_async
from bot.storage.models import Contact, Message
from bot.storage.plain import plain

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
ONE = PoolSettings(pool_size=1, max_overflow=0, pool_timeout_seconds=2.0)
"""One pooled connection: the next session gets the connection the cancelled one had, if it went back."""


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    url = f"sqlite:///{tmp_path / 'd.db'}"
    await upgrade_async(url)
    database = Database(url, pool=ONE, busy_timeout_ms=2_000)
    yield database
    await database.dispose()


def _cancel_own_task_at(db: Database, begin: str, before: Callable[[], None] = lambda: None) -> None:
    """The first time `begin` is about to run, do `before` and cancel the task that runs it: the
    cancellation lands at the BEGIN's first wait (its hop to aiosqlite's thread)."""
    fired = False

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        nonlocal fired
        if statement == begin and not fired:
            fired = True
            before()
            task = asyncio.current_task()
            assert task is not None
            task.cancel()

    event.listen(db.engine.sync_engine, "before_cursor_execute", on_statement)


async def _still_usable(db: Database, tmp_path: Path) -> None:
    """The pool's one connection (or a new one) reads and writes, and another process can take the write
    lock at once: no transaction was left open on any connection."""
    async with db.read_session() as session:  # queued after anything left on a reused connection's thread
        assert (await plain(session, text("SELECT count(*) FROM contact"))).scalar_one() == 0
    other = sqlite3.connect(tmp_path / "d.db", timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # "database is locked" if an idle connection kept the lock
        other.execute("ROLLBACK")
    finally:
        other.close()
    async with db.session() as session:
        await plain(session, text("DELETE FROM contact"))
        await session.commit()


async def test_a_write_session_cancelled_while_its_begin_waits_leaves_no_lock(
    db: Database, tmp_path: Path
) -> None:
    async with db.session() as session:  # the pool's connection exists (its PRAGMAs ran)
        await session.commit()
    other = sqlite3.connect(tmp_path / "d.db", timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock: the BEGIN must wait
    _cancel_own_task_at(db, "BEGIN IMMEDIATE")

    async def write() -> None:
        async with db.session() as session:
            await plain(session, text("DELETE FROM contact"))
            await session.commit()

    task = asyncio.create_task(write())
    # a cancelled session that gave its connection back ends at once; one that closes it waits for the
    # BEGIN on the thread to end first (it waits for the lock), so not done yet: either way, go on
    await asyncio.wait({task}, timeout=0.3)
    other.execute("ROLLBACK")  # the lock is free: a BEGIN still queued takes it now
    other.close()
    with pytest.raises(asyncio.CancelledError):
        await task
    await _still_usable(db, tmp_path)


async def test_a_read_session_cancelled_during_its_begin_leaves_no_transaction(
    db: Database, tmp_path: Path
) -> None:
    async with db.session() as session:
        await session.commit()
    async with db.engine.connect() as conn:  # the pool's one connection, and its aiosqlite thread
        raw = await conn.get_raw_connection()
        thread = raw.driver_connection
        assert thread is not None
    busy = threading.Event()

    def hold_the_thread() -> None:  # the BEGIN queues behind this, so it runs after the cancellation
        future = asyncio.get_running_loop().create_future()
        thread._tx.put_nowait((future, lambda: busy.wait(5)))

    _cancel_own_task_at(db, "BEGIN DEFERRED", before=hold_the_thread)

    async def read() -> None:
        async with db.read_session() as session:
            await plain(session, text("SELECT count(*) FROM contact"))

    task = asyncio.create_task(read())
    await asyncio.wait({task}, timeout=0.3)
    busy.set()  # the BEGIN runs now
    with pytest.raises(asyncio.CancelledError):
        await task
    await _still_usable(db, tmp_path)


async def test_a_value_its_type_cannot_convert_raises_statement_error(db: Database) -> None:
    naive = dt.datetime(2026, 12, 6, 12, 0)  # UTCDateTime refuses a naive datetime
    statement = insert(Contact)
    for direct in (True, False):
        sqlite_direct.DIRECT = direct
        try:
            async with db.session() as session:
                taken = sqlite_direct.taken
                await plain(session, statement, _contact_values(1))  # a statement the direct path takes
                assert sqlite_direct.taken == taken + direct
                with pytest.raises(StatementError) as raised:
                    await plain(session, statement, {**_contact_values(2), "first_seen": naive})
                assert "naive datetime" in str(raised.value)
                assert "+447700900002" not in str(raised.value)  # parameters hidden, as ever
                await session.rollback()
        finally:
            sqlite_direct.DIRECT = True


# -- the same results and rows through both paths --------------------------------------------------------


def _contact_values(n: int) -> dict[str, Any]:
    return {
        "channel": "sms",
        "address": f"+4477009000{n:02d}",
        "language": "en",
        "opted_out": False,
        "unreachable": False,
        "first_seen": NOW,
        "last_seen": NOW,
    }


async def _statements_both_ways(db: Database) -> list[Any]:
    """Run a few statements of each kind in one write transaction; return what each gave back."""
    seen: list[Any] = []
    async with db.session() as session:
        added = await plain(
            session, insert(Contact).returning(col(Contact.id), col(Contact.last_seen)), _contact_values(1)
        )
        seen.append((list(added.keys()), [tuple(r) for r in added.all()], added.rowcount))
        await plain(session, insert(Contact), _contact_values(2))
        touched = await plain(
            session,
            update(Contact).where(col(Contact.channel) == bindparam("ch")).values(opted_out=True),
            {"ch": "sms"},
        )
        seen.append(touched.rowcount)
        read = await plain(
            session,
            select(
                col(Contact.id), col(Contact.address), col(Contact.opted_out), col(Contact.first_seen)
            ).order_by(col(Contact.id)),
        )
        rows = read.all()
        seen.append((list(read.keys()), [tuple(r) for r in rows], [type(v).__name__ for v in rows[0]]))
        seen.append(
            (await plain(session, select(col(Contact.address)).where(col(Contact.id) == 2))).scalar_one()
        )
        seen.append((await plain(session, select(col(Contact.id)).where(col(Contact.id) == 99))).first())
        message = {"contact_id": 1, "direction": "out", "channel": "sms", "body": "hi", "choices": ["Y", "N"]}
        message |= {"kind": "reply", "status": "queued", "priority": 20, "segments": 1, "encoding": "GSM-7"}
        message |= {"attempts": 0, "meta": {"a": 1}, "created_at": NOW, "provider_id": "p1"}
        stored = await plain(
            session,
            insert(Message).returning(col(Message.id), col(Message.choices), col(Message.meta)),
            message,
        )
        seen.append([tuple(r) for r in stored.all()])
        with pytest.raises(IntegrityError) as raised:
            await plain(session, insert(Message), message)  # the same provider id again
        seen.append((type(raised.value.orig).__name__, str(raised.value.orig)))
        await session.rollback()
    return seen


async def test_each_kind_of_statement_gives_the_same_both_ways(db: Database) -> None:
    direct = await _statements_both_ways(db)
    sqlite_direct.DIRECT = False
    try:
        normal = await _statements_both_ways(db)
    finally:
        sqlite_direct.DIRECT = True
    assert direct == normal


async def test_the_direct_path_is_taken_and_events_still_fire(db: Database) -> None:
    seen: list[str] = []

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement.split()[0])

    event.listen(db.engine.sync_engine, "before_cursor_execute", on_statement)
    taken = sqlite_direct.taken
    async with db.session() as session:
        await plain(session, insert(Contact), _contact_values(1))
        await plain(session, text("SELECT 1"))  # SQL text: the normal path
        await session.commit()
    assert sqlite_direct.taken == taken + 1
    assert seen == ["BEGIN", "INSERT", "SELECT"]
    async with db.read_session() as session:  # a read session: the normal path
        await plain(session, select(col(Contact.id)))
    assert sqlite_direct.taken == taken + 1


async def test_a_busy_begin_raises_as_before_and_the_connection_is_not_reused(
    db: Database, tmp_path: Path
) -> None:
    short = Database(db.url, pool=ONE, busy_timeout_ms=50)
    other = sqlite3.connect(tmp_path / "d.db", timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError, match="database is locked"):
            async with short.session() as session:
                await plain(session, text("DELETE FROM contact"))
        other.execute("ROLLBACK")
        async with short.session() as session:
            await plain(session, insert(Contact), _contact_values(1))
            await session.commit()
    finally:
        other.close()
        await short.dispose()


# -- the pipeline: every table the same through both paths ----------------------------------------------

SCRIPT = [
    (1, "hi"),
    (2, "hello"),
    (1, "I need help with anxiety"),
    (3, "i want to kill myself"),
    (2, "CALL"),
    (4, "hi"),
    (4, "STOP"),
    (1, "what can you do"),
    (2, "1"),
    (3, "ok"),
    (5, "hi"),
    (5, "hi"),
    (5, "hi"),
]


async def _run_script(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    from bot.app.clock import FixedClock
    from bot.channels.base import InboundMessage
    from bot.messaging import inbound_worker as worker_module
    from bot.messaging.crisis_lane import process_later
    from bot.messaging.dispatcher import dispatch_due
    from bot.messaging.inbound_claims import policy_for
    from bot.messaging.inbox import ingest
    from bot.storage.tables import all_metadata
    from tests.support import make_context, prepare_database

    monkeypatch.setattr(worker_module, "BATCH_BUDGET_S", 60.0)  # the same batches both ways, however fast
    chance = random.Random(17)  # the same references (escalations, call-backs) both ways
    monkeypatch.setattr(secrets, "choice", chance.choice)
    clock = FixedClock(dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC))  # office hours, as the tests'
    app = make_context(f"sqlite:///{tmp_path / name}", clock)
    await prepare_database(app)
    try:
        for round_ in range(2):  # texts stored while others wait (claimed or not), then processed together
            jobs = []
            for n, (sender, words) in enumerate(SCRIPT):
                inbound = InboundMessage("sms", f"+44770090{sender:04d}", words, f"SM{round_}-{n}", app.now())
                stored = await ingest(app, inbound, claim=policy_for(app))
                jobs.append(
                    process_later(app, stored.contact_id, stored.message_id if stored.claimed else None)
                )
                clock.advance(seconds=1)
            await asyncio.gather(*jobs)
            while await dispatch_due(app) > 0:
                pass
        tables: dict[str, list[Any]] = {}
        async with app.db.read_session() as session:
            for table in all_metadata().sorted_tables:
                rows = await plain(session, select(table).order_by(*table.primary_key.columns))
                tables[table.name] = [tuple(row) for row in rows]
        return tables
    finally:
        await app.close()


async def test_the_pipeline_writes_the_same_rows_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = sqlite_direct.taken
    direct = await _run_script(tmp_path, "direct.db", monkeypatch)
    assert sqlite_direct.taken > taken  # the direct path was used
    sqlite_direct.DIRECT = False
    try:
        normal = await _run_script(tmp_path, "normal.db", monkeypatch)
    finally:
        sqlite_direct.DIRECT = True
    assert sum(len(rows) for rows in direct.values()) > 50
    assert direct.keys() == normal.keys()
    for name in direct:
        assert direct[name] == normal[name], name
