"""SQLite: one task per database processes the texts the webhooks stored, a few per transaction.

A webhook answers once its text is stored; its processing runs after the answer (``process_later`` in
``bot/messaging/crisis_lane.py``). On SQLite every write transaction of the process runs one at a time
on the event loop's thread (``bot/storage/sqlite_driver.py``), so a burst of webhooks used to leave a
burst of background tasks, each running its whole text between any two steps of a waiting webhook. Here
those tasks hand their text to one worker per database and wait for it instead:

- the worker takes the waiting texts in arrival order and processes up to :data:`MAX_BATCH` of them, of
  different contacts, in one write transaction (one session, one BEGIN and COMMIT, one "anything else
  waiting?" question for all), for at most :data:`BATCH_BUDGET_S` of work; then it gives the event loop
  back (``asyncio.sleep(0)``), so a webhook waits behind one short batch at most, never behind a pile of
  texts;
- each text is processed exactly as alone (``bot/messaging/pipeline.py`` ``process_in``): screened first,
  its replies queued in the transaction that marks it processed. The batch holds each contact's
  in-process lock (``bot/messaging/contact_order.py``). A text the inbox did not claim as it stored it
  (another of the contact's texts was waiting) is claimed in the batch's transaction: the contact's oldest
  waiting text, so one contact's texts still go in arrival order. A job whose contact is busy (the crisis
  lane, the sweep) goes through ``process_contact`` in a task of its own, as before (a contact's lock never
  holds up the others); one of a contact already in the batch waits for the next batch;
- if the batch's transaction fails, nothing of it was written: each of its texts is then processed alone
  (``process_contact(..., claimed=...)``: retries with backoff, safe mode), so one bad text never holds
  back the others and none is lost;
- every webhook queues a job for its text; a contact left with a waiting text and no job queued (a text
  that came another way) gets one; the recovery sweep leaves the contacts with a queued job to the worker
  (a backlog older than the sweep's grace is not taken twice, one text per transaction).

Nothing is lost if the process dies: every text was stored (and claimed, under its lease) before its
webhook was answered; the recovery sweep takes whatever the worker had not done (``recovery.py``).
PostgreSQL keeps one task per text: its statements wait on the network, so texts overlap there.
"""

from __future__ import annotations

import asyncio
import collections
import functools
import logging
import time
import weakref
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, select
from sqlmodel import col

from bot.messaging import pipeline
from bot.messaging.contact_order import contact_locks
from bot.messaging.inbound_claims import claim_earliest_in, policy_for
from bot.messaging.intake import intake_gauge
from bot.storage.models import Message
from bot.storage.models.messages import RECEIVED
from bot.storage.plain import plain

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext
    from bot.storage.db import Database

log = logging.getLogger(__name__)

MAX_BATCH = 16
"""At most this many texts in one transaction."""
BATCH_BUDGET_S = 0.006
"""No further text joins a batch once it has run this long (CPU on the event loop: a webhook that arrives
meanwhile waits for it). A text takes ~2-3 ms; the transaction's own cost is shared by the batch."""

GIVE_WAY_TURNS = 4
"""Before each transaction, webhooks being answered get up to this many turns of the event loop
(``bot/messaging/intake.py``): a webhook's few steps (body, store, answer) run ahead of the next batch."""


@dataclass
class _Job:
    app: AppContext
    contact_id: int
    claimed: int | None
    done: asyncio.Future[None] = field(repr=False)


class InboundWorker:
    """The queue of stored texts of one database and the task that works it (running only while there is
    work: it ends when the queue is empty, so no task outlives its event loop)."""

    def __init__(self) -> None:
        self._queue: collections.deque[_Job] = collections.deque()
        self._task: asyncio.Task[None] | None = None
        self._alone_tasks: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._queue)

    async def submit(self, app: AppContext, contact_id: int, claimed: int | None) -> None:
        """Queue the contact's waiting texts (`claimed` first: the text the inbox claimed for us as it
        stored it) and wait until the worker has processed them (or left them to the sweep)."""
        loop = asyncio.get_running_loop()
        job = _Job(app, contact_id, claimed, loop.create_future())
        self._queue.append(job)
        if self._task is None or self._task.done() or self._task.get_loop() is not loop:
            self._task = loop.create_task(self._drain())
        await asyncio.shield(job.done)  # cancelling the waiter does not cancel the work

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queue:
            await intake_gauge(self._queue[0].app).give_way(GIVE_WAY_TURNS)  # webhooks being answered first
            if not self._queue:
                break
            batch = self._take(loop)
            left: list[_Job] = []
            if len(batch) == 1 and not _batchable(batch[0]):
                self._alone(loop, batch[0])
                continue
            try:
                if batch:
                    left, more = await _work(batch)
                    self._queue.extendleft(reversed(left))  # the budget ran out before these: next, in order
                    self._follow_up(batch[0].app, loop, more)
            except Exception:  # never expected (_work catches): the texts are left to the sweep
                log.exception("inbound worker failed; %s texts left to the sweep", len(batch))
            finally:
                for job in batch:
                    if job not in left and not job.done.done():
                        job.done.set_result(None)
            await asyncio.sleep(0)  # the webhooks waiting on the event loop go before the next batch

    def _follow_up(self, app: AppContext, loop: asyncio.AbstractEventLoop, contacts: set[int]) -> None:
        """A job for each contact with a later text waiting and no job queued (each webhook queues one
        for its text, so this is for texts that came another way): it claims their oldest."""
        for contact_id in contacts - self.queued_contacts():
            self._queue.append(_Job(app, contact_id, None, loop.create_future()))

    def queued_contacts(self) -> set[int]:
        """The contacts with a job in the queue (the recovery sweep leaves their texts to the worker)."""
        return {job.contact_id for job in self._queue}

    def _alone(self, loop: asyncio.AbstractEventLoop, job: _Job) -> None:
        """A text that cannot join a batch goes through ``process_contact`` in a task of its own, as
        before the worker: one waiting for its contact's lock (held by the crisis lane or the sweep) must
        not hold up the others."""

        async def run() -> None:
            try:
                await pipeline.process_contact(job.app, job.contact_id, claimed=job.claimed)
            finally:
                if not job.done.done():
                    job.done.set_result(None)

        task = loop.create_task(run())
        self._alone_tasks.add(task)
        task.add_done_callback(self._alone_tasks.discard)

    def _take(self, loop: asyncio.AbstractEventLoop) -> list[_Job]:
        """The next batch from the front of the queue: one job, or several claimed texts of different
        free contacts of one app. Jobs of an event loop that is gone are dropped (their texts are leased
        and stored: the sweep takes them)."""
        batch: list[_Job] = []
        while self._queue:
            job = self._queue[0]
            if job.done.get_loop() is not loop:
                self._queue.popleft()
                continue
            if batch and not _joins(batch, job):
                break
            batch.append(self._queue.popleft())
            if not _batchable(job) or len(batch) >= MAX_BATCH:
                break
        return batch


