"""`waymark report --month 2026-11 --pdf FILE --csv FILE`: the monthly pack for commissioners.

Always suppressed (counts 1-4 as "<5"): these files leave the team. Without --pdf or --csv the figures
are printed. One audit event per file written (actor ``cli``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import fail, migrated_context, run
from bot.features.reports import periods
from bot.features.reports.service import build_report

app = typer.Typer(help="Reports for the team and commissioners: PDF pack, CSV, figures.")

Month = Annotated[
    str | None, typer.Option("--month", help="A calendar month, YYYY-MM (default: last month).")
]
Week = Annotated[str | None, typer.Option("--week", help="An ISO week, YYYY-Www, e.g. 2026-W48.")]
From = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD (with --to).")]
To = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD (with --from).")]
School = Annotated[int | None, typer.Option("--school", help="One school's id (default: every school).")]
Pdf = Annotated[Path | None, typer.Option("--pdf", help="Write the PDF pack here.", dir_okay=False)]
Csv = Annotated[Path | None, typer.Option("--csv", help="Write the figures as CSV here.", dir_okay=False)]


@app.callback(invoke_without_command=True)
def report(
    month: Month = None,
    week: Week = None,
    first: From = None,
    last: To = None,
    school: School = None,
    pdf: Pdf = None,
    csv_file: Csv = None,
) -> None:
    """Make the report for one period: a PDF pack, a CSV, or the figures on screen."""
    run(_report(month, week, first, last, school, pdf, csv_file))


async def _report(
    month: str | None,
    week: str | None,
    first: str | None,
    last: str | None,
    school: int | None,
    pdf: Path | None,
    csv_file: Path | None,
) -> None:
    from bot.features.reports.export import to_csv, write_pdf
    from bot.features.reports.service import audit_report
    from bot.features.reports.suppress import display

    async with migrated_context() as ctx, ctx.db.session() as session:
        zone = ctx.config.service.timezone
        try:
            period = periods.parse(zone, week_text=week, month_text=month, first=first, last=last)
        except periods.PeriodError as exc:
            fail(str(exc))
        period = period or periods.last_month(ctx.now(), zone)
        try:
            report = await build_report(
                session, ctx.service, period, now=ctx.now(), school=school, suppressed=True
            )
        except LookupError:
            fail(f"no school with id {school}")
        written = []
        if csv_file is not None:
            csv_file.write_text(to_csv(report), encoding="utf-8")
            written.append(("csv", f"wrote {csv_file}"))
        if pdf is not None:
            pages = write_pdf(report, pdf)
            written.append(("pdf", f"wrote {pdf} ({pages} pages)"))
        for form, _ in written or [("print", "")]:
            await audit_report(
                session, now=ctx.now(), actor="cli", period=period, school=school, form=form, suppressed=True
            )
        await session.commit()
    typer.echo(f"{report.service_name}: {period.label}, {report.overall.name} (counts 1-4 shown as <5)")
    if written:
        for _, line in written:
            typer.echo(line)
        return
    for section in report.overall.sections:
        typer.echo(f"\n{section.title}")
        for f in section.figures:
            typer.echo(f"  {f.label}: {display(f)}")
