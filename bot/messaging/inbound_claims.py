"""Leases on stored inbound texts: who is processing which text, and when a failed one is tried again.

An inbound ``message`` row uses the same three columns as an outbound one: ``attempts`` (processing
attempts so far), ``claimed_until`` (a worker holds it until then) and ``next_attempt_at`` (after a failure,
not before then). A worker claims a text with one conditional UPDATE (still ``received``, lease free, retry
due), so two workers never work the same text at once; a worker that dies leaves a lease that simply runs
out. A failed attempt releases the lease and sets the next attempt with exponential backoff.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, func, or_, update
from sqlmodel import col, select

from bot.messaging.pipeline_pg import waiting_known
from bot.storage.models import Message
from bot.storage.models.messages import RECEIVED
from bot.storage.plain import plain

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext

log = logging.getLogger(__name__)

HOLD_ENV = "WAYMARK_TEST_HOLD_INBOUND_SECONDS"
"""Test only (honoured when WAYMARK_ENV=test): wait this long after claiming a text, before processing it,
so a process-level test can kill a worker that has accepted a text but not processed it."""
LEASE_ENV = "WAYMARK_TEST_INBOX_LEASE_SECONDS"
"""Test only (honoured when WAYMARK_ENV=test): a shorter lease, so a test does not wait the full one."""


@dataclass(frozen=True)
class RecoveryPolicy:
    """How long a claim lasts, how soon a never-tried text counts as stranded, and the retry backoff."""

    lease: dt.timedelta = dt.timedelta(seconds=15)
    grace: dt.timedelta = dt.timedelta(seconds=5)
    backoff_base: dt.timedelta = dt.timedelta(seconds=2)
    backoff_max: dt.timedelta = dt.timedelta(seconds=60)
    safe_mode_after: int = 3
    """From this attempt on, a database error in the full pipeline falls back to safe mode at once (screen,
    crisis reply or an apology), so the crisis path gets through even if something else keeps failing."""
    hold: float = 0.0

    def backoff(self, attempts: int) -> dt.timedelta:
        """1st failure: base; then doubling, capped at `backoff_max`."""
        doubled: dt.timedelta = self.backoff_base * 2 ** min(max(attempts - 1, 0), 16)
        return min(doubled, self.backoff_max)


def policy_for(app: AppContext) -> RecoveryPolicy:
    """The default policy; in test mode the two test-only environment variables may shorten it."""
    if app.settings.env != "test":
        return RecoveryPolicy()
    lease = os.environ.get(LEASE_ENV)
    return RecoveryPolicy(
        lease=dt.timedelta(seconds=float(lease)) if lease else RecoveryPolicy.lease,
        hold=float(os.environ.get(HOLD_ENV) or 0),
    )


def _claimable(now: Any):  # type: ignore[no-untyped-def]
    return and_(
        col(Message.direction) == "in",
        col(Message.status) == RECEIVED,
        or_(col(Message.claimed_until).is_(None), col(Message.claimed_until) < now),
        or_(col(Message.next_attempt_at).is_(None), col(Message.next_attempt_at) <= now),
    )


async def claim(app: AppContext, message_id: int, policy: RecoveryPolicy) -> int | None:
    """Claim `message_id` for this worker. Returns the attempt number, or None if it is not ours to work
    (processed, held by another worker, or waiting for its next attempt)."""
    now = app.now()
    async with app.db.session() as session:
        result = await session.exec(
            update(Message)
            .where(col(Message.id) == message_id, _claimable(now))
            .values(claimed_until=now + policy.lease, attempts=col(Message.attempts) + 1)
        )
        await session.commit()
        if result.rowcount != 1:
            return None
        rows = await session.exec(select(Message.attempts).where(Message.id == message_id))
        return int(rows.one())


@functools.cache
def _claim_earliest_statement() -> Any:
    """The claim of a contact's oldest waiting text, built once (building a statement costs more than
    running it): binds ``of_contact``, ``at`` and ``lease_until``."""
    oldest = (
        select(func.min(Message.id))
        .where(
            Message.contact_id == bindparam("of_contact"),
            Message.direction == "in",
            Message.status == RECEIVED,
        )
        .scalar_subquery()
    )
    return (
        update(Message)
        .where(col(Message.id) == oldest, _claimable(bindparam("at")))
        .values(claimed_until=bindparam("lease_until"), attempts=col(Message.attempts) + 1)
        .returning(col(Message.id), col(Message.attempts))
        .execution_options(synchronize_session=False)  # no objects to refresh: the session is new
    )


async def claim_earliest(app: AppContext, contact_id: int, policy: RecoveryPolicy) -> tuple[int, int] | None:
    """Claim the contact's oldest waiting text, in one statement (``UPDATE ... RETURNING``). Returns its id
    and attempt number, or None when nothing waits or the oldest is not ours to work (held by another
    worker, or its retry is not due): a later text never overtakes it."""
    async with app.db.session() as session:
        found = await claim_earliest_in(session, app.now(), contact_id, policy)
        await session.commit()
        return found


async def claim_earliest_in(
    session: AsyncSession, now: dt.datetime, contact_id: int, policy: RecoveryPolicy
) -> tuple[int, int] | None:
    """:func:`claim_earliest` in the caller's transaction (the SQLite batch worker claims and processes a
    text in one: if it rolls back, the claim goes with it)."""
    params = {"of_contact": contact_id, "at": now, "lease_until": now + policy.lease}
    row = (await plain(session, _claim_earliest_statement(), params)).first()
    return (int(row[0]), int(row[1])) if row is not None else None


async def release_for_retry(app: AppContext, message_id: int, attempts: int, policy: RecoveryPolicy) -> None:
    """After a failed attempt: free the lease and set the next attempt. If even this cannot be written (the
    database is down), the lease runs out by itself and the sweep takes the text then."""
    now = app.now()
    try:
        async with app.db.session() as session:
            await session.exec(
                update(Message)
                .where(col(Message.id) == message_id, col(Message.status) == RECEIVED)
                .values(claimed_until=None, next_attempt_at=now + policy.backoff(attempts))
            )
            await session.commit()
    except Exception as exc:
        log.warning("could not schedule the retry of message id=%s (%s)", message_id, type(exc).__name__)


async def contact_of(app: AppContext, message_id: int) -> int | None:
    """The contact of an inbound text still waiting to be processed; None if there is nothing to do."""
    async with app.db.read_session() as session:
        rows = await session.exec(
            select(Message.contact_id).where(
                Message.id == message_id, Message.direction == "in", Message.status == RECEIVED
            )
        )
        return rows.first()


@functools.cache
def _waiting_after_statement() -> Any:
    return (
        select(Message.id)
        .where(
            Message.contact_id == bindparam("of_contact"),
            Message.direction == "in",
            Message.status == RECEIVED,
            col(Message.id) > bindparam("after_id"),
        )
        .limit(1)
    )


async def waiting_after(session: AsyncSession, contact_id: int, message_id: int) -> bool:
    """True when the contact has an inbound text after `message_id` not yet processed: asked inside the
    transaction that processed `message_id` (one statement, no session of its own)."""
    known = waiting_known(session, message_id)  # PostgreSQL: asked as the text was marked processed
    if known is not None:
        return known
    params = {"of_contact": contact_id, "after_id": message_id}
    return (await plain(session, _waiting_after_statement(), params)).first() is not None


async def stranded_contacts(
    app: AppContext, policy: RecoveryPolicy, *, limit: int = 100, startup: bool = False
) -> list[int]:
    """Contacts with a text the sweep should take: claimable now and either tried before (its retry is due
    or its worker's lease ran out) or older than the grace period (its own webhook task never took it).
    At start-up (`startup`) the grace period does not apply."""
    now = app.now()
    due = _claimable(now)
    if not startup:
        due = and_(due, or_(col(Message.attempts) > 0, col(Message.created_at) <= now - policy.grace))
    async with app.db.session() as session:
        rows = await session.exec(
            select(Message.contact_id, Message.id).where(due).order_by(col(Message.id)).limit(limit)
        )
        seen: dict[int, None] = {}
        for contact_id, _ in rows.all():
            seen.setdefault(contact_id, None)
        return list(seen)
