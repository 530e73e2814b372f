"""What `waymark bench load` reads from (and, for the scheduler run, writes to) the database under test.

Every query is bounded by the run's start time, so a PostgreSQL database used before still gives this run's
figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, insert, or_
from sqlmodel import col, select

from bot.storage.db import Database
from bot.storage.models import Contact, Message, ScheduledItem
from bot.storage.models.messages import QUEUED, SENDING
from bot.storage.models.scheduled import DONE, PENDING
from flows.engine import Priority
from safeguarding.models import Escalation

if TYPE_CHECKING:
    from bot.bench.load import Driver, Sample


CHUNK = 1000


def _aware(at: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC datetime (SQLite gives it back naive, in UTC)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


class LoadDb:
    """Read-mostly access to the servers' database."""

    def __init__(self, url: str) -> None:
        self.db = Database(url)

    async def close(self) -> None:
        await self.db.dispose()

    async def all_processed(self, since: dt.datetime, expected: int) -> bool:
        async with self.db.read_session() as s:
            stmt = (
                select(func.count())
                .select_from(Message)
                .where(
                    Message.direction == "in", col(Message.created_at) >= since, Message.status == "processed"
                )
            )
            return int((await s.exec(stmt)).one()) >= expected

    async def outbox_drained(self, since: dt.datetime) -> bool:
        async with self.db.read_session() as s:
            stmt = (
                select(func.count())
                .select_from(Message)
                .where(
                    Message.direction == "out", col(Message.created_at) >= since, Message.status == "queued"
                )
            )
            return int((await s.exec(stmt)).one()) == 0

    async def outbox_quiet(self, now: dt.datetime) -> bool:
        """True when no outbound row of any age is being sent or queued and due at `now` (what the
        servers queued at start-up, such as the demo data's due appointment reminder, has been sent)."""
        async with self.db.read_session() as s:
            stmt = (
                select(func.count())
                .select_from(Message)
                .where(
                    Message.direction == "out",
                    or_(
                        col(Message.status) == SENDING,
                        and_(
                            col(Message.status) == QUEUED,
                            or_(col(Message.next_attempt_at).is_(None), col(Message.next_attempt_at) <= now),
                        ),
                    ),
                )
            )
            return int((await s.exec(stmt)).one()) == 0

    async def inbound(self, since: dt.datetime) -> dict[str, Any]:
        async with self.db.read_session() as s:
            rows = (
                await s.exec(
                    select(
                        Message.provider_id, Message.status, Message.created_at, Message.processed_at
                    ).where(Message.direction == "in", col(Message.created_at) >= since)
                )
            ).all()
        ids = [r[0] for r in rows]
        done = [(r[3] - r[2]).total_seconds() * 1000 for r in rows if r[3] is not None]
        finished = [_aware(r[3]) for r in rows if r[1] == "processed" and r[3] is not None]
        return {
            "stored": len(set(ids)),
            "duplicates": len(ids) - len(set(ids)),
            "processed": sum(1 for r in rows if r[1] == "processed"),
            "processed_ms": done,
            "last_processed_at": max(finished) if finished else None,
        }

    async def sent_rows(
        self, since: dt.datetime
    ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        """(channel, address, body) of outbound rows marked sent, and of rows being sent now (claimed: the
        provider may have them, the answer not yet recorded), read in ONE statement: read one after the
        other, a row recorded as sent in between was in neither and its send was counted a duplicate."""
        async with self.db.read_session() as s:
            rows = (
                await s.exec(
                    select(Message.channel, Contact.address, Message.body, Message.sent_at)
                    .join(Contact, col(Contact.id) == col(Message.contact_id))
                    .where(
                        Message.direction == "out",
                        col(Message.created_at) >= since,
                        or_(col(Message.sent_at).is_not(None), col(Message.status) == SENDING),
                    )
                )
            ).all()
        sent = [(r[0], r[1], r[2]) for r in rows if r[3] is not None]
        in_flight = [(r[0], r[1], r[2]) for r in rows if r[3] is None]  # so status is sending
        return sent, in_flight

    async def risk_times(self, since: dt.datetime, risky: list[Sample], driver: Driver) -> dict[str, Any]:
        """Per risk text: ms from posting its webhook to its crisis reply queued, and to the alert queued."""
        async with self.db.read_session() as s:
            contacts = {
                (r[0], r[1]): r[2]
                for r in (await s.exec(select(Contact.channel, Contact.address, Contact.id))).all()
            }
            out = (
                await s.exec(
                    select(Message.contact_id, Message.priority, Message.created_at, Message.meta).where(
                        Message.direction == "out",
                        col(Message.created_at) >= since,
                        col(Message.priority).in_([int(Priority.CRISIS), int(Priority.ALERT)]),
                    )
                )
            ).all()
            escalations = (
                await s.exec(
                    select(Escalation.ref, Escalation.contact_id).where(col(Escalation.created_at) >= since)
                )
            ).all()
        crisis: dict[int, list[float]] = {}
        alerts: dict[int, list[float]] = {}
        by_ref = {ref: contact for ref, contact in escalations}
        for contact_id, priority, created, meta in out:
            if priority == Priority.CRISIS:
                crisis.setdefault(contact_id, []).append(created.timestamp())
            elif (meta or {}).get("escalation") in by_ref:
                alerts.setdefault(by_ref[meta["escalation"]], []).append(created.timestamp())
        crisis_ms, alert_ms, missing = [], [], 0
        for sample in risky:
            address = (
                driver.phone(sample.sender) if sample.channel == "sms" else str(driver.chat(sample.sender))
            )
            cid = contacts.get((sample.channel, address))
            c = [t for t in crisis.get(cid or -1, []) if t >= sample.at - 0.05]
            a = [t for t in alerts.get(cid or -1, []) if t >= sample.at - 0.05]
            if not c or not a:
                missing += 1
                continue
            crisis_ms.append((min(c) - sample.at) * 1000)
            alert_ms.append((min(a) - sample.at) * 1000)
        return {"crisis_ms": crisis_ms, "alert_ms": alert_ms, "missing": missing}

    async def insert_due_items(self, n: int, phone: Callable[[int], str]) -> dt.datetime:
        """`n` contacts, each with a signposting follow-up due now (in chunks: asyncpg takes at most 32,767
        parameters a statement). Returns the insert time."""
        now = dt.datetime.now(dt.UTC)
        payload = {"record_id": 0, "service_name": "the bench service"}
        async with self.db.session() as s:
            for first in range(0, n, CHUNK):
                numbers = [phone(k) for k in range(first, min(n, first + CHUNK))]
                contacts = [
                    {
                        "channel": "sms",
                        "address": a,
                        "language": "en",
                        "opted_out": False,
                        "unreachable": False,
                        "first_seen": now,
                        "last_seen": now,
                    }
                    for a in numbers
                ]
                await s.exec(insert(Contact).values(contacts))
                ids = (await s.exec(select(Contact.id).where(col(Contact.address).in_(numbers)))).all()
                items = [
                    {
                        "due_at": now,
                        "kind": "signposting_followup",
                        "contact_id": cid,
                        "status": PENDING,
                        "attempts": 0,
                        "payload": payload,
                        "created_at": now,
                    }
                    for cid in ids
                ]
                await s.exec(insert(ScheduledItem).values(items))
            await s.commit()
        return now

    async def items_done_count(self, since: dt.datetime) -> int:
        async with self.db.read_session() as s:
            stmt = (
                select(func.count())
                .select_from(ScheduledItem)
                .where(col(ScheduledItem.created_at) >= since, ScheduledItem.status == DONE)
            )
            return int((await s.exec(stmt)).one())

    async def items_done(self, since: dt.datetime, n: int) -> bool:
        return await self.items_done_count(since) >= n
