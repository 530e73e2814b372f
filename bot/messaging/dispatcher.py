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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, Update, bindparam, case, exists, literal, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from bot.channels.base import OutboundMessage, SendError
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
from bot.messaging.send_share import SHARE_REFRESH_SECONDS, take_share
from bot.messaging.workers import Worker, heartbeat, live_worker_ids, this_process
from bot.storage.models import Contact, Message
from bot.storage.models.messages import FAILED, QUEUED, SENDING, SENT, SKIPPED
from bot.storage.models.types import UTCDateTime
from flows.engine import Priority

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext
    from bot.channels.base import OutboundChannel

log = logging.getLogger(__name__)
# Sent even to a contact who has opted out: the crisis reply, and the confirmation of the opt-out itself.
ALLOWED_WHEN_OPTED_OUT = frozenset({"stopped"})


def backoff(app: AppContext, attempts: int) -> dt.timedelta:
    cfg = app.config.outbox
    return dt.timedelta(
        seconds=min(cfg.backoff_base_seconds * 2 ** max(attempts - 1, 0), cfg.backoff_max_seconds)
    )


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
            Message.direction == "out",
            Message.status == QUEUED,  # claims that ended are re-queued first (dispatch_recovery)
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


def _claim_many_statement(app: AppContext, me: Worker, message_ids: list[int], now: dt.datetime) -> Update:
    cfg = app.config.outbox
    short, long = (
        literal(now + dt.timedelta(seconds=s), UTCDateTime())
        for s in (cfg.crisis_lease_seconds, cfg.lease_seconds)
    )
    lease = case((col(Message.priority) <= int(Priority.ALERT), short), else_=long)
    return (
        update(Message)
        .where(col(Message.id).in_(message_ids), col(Message.status) == QUEUED)
        .values(status=SENDING, claimed_by=me.id, claimed_at=now, claimed_until=lease)
    )


def _claim_statement(app: AppContext, me: Worker, message_id: int, now: dt.datetime) -> Update:
    return _claim_many_statement(app, me, [message_id], now)


async def _claim(app: AppContext, me: Worker, message_id: int, now: dt.datetime) -> bool:
    async with app.db.session() as session:
        result = await session.exec(_claim_statement(app, me, message_id, now))
        await session.commit()
        return bool(result.rowcount == 1)


async def dispatch_due(
    app: AppContext, *, limit: int = 50, channel: str | None = None, worker: Worker | None = None
) -> int:
    """Send what is due now, up to `outbox.send_concurrency` rows at once. Returns how many rows were
    handled (sent, retried, failed or held).

    First the worker's heartbeat, its share of the send limits among the live workers (read again every
    SHARE_REFRESH_SECONDS while it sends, bot/messaging/send_share.py) and the claims of dead workers
    (bot/messaging/dispatch_recovery.py).
    The due list is read again whenever a send ends and a place is free, and the places are filled in
    its order (crisis first), so a crisis reply queued while a rate-limited sender works through a batch
    is the next one claimed, and it goes first at the sender's token bucket. At most one text per contact
    is in flight in this process, so each contact's texts still go in order.
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
    try:
        while True:
            room = min(width - len(sending), limit - handled)
            picked: list[int] = []
            now = app.now()
            if now - shared_at >= dt.timedelta(seconds=SHARE_REFRESH_SECONDS):
                take_share(app, me, await live_worker_ids(app, me))
                shared_at = now
            if room > 0:
                busy = set(sending.values())
                picked = _one_per_contact(await due_rows(app, now, room + width, channel), busy, room)
            if picked:
                for claimed in await _claim_and_prepare_many(app, me, picked, now):
                    handled += 1
                    if isinstance(claimed, _Claimed):
                        task = asyncio.create_task(_send_claimed(app, me, claimed, now, answers))
                        sending[task] = claimed.contact_id
                continue
            if not sending:
                break
            done, _ = await asyncio.wait(
                sending, timeout=SHARE_REFRESH_SECONDS, return_when=asyncio.FIRST_COMPLETED
            )
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


@dataclass(frozen=True)
class _Claimed:
    out: OutboundMessage
    contact_id: int
    unconfirmed_since: dt.datetime | None


async def _claim_and_prepare_many(
    app: AppContext, me: Worker, message_ids: list[int], now: dt.datetime
) -> list[_Claimed | None]:
    """Claim several rows and read what to send, in one short transaction; for each row this worker got
    (in the order asked), the text to send, or None when it is held (opted out: skipped; quiet hours:
    queued for later). Rows another worker claimed first are left out."""
    async with app.db.session() as session:
        conn = await session.connection()
        claim = _claim_many_statement(app, me, message_ids, now).returning(col(Message.id))
        got = {r[0] for r in (await conn.execute(claim)).all() if r[0] is not None}
        if not got:
            await session.commit()
            return []
        # held until the rows are prepared: the session keeps weak references, and a row nobody holds
        # drops out of it (``session.get`` would then query again)
        rows = (await session.exec(select(Message).where(col(Message.id).in_(sorted(got))))).all()
        ids = sorted({r.contact_id for r in rows})
        contacts = (await session.exec(select(Contact).where(col(Contact.id).in_(ids)))).all()
        prepared = [await _prepare(app, session, i, now) for i in message_ids if i in got]
        await session.commit()
        del rows, contacts
        return prepared


async def _send_one(app: AppContext, me: Worker, message_id: int, now: dt.datetime) -> None:
    """Hold, or send and record, a row this worker has claimed."""
    claimed = await _hold_or_prepare(app, message_id, now)
    if claimed is not None:
        await _send_claimed(app, me, claimed, now)


async def _send_claimed(
    app: AppContext, me: Worker, claimed: _Claimed, now: dt.datetime, answers: AnswerLog | None = None
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


async def _hold_or_prepare(app: AppContext, message_id: int, now: dt.datetime) -> _Claimed | None:
    async with app.db.session() as session:
        claimed = await _prepare(app, session, message_id, now)
        await session.commit()
        return claimed


async def _prepare(
    app: AppContext, session: AsyncSession, message_id: int, now: dt.datetime
) -> _Claimed | None:
    """The claimed row as a text to send, or None after holding it (the caller commits)."""
    msg = await session.get(Message, message_id)
    assert msg is not None and msg.id is not None
    contact = await session.get(Contact, msg.contact_id)
    assert contact is not None
    hold = _hold_reason(app, msg, contact, now)
    if hold is None:
        out = OutboundMessage(
            msg.id, msg.channel, contact.address, msg.body, tuple(msg.choices), msg.kind, msg.priority
        )
        return _Claimed(out, msg.contact_id, msg.unconfirmed_since)
    if hold == "opted_out":
        msg.status, msg.error = SKIPPED, "contact opted out"
    else:
        msg.status, msg.next_attempt_at = QUEUED, app.service.after_quiet_hours(now)
    msg.claimed_by, msg.claimed_at, msg.claimed_until = None, None, None
    session.add(msg)
    return None


def _hold_reason(app: AppContext, msg: Message, contact: Contact, now: dt.datetime) -> str | None:
    if contact.opted_out and msg.priority != Priority.CRISIS and msg.kind not in ALLOWED_WHEN_OPTED_OUT:
        return "opted_out"
    if msg.priority >= Priority.SCHEDULED and app.service.in_quiet_hours(now):
        return "quiet_hours"
    return None


async def _settle_unconfirmed(
    app: AppContext, me: Worker, claimed: _Claimed, sender: OutboundChannel | None, now: dt.datetime
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
