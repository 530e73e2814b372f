"""The signposting queries and effects against a real database with the shipped directory loaded."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.signposting.wiring import signpost_area, signpost_record, signpost_search
from bot.messaging.effects import Run, apply_effect
from bot.messaging.runner import contact_view, flow_context
from bot.storage.models import AuditEvent, Contact
from flows.engine import ContactView
from flows.signposting_effects import (
    AreaAnswer,
    AreaQuery,
    AskPractitioner,
    RecordFollowupAnswer,
    RecordQuery,
    SearchAnswer,
    SearchQuery,
)
from safeguarding.models import REVIEW, Escalation
from signposting import NEEDS
from signposting.demo import load_demo
from signposting.gsm import septets
from signposting.records import get_signposting
from signposting.shipped import load_national

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
async def loaded(app: AppContext) -> AsyncIterator[AppContext]:
    async with app.db.session() as session:
        await load_national(session)
        await load_demo(session)
        session.add(
            Contact(channel="sms", address="+447700900001", first_seen=app.now(), last_seen=app.now())
        )
        session.add(Contact(channel="telegram", address="12345", first_seen=app.now(), last_seen=app.now()))
        await session.commit()
    yield app


async def _contact(app: AppContext, channel: str = "sms") -> Contact:
    async with app.db.session() as session:
        row = (await session.exec(select(Contact).where(Contact.channel == channel))).first()
        assert row is not None
        return row


def _run(app: AppContext, session: AsyncSession, contact: Contact) -> Run:
    """A run for `contact` at the clock's time now (queries read the time from it)."""
    view = ContactView(contact.id or 0, contact.channel)
    return Run(app, session, contact, app.now(), flow_context(app, view, app.now()))


async def _search(
    app: AppContext, session: AsyncSession, contact: Contact, query: SearchQuery
) -> SearchAnswer:
    return await signpost_search(_run(app, session, contact), query)


def _params(need: str | None, age: int | None, area: str | None, limit: int = 3) -> SearchQuery:
    return SearchQuery(need, age, area, 0, limit)


async def test_search_gives_texts_for_the_channel_and_an_explanation(loaded: AppContext) -> None:
    by_sms, by_telegram = await _contact(loaded), await _contact(loaded, "telegram")
    async with loaded.db.session() as session:
        sms = await _search(loaded, session, by_sms, _params("bullying", 13, "Demo Borough"))
        tg = await _search(loaded, session, by_telegram, _params("bullying", 13, "Demo Borough"))
    assert sms.service_ids[0] == "demo-kind-words" and "Call 020 7946 0102" in sms.texts[0]
    assert "https://" not in sms.texts[0] and "https://" in tg.texts[0]
    assert sms.has_more and not sms.age_outside and not sms.unknown_area
    assert "names the need bullying" in sms.explanation[0]["reasons"]


async def test_age_outside_every_service_and_closed_later_at_night(
    loaded: AppContext, clock: FixedClock
) -> None:
    contact = await _contact(loaded)
    async with loaded.db.session() as session:
        old = await _search(loaded, session, contact, _params("bullying", 40, "Demo Borough"))
        assert old.age_outside and set(old.names) == {"Samaritans", "Shout 85258"}
        clock.set(dt.datetime(2026, 11, 17, 23, 30, tzinfo=LONDON))
        night = await _search(loaded, session, contact, _params("bullying", 13, "Demo Borough"))
        anxiety = await _search(loaded, session, contact, _params("anxiety", 13, "Demo Borough"))
    # at night the open lines lead, and the closed bullying project keeps the last place
    assert night.open_now == (True, True, False) and night.service_ids[2] == "demo-kind-words"
    assert all(anxiety.open_now) and anxiety.closed_later


async def test_area_lookup(loaded: AppContext) -> None:
    contact = await _contact(loaded)
    async with loaded.db.session() as session:
        run = _run(loaded, session, contact)
        assert await signpost_area(run, AreaQuery("db2 4xx")) == AreaAnswer("Demo Borough")
        assert await signpost_area(run, AreaQuery("SE15")) == AreaAnswer("Southwark")
        assert await signpost_area(run, AreaQuery("Narnia")) == AreaAnswer(None)


