"""`/reports`: the figures for a month, week or date range, overall and per school, with charts
(`/reports/chart/<name>.png`), a CSV (`/reports.csv`) and the PDF pack (`/reports.pdf`).

Viewing the page is audited once (its inline charts are part of that view); each download is audited.
The query string holds only the period and a school id (bot/web/dashboard/report_request.py)."""

from __future__ import annotations

import asyncio
import io

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from bot.features.reports.charts import CHARTS, png
from bot.features.reports.export import to_csv, write_pdf
from bot.features.reports.suppress import display
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import require
from bot.web.dashboard.render import ALL_ROLES, page
from bot.web.dashboard.report_request import EXACT_ROLES, load, read

router = APIRouter(include_in_schema=False)
Anyone = Depends(require(*ALL_ROLES))
COMPARE = (
    "contacts.people",
    "contacts.conversations",
    "joined.total",
    "cases.alerts",
    "callbacks.requested",
    "referrals.total",
    "appts.total",
    "appts.dna_rate",
)


@router.get("/reports")
async def reports_page(request: Request, person: Practitioner = Anyone) -> Response:
    asked = read(request, person, file=False)
    report = await load(request, person, asked, "page")
    return page(
        request,
        "reports.html",
        person,
        title="Reports",
        report=report,
        asked=asked,
        schools=sorted(report.in_view.items(), key=lambda kv: kv[1]),
        charts=list(CHARTS.values()),
        compare=COMPARE,
        display=display,
        may_see_exact=person.role in EXACT_ROLES,
    )


def _download(body: bytes, media: str, name: str) -> Response:
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})


@router.get("/reports/chart/{name}.png")
async def chart_png(name: str, request: Request, person: Practitioner = Anyone) -> Response:
    chart = CHARTS.get(name)
    if chart is None:
        raise HTTPException(status_code=404, detail="There is no such chart.")
    asked = read(request, person, file=True)
    download = request.query_params.get("download") == "1"
    report = await load(request, person, asked, f"chart:{name}" if download else "")
    body = await asyncio.to_thread(png, chart, report.overall, report.period.label)
    if download:
        return _download(body, "image/png", f"waymark-{name}-{asked.period.key}.png")
    return Response(body, media_type="image/png", headers={"cache-control": "private, no-store"})


@router.get("/reports.csv")
async def reports_csv(request: Request, person: Practitioner = Anyone) -> Response:
    asked = read(request, person, file=True)
    report = await load(request, person, asked, "csv")
    return _download(
        to_csv(report).encode(), "text/csv; charset=utf-8", f"waymark-report-{asked.period.key}.csv"
    )


@router.get("/reports.pdf")
async def reports_pdf(request: Request, person: Practitioner = Anyone) -> Response:
    asked = read(request, person, file=True)
    report = await load(request, person, asked, "pdf")

    def make() -> bytes:
        out = io.BytesIO()
        write_pdf(report, out)
        return out.getvalue()

    body = await asyncio.to_thread(make)
    return _download(body, "application/pdf", f"waymark-report-{asked.period.key}.pdf")
