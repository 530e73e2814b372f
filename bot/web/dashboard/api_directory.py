"""`/api/v1/directory`: search the service directory as the bot does (need, age, area, open now), with
each result's rank and reasons; for workers' sessions or API tokens. Listed in /openapi.json."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from bot.features.signposting.lookup import SearchInputError, find_services, parse_need, parse_search_age
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import context, require
from bot.web.dashboard.render import WORKERS

router = APIRouter(prefix="/api/v1", tags=["directory"])
Worker = Depends(require(*WORKERS))


class DirectoryPhone(BaseModel):
    number: str
    kind: str
    text_keyword: str | None


class DirectoryResult(BaseModel):
    id: str
    name: str
    sms_description: str
    website: str | None
    phones: list[DirectoryPhone]
    hours: str
    is_local: bool
    is_24_7: bool
    open_now: bool | None
    open_until: dt.datetime | None
    opens_next: dt.datetime | None
    reasons: list[str]


class DirectorySearch(BaseModel):
    need: str | None
    age: int | None
    area: str | None
    open_now: bool
    total: int
    notes: list[str]
    results: list[DirectoryResult]


@router.get("/directory", response_model=DirectorySearch, summary="Search the service directory like the bot")
async def directory_search(
    request: Request,
    need: str = Query("", description="A need value (empty: any)"),
    age: str = Query("", description="Age in years (empty: any)"),
    area: str = Query("", description="Postcode, town or borough (empty: national services only)"),
    open_now: bool = Query(False, description="Only services open now"),
    person: Practitioner = Worker,
) -> DirectorySearch:
    """Ranked services with the bot's reasons. `total` counts matches before the open-now filter."""
    try:
        wanted_need, wanted_age = parse_need(need), parse_search_age(age)
    except SearchInputError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    ctx = context(request)
    async with ctx.db.session() as session:
        found = await find_services(
            session, need=wanted_need, age=wanted_age, area_text=area, open_now=open_now, now=ctx.now()
        )
    return DirectorySearch(
        need=found.need,
        age=found.age,
        area=found.area,
        open_now=found.open_now,
        total=found.total,
        notes=list(found.notes),
        results=[
            DirectoryResult(
                id=r.id,
                name=r.name,
                sms_description=r.sms_description,
                website=r.website,
                phones=[
                    DirectoryPhone(number=p.number, kind=p.kind, text_keyword=p.text_keyword)
                    for p in r.phones
                ],
                hours=r.hours,
                is_local=r.is_local,
                is_24_7=r.is_24_7,
                open_now=r.open_now,
                open_until=r.open_until,
                opens_next=r.opens_next,
                reasons=list(r.reasons),
            )
            for r in found.results
        ],
    )
