"""`/api/v1/reports`: the report's figures as JSON (session or API token), the same figures as the
`/reports` page. A suppressed figure's ``value`` is null; ``shown`` says "<5" or "suppressed"."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from bot.features.reports.figures import Scope
from bot.features.reports.suppress import display
from bot.storage.models.users import Practitioner
from bot.web.api_docs import Problem
from bot.web.dashboard.auth import require
from bot.web.dashboard.render import ALL_ROLES
from bot.web.dashboard.report_request import load, read

router = APIRouter(prefix="/api/v1", tags=["reports"])
Anyone = Depends(require(*ALL_ROLES))


class FigureOut(BaseModel):
    key: str
    label: str
    kind: Literal["count", "percent", "minutes", "change"]
    value: float | None = Field(
        description="Null when suppressed or when there is nothing to compute it from."
    )
    shown: str = Field(
        description='As the page shows it: "12", "<5", "38%", "1 h 05 min", "suppressed", "none".'
    )
    suppressed: bool


class SectionOut(BaseModel):
    title: str
    notes: list[str]
    figures: list[FigureOut]


class ScopeOut(BaseModel):
    name: str
    school_id: int | None
    sections: list[SectionOut]


class PeriodOut(BaseModel):
    key: str
    label: str
    first: dt.date
    last: dt.date
    timezone: str


class ReportOut(BaseModel):
    period: PeriodOut
    suppressed: bool
    overall: ScopeOut
    schools: list[ScopeOut]


def _scope(scope: Scope) -> ScopeOut:
    return ScopeOut(
        name=scope.name,
        school_id=scope.school_id,
        sections=[
            SectionOut(
                title=s.title,
                notes=list(s.notes),
                figures=[
                    FigureOut(
                        key=f.key,
                        label=f.label,
                        kind=f.kind,
                        value=None if f.suppressed else f.value,
                        shown=display(f),
                        suppressed=f.suppressed,
                    )
                    for f in s.figures
                ],
            )
            for s in scope.sections
        ],
    )


@router.get(
    "/reports",
    response_model=ReportOut,
    summary="Report figures for a month, week or date range",
    responses={404: {"model": Problem, "description": "`school` is not a school in this person's reports"}},
)
async def report_api(
    request: Request,
    month: str | None = Query(None, description="YYYY-MM"),
    week: str | None = Query(None, description="YYYY-Www (ISO week)"),
    first: str | None = Query(None, alias="from", description="YYYY-MM-DD, with to"),
    last: str | None = Query(None, alias="to", description="YYYY-MM-DD, with from"),
    school: int | None = Query(None, description="One school's id"),
    suppress: bool = Query(False, description="Admins and managers: suppress as for commissioners"),
    person: Practitioner = Anyone,
) -> ReportOut:
    """Overall and per school. School leads get their schools only, always suppressed; duty clinicians and
    practitioners get suppressed figures; admins and managers exact ones unless `suppress`. Audited."""
    asked = read(request, person, file=False)
    report = await load(request, person, asked, "api")
    p = report.period
    return ReportOut(
        period=PeriodOut(key=p.key, label=p.label, first=p.first, last=p.last, timezone=p.zone),
        suppressed=report.suppressed,
        overall=_scope(report.overall),
        schools=[_scope(s) for s in report.schools],
    )
