"""The report for a period, as the web page, the API, the CSV, the charts and the PDF pack all get it:
:func:`build_report` (the one function every surface calls) and :func:`audit_report` (one audit event
per view or export: who, which period, which school, which format; never the figures)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.reports import data as report_data
from bot.features.reports.figures import Scope, sections
from bot.features.reports.periods import Period
from bot.features.reports.suppress import suppress_report
from flows.context import ServiceInfo

NO_SCHOOL = "No school joined"


@dataclass(frozen=True)
class Report:
    period: Period
    service_name: str
    generated_at: dt.datetime
    suppressed: bool
    overall: Scope
    schools: tuple[Scope, ...]
    in_view: dict[int, str]
    """Every school the person may pick (names by id), whichever one this report is for."""

    @property
    def scopes(self) -> tuple[Scope, ...]:
        return (self.overall, *self.schools)


async def build_report(
    session: AsyncSession,
    service: ServiceInfo,
    period: Period,
    *,
    now: dt.datetime,
    schools: Sequence[int] | None = None,
    school: int | None = None,
    suppressed: bool,
) -> Report:
    """The figures for `period`, over `schools` (None: every school, and contacts with none), or just
    `school` (which must be one of `schools` when they are given). `suppressed`: counts 1-4 shown as <5."""
    rows = await report_data.load(session, period)
    if schools is not None:
        rows = rows.only(schools)
    in_view = dict(rows.schools)
    if school is not None:
        if school not in rows.schools:
            raise LookupError("no such school in view")
        rows = rows.only([school])
    label = (
        rows.schools[school] if school is not None else ("All schools" if schools is None else "Your schools")
    )
    overall = Scope(label, school, sections(rows, service))
    per_school = []
    if school is None:
        for school_id, name in sorted(rows.schools.items(), key=lambda kv: kv[1]):
            per_school.append(Scope(name, school_id, sections(rows.only([school_id]), service)))
    if suppressed:
        overall, per_school = suppress_report(overall, per_school)
    return Report(period, service.name, now, suppressed, overall, tuple(per_school), in_view)


async def audit_report(
    session: AsyncSession,
    *,
    now: dt.datetime,
    actor: str,
    period: Period,
    school: int | None,
    form: str,
    suppressed: bool,
) -> None:
    """One audit event for viewing or exporting a report (`form`: page, api, csv, chart:<name>, pdf)."""
    await record(
        session,
        at=now,
        actor=actor,
        action="report.viewed" if form in ("page", "api") else "report.exported",
        subject_type="report",
        subject_id=period.key,
        details={"school_id": school, "form": form, "suppressed": suppressed},
    )
