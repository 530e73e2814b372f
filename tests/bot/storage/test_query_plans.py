"""The hot queries' plans on a migrated SQLite database, as SQLite picks them with no statistics (production
runs no ``ANALYZE``): each reads the index meant for it, never the whole table, never sorts for its
``ORDER BY``; and "is a later text waiting?" and the claims read no more of the database for a contact with a
long history, or beside many other waiting texts, than for a new contact (rows counted as SQLite's VM steps,
not timed). Migration ``0013_contact_waiting``; docs/operations.md, "Thirteenth session"."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine

from bot.messaging import dispatcher, inbound_claims, inbound_worker, inbox
from bot.storage.migrate import upgrade

NOW = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
WAITING = "ix_message_contact_waiting"
QUEUED_OUT = "ix_message_queued_out"


def _store_params(contact: int) -> dict[str, Any]:
    """The store's parameters for a new text of `contact` (``inbox.ingest`` with a claim policy)."""
    values = {**inbox._message_defaults(), "direction": "in", "channel": "sms", "provider_id": None}
    values |= {"body": "hi", "status": "received", "segments": 1, "encoding": "GSM-7", "created_at": NOW}
    values |= {"meta": {}, "contact_id": contact, "of_contact": contact, "lease_until": NOW}
    del values["attempts"], values["claimed_until"]
    return values


