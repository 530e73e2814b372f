"""After a crash: taking back claims that no live worker holds, and deciding about texts that may be sent.

A claimed row (``sending``) whose worker is dead (bot/messaging/workers.py) or whose lease ran out is
put back in the
queue with ``unconfirmed_since`` set to when it was claimed: the provider may have accepted it before the
worker died. Before such a row is sent again the dispatcher asks the channel:

- a channel that can look its sends up (Twilio: `find_sent`) says whether it took the text; if it did, the
  row takes that provider id and is not sent again;
- a channel that cannot (Telegram) sends crisis replies and clinician alerts again (a rare duplicate is
  better than a missing crisis reply) and marks every other such row ``in_doubt``, audited, not resent.

What stays possible is written down in docs/channels.md ("After a crash").
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sqlalchemy import func, literal, update
from sqlmodel import col, select

from bot.app.audit import record
from bot.messaging.workers import Worker, live_worker_ids
from bot.storage.models import Message
from bot.storage.models.messages import IN_DOUBT, QUEUED, SENDING, SENT
from bot.storage.models.types import UTCDateTime
from flows.engine import Priority

if TYPE_CHECKING:
    from bot.app.context import AppContext
    from bot.channels.base import OutboundMessage

log = logging.getLogger(__name__)
LOOKUP_WINDOW = dt.timedelta(days=2)  # our own provider ids this recent are never taken for another row


@dataclass(frozen=True)
class FoundSend:
    """A send the provider has on record for an outbox row: its id and our status for it."""

    provider_id: str
    status: str = SENT


@runtime_checkable
class SentLookup(Protocol):
    """A sender that can tell whether the provider already took a text (Twilio can; Telegram cannot)."""

    async def find_sent(
        self, message: OutboundMessage, since: dt.datetime, known: frozenset[str]
    ) -> FoundSend | None:
        """The provider's record of `message` sent since `since` (ids in `known` belong to other rows),
        or None when it has none. Raises SendError when the provider cannot be asked."""


def resend_when_unsure(priority: int) -> bool:
    """Crisis replies and clinician alerts are sent again when a channel cannot say if they went."""
    return priority <= Priority.ALERT


async def reclaim(app: AppContext, me: Worker, live: set[str] | None = None) -> int:
    """Put back in the queue every claimed row whose worker is dead or whose lease ran out (`live`: the
    live worker ids when the caller has just read them).

    Returns how many. Each row is taken back with a conditional UPDATE on its old claim, so two workers
    reclaiming at once cannot both take it.
    """
    now = app.now()
    if live is None:
        live = await live_worker_ids(app, me)
    async with app.db.read_session() as session:  # a read: no turn at SQLite's write gate
        rows = (
            await session.exec(
                select(Message.id, Message.claimed_by, Message.claimed_at, Message.claimed_until).where(
                    Message.direction == "out", Message.status == SENDING
                )
            )
        ).all()
    stale = [
        r
        for r in rows
        if (r[1] is not None and r[1] not in live) or (r[3] is not None and r[3] < now) or r[3] is None
    ]
    taken = 0
    for message_id, claimed_by, claimed_at, claimed_until in stale:
        async with app.db.session() as session:
            result = await session.exec(
                update(Message)
                .where(
                    col(Message.id) == message_id,
                    col(Message.status) == SENDING,
                    col(Message.claimed_by).is_(None)
                    if claimed_by is None
                    else col(Message.claimed_by) == claimed_by,
                    col(Message.claimed_until).is_(None)
                    if claimed_until is None
                    else col(Message.claimed_until) == claimed_until,
                )
                .values(
                    status=QUEUED,
                    claimed_by=None,
                    claimed_at=None,
                    claimed_until=None,
                    next_attempt_at=now,
                    unconfirmed_since=_coalesce(claimed_at, now),
                )
            )
            await session.commit()
        if result.rowcount == 1:
            taken += 1
            why = "lease ended" if claimed_by in live else "worker gone"
            log.warning("took back the claim on message id=%s (%s); it may have been sent", message_id, why)
    return taken


def _coalesce(claimed_at: dt.datetime | None, now: dt.datetime) -> object:
    """Keep the earliest time a send may have happened: an earlier unconfirmed_since wins."""
    return func.coalesce(col(Message.unconfirmed_since), literal(claimed_at or now, UTCDateTime()))


async def known_provider_ids(
    app: AppContext, contact_id: int, channel: str, since: dt.datetime
) -> frozenset[str]:
    """Provider ids already recorded for this contact's recent outbound rows (not candidates for another)."""
    async with app.db.session() as session:
        rows = await session.exec(
            select(Message.provider_id).where(
                Message.contact_id == contact_id,
                Message.channel == channel,
                Message.direction == "out",
                col(Message.provider_id).is_not(None),
                col(Message.created_at) >= since - LOOKUP_WINDOW,
            )
        )
        return frozenset(p for p in rows.all() if p is not None)


async def mark_in_doubt(app: AppContext, message_id: int, since: dt.datetime) -> None:
    """A non-urgent row that may have been sent, on a channel that cannot say: not sent again, audited."""
    now = app.now()
    async with app.db.session() as session:
        msg = await session.get(Message, message_id)
        assert msg is not None
        msg.status, msg.claimed_by, msg.claimed_at, msg.claimed_until = IN_DOUBT, None, None, None
        msg.error_code, msg.error = "in_doubt", "may have been sent before a crash; not sent again"
        session.add(msg)
        await record(
            session,
            at=now,
            actor="dispatcher",
            action="outbox.in_doubt",
            subject_type="message",
            subject_id=str(message_id),
            details={"channel": msg.channel, "kind": msg.kind, "unconfirmed_since": since.isoformat()},
        )
        await session.commit()
    log.warning("message id=%s may have been sent before a crash; marked in_doubt, not resent", message_id)


async def audit_resolution(app: AppContext, message_id: int, action: str, details: dict[str, object]) -> None:
    """One audit event about how an unconfirmed row was settled (found at the provider, or resent)."""
    async with app.db.session() as session:
        await record(
            session,
            at=app.now(),
            actor="dispatcher",
            action=action,
            subject_type="message",
            subject_id=str(message_id),
            details=details,
        )
        await session.commit()
