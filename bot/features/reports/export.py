"""The report as files: CSV (one row per figure, every scope) and the monthly PDF pack (matplotlib's
PdfPages: a cover, tables of figures, the charts). Both are for commissioners: build them from a
suppressed report."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from zoneinfo import ZoneInfo

from bot.features.reports.charts import CHARTS, RENDER_LOCK, draw
from bot.features.reports.figures import Scope
from bot.features.reports.service import Report
from bot.features.reports.suppress import display

if TYPE_CHECKING:
    from matplotlib.backends.backend_pdf import PdfPages

CSV_HEADER = (
    "period",
    "from",
    "to",
    "scope",
    "school_id",
    "section",
    "figure",
    "label",
    "value",
    "suppressed",
)
ROWS_PER_PAGE = 32
A4 = (8.27, 11.69)


def to_csv(report: Report) -> str:
    """Every figure of every scope, as shown (so "<5" where suppressed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    p = report.period
    for scope in report.scopes:
        for section in scope.sections:
            for f in section.figures:
                school = "" if scope.school_id is None else scope.school_id
                row = (
                    p.key,
                    p.first,
                    p.last,
                    scope.name,
                    school,
                    section.title,
                    f.key,
                    f.label,
                    display(f),
                    f.suppressed,
                )
                writer.writerow(row)
    return out.getvalue()


def _cover(pdf: PdfPages, report: Report) -> None:
    from matplotlib.figure import Figure as PlotFigure

    fig = PlotFigure(figsize=A4)
    made = report.generated_at.astimezone(ZoneInfo(report.period.zone)).strftime("%d %B %Y, %H:%M")
    lines = [
        (0.80, report.service_name, 30, "bold"),
        (0.74, "Report for the team and commissioners", 16, "normal"),
        (0.64, report.period.label, 22, "bold"),
        (0.59, report.overall.name, 15, "normal"),
        (0.52, f"Made {made} ({report.period.zone})", 12, "normal"),
    ]
    for y, text, size, weight in lines:
        fig.text(0.1, y, text, fontsize=size, fontweight=weight)
    if report.suppressed:
        fig.text(
            0.1,
            0.40,
            'To protect young people, counts from 1 to 4 are shown as "<5", a count that\n'
            'would let someone work one out as "hidden", and rates or times that rest on\n'
            'them as "suppressed".',
            fontsize=12,
        )
    fig.text(0.1, 0.33, "Definitions of every figure: docs/reports.md.", fontsize=12)
    pdf.savefig(fig)  # type: ignore[no-untyped-call]


def _tables(pdf: PdfPages, report: Report, scope: Scope) -> None:
    """The scope's figures, a row each under a shaded row naming each section."""
    from matplotlib.figure import Figure as PlotFigure

    rows: list[tuple[str, str | None]] = []
    for section in scope.sections:
        rows.append((section.title, None))
        rows.extend((f.label, display(f)) for f in section.figures)
    for start in range(0, len(rows), ROWS_PER_PAGE):
        chunk = rows[start : start + ROWS_PER_PAGE]
        fig = PlotFigure(figsize=A4)
        fig.text(0.06, 0.95, f"{scope.name}: {report.period.label}", fontsize=15, fontweight="bold")
        ax = fig.add_axes((0.06, 0.05, 0.88, 0.87))
        ax.axis("off")
        table = ax.table(
            cellText=[[label, value or ""] for label, value in chunk],
            colLabels=["Figure", "Value"],
            colWidths=[0.78, 0.22],
            loc="upper left",
            cellLoc="left",
        )
        table.auto_set_font_size(False)
        table.set_fontsize(11)
        table.scale(1, 1.6)
        for (row, _), cell in table.get_celld().items():
            heading = row == 0 or chunk[row - 1][1] is None
            if heading:
                cell.set_facecolor("#dde6f0")
                cell.get_text().set_fontweight("bold")
        pdf.savefig(fig)  # type: ignore[no-untyped-call]


def write_pdf(report: Report, path: Path | BinaryIO) -> int:
    """Write the pack to `path` (a file name or a binary file); the number of pages. Matplotlib is
    imported here, not when the module is (the web app imports it for its routes)."""
    from matplotlib.backends.backend_pdf import PdfPages

    pages = 0
    with RENDER_LOCK, PdfPages(path) as pdf:
        _cover(pdf, report)
        for scope in report.scopes:
            _tables(pdf, report, scope)
        for chart in CHARTS.values():
            fig = draw(chart, report.overall, report.period.label)
            pdf.savefig(fig)
        pages = int(pdf.get_pagecount())
        info = pdf.infodict()
        info["Title"] = f"{report.service_name} report, {report.period.label}"
    return pages
