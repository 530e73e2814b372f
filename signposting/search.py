"""Search the directory by need, age and area, ranked and explained.

The candidate set comes from one indexed SQL query on the search index
(``directory_search_key``: need token x area token -> service, see ``models.ServiceSearchKey``);
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
    case,
    func,
    literal,
    or_,
    select,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.areas import area_key, area_keys, area_keys_query
from signposting.db import fetch_all
from signposting.models import (
    ANY_NEED,
    GENERAL_NEED,
    NATIONAL_AREA,
    search_key_table,
    service_table,
)
from signposting.ranking import Availability, availability, rank_key, reasons
from signposting.schedules import DEFAULT_TZ, OpeningRule, describe_hours, parse_byday
from signposting.weekly import Clock, compile_timetable, sort_fields


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


FIRST_PAGE = 3
"""The first page people see (``MORE`` gives the next ones)."""
FIRST_PAGE_REASON = "kept on the first page: the best service that names the need {need}"
S = service_table.c
K = search_key_table.c
_ACTIVE_TIMETABLES = select(S.schedule_cache).where(S.status == "active").distinct()


@lru_cache(maxsize=8)
def _statement(has_need: bool, has_area: bool, has_age: bool) -> Select[Any]:
    """The candidate query for one shape of search, built once; values are bind parameters.

    It reads the search index (``directory_search_key``) by its primary key: the rows
    for the need (or ``~general``) in the area's keys (or ``~national``), so only
    matching services are touched, then fetches those services by primary key.
    """
    need, age = bindparam("need", type_=String()), bindparam("age", type_=Integer())
    area_match: ColumnElement[bool]
    if has_area:
        area_match = K.area_key.in_(area_keys_query(extra=(NATIONAL_AREA,)))
    else:
        area_match = K.area_key == NATIONAL_AREA
    need_match = K.need.in_([need, literal(GENERAL_NEED)]) if has_need else K.need == ANY_NEED
    is_local = func.max(case((K.area_key == NATIONAL_AREA, 0), else_=1))
    named = func.max(case((K.need == need, 1), else_=0)) if has_need else literal(0)
    found = (
        select(K.service_id, is_local.label("is_local"), named.label("named"))
        .where(need_match, area_match)
        .group_by(K.service_id)
        .subquery("found")
    )
    conditions: list[ColumnElement[bool]] = [S.status == "active"]
    if has_age:
        conditions += [or_(S.min_age.is_(None), S.min_age <= age), or_(S.max_age.is_(None), S.max_age >= age)]
    columns = (S.id, S.name, S.sms_description, S.website, S.min_age, S.max_age, S.need_count)
    return (
        select(*columns, S.phones_cache, S.schedule_cache, found.c.is_local, found.c.named)
        .select_from(found.join(service_table, S.id == found.c.service_id))
        .where(*conditions)
    )


async def search(
    session: AsyncSession,
    need: str | None,
    age: int | None,
    area: str | None,
    now: datetime,
    limit: int = 3,
    offset: int = 0,
    exclude: frozenset[str] = frozenset(),
) -> SearchResult:
    """Services for ``need`` (None: any), ``age`` (None: any) and ``area`` (a local authority).

    With no area, or an area we do not know, only national services match. Results are
    ordered by ``signposting.ranking`` and sliced by ``offset``/``limit``. Services whose
    id is in ``exclude`` (already sent to this person, say) are left out, and not counted.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    query = _statement(need is not None, bool(area), age is not None)
    params = {"need": need, "area_key": area_key(area) if area else None, "age": age}
    rows = await fetch_all(session, query, params)
    states: dict[str, Availability] = {}
    fields: dict[str, tuple[int, bool | None, bool, int]] = {}
    clocks: dict[str, Clock] = {}
    keyed = []
    for row in rows:
        if row.id in exclude:
            continue
        cache = row.schedule_cache
        if cache not in fields:
            fields[cache] = _sort_fields(cache, now, clocks, states)
        tier, open_now, always, minutes = fields[cache]
        # the query kept only services whose age range takes `age`: one with a range is made for it
        fits_age = age is not None and (row.min_age is not None or row.max_age is not None)
        rank = rank_key(
            tier, open_now, always, minutes, bool(row.is_local), bool(row.named), row.need_count, fits_age
        )
        keyed.append(((rank, row.name.casefold(), row.id), row))
    keyed.sort(key=lambda item: item[0])
    promoted = _keep_named_on_first_page(keyed) if need is not None else None
    page: list[RankedService] = []
    for position, ((rank, _, _), row) in enumerate(keyed[offset : offset + limit], start=offset + 1):
        schedule = _schedule(row.schedule_cache)
        avail = states.get(row.schedule_cache) or availability(schedule, now)
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
                reasons=(
                    *why,
                    *((FIRST_PAGE_REASON.format(need=need),) if row.id == promoted else ()),
                    f"rank {position} of {len(keyed)}",
                ),
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


def _keep_named_on_first_page(keyed: list[tuple[tuple[Any, ...], Any]]) -> str | None:
    """If no service on the first page names the need but a later one does, move the best of
    those into the first page's last place (in ``keyed``, so every page agrees). Returns its id.

    Availability comes first in the ranking, so general lines that are open can fill the
    first page and push the one service made for the problem to page 2, where most people
    never look. The open services keep the first places; the named one says when it opens.
    """
    if any(row.named for _, row in keyed[:FIRST_PAGE]):
        return None
    later = next((i for i in range(FIRST_PAGE, len(keyed)) if keyed[i][1].named), None)
    if later is None:
        return None
    keyed.insert(FIRST_PAGE - 1, keyed.pop(later))
    return str(keyed[FIRST_PAGE - 1][1].id)


async def warm_timetables(session: AsyncSession) -> int:
    """Compile every active service's timetable now (``serve`` does this at start), so the
    first searches rank from memory too. Returns how many distinct timetables there are."""
    rows = await fetch_all(session, _ACTIVE_TIMETABLES, {})
    for row in rows:
        compile_timetable(row.schedule_cache)
    return len(rows)


def _sort_fields(
    cache: str, now: datetime, clocks: dict[str, Clock], states: dict[str, Availability]
) -> tuple[int, bool | None, bool, int]:
    """``(tier, open_now, always, minutes_to_open)`` for a timetable: from the compiled week
    when it can say (see ``signposting.weekly``), else from ``availability`` (kept in ``states``)."""
    table = compile_timetable(cache)
    if table is not None:
        clock = clocks.get(table.tz)
        if clock is None:
            clock = clocks[table.tz] = Clock.at(now, table.tz)
        tier, open_now, minutes = sort_fields(table, clock)
        return tier, open_now, table.always, minutes
    avail = states[cache] = availability(_schedule(cache), now)
    return avail.tier, avail.open_now, avail.always, avail.minutes_to_open


@lru_cache(maxsize=1024)
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
