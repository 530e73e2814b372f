"""The area table: postcode districts, local authorities and well-known places; service-area keys.

A small table ships in ``data/areas.csv`` (columns ``kind,code,name,local_authority_code,
local_authority_name``); teams can import more rows of the same shape with
``load_areas``. ``kind`` is ``local_authority``, ``postcode_district`` or ``place`` (a
town or neighbourhood that is not an authority, such as Peckham, and the authority it is
in). ``signposting.area_lookup.resolve_area`` turns what a person types into the local
authority row, which is what services and schools use. Place rows only help it: they are
not service-area keys (``area_keys``), so search is the same with or without them.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from sqlalchemy import CompoundSelect, String, bindparam, delete, literal, or_, select, union
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.db import execute
from signposting.models import Area, area_table

A = area_table.c

DATA_DIR = Path(__file__).parent / "data"
AREAS_CSV = DATA_DIR / "areas.csv"
AREA_COLUMNS = ("kind", "code", "name", "local_authority_code", "local_authority_name")
AREA_KINDS = ("local_authority", "postcode_district", "place")
SEARCH_AREA_KINDS = ("local_authority", "postcode_district")
"""The kinds whose codes and names are service-area keys (``area_keys``); places are not."""
_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_FULL_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*[0-9][A-Z]{2}\b")
_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s*[0-9][A-Z]{2})?\b")

_SEARCH_KIND = or_(*(A.kind == kind for kind in SEARCH_AREA_KINDS))
"""Plain binds, not an expanding IN, so ``area_keys_query`` compiles once for search."""


def area_key(text: str) -> str:
    """Normalise an area name or code for matching: case-folded, single spaces."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def postcode_district(text: str) -> str | None:
    """Return the district ("SE15") of a full postcode or district, or ``None``."""
    compact = re.sub(r"\s+", " ", text.strip().upper())
    full = _FULL_POSTCODE.match(compact)
    if full:
        return full.group(1)
    if _DISTRICT.match(compact.replace(" ", "")):
        return compact.replace(" ", "")
    return None


def districts_in(text: str, full_only: bool = False) -> list[str]:
    """Postcode districts written anywhere in ``text``, in order: "my postcode is se15 3ab" -> SE15.

    With ``full_only``, only those of full postcodes ("se15 3ab", not a bare "se15").
    """
    pattern = _FULL_POSTCODE_IN_TEXT if full_only else _POSTCODE_IN_TEXT
    return list(dict.fromkeys(m.group(1) for m in pattern.finditer(text.upper())))


class AreaFileError(ValueError):
    """An areas CSV has a problem; the message is ``file:row: message``."""


def read_area_rows(path: Path) -> list[Area]:
    """Read and validate an areas CSV into unsaved ``Area`` rows."""
    rows: list[Area] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in AREA_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise AreaFileError(f"{path.name}:1: missing columns: {', '.join(missing)}")
        for record in reader:
            line = reader.line_num
            values = {c: (record.get(c) or "").strip() for c in AREA_COLUMNS}
            if values["kind"] not in AREA_KINDS:
                raise AreaFileError(f"{path.name}:{line}: kind must be one of {', '.join(AREA_KINDS)}")
            if not all(values.values()):
                raise AreaFileError(f"{path.name}:{line}: every column needs a value")
            if values["kind"] == "postcode_district" and postcode_district(values["code"]) is None:
                raise AreaFileError(f"{path.name}:{line}: {values['code']!r} is not a postcode district")
            rows.append(
                Area(
                    kind=values["kind"],
                    code=values["code"],
                    name=values["name"],
                    code_key=area_key(values["code"]),
                    name_key=area_key(values["name"]),
                    local_authority_code=values["local_authority_code"],
                    local_authority_name=values["local_authority_name"],
                )
            )
    return rows


async def load_areas(session: AsyncSession, path: Path = AREAS_CSV) -> int:
    """Upsert the rows of an areas CSV (replacing rows with the same kind and code). Flushes only."""
    rows = read_area_rows(path)
    for row in rows:
        await execute(session, delete(area_table).where(A.kind == row.kind, A.code_key == row.code_key))
    session.add_all(rows)
    await session.flush()
    return len(rows)


async def area_keys(session: AsyncSession, area: str) -> list[str]:
    """All service-area keys that count as "in" ``area`` (a local authority name or code).

    That is the area itself, the authority's name and code, and its postcode districts,
    found in one indexed query.
    """
    key = area_key(area)
    authority = select(A.local_authority_code).where(
        A.kind == "local_authority", or_(A.name_key == key, A.code_key == key)
    )
    result = await execute(
        session,
        select(A.code_key, A.name_key).where(A.local_authority_code.in_(authority), _SEARCH_KIND),
    )
    keys = {key}
    for row in result.all():
        keys |= {row.code_key, row.name_key}
    return sorted(keys)


def area_keys_query(extra: tuple[str, ...] = ()) -> CompoundSelect[Any]:
    """The same keys as ``area_keys``, as a subquery with bind parameter ``area_key``
    (the ``area_key()`` of the area), so search needs no extra round trip. ``extra`` keys
    (such as the national token) are added as literals."""
    key = bindparam("area_key", type_=String())
    authority = select(A.local_authority_code).where(
        A.kind == "local_authority", or_(A.name_key == key, A.code_key == key)
    )
    return union(
        select(key),
        *(select(literal(value, String())) for value in extra),
        select(A.code_key).where(A.local_authority_code.in_(authority), _SEARCH_KIND),
        select(A.name_key).where(A.local_authority_code.in_(authority), _SEARCH_KIND),
    )