# (name, the statement as the code builds it, sample parameters, the index each read of `message` must use)
HOT: list[tuple[str, Callable[[], Any], dict[str, Any], list[str]]] = [
    (
        "store: claim the new text unless one waits",
        inbox._insert_claimed_statement,
        _store_params(1),
        [WAITING, WAITING],
    ),
    (
        "batch: claim the contact's oldest waiting text",
        inbound_claims._claim_earliest_statement,
        {"of_contact": 1, "at": NOW, "lease_until": NOW},
        ["INTEGER PRIMARY KEY", WAITING],
    ),
    (
        "is a later text waiting?",
        inbound_claims._waiting_after_statement,
        {"of_contact": 1, "after_id": 1},
        [WAITING],
    ),
    (
        "batch: the newest waiting text per contact",
        inbound_worker._waiting_statement,
        {"contacts": [1, 2, 3]},
        [WAITING],
    ),
    (
        "dispatcher: due rows, every channel",
        lambda: dispatcher._due_statement(None),
        {"now": NOW, "limit": 8},
        [QUEUED_OUT, WAITING],
    ),
    (
        "dispatcher: due rows of one channel",
        lambda: dispatcher._due_statement("sms"),
        {"now": NOW, "limit": 8},
        [QUEUED_OUT, WAITING],
    ),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("plans") / "plans.db"
    upgrade(f"sqlite:///{path}")
    engine = create_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


def _sql(conn: Connection, statement: Any, params: dict[str, Any]) -> str:
    """The SQL SQLite gets for `statement` with `params` (run once, rolled back)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        seen.append(sql)

    event.listen(conn, "before_cursor_execute", record)
    try:
        conn.execute(statement, params).all()
    finally:
        event.remove(conn, "before_cursor_execute", record)
        conn.rollback()
    assert len(seen) == 1, seen
    return seen[0]


def _plan(conn: Connection, sql: str) -> list[str]:
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return [str(row[3]) for row in raw.execute("EXPLAIN QUERY PLAN " + sql, [None] * sql.count("?"))]


@pytest.mark.parametrize(("name", "build", "params", "indexes"), HOT, ids=[h[0] for h in HOT])
def test_each_hot_query_reads_its_index(
    engine: Engine, name: str, build: Callable[[], Any], params: dict[str, Any], indexes: list[str]
) -> None:
    with engine.connect() as conn:
        plan = _plan(conn, _sql(conn, build(), params))
    reads = [line for line in plan if line.startswith(("SEARCH", "SCAN"))]
    assert len(reads) == len(indexes), plan
    for line, index in zip(reads, indexes, strict=True):
        assert line.startswith("SEARCH") and index in line, plan  # never SCAN: no full scan of a table
    assert not [line for line in plan if "TEMP B-TREE" in line], plan  # ORDER BY / GROUP BY from the index


# -- rows read for a contact with a long history, beside many waiting texts ---------------------------------

HISTORY = 20_000
OTHERS_WAITING = 2_000
QUIET, FLOODING = 1, 2  # contact ids
_COLUMNS = (
    "contact_id, direction, channel, body, choices, kind, status, priority, segments, encoding, attempts,"
    " meta, created_at"
)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, int, int]]:
    """A migrated database where the flooding contact has 20,000 processed texts and one waiting, the quiet
    one a processed text and one waiting, and 2,000 other contacts a text waiting each. Returns the engine
    and the two waiting texts' ids (quiet, flooding)."""
    path = tmp_path_factory.mktemp("crowded") / "crowded.db"
    upgrade(f"sqlite:///{path}")
    raw = sqlite3.connect(path)  # foreign keys off: the contacts themselves are not needed here
    at = "2026-12-06 11:00:00.000000"

    def row(contact: int, status: str, direction: str = "in") -> tuple[Any, ...]:
        return (contact, direction, "sms", "hi", "[]", "reply", status, 20, 1, "GSM-7", 0, "{}", at)

    insert = f"INSERT INTO message ({_COLUMNS}) VALUES ({', '.join('?' * 13)})"
    raw.executemany(insert, [row(FLOODING, "processed") for _ in range(HISTORY)])
    raw.executemany(insert, [row(FLOODING, "sent", "out") for _ in range(HISTORY)])
    raw.executemany(insert, [row(QUIET, "processed"), row(QUIET, "sent", "out")])
    raw.executemany(insert, [row(100 + n, "received") for n in range(OTHERS_WAITING)])
    raw.executemany(insert, [row(100 + n, "queued", "out") for n in range(OTHERS_WAITING)])
    quiet = raw.execute(insert, row(QUIET, "received")).lastrowid
    flooding = raw.execute(insert, row(FLOODING, "received")).lastrowid
    raw.commit()
    raw.close()
    engine = create_engine(f"sqlite:///{path}")
    assert quiet is not None and flooding is not None
    yield engine, quiet, flooding
    engine.dispose()


def _steps(engine: Engine, statement: Any, params: dict[str, Any]) -> int:
    """SQLite VM instructions one run of `statement` takes (rolled back): grows with the rows it reads."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0

    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.execute("SELECT count(*) FROM sqlite_master").fetchall()  # the schema read, not counted
        raw.set_progress_handler(tick, 1)
        try:
            conn.execute(statement, params).all()
        finally:
            raw.set_progress_handler(None, 1)
            conn.rollback()
    return count


def _per_contact(contact: int, message_id: int) -> list[tuple[str, Any, dict[str, Any]]]:
    return [
        (
            "is a later text waiting?",
            inbound_claims._waiting_after_statement(),
            {"of_contact": contact, "after_id": message_id - 1},
        ),
        (
            "is a later text waiting? (none)",
            inbound_claims._waiting_after_statement(),
            {"of_contact": contact, "after_id": message_id},
        ),
        (
            "the claim of the oldest",
            inbound_claims._claim_earliest_statement(),
            {"of_contact": contact, "at": NOW, "lease_until": NOW},
        ),
        ("the newest waiting", inbound_worker._waiting_statement(), {"contacts": [contact]}),
    ]


def test_a_long_history_or_a_crowd_waiting_is_not_read(crowded: tuple[Engine, int, int]) -> None:
    engine, quiet, flooding = crowded
    for (name, statement, params), (_, _, flooding_params) in zip(
        _per_contact(QUIET, quiet), _per_contact(FLOODING, flooding), strict=True
    ):
        alone = _steps(engine, statement, params)
        flood = _steps(engine, statement, flooding_params)
        # a few dozen steps each; reading the history (20,000 rows) or the crowd (2,000) is tens of thousands
        assert alone < 200, (name, alone)
        assert flood < 200, (name, flood)


def test_the_stores_claim_reads_only_the_contacts_waiting_texts(crowded: tuple[Engine, int, int]) -> None:
    engine, _, _ = crowded
    statement = inbox._insert_claimed_statement()
    for contact in (QUIET, FLOODING, 99_999):
        steps = _steps(engine, statement, _store_params(contact))
        assert steps < 400, (contact, steps)  # the insert and its indexes, and two look-ups of a few rows


def test_the_due_rows_stop_at_their_limit(crowded: tuple[Engine, int, int]) -> None:
    """2,000 replies queued: a read of 8 due rows reads about 8 of them, not all 2,000 and a sort."""
    engine, _, _ = crowded
    steps = _steps(engine, dispatcher._due_statement(None), {"now": NOW, "limit": 8})
    assert steps < 1_000, steps
