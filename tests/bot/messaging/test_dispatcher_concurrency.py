"""The dispatcher sends several contacts' texts at once (`outbox.send_concurrency`), never two of one
contact at once, and each contact's texts in order."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app.context import AppContext
from bot.channels.base import OutboundMessage, SendResult
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact, Message
from flows.engine import Priority
from tests.pg import BOTH, database_url_for

OVERLAP_WAIT_S = 10.0  # only reached when sends do not overlap (the test then fails)


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


@dataclass
class OverlapSender:
    """Holds each send until `together` sends are in flight at once (or gives up), recording overlaps."""

    together: int
    name: str = "sms"
    sent: list[tuple[str, str]] = field(default_factory=list)
    in_flight: list[str] = field(default_factory=list)
    peak: int = 0
    same_contact_overlap: bool = False
    all_in: asyncio.Event = field(default_factory=asyncio.Event)

    async def send_text(self, message: OutboundMessage) -> SendResult:
        if message.to in self.in_flight:
            self.same_contact_overlap = True
        self.in_flight.append(message.to)
        self.peak = max(self.peak, len(self.in_flight))
        if len(self.in_flight) >= self.together:
            self.all_in.set()
        try:
            await asyncio.wait_for(self.all_in.wait(), OVERLAP_WAIT_S)
        except TimeoutError:
            self.all_in.set()  # the others go on alone
        self.in_flight.remove(message.to)
        self.sent.append((message.to, message.text))
        return SendResult(provider_id=f"p-{message.message_id}")


async def _contact(app: AppContext, address: str) -> Contact:
    async with app.db.session() as s:
        c = Contact(channel="sms", address=address, first_seen=app.now(), last_seen=app.now())
        s.add(c)
        await s.commit()
        await s.refresh(c)
        return c


async def _queue(app: AppContext, c: Contact, text: str) -> None:
    async with app.db.session() as s:
        await enqueue(s, c, text, now=app.now(), priority=Priority.REPLY)
        await s.commit()


async def test_contacts_are_sent_to_at_once_but_one_contact_in_order(app: AppContext) -> None:
    assert app.config.outbox.send_concurrency >= 3
    a, b, c = [await _contact(app, f"+44770090000{i}") for i in (1, 2, 3)]
    await _queue(app, a, "a first")
    await _queue(app, a, "a second")
    await _queue(app, b, "b only")
    await _queue(app, c, "c only")
    sender = OverlapSender(together=3)
    app.senders["sms"] = sender

    assert await dispatch_due(app) == 4

    assert sender.peak == 3, "the three contacts' first texts were in flight together"
    assert not sender.same_contact_overlap
    a_texts = [text for to, text in sender.sent if to == a.address]
    assert a_texts == ["a first", "a second"]
    assert sorted(text for _, text in sender.sent) == ["a first", "a second", "b only", "c only"]
    async with app.db.read_session() as s:
        statuses = (await s.exec(select(Message.status).where(Message.direction == "out"))).all()
    assert sorted(statuses) == ["sent"] * 4


async def test_one_at_a_time_when_concurrency_is_one(app: AppContext) -> None:
    outbox = app.config.outbox.model_copy(update={"send_concurrency": 1})
    app.config = app.config.model_copy(update={"outbox": outbox})
    for i in (1, 2, 3):
        await _queue(app, await _contact(app, f"+44770090001{i}"), f"text {i}")
    sender = OverlapSender(together=1)
    app.senders["sms"] = sender

    assert await dispatch_due(app) == 3

    assert sender.peak == 1
    assert [text for _, text in sender.sent] == ["text 1", "text 2", "text 3"]
