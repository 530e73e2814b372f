"""The dispatcher: sends due outbox rows by priority, retries with backoff, never double-sends.

A queued row is claimed with a conditional UPDATE that names the worker (bot/messaging/workers.py) and
sets a lease
(`outbox.crisis_lease_seconds` for crisis replies and clinician alerts, `outbox.lease_seconds` otherwise),
so two workers can never both send it. The provider's answer is committed as soon as it comes, in its own
short transaction; no database session is open while the provider is called. Claims of dead workers and
expired leases are taken back on every tick, and a row that may already have been sent is checked with
the provider first (bot/messaging/dispatch_recovery.py). Opted-out contacts get nothing except what
safeguarding
requires (docs/architecture.md).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, Update, bindparam, exists, or_, text
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from bot.channels.base import SendError
from bot.channels.reachability import Evidence, mark_opted_out, mark_unreachable
from bot.messaging.dispatch_recovery import (
    SentLookup,
    audit_resolution,
    known_provider_ids,
    mark_in_doubt,
    reclaim,
    resend_when_unsure,
)
from bot.messaging.send_answers import Answer, AnswerLog, record_answers
from bot.messaging.send_claims import Claimed, claim_and_prepare, claim_many_statement
from bot.messaging.send_share import SHARE_REFRESH_SECONDS, take_share
from bot.messaging.workers import Worker, heartbeat, live_worker_ids, this_process
from bot.storage.models import Contact, Message
from bot.storage.models.messages import FAILED, QUEUED, SENDING, SENT
from bot.storage.models.types import UTCDateTime
from flows.engine import Priority

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.app.context import AppContext
    from bot.channels.base import OutboundChannel

log = logging.getLogger(__name__)
REFILL_WAIT_SECONDS = 0.05  # a free place waits at most this long for the next read of the due list


def backoff(app: AppContext, attempts: int) -> dt.timedelta:
    cfg = app.config.outbox
    return dt.timedelta(
        seconds=min(cfg.backoff_base_seconds * 2 ** max(attempts - 1, 0), cfg.backoff_max_seconds)
    )


_QUEUED_OUT = text("message.direction = 'out' AND message.status = 'queued'")


@functools.cache
def _due_statement(channel: str | None) -> Any:
    """The due-rows query for `channel` (None: every channel), with `now` and `limit` as parameters: built
    once, as building it took ~3 ms of CPU and it runs whenever a send ends (hundreds of times a second)."""
    crisis = aliased(Message)
    crisis_pending = exists().where(
        col(crisis.contact_id) == col(Message.contact_id),
        col(crisis.direction) == "out",
        col(crisis.priority) == int(Priority.CRISIS),
        col(crisis.status).in_([QUEUED, SENDING]),
    )
    now = bindparam("now", type_=UTCDateTime())
    stmt = (
        select(Message.id, Message.contact_id)
        .where(
            # literals, not parameters: a planner uses the partial index ix_message_queued_out (queued
            # outbound rows in this order) only when the query's own condition is the index's
            _QUEUED_OUT,  # claims that ended are re-queued first (dispatch_recovery)
            or_(col(Message.next_attempt_at).is_(None), col(Message.next_attempt_at) <= now),
            or_(col(Message.priority) == int(Priority.CRISIS), ~crisis_pending),
        )
        .order_by(col(Message.priority), col(Message.id))
        .limit(bindparam("limit", type_=Integer()))
    )
    if channel:
        stmt = stmt.where(Message.channel == channel)
    return stmt


async def due_rows(
    app: AppContext, now: dt.datetime, limit: int, channel: str | None = None
) -> list[tuple[int, int]]:
    """(id, contact id) of due rows, crisis first. A contact's other texts wait while their crisis reply
    is unsent (in a provider outage the crisis numbers must still arrive before anything else)."""
    async with app.db.read_session() as session:  # a read: no turn at SQLite's write gate
        params = {"now": now, "limit": limit}
        rows = (await session.exec(_due_statement(channel), params=params)).all()
        return [(int(r[0]), int(r[1])) for r in rows]


async def due_ids(app: AppContext, now: dt.datetime, limit: int, channel: str | None = None) -> list[int]:
    """Ids of due rows, in the order they are sent (see :func:`due_rows`)."""
    return [message_id for message_id, _ in await due_rows(app, now, limit, channel)]


def _claim_statement(app: AppContext, me: Worker, message_id: int, now: dt.datetime) -> Update:
    return claim_many_statement(app, me, [message_id], now)


async def _claim(app: AppContext, me: Worker, message_id: int, now: dt.datetime) -> bool:
    async with app.db.session() as session:
        result = await session.exec(_claim_statement(app, me, message_id, now))
        await session.commit()
        return bool(result.rowcount == 1)


async def dispatch_due(
    app: AppContext,
    *,
    limit: int = 50,
    channel: str | None = None,
    worker: Worker | None = None,
    until: Callable[[], bool] | None = None,
) -> int:
    """Send what is due now, up to `outbox.send_concurrency` rows at once. Returns how many rows were
    handled (sent, retried, failed or held). Once `until()` is true no more rows are claimed, and the call
    returns when its sends in flight are recorded (bot/messaging/send_aside.py).

    First the worker's heartbeat, its share of the send limits among the live workers (read again every
    SHARE_REFRESH_SECONDS while it sends, bot/messaging/send_share.py) and the claims of dead workers
    (bot/messaging/dispatch_recovery.py).
    The due list is read again once half the places are free (or REFILL_WAIT_SECONDS after the last read,
    when at least one is), and the places are filled in its order (crisis first), so a crisis reply
    queued while a rate-limited sender works through a batch is among the next ones claimed, and it goes
    first at the sender's token bucket. (Reading it whenever any send ended cost a read and a claim
    transaction per send; now a read and a claim serve about half the places.) At most one text per
    contact is in flight in this process, so each contact's texts still go in order.
    """
    me = worker or this_process()
    await heartbeat(app, me)
    live = await live_worker_ids(app, me)
    if not take_share(app, me, live):
        return 0  # just joined: the others are still lowering their shares
    await reclaim(app, me, live)
    shared_at = app.now()
    width = max(1, app.config.outbox.send_concurrency)
    sending: dict[asyncio.Task[None], int] = {}  # each send in flight, and its contact
    answers = AnswerLog(app)
    errors: list[BaseException] = []
    handled = 0
    read_at = -REFILL_WAIT_SECONDS  # time.monotonic() of the last read of the due list
    try:
        while True:
            room = min(width - len(sending), limit - handled)
            picked: list[int] = []
            now = app.now()
            if now - shared_at >= dt.timedelta(seconds=SHARE_REFRESH_SECONDS):
                await heartbeat(app, me)  # a long call must not look like a dead worker to the others
                take_share(app, me, await live_worker_ids(app, me))
                shared_at = now
            if until is not None and until():
                room = 0
            if room > 0 and _refill_now(len(sending), width, room, time.monotonic() - read_at):
                busy = set(sending.values())
                read_at = time.monotonic()
                picked = _one_per_contact(await due_rows(app, now, room + width, channel), busy, room)
            if picked:
                for claimed in await claim_and_prepare(app, me, picked, now):
                    handled += 1
                    if isinstance(claimed, Claimed):
                        task = asyncio.create_task(_send_claimed(app, me, claimed, now, answers))
                        sending[task] = claimed.contact_id
                continue
            if not sending:
                break
            wait = REFILL_WAIT_SECONDS if room > 0 else SHARE_REFRESH_SECONDS
            done, _ = await asyncio.wait(sending, timeout=wait, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                del sending[task]
                failure = task.exception()
                if failure is not None:
                    errors.append(failure)
    except asyncio.CancelledError:  # stopping: the sends in flight stop too (their leases let others retry)
        for task in sending:
            task.cancel()
        await asyncio.gather(*sending, return_exceptions=True)
        raise
    except Exception:  # e.g. the database failed a claim: the sends in flight still finish and are recorded
        await asyncio.gather(*sending, return_exceptions=True)
        raise
    if errors:
        raise errors[0]
    return handled


def _refill_now(in_flight: int, width: int, room: int, since_read: float) -> bool:
    """Whether to read the due list now: nothing in flight, half the places free, or a free place for
    REFILL_WAIT_SECONDS (the bound on what a crisis reply queued meanwhile waits for a place)."""
    return in_flight == 0 or room >= (width + 1) // 2 or since_read >= REFILL_WAIT_SECONDS


def _one_per_contact(due: list[tuple[int, int]], busy: set[int], room: int) -> list[int]:
    """The first `room` due rows (in due order) whose contacts have nothing in flight, one per contact."""
    picked: list[int] = []
    taken = set(busy)
    for message_id, contact_id in due:
        if contact_id in taken:
            continue
        taken.add(contact_id)
        picked.append(message_id)
        if len(picked) == room:
            break
    return picked


async def recover_at_startup(app: AppContext) -> int:
    """Register this process as a worker and take back the claims dead workers left (a restart after
    kill -9). Returns how many rows went back to the queue; they are checked before being sent again."""
    me = this_process()
    await heartbeat(app, me, force=True)
    return await reclaim(app, me)


async def _send_claimed(
    app: AppContext, me: Worker, claimed: Claimed, now: dt.datetime, answers: AnswerLog | None = None
) -> None:
    """Send and record (through `answers` when given: answers that come together share a transaction).
    No session is open while the provider is called."""
    message_id = claimed.out.message_id
    sender = app.senders.get(claimed.out.channel)
    if claimed.unconfirmed_since is not None:
        go_on = await _settle_unconfirmed(app, me, claimed, sender, now)
        if not go_on:
            return
    if sender is None:
        await _failed(
            app,
            me,
            message_id,
            now,
            SendError(f"no sender for channel {claimed.out.channel}", transient=True),
        )
        return
    try:
        result = await sender.send_text(claimed.out)
    except SendError as exc:
        await _failed(app, me, message_id, now, exc)
        return
    except Exception as exc:  # an adapter bug or an outage we did not foresee: retry, never lose it
        log.exception("sender raised for message id=%s", message_id)
        await _failed(app, me, message_id, now, SendError(type(exc).__name__, transient=True))
        return
    if answers is not None:
        await answers.record(Answer(message_id, result.status or SENT, result.provider_id, now))
    else:
        await _sent(app, message_id, result.status or SENT, result.provider_id, now)


async def _settle_unconfirmed(
    app: AppContext, me: Worker, claimed: Claimed, sender: OutboundChannel | None, now: dt.datetime
) -> bool:
    """A row that may have been sent before a crash: True when it should be sent (again) now."""
    out, since = claimed.out, claimed.unconfirmed_since
    assert since is not None
    if isinstance(sender, SentLookup):
        known = await known_provider_ids(app, claimed.contact_id, out.channel, since)
        try:
            found = await sender.find_sent(out, since, known)
        except SendError as exc:
            await _failed(app, me, out.message_id, now, exc)
            return False
        if found is not None:
            await _sent(app, out.message_id, found.status, found.provider_id, now)
            await audit_resolution(app, out.message_id, "outbox.found_sent", {"channel": out.channel})
            log.warning("message id=%s was already sent before a crash; not sent again", out.message_id)
            return False
        await audit_resolution(
            app, out.message_id, "outbox.resent", {"channel": out.channel, "checked": True}
        )
        return True
    if resend_when_unsure(out.priority):
        await audit_resolution(
            app, out.message_id, "outbox.resent", {"channel": out.channel, "checked": False}
        )
        log.warning("message id=%s may have been sent before a crash; sending again (urgent)", out.message_id)
        return True
    await mark_in_doubt(app, out.message_id, since)
    return False


async def _sent(
    app: AppContext, message_id: int, status: str, provider_id: str | None, now: dt.datetime
) -> None:
    """Record the provider's answer at once, in its own short transaction, written again after a passing
    database error (bot/messaging/send_answers.py: a row whose claim another worker took over and recorded
    first keeps that record; this send is logged as a duplicate)."""
    await record_answers(app, [Answer(message_id, status, provider_id, now)])


async def _failed(app: AppContext, me: Worker, message_id: int, now: dt.datetime, exc: SendError) -> None:
    """A failed send (or failed provider check): contact effects, then retry or fail, if the claim is ours."""
    async with app.db.session() as session:
        msg = await session.get(Message, message_id)
        assert msg is not None
        contact = await session.get(Contact, msg.contact_id)
        assert contact is not None
        # the same contact change and audit event as a delivery receipt (bot/channels/reachability.py)
        why = Evidence(f"dispatcher:{msg.channel}", now, message_id, "send", exc.code)
        if exc.opted_out:
            await mark_opted_out(session, contact, why)
        if exc.unreachable:
            await mark_unreachable(session, contact, why)
        if msg.status == SENDING and msg.claimed_by == me.id:
            msg.attempts += 1
            msg.claimed_by, msg.claimed_at, msg.claimed_until = None, None, None
            _retry_or_fail(app, msg, now, exc)
            session.add(msg)
        else:
            log.warning("send failed for message id=%s after its claim was taken over", message_id)
        session.add(contact)
        await session.commit()


def _retry_or_fail(app: AppContext, msg: Message, now: dt.datetime, exc: SendError) -> None:
    msg.error, msg.error_code = str(exc)[:500], exc.code
    if exc.transient and msg.attempts < app.config.outbox.max_attempts:
        wait = backoff(app, msg.attempts)
        if exc.retry_after is not None:
            wait = max(wait, dt.timedelta(seconds=exc.retry_after))
        msg.status, msg.next_attempt_at = QUEUED, now + wait
        log.warning("send failed for message id=%s (attempt %s); retrying", msg.id, msg.attempts)
    else:
        msg.status = FAILED
        log.error("send failed finally for message id=%s code=%s", msg.id, exc.code)
