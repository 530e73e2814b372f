"""Write prepared services in bulk, inside the caller's transaction.

Services are replaced whole (row and children deleted, then inserted), so re-importing a
file is idempotent. Organisations and taxonomy terms are updated in place when they
exist, because other services may point at them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, time
from typing import Any, TypeVar

from rich.progress import Progress
from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.db import execute
from signposting.importer.prepare import PreparedService
from signposting.models import (
    ANY_NEED,
    GENERAL_NEED,
    NATIONAL_AREA,
    language_table,
    organisation_table,
    phone_table,
    schedule_table,
    search_key_table,
    service_area_table,
    service_need_table,
    service_table,
    service_taxonomy_table,
    taxonomy_term_table,
)

CHUNK = 500
T = TypeVar("T")
CHILD_TABLES = (
    phone_table,
    schedule_table,
    service_area_table,
    service_need_table,
    search_key_table,
    service_taxonomy_table,
    language_table,
)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """Split ``items`` into slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def existing_ids(session: AsyncSession, table: Table, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` already exist in ``table``."""
    found: set[str] = set()
    for part in chunks(ids):
        result = await execute(session, select(table.c.id).where(table.c.id.in_(part)))
        found |= set(result.scalars().all())
    return found


async def _upsert(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    have = await existing_ids(session, table, [r["id"] for r in rows])
    new = [r for r in rows if r["id"] not in have]
    old = [{**{k: v for k, v in r.items() if k != "id"}, "row_id": r["id"]} for r in rows if r["id"] in have]
    if new:
        await execute(session, insert(table), new)
    if old:
        await execute(session, update(table).where(table.c.id == bindparam("row_id")), old)


def _service_row(p: PreparedService) -> dict[str, Any]:
    r = p.record
    return {
        "id": r.id,
        "organisation_id": r.organisation.id,
        "name": r.name,
        "description": r.description,
        "sms_description": p.sms_description,
        "eligibility_description": r.eligibility_description,
        "min_age": r.min_age,
        "max_age": r.max_age,
        "website": r.website,
        "email": r.email,
        "status": r.status,
        "is_free": r.is_free,
        "cost_description": r.cost_description,
        "is_national": p.is_national,
        "is_general": p.is_general,
        "is_24_7": p.is_24_7,
        "need_count": len(p.needs),
        "source": p.source,
        "verified_at": p.verified_at,
        "phones_cache": json.dumps([[ph.number, ph.kind, ph.text_keyword] for ph in r.phones]),
        "schedule_cache": json.dumps(
            [
                [
                    s.byday,
                    _hhmm(s.opens_at),
                    _hhmm(s.closes_at),
                    s.timezone,
                    _iso(s.valid_from),
                    _iso(s.valid_to),
                ]
                for s in r.schedules
            ]
        ),
    }


def _hhmm(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _children(p: PreparedService) -> dict[str, list[dict[str, Any]]]:
    r = p.record
    sid = r.id
    return {
        "phone": [
            {
                "service_id": sid,
                "number": ph.number,
                "kind": ph.kind,
                "text_keyword": ph.text_keyword,
                "description": ph.description,
                "position": i,
            }
            for i, ph in enumerate(r.phones)
        ],
        "schedule": [
            {
                "service_id": sid,
                "byday": s.byday,
                "opens_at": s.opens_at,
                "closes_at": s.closes_at,
                "timezone": s.timezone,
                "valid_from": s.valid_from,
                "valid_to": s.valid_to,
                "description": s.description,
            }
            for s in r.schedules
        ],
        "area": [
            {"service_id": sid, "kind": kind, "area_key": key, "name": name}
            for kind, key, name in dict.fromkeys(p.areas)
        ],
        "need": [{"service_id": sid, "need": need} for need in sorted(p.needs)],
        "taxonomy": [{"service_id": sid, "term_id": tid} for tid in dict.fromkeys(t.id for t, _ in p.terms)],
        "language": [{"service_id": sid, "code": code, "name": name} for code, name in r.languages],
        "search_key": _search_keys(p),
    }


def _search_keys(p: PreparedService) -> list[dict[str, Any]]:
    """Rows of ``directory_search_key`` for one service (see ``ServiceSearchKey``)."""
    needs = [*sorted(p.needs), *([GENERAL_NEED] if p.is_general else []), ANY_NEED]
    areas = [*dict.fromkeys(key for _, key, _ in p.areas), *([NATIONAL_AREA] if p.is_national else [])]
    sid = p.record.id
    return [{"need": need, "area_key": area, "service_id": sid} for need in needs for area in areas]


async def write(session: AsyncSession, prepared: list[PreparedService], progress: bool = True) -> None:
    """Store ``prepared`` services (flushes; the caller commits or rolls back)."""
    orgs = {p.record.organisation.id: p.record.organisation for p in prepared}
    await _upsert(
        session,
        organisation_table,
        [
            {"id": o.id, "name": o.name, "description": o.description, "website": o.website, "email": o.email}
            for o in orgs.values()
        ],
    )
    terms = {t.id: (t, needs) for p in prepared for t, needs in p.terms}
    await _upsert(
        session,
        taxonomy_term_table,
        [
            {
                "id": t.id,
                "taxonomy": t.taxonomy,
                "code": t.code,
                "name": t.name,
                "needs": ",".join(sorted(needs or ())),
            }
            for t, needs in terms.values()
        ],
    )
    targets = {
        "phone": phone_table,
        "schedule": schedule_table,
        "area": service_area_table,
        "need": service_need_table,
        "taxonomy": service_taxonomy_table,
        "language": language_table,
        "search_key": search_key_table,
    }
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("Importing services", total=len(prepared))
        for part in chunks(prepared):
            ids = [p.record.id for p in part]
            for table in CHILD_TABLES:
                await execute(session, delete(table).where(table.c.service_id.in_(ids)))
            await execute(session, delete(service_table).where(service_table.c.id.in_(ids)))
            await execute(session, insert(service_table), [_service_row(p) for p in part])
            rows: dict[str, list[dict[str, Any]]] = {name: [] for name in targets}
            for p in part:
                for name, values in _children(p).items():
                    rows[name].extend(values)
            for name, values in rows.items():
                if values:
                    await execute(session, insert(targets[name]), values)
            bar.advance(task, len(part))
    await session.flush()
