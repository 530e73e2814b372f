from pathlib import Path

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.areas import (
    AreaFileError,
    area_keys,
    load_areas,
    postcode_district,
    read_area_rows,
    resolve_area,
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


@pytest.mark.parametrize("text", ["", "   ", "Atlantis", "ZZ9 9ZZ", "SE99"])
async def test_unknown_area_is_none(loaded: AsyncSession, text: str) -> None:
    assert await resolve_area(loaded, text) is None


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
