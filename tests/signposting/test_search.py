import sys
from datetime import UTC, datetime

import pytest
from sqlalchemy.dialects import sqlite
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting import search
from tests.signposting.conftest import MONDAY_1030, MONDAY_1630, MONDAY_2330

search_module = sys.modules["signposting.search"]


async def test_bullying_in_the_day_gives_the_local_bullying_service_first(loaded: AsyncSession) -> None:
    result = await search(loaded, "bullying", 13, "Demo Borough", MONDAY_1030)
    first = result.results[0]
    assert first.id == "demo-kind-words"
    assert first.is_local and first.phones
    assert "names the need bullying" in first.reasons
    assert any("opens soon" in r for r in first.reasons)


async def test_at_2330_services_open_now_come_first(loaded: AsyncSession) -> None:
    result = await search(loaded, "bullying", 13, "Demo Borough", MONDAY_2330, limit=10)
    states = [r.open_now for r in result.results]
    assert all(states[:4])  # night line + three 24/7 national lines
    assert result.results[0].id == "demo-night-line"  # local and open beats national
    closed = next(r for r in result.results if r.id == "demo-kind-words")
    assert closed.open_now is False and closed.opens_next is not None
    assert result.results.index(closed) > 3


async def test_specific_before_general_and_local_before_national(loaded: AsyncSession) -> None:
    result = await search(loaded, "drugs_alcohol", 15, "Demo Borough", MONDAY_1030, limit=10)
    ids = [r.id for r in result.results]
    assert ids[0] == "demo-clear-path"
    assert ids.index("demo-school-counselling") < ids.index("national-childline")


async def test_age_outside_every_local_service(loaded: AsyncSession) -> None:
    result = await search(loaded, "bullying", 40, "Demo Borough", MONDAY_1030, limit=20)
    ids = {r.id for r in result.results}
    assert "demo-kind-words" not in ids and "national-childline" not in ids
    assert ids == {"national-samaritans", "national-shout"}


async def test_unknown_area_gives_national_services_only(loaded: AsyncSession) -> None:
    result = await search(loaded, "bullying", 13, "Atlantis", MONDAY_1030, limit=20)
    assert result.results and all(not r.is_local for r in result.results)
    assert all(r.id.startswith("national-") for r in result.results)
    assert result.notes


async def test_postcode_district_services_match_their_authority(loaded: AsyncSession) -> None:
    result = await search(loaded, None, 14, "DEMO-BOROUGH", MONDAY_1630, limit=50)
    assert any(r.is_local for r in result.results)


async def test_paging_gives_the_next_three_without_repeats(loaded: AsyncSession) -> None:
    first = await search(loaded, "family", 13, "Demo Borough", MONDAY_1030)
    second = await search(loaded, "family", 13, "Demo Borough", MONDAY_1030, offset=3)
    everything = await search(loaded, "family", 13, "Demo Borough", MONDAY_1030, limit=100)
    assert len(first.results) == 3 and first.has_more
    assert [r.id for r in first.results + second.results] == [r.id for r in everything.results][:6]
    assert first.total == everything.total
    assert second.results[0].reasons[-1] == f"rank 4 of {everything.total}"


async def test_ranking_is_deterministic(loaded: AsyncSession) -> None:
    runs = [
        [r.id for r in (await search(loaded, None, 15, "Demo Borough", MONDAY_1630, limit=50)).results]
        for _ in range(3)
    ]
    assert runs[0] == runs[1] == runs[2]


async def test_every_result_explains_itself(loaded: AsyncSession) -> None:
    result = await search(loaded, "anxiety", 12, "Demo Borough", MONDAY_1630, limit=50)
    for ranked in result.results:
        assert len(ranked.reasons) >= 5
        assert any(r.startswith(("local", "national")) for r in ranked.reasons)


async def test_naive_time_is_refused(loaded: AsyncSession) -> None:
    with pytest.raises(ValueError):
        await search(loaded, "anxiety", 12, "Demo Borough", datetime(2026, 11, 23, 10))


async def test_search_query_uses_indexes_not_a_scan(loaded: AsyncSession) -> None:
    statement = search_module._statement(True, True, True)
    compiled = statement.compile(dialect=sqlite.dialect())
    params = compiled.construct_params({"need": "bullying", "area_key": "demo borough", "age": 13})
    ordered = [params[name] for name in compiled.positiontup or []]
    connection = await loaded.connection()
    raw = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), tuple(ordered))
    plan = [row[-1] for row in raw.all()]
    assert not any(
        step.startswith(("SCAN directory_service ", "SCAN directory_service_need")) for step in plan
    ), plan
    assert any("directory_service_need" in step and "INDEX" in step for step in plan), plan
    assert any("ix_directory_service_area_key_service" in step for step in plan), plan


async def test_summer_time_evening(loaded: AsyncSession) -> None:
    # 18:30 UTC on 1 July is 19:30 in London: the anti-bullying project (till 7pm) is closed.
    result = await search(
        loaded, "bullying", 13, "Demo Borough", datetime(2026, 7, 1, 18, 30, tzinfo=UTC), limit=20
    )
    kind_words = next(r for r in result.results if r.id == "demo-kind-words")
    assert kind_words.open_now is False
