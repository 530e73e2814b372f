"""Search the directory by need, age and area, ranked and explained.

The candidate set comes from one indexed SQL query (need -> ``directory_service_need``,
area -> ``directory_service_area``, plus the ``is_general`` / ``is_national`` indexes);
phones and schedules for those candidates follow in two ``IN`` queries. Ranking is in
``signposting.ranking``. Paging (``MORE``) uses ``offset``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, false, or_, select, union
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.areas import area_keys
from signposting.db import execute
from signposting.models import (
    phone_table,
    schedule_table,
    service_area_table,
    service_need_table,
    service_table,
)
from signposting.ranking import availability, reasons, score
from signposting.schedules import DEFAULT_TZ, OpeningRule, describe_hours, parse_byday


@dataclass(frozen=True)
class PhoneInfo:
    """A number as shown to people: ``kind`` is ``voice`` or ``text``."""

    number: str
    kind: str
    text_keyword: str | None = None


@dataclass(frozen=True)
class RankedService:
    """One result: a summary of the service, its state at ``now``, its rank key and reasons."""

    id: str
    name: str
    sms_description: str
    website: str | None
    phones: tuple[PhoneInfo, ...]
    schedule: tuple[OpeningRule, ...]
    hours: str
    timezone: str
    is_local: bool
    is_24_7: bool
    open_now: bool | None
    open_until: datetime | None
    opens_next: datetime | None
    score: tuple[int, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SearchResult:
    """A page of results plus ``total`` matches, so the flow knows whether ``MORE`` has anything."""

    results: list[RankedService]
    total: int
    need: str | None = None
    age: int | None = None
    area: str | None = None
    offset: int = 0
    limit: int = 3
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def has_more(self) -> bool:
        """True when a later page exists."""
        return self.offset + len(self.results) < self.total


S = service_table.c
P = phone_table.c
R = schedule_table.c


def _age_filter(age: int | None) -> list[ColumnElement[bool]]:
    if age is None:
        return []
    return [
        or_(S.min_age.is_(None), S.min_age <= age),
        or_(S.max_age.is_(None), S.max_age >= age),
    ]


async def search(
    session: AsyncSession,
    need: str | None,
    age: int | None,
    area: str | None,
    now: datetime,
    limit: int = 3,
    offset: int = 0,
) -> SearchResult:
    """Services for ``need`` (None: any), ``age`` (None: any) and ``area`` (a local authority).

    With no area, or an area we do not know, only national services match. Results are
    ordered by ``signposting.ranking`` and sliced by ``offset``/``limit``.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    keys = await area_keys(session, area) if area else []
    need_ids = select(service_need_table.c.service_id).where(service_need_table.c.need == need)
    area_ids = select(service_area_table.c.service_id).where(service_area_table.c.area_key.in_(keys))
    national_ids = select(S.id).where(S.is_national.is_(True), S.status == "active")
    general_ids = select(S.id).where(S.is_general.is_(True), S.status == "active")
    conditions: list[ColumnElement[bool]] = [S.status == "active", *_age_filter(age)]
    if need is not None:
        conditions.append(S.id.in_(union(need_ids, general_ids)))
    conditions.append(S.id.in_(union(area_ids, national_ids)) if keys else S.id.in_(national_ids))
    is_local: ColumnElement[bool] = S.id.in_(area_ids) if keys else false()
    named: ColumnElement[bool] = S.id.in_(need_ids) if need is not None else false()
    columns = (S.id, S.name, S.sms_description, S.website, S.min_age, S.max_age, S.need_count)
    query = select(*columns, is_local.label("is_local"), named.label("named")).where(*conditions)
    rows = (await execute(session, query)).all()
    ids = [row.id for row in rows]
    phones = await _phones(session, ids)
    rules = await _rules(session, ids)
    ranked: list[RankedService] = []
    for row in rows:
        schedule = tuple(rules.get(row.id, ()))
        tz = schedule[0].tz if schedule else DEFAULT_TZ
        avail = availability(schedule, now)
        local, named_need = bool(row.is_local), bool(row.named)
        why = reasons(
            avail,
            need=need,
            named_need=named_need,
            is_local=local,
            area=area,
            age=age,
            min_age=row.min_age,
            max_age=row.max_age,
            now=now,
            tz=tz,
        )
        ranked.append(
            RankedService(
                id=row.id,
                name=row.name,
                sms_description=row.sms_description,
                website=row.website,
                phones=tuple(phones.get(row.id, ())),
                schedule=schedule,
                hours=describe_hours(schedule),
                timezone=tz,
                is_local=local,
                is_24_7=avail.always,
                open_now=avail.open_now,
                open_until=avail.open_until,
                opens_next=avail.opens_next,
                score=score(avail, local, named_need, row.need_count),
                reasons=tuple(why),
            )
        )
    ranked.sort(key=lambda r: (r.score, r.name.casefold(), r.id))
    page = [
        RankedService(**{**r.__dict__, "reasons": (*r.reasons, f"rank {offset + i + 1} of {len(ranked)}")})
        for i, r in enumerate(ranked[offset : offset + limit])
    ]
    unknown_area = area is not None and len(keys) <= 1
    notes = (
        (f"area {area!r} is not in the area table: national services, and any listing that exact area",)
        if unknown_area
        else ()
    )
    return SearchResult(page, len(ranked), need, age, area, offset, limit, notes)


async def _phones(session: AsyncSession, ids: list[str]) -> dict[str, list[PhoneInfo]]:
    out: dict[str, list[PhoneInfo]] = {}
    if not ids:
        return out
    result = await execute(
        session,
        select(P.service_id, P.number, P.kind, P.text_keyword)
        .where(P.service_id.in_(ids))
        .order_by(P.service_id, P.position),
    )
    for row in result.all():
        out.setdefault(row.service_id, []).append(PhoneInfo(row.number, row.kind, row.text_keyword))
    return out


async def _rules(session: AsyncSession, ids: list[str]) -> dict[str, list[OpeningRule]]:
    out: dict[str, list[OpeningRule]] = {}
    if not ids:
        return out
    result = await execute(
        session,
        select(R.service_id, R.byday, R.opens_at, R.closes_at, R.timezone, R.valid_from, R.valid_to)
        .where(R.service_id.in_(ids))
        .order_by(R.service_id, R.id),
    )
    for row in result.all():
        rule = OpeningRule(
            parse_byday(row.byday), row.opens_at, row.closes_at, row.timezone, row.valid_from, row.valid_to
        )
        out.setdefault(row.service_id, []).append(rule)
    return out
