"""Review of branch perf13 (thirteenth session): the SQLite direct path (``bot/storage/sqlite_direct.py``)
held to what the normal path (``AsyncConnection.execute``) gives for the same statement on the same
connection.

Every test here runs one statement both ways in a write session (``sqlite_direct.DIRECT`` on, then off) and
compares; the inline budget is raised for the test so that the direct path is taken however slow the machine
is (on the real budget, 20 ms, which path a statement takes depends on how long its transaction has run, so
each difference below shows up or not by timing). Each test first asserts what the normal path gives (it
does), then that the direct path gives the same: that second assertion fails on the branch as written.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String, insert, select, text, update
from sqlalchemy.exc import ResourceClosedError
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage import sqlite_direct, sqlite_driver
from bot.storage.db import Database
from bot.storage.migrate import upgrade_async
from bot.storage.models import Contact
from bot.storage.plain import plain
from tests.bot.storage.test_sqlite_direct import NOW, ONE, _contact_values

CONTACT = Contact.__table__  # type: ignore[attr-defined]


@pytest.fixture
async def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Database]:
    monkeypatch.setattr(sqlite_driver, "INLINE_BUDGET_S", 60.0)  # the direct path, however slow the machine
    url = f"sqlite:///{tmp_path / 'r.db'}"
    await upgrade_async(url)
    database = Database(url, pool=ONE)
    async with database.session() as session:
        await plain(session, insert(Contact), _contact_values(1))
        await session.commit()
    yield database
    await database.dispose()


async def _both_ways(
    db: Database, run: Callable[[AsyncSession], Awaitable[Any]], *, taken_directly: bool = True
) -> tuple[Any, Any]:
    """What `run` gives (or the class of what it raises) on the direct path, then on the normal path; in a
    write session rolled back after. The direct path must have been taken in the first (unless
    `taken_directly` is False: a statement it must leave to the normal path)."""
    seen: list[Any] = []
    for direct in (True, False):
        sqlite_direct.DIRECT = direct
        try:
            async with db.session() as session:
                taken = sqlite_direct.taken
                try:
                    seen.append(await run(session))
                except Exception as error:
                    seen.append(("raised", type(error).__name__))
                assert (sqlite_direct.taken > taken) == (direct and taken_directly)
                await session.rollback()
        finally:
            sqlite_direct.DIRECT = True
    return seen[0], seen[1]


# -- 1. SQL text with its columns named (``text(...).columns(...)``) is taken, and its columns mislabelled ---


async def test_review_textual_select_with_named_columns_is_read_as_on_the_normal_path(db: Database) -> None:
    """``text(...).columns(address=String)`` is a ``TextualSelect``, not a ``TextClause``: the direct path
    takes it (the module says SQL text takes the normal path) and labels the row's columns by the declared
    columns' order, not by the names the query returns. The normal path matches them by name: id 1,
    address +447700900001. The direct path gives ``{'address': 1}``: the id read as the address."""
    statement = text("SELECT id, address FROM contact").columns(address=String)

    async def run(session: AsyncSession) -> Any:
        return [row._asdict() for row in await plain(session, statement)]

    direct, normal = await _both_ways(db, run, taken_directly=False)
    assert normal == [{"id": 1, "address": "+447700900001"}]
    assert direct == normal


async def test_review_textual_select_columns_out_of_order_get_their_own_types(db: Database) -> None:
    """The same with both columns declared, in another order than the query's: the direct path reads the
    address as ``first_seen`` (and the datetime string as ``address``)."""
    from bot.storage.models.types import UTCDateTime

    statement = text("SELECT address, first_seen FROM contact").columns(
        first_seen=UTCDateTime, address=String
    )

    async def run(session: AsyncSession) -> Any:
        row = (await plain(session, statement)).one()
        return row.address, row.first_seen

    direct, normal = await _both_ways(db, run, taken_directly=False)
    assert normal == ("+447700900001", NOW)
    assert direct == normal


# -- 2. the compiled statements are kept for ever: each statement built per call is never freed ----------


async def test_review_a_statement_built_per_call_is_freed_after_use(db: Database) -> None:
    """``_prepared`` is a ``WeakKeyDictionary`` keyed by the statement, but its value (the ``SQLCompiler``)
    holds the statement (``compiled.statement``, its binds and columns): the key never dies, so every
    statement the direct path ever ran stays in memory with its compiled form ("kept while the statement
    lives" is never the case). Harmless for statements built once (``functools.cache``), unbounded for any
    built per call (the dispatcher's due rows are: literals for its partial index). The normal path keeps at
    most one per shape (SQLAlchemy's compiled cache, an LRU of bounded size)."""
    alive: dict[bool, int] = {}
    for direct in (True, False):
        sqlite_direct.DIRECT = direct
        refs: list[weakref.ref[Any]] = []
        taken = sqlite_direct.taken
        try:
            async with db.session() as session:
                for n in range(20):  # as a caller building its statement per call does
                    statement = select(col(Contact.id)).where(col(Contact.address) == f"+44770090{n:04d}")
                    await plain(session, statement)
                    refs.append(weakref.ref(statement))
                del statement
                await session.rollback()
        finally:
            sqlite_direct.DIRECT = True
        assert sqlite_direct.taken - taken == (20 if direct else 0)  # each run directly, or none
        gc.collect()
        alive[direct] = sum(ref() is not None for ref in refs)
    assert alive[False] <= 1  # the normal path: at most the one in SQLAlchemy's compiled cache
    assert alive[True] <= 1, f"{alive[True]} of 20 statements built per call still alive after gc"


# -- 3. rows looked up by their column objects ------------------------------------------------------------


async def test_review_a_row_is_read_by_its_column_object_as_on_the_normal_path(db: Database) -> None:
    """``CursorResult`` rows are keyed by the statement's column objects as well as by name
    (``row._mapping[table.c.address]``); the direct path's ``SimpleResultMetaData`` knows only the names:
    ``KeyError``, depending on whether the transaction is past its 20 ms."""

    async def run(session: AsyncSession) -> Any:
        row = (await plain(session, select(CONTACT.c.id, CONTACT.c.address))).one()
        return row._mapping[CONTACT.c.address]

    direct, normal = await _both_ways(db, run)
    assert normal == "+447700900001"
    assert direct == normal


# -- 4. what a CursorResult answers: the inserted key, the last row id, no rows for DML --------------------


async def test_review_an_insert_gives_its_primary_key_and_lastrowid_as_on_the_normal_path(
    db: Database,
) -> None:
    """``plain(session, insert(...))`` with no RETURNING: ``inserted_primary_key`` and ``lastrowid`` on the
    normal path; ``AttributeError`` on the direct path (the brief's "lastrowid")."""

    async def run(session: AsyncSession) -> Any:
        result = await plain(session, insert(Contact), _contact_values(2))
        return tuple(result.inserted_primary_key), result.lastrowid, result.returns_rows

    direct, normal = await _both_ways(db, run)
    assert normal == ((2,), 2, False)
    assert direct == normal


async def test_review_dml_without_returning_has_no_rows_as_on_the_normal_path(db: Database) -> None:
    """An UPDATE with no RETURNING: reading rows raises ``ResourceClosedError`` on the normal path; the
    direct path answers ``[]`` (a caller that forgot ``.returning()`` is told so only sometimes)."""

    async def run(session: AsyncSession) -> Any:
        result = await plain(session, update(Contact).values(opted_out=True))
        try:
            rows: Any = result.all()
        except ResourceClosedError:
            rows = "no rows"
        return result.rowcount, rows

    direct, normal = await _both_ways(db, run)
    assert normal == (1, "no rows")
    assert direct == normal
