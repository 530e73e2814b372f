"""Search the directory as the bot does, for the dashboard and the JSON API: the same area lookup
(``resolve_area``: a postcode, a town or a borough to its local authority) and the same ranked ``search``,
with each result's reasons; optionally only the services open now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from signposting import NEEDS, RankedService, resolve_area, search

MAX_RESULTS = 200
"""At most this many ranked results are read for one dashboard search (the directory of one area is far
smaller); the page shows them all."""


class SearchInputError(ValueError):
    """A search field that cannot be used; the message is ready for people."""


@dataclass(frozen=True)
class Lookup:
    """A dashboard search: what was asked, the area it resolved to, and the ranked services."""

    need: str | None
    age: int | None
    area_text: str
    area: str | None
    open_now: bool
    results: list[RankedService]
    total: int
    notes: tuple[str, ...]


def parse_need(value: str) -> str | None:
    need = value.strip().casefold() or None
    if need is not None and need not in NEEDS:
        raise SearchInputError(f"{value.strip()!r} is not one of the needs the bot knows")
    return need


def parse_search_age(value: str) -> int | None:
    raw = value.strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not 0 <= int(raw) <= 120:
        raise SearchInputError("give the age as a whole number of years, from 0 to 120")
    return int(raw)


async def find_services(
    session: AsyncSession,
    *,
    need: str | None,
    age: int | None,
    area_text: str,
    open_now: bool,
    now: dt.datetime,
) -> Lookup:
    """Ranked services for a need, age and area as the bot would find them (areas it cannot place match
    national services and listings of that exact text); `open_now` keeps only those open at `now`."""
    area_text = area_text.strip()[:100]
    found = await resolve_area(session, area_text) if area_text else None
    area = found.local_authority_name if found is not None else (area_text or None)
    result = await search(session, need, age, area, now, limit=MAX_RESULTS)
    ranked = result.results
    if open_now:
        ranked = [r for r in ranked if r.open_now or r.is_24_7]
    return Lookup(need, age, area_text, area, open_now, ranked, result.total, result.notes)
