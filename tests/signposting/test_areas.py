from pathlib import Path

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.area_lookup import resolve_area
from signposting.areas import (
    AREA_KINDS,
    AreaFileError,
    area_keys,
    districts_in,
    load_areas,
    postcode_district,
    read_area_rows,
)


def test_postcode_district() -> None:
    assert postcode_district("se15 3ab") == "SE15"
    assert postcode_district("SE15") == "SE15"
    assert postcode_district("M1 1AE") == "M1"
    assert postcode_district("Demo Borough") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SE15", "Southwark"),
        ("se15 3ab", "Southwark"),
        ("Demo Borough", "Demo Borough"),
        ("demo borough council", "Demo Borough"),
        ("Demo Burough", "Demo Borough"),
        ("DB2 4XY", "Demo Borough"),
        ("E09000023", "Lewisham"),
        ("London Borough of Lambeth", "Lambeth"),
    ],
)
async def test_resolve_area(loaded: AsyncSession, text: str, expected: str) -> None:
    area = await resolve_area(loaded, text)
    assert area is not None and area.local_authority_name == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # filler around a name, as people answer "where do you live?"
        ("i live in lewisham", "Lewisham"),
        ("im in southwark", "Southwark"),
        ("I'm from Lambeth", "Lambeth"),
        ("I\u2019m in Leeds!", "Leeds"),
        ("at sheffield", "Sheffield"),
        ("the borough of lewisham", "Lewisham"),
        ("i live in the london borough of lewisham", "Lewisham"),
        ("southwark council please", "Southwark"),
        ("Lewisham.", "Lewisham"),
        # ONS names with a suffix: "Bristol, City of"
        ("bristol", "Bristol, City of"),
        ("Bristol, City of", "Bristol, City of"),
        ("city of bristol", "Bristol, City of"),
        ("I'm from Bristol", "Bristol, City of"),
        # postcodes and districts inside a sentence
        ("my postcode is se15 3ab", "Southwark"),
        ("its SE13 4AB thanks", "Lewisham"),
        ("im in se15", "Southwark"),
        ("near SE15", "Southwark"),
        ("im in leeds b1", "Leeds"),  # a name beats a bare district in a sentence
        ("im in leeds near SE15 3AB", "Southwark"),  # a full postcode beats a name
        # well-known places that are not authorities (kind "place")
        ("peckham", "Southwark"),
        ("near peckham", "Southwark"),
        ("In Peckham, near the park", "Southwark"),
        ("i live in east dulwich", "Southwark"),
        ("elephant & castle", "Southwark"),
        ("im 14 and live in catford", "Lewisham"),
        ("Brixton", "Lambeth"),
        ("bedminster", "Bristol, City of"),
        # small typos
        ("southwak", "Southwark"),
        ("i live in southwak", "Southwark"),
        ("peckam", "Southwark"),
        ("bristl", "Bristol, City of"),
        ("sheffeild", "Sheffield"),
        # a street named after a city is not that city
        ("i live on leeds road in lewisham", "Lewisham"),
        ("near leeds station", "Leeds"),
    ],
)
async def test_resolve_area_in_what_people_type(loaded: AsyncSession, text: str, expected: str) -> None:
    area = await resolve_area(loaded, text)
    assert area is not None and area.local_authority_name == expected
    assert area.kind == "local_authority"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Atlantis",
        "ZZ9 9ZZ",
        "SE99",
        "hello",
        "i live in",
        "london",
        "ok thanks",
        "southwark or lambeth",  # two authorities: we cannot tell which
        "brixton or peckham",
        "i do not want to say where i live because it is private to me",
        "near liverpool street station",
        "sheffield street",
        "leeds rd",
    ],
)
async def test_unknown_area_is_none(loaded: AsyncSession, text: str) -> None:
    assert await resolve_area(loaded, text) is None


def test_districts_in() -> None:
    assert districts_in("my postcode is se15 3ab") == ["SE15"]
    assert districts_in("SE153AB or m1 1ae") == ["SE15", "M1"]
    assert districts_in("im in se15", full_only=True) == []
    assert districts_in("OAK7 and y9") == ["Y9"]


async def test_places_are_not_service_area_keys(loaded: AsyncSession) -> None:
    """Place rows only help resolve_area: search for Southwark uses the same keys as before."""
    keys = set(await area_keys(loaded, "Southwark"))
    assert "peckham" not in keys
    assert keys == {"southwark", "e09000028", "se15", "se16", "se22"}


async def test_place_whose_authority_has_no_row(session: AsyncSession, tmp_path: Path) -> None:
    areas = tmp_path / "areas.csv"
    areas.write_text(
        "kind,code,name,local_authority_code,local_authority_name\n"
        "place,Littletown,Littletown,E07000999,Somewhere District\n"
    )
    assert "place" in AREA_KINDS
    assert await load_areas(session, areas) == 1
    found = await resolve_area(session, "i live near littletown")
    assert found is not None and found.local_authority_name == "Somewhere District"


async def test_area_keys_include_code_and_districts(loaded: AsyncSession) -> None:
    keys = await area_keys(loaded, "Southwark")
    assert {"southwark", "e09000028", "se15", "se16", "se22"} <= set(keys)


async def test_load_areas_is_idempotent(session: AsyncSession) -> None:
    first = await load_areas(session)
    second = await load_areas(session)
    assert first == second
    assert await resolve_area(session, "SE15") is not None


def test_bad_area_file_reports_file_and_row(tmp_path: Path) -> None:
    bad = tmp_path / "areas.csv"
    bad.write_text(
        "kind,code,name,local_authority_code,local_authority_name\n"
        "local_authority,X1,X,X1,X\npostcode_district,NOTAPOSTCODE,x,X1,X\n"
    )
    with pytest.raises(AreaFileError, match=r"^areas.csv:3: "):
        read_area_rows(bad)
