"""After a crash during a send (issue 11, item 6): claims of dead workers are taken back at once, crisis
replies and clinician alerts have a short lease, and a text that may already have gone is not sent again
blindly. Here the channel cannot look its sends up (like Telegram); Twilio's lookup is tested in
tests/bot/channels/test_twilio_recovery.py, and a real `waymark serve` killed mid-send in
tests/bot/messaging/test_dispatcher_kill.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.messaging.dispatcher import _claim, dispatch_due
from bot.messaging.outbox import enqueue
from bot.messaging.workers import Worker, heartbeat, host_key, stopped
from bot.storage.models import AuditEvent, Contact, Message
from flows.engine import Priority
from tests.pg import BOTH, database_url_for
from tests.support import RecordingSender


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


def killed_worker() -> Worker:
    """A worker on this host whose process is gone: its pid now runs another process (this one)."""
    return Worker("dead" + "0" * 28, host_key(), os.getpid(), "not-this-start-time")


def live_worker() -> Worker:
    """Another worker that is still running (it looks like this very process)."""
    me = Worker.create()
    return Worker("live" + "0" * 28, me.host_key, me.pid, me.pid_started)


async def _contact(app: AppContext, address: str = "1001") -> Contact:
    async with app.db.session() as s:
        c = Contact(channel="telegram", address=address, first_seen=app.now(), last_seen=app.now())
        s.add(c)
        await s.commit()
        return c


async def _queue(app: AppContext, contact: Contact, text: str, priority: int) -> int:
    async with app.db.session() as s:
        row = await enqueue(s, contact, text, now=app.now(), priority=priority)
        await s.commit()
        assert row.id is not None
        return row.id


async def _claimed_by(app: AppContext, worker: Worker, message_id: int) -> None:
    """`worker` claims the row and is about to call the provider (then, in these tests, it dies)."""
    await heartbeat(app, worker, force=True)
    assert await _claim(app, worker, message_id, app.now())


async def _row(app: AppContext, message_id: int) -> Message:
    async with app.db.session() as s:
        row = await s.get(Message, message_id)
        assert row is not None
        return row


async def _actions(app: AppContext) -> list[str]:
    async with app.db.session() as s:
        return [a.action for a in (await s.exec(select(AuditEvent).order_by(AuditEvent.id))).all()]


def _sent(app: AppContext) -> list[str]:
    sender = app.senders["telegram"]
    assert isinstance(sender, RecordingSender)
    return [m.text for m in sender.sent]


async def test_a_dead_workers_crisis_claim_is_taken_back_at_once(app: AppContext) -> None:
    c = await _contact(app)
    crisis = await _queue(app, c, "crisis numbers", Priority.CRISIS)
    reply = await _queue(app, c, "and a reply", Priority.REPLY)
    await _claimed_by(app, killed_worker(), crisis)
    # the same instant: no lease has run out, only the claimant is gone
    assert await dispatch_due(app) == 2
    assert _sent(app) == ["crisis numbers", "and a reply"]  # sent again (no lookup), the reply behind it
    row = await _row(app, crisis)
    assert row.status == "sent" and row.claimed_by is None and row.unconfirmed_since is None
    assert "outbox.resent" in await _actions(app)
    assert (await _row(app, reply)).status == "sent"


async def test_a_live_workers_crisis_claim_waits_for_its_short_lease(
    app: AppContext, clock: FixedClock
) -> None:
    c = await _contact(app)
    crisis = await _queue(app, c, "crisis numbers", Priority.CRISIS)
    reply = await _queue(app, c, "a reply", Priority.REPLY)
    other = await _contact(app, "1002")
    alert = await _queue(app, other, "clinician alert", Priority.ALERT)
    slow = live_worker()
    await _claimed_by(app, slow, crisis)
    await _claimed_by(app, slow, reply)
    await _claimed_by(app, slow, alert)
    lease = app.config.outbox.crisis_lease_seconds
    assert lease < app.config.outbox.lease_seconds
    clock.advance(seconds=lease - 1)
    assert await dispatch_due(app) == 0  # the live worker may still be sending
    clock.advance(seconds=2)
    await dispatch_due(app)
    assert sorted(_sent(app)) == ["clinician alert", "crisis numbers"]
    assert (await _row(app, reply)).status == "sending"  # the ordinary lease has not run out


async def test_an_unsure_ordinary_text_is_not_resent_but_marked_in_doubt(app: AppContext) -> None:
    c = await _contact(app)
    reply = await _queue(app, c, "a reply", Priority.REPLY)
    await _claimed_by(app, killed_worker(), reply)
    await dispatch_due(app)
    assert _sent(app) == []
    row = await _row(app, reply)
    assert row.status == "in_doubt" and row.error_code == "in_doubt"
    assert "outbox.in_doubt" in await _actions(app)
    assert await dispatch_due(app) == 0  # and it stays so


async def test_a_worker_elsewhere_is_dead_when_its_heartbeat_is_stale(
    app: AppContext, clock: FixedClock
) -> None:
    c = await _contact(app)
    crisis = await _queue(app, c, "crisis numbers", Priority.CRISIS)
    # the lease would end at +20 s, the heartbeat goes stale at +30 s: take a longer lease to see the latter
    app.config = app.config.model_copy(
        update={"outbox": app.config.outbox.model_copy(update={"crisis_lease_seconds": 600.0})}
    )
    far = Worker("far" + "0" * 29, "another-host|boot|pidns", 4242, "1")
    await _claimed_by(app, far, crisis)
    clock.advance(seconds=app.config.outbox.worker_timeout_seconds - 1)
    assert await dispatch_due(app) == 0  # its process cannot be checked from here: it may be alive
    clock.advance(seconds=2)
    assert await dispatch_due(app) == 1
    assert _sent(app) == ["crisis numbers"]


async def test_a_worker_that_stopped_leaves_its_claims_at_once(app: AppContext) -> None:
    c = await _contact(app)
    crisis = await _queue(app, c, "crisis numbers", Priority.CRISIS)
    gone = live_worker()
    await _claimed_by(app, gone, crisis)
    assert await dispatch_due(app) == 0
    await stopped(app, gone)
    assert await dispatch_due(app) == 1


async def test_a_late_answer_after_a_takeover_does_not_overwrite_the_record(
    app: AppContext, clock: FixedClock
) -> None:
    from bot.messaging.dispatcher import _sent as record_sent

    c = await _contact(app)
    crisis = await _queue(app, c, "crisis numbers", Priority.CRISIS)
    await _claimed_by(app, live_worker(), crisis)
    clock.advance(seconds=app.config.outbox.crisis_lease_seconds + 1)
    await dispatch_due(app)  # taken over and sent again
    assert (await _row(app, crisis)).provider_id == f"fake-{crisis}"
    await record_sent(app, crisis, "sent", "late-id", clock.now())  # the slow worker's answer comes in
    assert (await _row(app, crisis)).provider_id == f"fake-{crisis}"


async def test_old_worker_rows_are_forgotten(app: AppContext, clock: FixedClock) -> None:
    from bot.storage.models import DispatchWorker

    old = Worker("old" + "0" * 29, "another-host|boot|pidns", 4242, "1")
    await heartbeat(app, old, force=True)
    clock.advance(days=2)
    await dispatch_due(app)
    async with app.db.session() as s:
        ids = {w.id for w in (await s.exec(select(DispatchWorker))).all()}
    assert old.id not in ids and len(ids) == 1


async def test_one_worker_registering_from_several_tasks_at_once_gets_one_row(app: AppContext) -> None:
    """Two contexts of one process share its worker id; their first heartbeats can race to insert it."""
    import asyncio

    from bot.storage.models import DispatchWorker

    racing = Worker("race" + "0" * 28, host_key(), os.getpid(), "1")
    await asyncio.gather(*(heartbeat(app, racing, force=True) for _ in range(4)))
    async with app.db.session() as s:
        rows = (await s.exec(select(DispatchWorker).where(DispatchWorker.id == racing.id))).all()
    assert len(rows) == 1
