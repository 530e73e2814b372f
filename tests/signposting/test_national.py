"""The shipped national services: each one added for a need that had no national service loads, is valid,
is plain GSM-7, has its numbers written in its verification note, and a search for its need finds it."""

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting import search
from signposting.db import execute
from signposting.gsm import encodes, septets
from signposting.models import service_table
from signposting.needs import GENERAL, NEEDS
from signposting.shipped import NATIONAL_JSON
from signposting.sms import format_sms
from tests.signposting.conftest import MONDAY_1030, MONDAY_1630, MONDAY_2330

SERVICES = {s["id"]: s for s in json.loads(NATIONAL_JSON.read_text())}

# id -> (a need it names, an age it serves): the services added on 2026-12-06.
ADDED = {
    "national-frank": ("drugs_alcohol", 15),
    "national-beat-youthline": ("eating", 14),
    "national-beat-helpline": ("eating", 40),
    "national-the-mix": ("exam_stress", 16),
    "national-winstons-wish-text": ("bereavement", 12),
    "national-nacoa": ("drugs_alcohol", 13),
    "national-anxiety-uk": ("anxiety", 13),
    "national-switchboard": ("lgbtq", 15),
}
# Wednesday 9 December 2026, 12:04 in London (GMT).
WEDNESDAY_1204 = datetime(2026, 12, 9, 12, 4, tzinfo=UTC)


def _needs(service: dict[str, Any]) -> list[str]:
    return [a["taxonomy_term"]["code"] for a in service["attributes"]]


def test_every_added_service_is_in_the_shipped_file_and_valid() -> None:
    for sid in ADDED:
        s = SERVICES[sid]
        assert s["verified_at"] == "2026-12-06", sid
        assert s["source"].startswith("https://") and s["url"].startswith("https://"), sid
        assert len(s["verification_note"]) > 80, sid  # says what the source confirmed and what it did not
        assert s["status"] == "active", sid
        assert s["service_areas"] == [{"name": "England", "extent_type": "national"}], sid
        assert all(c in NEEDS for c in _needs(s)) and GENERAL not in _needs(s), sid
        low, high = s.get("minimum_age"), s.get("maximum_age")
        assert low is None or high is None or low <= high, sid
        for rule in s["schedules"]:
            assert rule["timezone"] == "Europe/London", sid
            for key in ("opens_at", "closes_at"):
                assert re.fullmatch(r"\d\d:\d\d", rule[key]), (sid, key)
        for field in ("name", "sms_description", "eligibility_description"):
            assert encodes(s[field]), (sid, field)
            assert not re.search(r"[\u2018\u2019\u201c\u201d]", s[field]), (sid, field)


def test_every_national_number_is_written_in_its_verification_note() -> None:
    """A number with no account of where it came from is not shipped: each one is in the note."""
    for sid, s in SERVICES.items():
        for phone in s["phones"]:
            assert phone["number"] in s["verification_note"], (sid, phone["number"])


def test_sms_descriptions_are_short_plain_sentences() -> None:
    for sid in ADDED:
        text = SERVICES[sid]["sms_description"]
        assert septets(text) <= 75, (sid, text)
        words = re.findall(r"[A-Za-z']+", text)
        # short words, for a reading age of about 9
        assert sum(len(w) for w in words) / len(words) < 5.5, (sid, text)


async def test_every_added_service_is_loaded(loaded: AsyncSession) -> None:
    rows = (await execute(loaded, select(service_table.c.id, service_table.c.is_national))).all()
    national = {r.id for r in rows if r.is_national}
    assert set(ADDED) <= national
    assert national == set(SERVICES)


@pytest.mark.parametrize("sid", sorted(ADDED))
async def test_a_search_for_the_need_finds_the_service(loaded: AsyncSession, sid: str) -> None:
    need, age = ADDED[sid]
    for area in (None, "Bristol, City of"):  # no area, and a real authority with no local services shipped
        result = await search(loaded, need, age, area, WEDNESDAY_1204, limit=50)
        ids = [r.id for r in result.results]
        assert sid in ids, (sid, area, ids)
        found = result.results[ids.index(sid)]
        assert f"names the need {need}" in found.reasons
        text = format_sms(found, WEDNESDAY_1204)
        assert septets(text) <= 160 and encodes(text), text


async def test_age_limits_are_kept(loaded: AsyncSession) -> None:
    adult = await search(loaded, "eating", 30, None, WEDNESDAY_1204, limit=50)
    assert "national-beat-youthline" not in [r.id for r in adult.results]
    assert "national-beat-helpline" in [r.id for r in adult.results]
    older = await search(loaded, "exam_stress", 30, None, WEDNESDAY_1204, limit=50)
    assert "national-the-mix" not in [r.id for r in older.results]
    child = await search(loaded, "bereavement", 9, None, WEDNESDAY_1204, limit=50)
    assert "national-winstons-wish-text" in [r.id for r in child.results]


@pytest.mark.parametrize(
    ("need", "age"),
    [
        ("eating", 15),
        ("lgbtq", 15),
        ("drugs_alcohol", 14),
        ("bereavement", 12),
        ("anxiety", 13),
        ("exam_stress", 16),
        ("loneliness", 16),
    ],
)
async def test_outside_the_demo_borough_the_first_page_names_the_need(
    loaded: AsyncSession, need: str, age: int
) -> None:
    """Before these services, these needs got only general lines (Childline, Samaritans, Shout) outside the
    demo borough; now one of the three on the first page names the need, at any of three times of the week."""
    for now in (MONDAY_1030, MONDAY_1630, MONDAY_2330, WEDNESDAY_1204):
        first = (await search(loaded, need, age, None, now)).results
        assert any(f"names the need {need}" in r.reasons for r in first), (need, now, [r.id for r in first])


async def test_switchboard_is_website_only_and_says_so(loaded: AsyncSession) -> None:
    """No Switchboard number could be confirmed from a source read, so the SMS gives the website."""
    result = await search(loaded, "lgbtq", 15, None, WEDNESDAY_1204, limit=50)
    switchboard = next(r for r in result.results if r.id == "national-switchboard")
    assert switchboard.phones == ()
    text = format_sms(switchboard, WEDNESDAY_1204)
    assert "See https://switchboard.lgbt" in text and "Check the website for opening times" in text


async def test_a_service_made_for_their_age_comes_before_the_all_ages_one(loaded: AsyncSession) -> None:
    """A 15-year-old asking about eating got Beat's adult helpline before its Youthline: the two tie on every
    other key (national, names the need, hours unknown), and the name decided."""
    ids = [r.id for r in (await search(loaded, "eating", 15, None, WEDNESDAY_1204, limit=50)).results]
    assert ids.index("national-beat-youthline") < ids.index("national-beat-helpline")
    # with no age given, neither is preferred for it: the name decides, as before
    ids = [r.id for r in (await search(loaded, "eating", None, None, WEDNESDAY_1204, limit=50)).results]
    assert ids.index("national-beat-helpline") < ids.index("national-beat-youthline")
