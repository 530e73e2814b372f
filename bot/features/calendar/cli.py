"""`waymark schools terms ...`: import a school's term dates (CSV), show them, and tie a term-time
service's opening hours in the directory to a school's terms."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.cli.common import fail, migrated_context, practitioner_actor, run
from bot.features.calendar.service import TermsImportError, import_terms, terms_for_school
from bot.features.schools.service import find_school_by_code
from flows.calendar import day_text
from signposting.term_time import TermTimeError, apply_term_time

app = typer.Typer(
    help="School term dates (for term-time services and holiday answers).", no_args_is_help=True
)
By = Annotated[str, typer.Option("--by", help="Your practitioner username (audited).")]


async def _import(path: Path, by: str) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, by)
        try:
            count = await import_terms(session, path, actor=actor, now=ctx.now())
        except TermsImportError as exc:
            fail("no terms imported:\n" + str(exc))
        except OSError as exc:
            fail(f"cannot read {path}: {exc.strerror}")
        await session.commit()
        return f"imported {count} terms from {path}"


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="CSV with columns school,term,start,end.")], by: By
) -> None:
    """Import term dates; replaces the terms of every school named in the file. Nothing is stored if any
    row is wrong (each problem is printed as file:row)."""
    typer.echo(run(_import(file, by)))


async def _school_id(session: AsyncSession, code: str) -> int:
    school = await find_school_by_code(session, code)
    if school is None or school.id is None:
        fail(f"no school with code {code!r}")
    return school.id


async def _show(code: str) -> list[str]:
    async with migrated_context() as ctx, ctx.db.session() as session:
        terms = await terms_for_school(session, await _school_id(session, code))
        return [
            f"{t.name:20} {day_text(t.start)} {t.start.year} to {day_text(t.end)} {t.end.year}"
            for t in terms.terms
        ]


@app.command("show")
def show_command(school: Annotated[str, typer.Argument(help="The school's join code.")]) -> None:
    """A school's term dates."""
    lines = run(_show(school))
    typer.echo("\n".join(lines) if lines else "no term dates for this school")


async def _tie(service_id: str, code: str, by: str) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, by)
        terms = await terms_for_school(session, await _school_id(session, code))
        try:
            count = await apply_term_time(session, service_id, [(t.start, t.end) for t in terms.terms])
        except TermTimeError as exc:
            fail(str(exc))
        await record(
            session,
            at=ctx.now(),
            actor=actor,
            action="calendar.service_term_time",
            subject_type="service",
            subject_id=service_id,
            details={"school": code, "rules": count},
        )
        await session.commit()
        return f"{service_id}: open in term time only ({count} dated rules from {len(terms.terms)} terms)"


@app.command("tie-service")
def tie_command(
    service: Annotated[str, typer.Argument(help="The directory service id.")],
    school: Annotated[str, typer.Argument(help="The school's join code.")],
    by: By,
) -> None:
    """Make a directory service open only in this school's terms (its weekly hours, each term)."""
    typer.echo(run(_tie(service, school, by)))
