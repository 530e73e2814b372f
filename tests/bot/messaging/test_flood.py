"""Per-sender flood control (issue 17): a number sending dozens of texts a minute has its replies held
back, once told why; every text is still stored and screened, a risk text still gets its crisis reply and
alert, STOP still works, and replies come back when the person slows down."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import InboundMessage
from bot.messaging.flood import FLAG, NOTICE
from bot.messaging.inbox import ingest
from bot.messaging.pipeline import process_contact
from bot.storage.models import AuditEvent, Contact, Message
from flows.catalogue import load_catalogue
from safeguarding.models import Escalation
from tests.pg import BOTH, database_url_for
from tests.support import Chat

MAX = 12  # config.yml flood.max_replies
WINDOW = 60  # config.yml flood.window_seconds


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """SQLite; the tests marked `on_both` also run on PostgreSQL when WAYMARK_TEST_POSTGRES_URL is set."""
    return database_url_for(getattr(request, "param", "sqlite"), tmp_path)


on_both = pytest.mark.parametrize("database_url", BOTH, indirect=True)


async def _inbound(app: AppContext, sender: str = "+447700900001") -> list[Message]:
    async with app.db.session() as s:
        rows = await s.exec(
            select(Message)
            .join(Contact, col(Contact.id) == Message.contact_id)
            .where(Message.direction == "in", Contact.address == sender)
            .order_by(col(Message.id))
        )
        return list(rows.all())


async def _flood(chat: Chat, clock: FixedClock, count: int, every: float = 2.0) -> list[list[str]]:
    """`count` texts, one every `every` seconds; the kinds of what each got back."""
    kinds = []
    for i in range(count):
        clock.advance(seconds=every)
        kinds.append([m.kind for m in await chat.say(f"{i % 3 + 1}")])
    return kinds


def test_the_shipped_config_is_what_these_tests_assume(app: AppContext) -> None:
    assert (app.config.flood.max_replies, app.config.flood.window_seconds) == (MAX, WINDOW)


@on_both
async def test_a_flood_is_answered_up_to_the_limit_then_told_once(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    kinds = await _flood(chat, clock, 30)  # 30 texts in a minute
    assert all(kinds[i] for i in range(MAX))  # the first MAX are answered
    assert kinds[MAX] == [NOTICE]  # then one notice
    assert all(k == [] for k in kinds[MAX + 1 :])  # then nothing
    rows = await _inbound(app)
    assert len(rows) == 30 and all(r.status == "processed" for r in rows)
    assert all(r.meta.get("severity") == "none" for r in rows)  # every text screened
    assert [bool(r.meta.get(FLAG)) for r in rows] == [False] * MAX + [True] * (30 - MAX)
    async with app.db.session() as s:
        rows_ = await s.exec(select(AuditEvent).where(AuditEvent.action == "contact.flood_throttled"))
        events = rows_.all()
    assert len(events) == 1 and events[0].details == {"window_seconds": WINDOW, "max_replies": MAX}


async def test_the_notice_is_one_gsm7_text_from_the_catalogue(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    await _flood(chat, clock, MAX)
    clock.advance(seconds=1)
    [notice] = await chat.say("hello?")
    assert notice.kind == NOTICE
    assert notice.text == load_catalogue().render(NOTICE, "en")
    async with app.db.session() as s:
        row = (await s.exec(select(Message).where(Message.kind == NOTICE))).one()
    assert (row.encoding, row.segments) == ("GSM-7", 1)


@on_both
async def test_a_risk_text_inside_a_flood_gets_the_crisis_reply_and_the_alert(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    await _flood(chat, clock, 20)
    clock.advance(seconds=1)
    replies = await chat.say("i want to kill myself")
    assert replies and replies[0].kind.startswith("crisis_")
    rows = await _inbound(app)
    assert rows[-1].meta.get("severity") in ("high", "immediate") and not rows[-1].meta.get(FLAG)
    async with app.db.session() as s:
        [esc] = (await s.exec(select(Escalation))).all()
    assert esc.message_id == rows[-1].id


async def test_stop_works_in_the_middle_of_a_flood(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    await _flood(chat, clock, 20)
    clock.advance(seconds=1)
    assert [m.kind for m in await chat.say("STOP")] == ["stopped"]
    async with app.db.session() as s:
        contact = (await s.exec(select(Contact).where(Contact.address == chat.sender))).one()
    assert contact.opted_out


async def test_replies_come_back_after_a_pause_and_the_notice_is_not_repeated_that_day(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    await _flood(chat, clock, 20)
    clock.advance(seconds=WINDOW + 1)
    assert [m.kind for m in await chat.say("menu")] == ["menu"]  # answered again
    second = await _flood(chat, clock, 20)  # a second flood the same day: no second notice
    assert sum(k == [NOTICE] for k in second) == 0 and second[-1] == []
    clock.advance(days=1)
    third = await _flood(chat, clock, MAX + 1)
    assert third[-1] == [NOTICE]  # a new day: told again


async def test_a_slow_conversation_is_never_held_back(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    kinds = await _flood(chat, clock, 3 * MAX, every=WINDOW / MAX + 0.1)  # just under the limit
    assert all(kinds) and not any(NOTICE in k for k in kinds)


async def test_a_backlog_processed_late_is_not_a_flood(app: AppContext, clock: FixedClock) -> None:
    """Texts received over ten minutes but processed at once (after an outage) are each answered."""
    start = clock.now()
    for i in range(2 * MAX):
        at = start + dt.timedelta(seconds=30 * i)
        await ingest(app, InboundMessage("sms", "+447700900009", f"{i % 3 + 1}", f"late-{i}", at))
    [row, *_] = await _inbound(app, "+447700900009")
    await process_contact(app, row.contact_id)
    rows = await _inbound(app, "+447700900009")
    assert all(r.status == "processed" and not r.meta.get(FLAG) for r in rows)


async def test_each_sender_has_their_own_limit(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    await _flood(chat, clock, 20)
    other = chat.as_("+447700900077")
    assert [m.kind for m in await other.say("hi")][-1] == "menu"
