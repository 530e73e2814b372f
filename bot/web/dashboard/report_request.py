"""What a request for a report asks for and may see: the period and school from the query string (the
only things in it), the schools in view for the person's role, and whether figures are suppressed.

Roles: everyone signed in may open reports. A school lead sees only their schools, always suppressed.
Admins and managers may see exact figures on screen; everyone else, and every file (CSV, PNG, PDF)
whoever asks, is suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import HTTPException, Request

from bot.features.reports import periods
from bot.features.reports.periods import Period
from bot.features.reports.service import Report, audit_report, build_report
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import actor, context

EXACT_ROLES = ("admin", "manager")
KINDS = {"month": ("month",), "week": ("week",), "dates": ("from", "to")}
"""The page's "period by" choice and the fields it reads (without it, giving two kinds is an error)."""


@dataclass(frozen=True)
class ReportRequest:
    period: Period
    school: int | None
    schools: list[int] | None
    """The schools in view (None: all, and contacts with no school)."""
    suppressed: bool
    raw: dict[str, str]

    @property
    def by(self) -> str:
        return "week" if "week" in self.raw else "dates" if "from" in self.raw else "month"

    def query(self, **extra: str) -> str:
        """The query string for links to this report (period and school only, and `extra`)."""
        return urlencode({**self.raw, **extra})


def read(request: Request, person: Practitioner, *, file: bool) -> ReportRequest:
    """The report asked for; a clear message for a bad period or school (400 on a page, 422 from the API,
    as for any other bad query value there)."""
    q = request.query_params
    bad = 422 if request.url.path.startswith("/api/") else 400
    ctx = context(request)
    zone = ctx.config.service.timezone
    raw = {k: q[k] for k in ("month", "week", "from", "to", "school") if q.get(k)}
    chosen = KINDS.get(q.get("by", ""))
    if chosen is not None:  # the page's form: only the fields of the kind of period picked count
        raw = {k: v for k, v in raw.items() if k in chosen or k == "school"}
    try:
        period = periods.parse(
            zone,
            week_text=raw.get("week"),
            month_text=raw.get("month"),
            first=raw.get("from"),
            last=raw.get("to"),
        )
    except periods.PeriodError as exc:
        raise HTTPException(status_code=bad, detail=str(exc)) from exc
    if period is None:
        period = periods.last_month(ctx.now(), zone)
        raw["month"] = period.key
    school = None
    if "school" in raw:
        if not raw["school"].isdigit():
            raise HTTPException(status_code=bad, detail="Pick a school from the list.")
        school = int(raw["school"])
    lead = person.role == "school_lead"
    exact = person.role in EXACT_ROLES and not file and q.get("suppress") not in ("1", "true")
    return ReportRequest(period, school, list(person.schools) if lead else None, not exact, raw)


async def load(request: Request, person: Practitioner, asked: ReportRequest, form: str) -> Report:
    """Build the report and audit the view or export (one event); 404 for a school not in view."""
    ctx = context(request)
    now = ctx.now()
    async with ctx.db.session() as session:
        try:
            report = await build_report(
                session,
                ctx.service,
                asked.period,
                now=now,
                schools=asked.schools,
                school=asked.school,
                suppressed=asked.suppressed,
            )
        except LookupError as exc:
            raise HTTPException(status_code=404, detail="There is no such school in your reports.") from exc
        if form:
            await audit_report(
                session,
                now=now,
                actor=actor(person),
                period=asked.period,
                school=asked.school,
                form=form,
                suppressed=asked.suppressed,
            )
            await session.commit()
    return report
