"""Search the directory by need, age and area, ranked and explained.

The candidate set comes from one indexed SQL query (need -> ``directory_service_need``,
area -> ``directory_service_area``, plus the ``is_general`` / ``is_national`` indexes);
phones and schedules come from JSON copies on the service row, so there is no second
round trip. Only the page that is returned gets its reasons and hours text written. Ranking is in
``signposting.ranking``. Paging (``MORE``) uses ``offset``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    bindparam,
    exists,
    false,
    or_,
    select,
    union_all,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.areas import area_key, area_keys, area_keys_query
from signposting.db import execute
from signposting.models import service_area_table, service_need_table, service_table
from signposting.ranking import Availability, availability, reasons, score
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
    closing_soon: bool = False


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


@lru_cache(maxsize=8)
def _statement(has_need: bool, has_area: bool, has_age: bool) -> Select[Any]:
    """The candidate query for one shape of search, built once; values are bind parameters.

    It drives from the (small) set of services in the area or national, then probes the
    need by primary key: cheaper than intersecting two large id sets.
    """
    N, A = service_need_table.c, service_area_table.c
    need, age = bindparam("need", type_=String()), bindparam("age", type_=Integer())
    national_ids = select(S.id).where(S.is_national.is_(True), S.status == "active")
    keys = area_keys_query() if has_area else None
    if keys is not None:
        in_area = S.id.in_(union_all(select(A.service_id).where(A.area_key.in_(keys)), national_ids))
    else:
        in_area = S.id.in_(national_ids)
    named: ColumnElement[bool] = exists().where(N.service_id == S.id, N.need == need) if has_need else false()
    is_local: ColumnElement[bool] = (
        exists().where(A.service_id == S.id, A.area_key.in_(keys)) if keys is not None else false()
    )
    conditions: list[ColumnElement[bool]] = [in_area, S.status == "active"]
    if has_age:
        conditions += [or_(S.min_age.is_(None), S.min_age <= age), or_(S.max_age.is_(None), S.max_age >= age)]
    if has_need:
        conditions.append(or_(S.is_general.is_(True), named))
    columns = (S.id, S.name, S.sms_description, S.website, S.min_age, S.max_age, S.need_count)
    return select(
        *columns, S.phones_cache, S.schedule_cache, is_local.label("is_local"), named.label("named")
    ).where(*conditions)


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
    query = _statement(need is not None, bool(area), age is not None)
    params = {"need": need, "area_key": area_key(area) if area else None, "age": age}
    rows = (await execute(session, query, params)).all()
    schedules: dict[str, tuple[OpeningRule, ...]] = {}
    states: dict[str, Availability] = {}
    keyed = []
    for row in rows:
        cache = row.schedule_cache
        if cache not in states:
            schedules[cache] = _schedule(cache)
            states[cache] = availability(schedules[cache], now)
        rank = score(states[cache], bool(row.is_local), bool(row.named), row.need_count)
        keyed.append(((rank, row.name.casefold(), row.id), row))
    keyed.sort(key=lambda item: item[0])
    page: list[RankedService] = []
    for position, ((rank, _, _), row) in enumerate(keyed[offset : offset + limit], start=offset + 1):
        schedule = schedules[row.schedule_cache]
        avail = states[row.schedule_cache]
        tz = schedule[0].tz if schedule else DEFAULT_TZ
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
        page.append(
            RankedService(
                id=row.id,
                name=row.name,
                sms_description=row.sms_description,
                website=row.website,
                phones=_phones(row.phones_cache),
                schedule=schedule,
                hours=describe_hours(schedule),
                timezone=tz,
                is_local=local,
                is_24_7=avail.always,
                open_now=avail.open_now,
                open_until=avail.open_until,
                opens_next=avail.opens_next,
                score=rank,
                reasons=(*why, f"rank {position} of {len(keyed)}"),
                closing_soon=avail.closing_soon,
            )
        )
    unknown_area = (
        area is not None
        and not any(row.is_local for _, row in keyed)
        and len(await area_keys(session, area)) <= 1
    )
    notes = (
        (f"area {area!r} is not in the area table: national services, and any listing that exact area",)
        if unknown_area
        else ()
    )
    return SearchResult(page, len(keyed), need, age, area, offset, limit, notes)


def _phones(cache: str) -> tuple[PhoneInfo, ...]:
    return tuple(PhoneInfo(number, kind, keyword) for number, kind, keyword in json.loads(cache or "[]"))


def _schedule(cache: str) -> tuple[OpeningRule, ...]:
    rules = []
    for byday, opens, closes, tz, valid_from, valid_to in json.loads(cache or "[]"):
        rules.append(
            OpeningRule(
                parse_byday(byday),
                time.fromisoformat(opens) if opens else None,
                time.fromisoformat(closes) if closes else None,
                tz,
                date.fromisoformat(valid_from) if valid_from else None,
                date.fromisoformat(valid_to) if valid_to else None,
            )
        )
    return tuple(rules)
