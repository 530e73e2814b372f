import sys
from datetime import UTC, datetime
from pathlib import Path

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
    assert result.results[0].id == "demo-night-line"  # local and open beats national
    assert states[:2] == [True, True] and all(states[3:5])  # open lines, and the 24/7 national ones
    # the only service that names bullying is closed: it keeps the first page's last place, not 5th
    closed = result.results[2]
    assert closed.id == "demo-kind-words" and closed.open_now is False and closed.opens_next is not None
    assert "kept on the first page: the best service that names the need bullying" in closed.reasons


async def test_a_service_naming_the_need_is_on_the_first_page_when_one_fits(loaded: AsyncSession) -> None:
    from signposting import NEEDS

    for need in NEEDS:
        for now in (MONDAY_1030, MONDAY_1630, MONDAY_2330):
            everything = await search(loaded, need, 14, "Demo Borough", now, limit=100)
            named = [r for r in everything.results if f"names the need {need}" in r.reasons]
            first = everything.results[:3]
            assert not named or any(r in named for r in first), (need, now)
            # only that one service moves: the rest keep the ranking's order
            rest = [
                r
                for r in everything.results
                if not any(w.startswith("kept on the first page") for w in r.reasons)
            ]
            keys = [(r.score, r.name.casefold(), r.id) for r in rest]
            assert keys == sorted(keys), (need, now)


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


@pytest.mark.parametrize("has_need", [True, False])
@pytest.mark.parametrize("has_area", [True, False])
async def test_search_query_uses_indexes_not_a_scan(
    loaded: AsyncSession, has_need: bool, has_area: bool
) -> None:
    statement = search_module._statement(has_need, has_area, True)
    compiled = statement.compile(dialect=sqlite.dialect())
    params = compiled.construct_params({"need": "bullying", "area_key": "demo borough", "age": 13})
    ordered = [params[name] for name in compiled.positiontup or []]
    connection = await loaded.connection()
    raw = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), tuple(ordered))
    plan = [row[-1] for row in raw.all()]
    assert not any(
        step.startswith(("SCAN directory_service", "SCAN directory_search_key")) for step in plan
    ), plan
    # the index is read by need and area together, then each service by its primary key
    assert any(
        step.startswith("SEARCH directory_search_key") and "(need=? AND area_key=?)" in step for step in plan
    ), plan
    assert any(step.startswith("SEARCH directory_service USING INDEX sqlite_autoindex") for step in plan), (
        plan
    )


async def test_summer_time_evening(loaded: AsyncSession) -> None:
    # 18:30 UTC on 1 July is 19:30 in London: the anti-bullying project (till 7pm) is closed.
    result = await search(
        loaded, "bullying", 13, "Demo Borough", datetime(2026, 7, 1, 18, 30, tzinfo=UTC), limit=20
    )
    kind_words = next(r for r in result.results if r.id == "demo-kind-words")
    assert kind_words.open_now is False


async def _write_one(session: AsyncSession, area: str, codes: list[str]) -> None:
    from datetime import date

    from signposting.importer.prepare import prepare
    from signposting.importer.records import (
        AreaRecord,
        OrgRecord,
        PhoneRecord,
        ServiceRecord,
        TermRecord,
        Where,
    )
    from signposting.importer.report import ImportReport
    from signposting.importer.writer import write
    from signposting.needs import WAYMARK_TAXONOMY

    record = ServiceRecord(
        id="moving-service",
        organisation=OrgRecord("moving-org", "Moving Org"),
        name="Moving Service",
        where=Where("test", 1),
        sms_description="Help that moves about",
        source="test",
        verified_at=date(2026, 11, 1),
        phones=[PhoneRecord("020 7946 0999", "voice")],
        areas=[AreaRecord(area, "local_authority")],
        terms=[TermRecord(f"{WAYMARK_TAXONOMY}:{c}", WAYMARK_TAXONOMY, c, c) for c in codes],
    )
    report = ImportReport(Path("test"), "test", dry_run=False)
    await write(session, await prepare(session, [record], report), progress=False)


async def test_reimport_moves_a_service_in_the_search_index(loaded: AsyncSession) -> None:
    await _write_one(loaded, "Southwark", ["bullying"])
    found = await search(loaded, "bullying", 13, "Southwark", MONDAY_1030, limit=50)
    assert "moving-service" in {r.id for r in found.results}
    # the same service id again, now in Lewisham and for a different need: the old keys go
    await _write_one(loaded, "Lewisham", ["anger"])
    for need, area, expected in [
        ("bullying", "Southwark", False),
        ("anger", "Southwark", False),
        ("bullying", "Lewisham", False),
        ("anger", "Lewisham", True),
        (None, "Lewisham", True),
        (None, "Southwark", False),
    ]:
        ids = {r.id for r in (await search(loaded, need, 13, area, MONDAY_1030, limit=100)).results}
        assert ("moving-service" in ids) is expected, (need, area)


async def test_a_service_naming_no_need_shows_only_when_no_need_is_given(loaded: AsyncSession) -> None:
    await _write_one(loaded, "Southwark", [])
    assert "moving-service" in {
        r.id for r in (await search(loaded, None, 13, "Southwark", MONDAY_1030, limit=50)).results
    }
    assert "moving-service" not in {
        r.id for r in (await search(loaded, "anxiety", 13, "Southwark", MONDAY_1030, limit=50)).results
    }


@pytest.mark.parametrize(
    "now",
    [MONDAY_1030, MONDAY_1630, MONDAY_2330, datetime(2026, 10, 24, 23, 30, tzinfo=UTC)],
    ids=["10:30", "16:30", "23:30", "night-before-clocks-change"],
)
async def test_compiled_timetables_rank_as_the_rules_do(
    loaded: AsyncSession, monkeypatch: pytest.MonkeyPatch, now: datetime
) -> None:
    fast = await search(loaded, None, 14, "Demo Borough", now, limit=100)
    monkeypatch.setattr(search_module, "compile_timetable", lambda cache: None)  # rule by rule only
    slow = await search(loaded, None, 14, "Demo Borough", now, limit=100)
    assert [(r.id, r.score) for r in fast.results] == [(r.id, r.score) for r in slow.results]
    assert len(fast.results) > 10


async def test_warm_timetables_compiles_every_active_timetable(loaded: AsyncSession) -> None:
    from signposting.weekly import compile_timetable

    compile_timetable.cache_clear()
    count = await search_module.warm_timetables(loaded)
    assert count > 10 and compile_timetable.cache_info().currsize == count
