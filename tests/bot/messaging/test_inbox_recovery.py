"""An accepted text is never left ``received`` (issue 11, item 2).

A database error while a text is processed (a PostgreSQL blip, SQLite's "database is locked") leaves it
``received`` with a retry time; the recovery sweep, which every worker runs every few seconds, processes it
later with the crisis reply and the escalation. Safe mode is retried too. Two sweeps never process one text
twice. Errors are injected by patching; time moves only by the fixed clock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import col, select

import bot.messaging.pipeline as pipeline
from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import InboundMessage
from bot.messaging.inbound_claims import RecoveryPolicy, claim
from bot.messaging.inbox import ingest
from bot.messaging.pipeline import process_inbound
from bot.messaging.recovery import sweep_inbox
from bot.storage.models import Contact, Message
from tests.bot.escalation_support import ANA, YOUNG_PERSON, escalations, sent_to
from tests.bot.escalation_support import staffed_app as staffed_app  # the `app` fixture
from tests.pg import BOTH, database_url_for
from tests.support import Chat, make_context

CRISIS = "i am going to kill myself tonight"


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


def db_error() -> OperationalError:
    return OperationalError("SELECT ...", {}, ConnectionError("server closed the connection unexpectedly"))


async def store(app: AppContext, text: str, pid: str, sender: str = YOUNG_PERSON) -> int:
    stored = await ingest(app, InboundMessage("sms", sender, text, pid, app.now()))
    return stored.message_id


async def message(app: AppContext, message_id: int) -> Message:
    async with app.db.session() as s:
        row = await s.get(Message, message_id)
        assert row is not None
        return row


async def crisis_reached_everyone(app: AppContext, chat: Chat) -> None:
    """The child got the crisis reply (first), the duty clinician the alert, and one escalation is open."""
    replies = await chat.flush()
    assert replies and replies[0].kind == "crisis_immediate"
    [esc] = await escalations(app)
    assert esc.severity == "immediate"
    assert sent_to(app, ANA), "the duty clinician is alerted"


@contextmanager
def failing(target: str, times: int | None, error: Any = db_error) -> Iterator[list[int]]:
    """Make `bot.messaging.pipeline.<target>` raise `error()` for its next `times` calls (None: always)."""
    real = getattr(pipeline, target)
    calls: list[int] = []

    async def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if times is None or len(calls) <= times:
            raise error()
        return await real(*args, **kwargs)

    original = real
    setattr(pipeline, target, flaky)
    try:
        yield calls
    finally:
        setattr(pipeline, target, original)


async def test_a_crisis_text_stored_during_a_database_outage_is_processed_by_the_sweep(
    app: AppContext, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    message_id = await store(app, CRISIS, "SM-outage")

    def down() -> Any:
        raise db_error()

    real_session = app.db.session
    monkeypatch.setattr(app.db, "session", down)
    assert await process_inbound(app, message_id) is False  # the webhook's task: no exception, nothing lost
    assert await sweep_inbox(app) == 0  # the sweep cannot read either; it says so and carries on
    monkeypatch.setattr(app.db, "session", real_session)  # the database is back

    assert (await message(app, message_id)).status == "received"
    assert await sweep_inbox(app) == 0, "within the grace period the text is its own webhook task's"
    clock.advance(seconds=6)
    assert await sweep_inbox(app) == 1
    assert (await message(app, message_id)).status == "processed"
    await crisis_reached_everyone(app, Chat(app, YOUNG_PERSON))


async def test_a_failing_attempt_is_retried_with_backoff_until_it_succeeds(
    app: AppContext, clock: FixedClock
) -> None:
    message_id = await store(app, CRISIS, "SM-retry")
    start = app.now()
    with failing("_start_run", times=2):  # used by the full pipeline and by safe mode alike
        assert await process_inbound(app, message_id) is False
        first = await message(app, message_id)
        assert (first.status, first.attempts, first.claimed_until) == ("received", 1, None)
        assert first.next_attempt_at == start + dt.timedelta(seconds=2)
        clock.advance(seconds=1)
        assert await sweep_inbox(app) == 0  # not due yet
        clock.advance(seconds=1)
        assert await sweep_inbox(app) == 0  # the second attempt fails too: next in 4 s
        second = await message(app, message_id)
        assert (second.attempts, second.next_attempt_at) == (2, app.now() + dt.timedelta(seconds=4))
        clock.advance(seconds=4)
        assert await sweep_inbox(app) == 1
    done = await message(app, message_id)
    assert (done.status, done.attempts) == ("processed", 3)
    assert "error" not in done.meta, "the whole pipeline ran once the database answered"
    await crisis_reached_everyone(app, Chat(app, YOUNG_PERSON))


async def test_safe_mode_is_retried_not_lost(app: AppContext, clock: FixedClock) -> None:
    """A bug in the pipeline sends the text to safe mode; if safe mode then meets a database error, the
    text is tried again later, and the crisis reply and escalation still happen."""
    message_id = await store(app, CRISIS, "SM-safe")
    with failing("_process", times=None, error=lambda: RuntimeError("a bug")), failing("_start_run", times=1):
        assert await process_inbound(app, message_id) is False
        assert (await message(app, message_id)).status == "received"
        clock.advance(seconds=2)
        assert await sweep_inbox(app) == 1
    done = await message(app, message_id)
    assert done.status == "processed" and done.meta["error"] == "pipeline_failed"
    await crisis_reached_everyone(app, Chat(app, YOUNG_PERSON))


async def test_repeated_database_errors_fall_back_to_safe_mode_for_the_crisis_path(
    app: AppContext, clock: FixedClock
) -> None:
    """If the full pipeline keeps failing with a database error, the screen and crisis reply still get
    through: from the third attempt on, safe mode runs at once."""
    message_id = await store(app, CRISIS, "SM-stuck")
    # only the full pipeline reads the recent texts (on PostgreSQL with the text's lock, pipeline_pg.py)
    with failing("_recent_texts" if app.db.is_sqlite else "lock_with_recent", times=None):
        assert await process_inbound(app, message_id) is False
        for seconds in (2, 4):
            clock.advance(seconds=seconds)
            assert await sweep_inbox(app) == (1 if seconds == 4 else 0)
    done = await message(app, message_id)
    assert (done.status, done.attempts, done.meta["error"]) == ("processed", 3, "pipeline_failed")
    await crisis_reached_everyone(app, Chat(app, YOUNG_PERSON))


async def test_a_claimed_text_is_not_claimed_again_until_its_lease_runs_out(
    app: AppContext, clock: FixedClock
) -> None:
    message_id = await store(app, "hi", "SM-lease")
    policy = RecoveryPolicy()
    assert await claim(app, message_id, policy) == 1
    assert await claim(app, message_id, policy) is None
    assert await sweep_inbox(app) == 0  # a worker holds it
    clock.advance(seconds=policy.lease.total_seconds() + 1)  # ...and died: its lease ran out
    assert await sweep_inbox(app) == 1
    assert (await message(app, message_id)).attempts == 2


@pytest.fixture
async def second_worker(database_url: str, clock: FixedClock) -> AsyncIterator[AppContext]:
    """Another AppContext on the same database: its own engine and its own in-process locks."""
    ctx = make_context(database_url, clock)
    yield ctx
    await ctx.close()


async def test_two_sweeps_at_once_never_process_a_text_twice(
    app: AppContext, second_worker: AppContext, clock: FixedClock
) -> None:
    senders = [f"+4477009001{n:02d}" for n in range(4)]
    ids = [
        await store(app, text, f"SM-two-{n}-{i}", sender)
        for n, sender in enumerate(senders)
        for i, text in enumerate(("hi", "menu"))
    ]
    ids.append(await store(app, CRISIS, "SM-two-crisis"))
    clock.advance(seconds=10)
    processed = 0
    for _ in range(5):  # SQLite may refuse a concurrent write ("database is locked"): that text is retried
        counts = await asyncio.gather(sweep_inbox(app), sweep_inbox(second_worker))
        processed += sum(counts)
        async with app.db.session() as s:
            waiting = (await s.exec(select(Message.id).where(Message.status == "received"))).all()
        if not waiting:
            break
        clock.advance(seconds=60)
    assert processed == len(ids)
    async with app.db.session() as s:
        out = (
            await s.exec(select(Message).where(Message.direction == "out").order_by(col(Message.id)))
        ).all()
        contacts = {c.address: c.id for c in (await s.exec(select(Contact))).all()}
    for sender in senders:  # "hi" then "menu": welcome, privacy, menu, menu; once each, never twice
        kinds = [m.kind for m in out if m.contact_id == contacts[sender]]
        assert kinds == ["welcome", "privacy", "menu", "menu"], sender
    assert len(await escalations(app)) == 1
    assert len([m for m in out if m.kind == "crisis_immediate"]) == 1