async def test_record_answer_and_help_request(loaded: AppContext) -> None:
    detached = await _contact(loaded)
    async with loaded.db.session() as session:
        contact = await session.get(Contact, detached.id)
        assert contact is not None and contact.id is not None
        run = Run(
            loaded,
            session,
            contact,
            loaded.now(),
            flow_context(loaded, await contact_view(session, contact), loaded.now()),
        )
        value = await signpost_record(run, RecordQuery("bullying", ("a", "b")))
        await apply_effect(run, RecordFollowupAnswer(value.record_id, "help"))
        await apply_effect(run, AskPractitioner(value.record_id))
        await session.commit()
        stored = await get_signposting(session, value.record_id)
        escalations = (await session.exec(select(Escalation))).all()
        actions = (await session.exec(select(AuditEvent.action))).all()
    assert stored is not None and stored.service_ids == ("a", "b") and stored.followup_answer == "help"
    assert [(e.kind, e.categories, e.contact_id) for e in escalations] == [
        (REVIEW, ["signposting_followup_help"], contact.id)
    ]
    assert "signposting.help_requested" in actions


@pytest.mark.parametrize(
    "when",
    [dt.datetime(2026, 11, 17, 10, 0), dt.datetime(2026, 11, 17, 23, 30), dt.datetime(2026, 11, 21, 13, 0)],
    ids=["tuesday 10:00", "tuesday 23:30", "saturday 13:00"],
)
async def test_every_result_text_fits_one_sms(
    loaded: AppContext, clock: FixedClock, when: dt.datetime
) -> None:
    """Every service the shipped national and demo data can return, at any age, fits 160 GSM-7 septets."""
    clock.set(when.replace(tzinfo=LONDON))
    contact = await _contact(loaded)
    seen: set[str] = set()
    async with loaded.db.session() as session:
        for need in (*NEEDS, None):
            for age in (None, 5, 9, 13, 16, 19, 22, 25, 40):
                for area in ("Demo Borough", None):
                    found = await _search(loaded, session, contact, _params(need, age, area, limit=50))
                    for sid, text in zip(found.service_ids, found.texts, strict=True):
                        assert septets(text) <= 160, text
                        seen.add(sid)
    assert len(seen) == 29  # 16 national + 13 Demo Borough services


async def test_followup_no_never_offers_a_service_already_sent(loaded: AppContext, clock: FixedClock) -> None:
    """Page one and the MORE page were sent; a week later (another time of day, so another order)
    NO offers the best service the contact has not seen."""
    detached = await _contact(loaded)
    clock.set(dt.datetime(2026, 11, 17, 10, 0, tzinfo=LONDON))
    async with loaded.db.session() as session:
        contact = await session.get(Contact, detached.id)
        assert contact is not None
        first = await _search(loaded, session, contact, _params("family", 13, "Demo Borough"))
        more = await _search(loaded, session, contact, SearchQuery("family", 13, "Demo Borough", offset=3))
        run = _run(loaded, session, contact)
        record = await signpost_record(run, RecordQuery("family", first.service_ids))
        await signpost_record(run, RecordQuery("family", more.service_ids))
        await session.commit()
        seen = set(first.service_ids) | set(more.service_ids)
        clock.set(dt.datetime(2026, 11, 24, 23, 30, tzinfo=LONDON))
        query = SearchQuery("family", 13, "Demo Borough", 0, 1, exclude_sent_since=record.record_id)
        offered = await _search(loaded, session, contact, query)
        everything = await _search(loaded, session, contact, _params("family", 13, "Demo Borough", 50))
    assert len(seen) == 6 and offered.service_ids
    assert offered.service_ids[0] not in seen
    unseen = [i for i in everything.service_ids if i not in seen]
    assert list(offered.service_ids) == unseen[:1] and offered.total == len(unseen)