def _batchable(job: _Job) -> bool:
    return (
        job.app.db.is_sqlite
        and not policy_for(job.app).hold
        and not contact_locks(job.app).busy(job.contact_id)
    )


def _joins(batch: list[_Job], job: _Job) -> bool:
    return (
        _batchable(batch[0])
        and _batchable(job)
        and job.app is batch[0].app
        and all(other.contact_id != job.contact_id for other in batch)
    )


async def _work(batch: list[_Job]) -> tuple[list[_Job], set[int]]:
    """Process `batch` in one transaction. Returns the jobs the budget left out (to be queued again,
    first) and the contacts with a later text still waiting."""
    app = batch[0].app
    done, more = await _one_transaction(app, batch)
    if not done:  # the transaction failed: each alone, with retries and safe mode
        for job in batch:
            await pipeline.process_contact(app, job.contact_id, claimed=job.claimed)
        return [], set()
    return batch[len(done) :], more


async def _one_transaction(app: AppContext, batch: list[_Job]) -> tuple[list[_Job], set[int]]:
    """Process the batch's texts in one transaction, under their contacts' locks, until the budget is
    spent (at least one). Returns the jobs done, in order (none if the transaction failed), and the
    contacts with a text after theirs still waiting."""
    done: list[_Job] = []
    began = time.perf_counter()
    try:
        async with AsyncExitStack() as locks:
            for job in batch:
                await locks.enter_async_context(contact_locks(app).hold(job.contact_id))
            async with app.db.session() as session:
                worked: list[tuple[int, int]] = []
                for job in batch:
                    message_id = job.claimed
                    if message_id is None:  # stored behind another text: the contact's oldest waiting
                        found = await claim_earliest_in(session, app.now(), job.contact_id, policy_for(app))
                        message_id = found[0] if found is not None else None
                    if message_id is not None:
                        await pipeline.process_in(app, session, message_id)
                        worked.append((job.contact_id, message_id))
                    done.append(job)
                    if time.perf_counter() - began > BATCH_BUDGET_S:
                        break
                more = await _waiting_after(session, worked)
                await session.commit()
        return done, more
    except Exception as exc:
        log.warning(
            "a batch of %s texts failed (%s); each is processed alone", len(batch), pipeline.error_name(exc)
        )
        return [], set()


@functools.cache
def _waiting_statement() -> Any:
    """Per contact of ``contacts``, the newest of their texts still waiting: built once."""
    return (
        select(col(Message.contact_id), func.max(col(Message.id)))
        .where(
            col(Message.contact_id).in_(bindparam("contacts", expanding=True)),
            col(Message.direction) == "in",
            col(Message.status) == RECEIVED,
        )
        .group_by(col(Message.contact_id))
    )


async def _waiting_after(session: AsyncSession, texts: list[tuple[int, int]]) -> set[int]:
    """The contacts among `texts` (contact id, the text just processed) with a later text still waiting:
    one statement for the batch (``waiting_after`` asks it per text)."""
    if not texts:
        return set()
    after = dict(texts)
    rows = await plain(session, _waiting_statement(), {"contacts": list(after)})
    return {int(contact) for contact, newest in rows if newest is not None and newest > after[contact]}


_workers: weakref.WeakKeyDictionary[Database, InboundWorker] = weakref.WeakKeyDictionary()


def inbound_worker(app: AppContext) -> InboundWorker:
    """The worker of `app`'s database (made on first use, never at import)."""
    worker = _workers.get(app.db)
    if worker is None:
        worker = _workers[app.db] = InboundWorker()
    return worker
