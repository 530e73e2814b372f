"""`waymark schools ...`: schools and their join codes."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.app.context import AppContext
from bot.cli.common import context_or_exit, fail, run, settings_or_exit
from bot.features.calendar.cli import app as terms_app
from bot.features.schools.service import SchoolError, add_code, add_school, list_schools, retire_code
from bot.storage.migrate import upgrade_async

app = typer.Typer(help="Schools and their join codes.", no_args_is_help=True)
app.add_typer(terms_app, name="terms")  # term dates (bot/features/calendar/cli.py)


def _ctx() -> AppContext:
    ctx = context_or_exit(settings_or_exit(), use_nlu=False, load_screen=False)
    run(upgrade_async(ctx.settings.database_url))
    return ctx


@app.command("add")
def schools_add(
    name: Annotated[str, typer.Argument(help="The school's name.")],
    authority: Annotated[str, typer.Option("--authority", help="Local authority, e.g. 'Leeds'.")],
    code: Annotated[list[str] | None, typer.Option("--code", help="A join code (repeatable).")] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="The team's contact.")] = None,
) -> None:
    """Add a school, with optional join codes."""

    async def go(ctx: AppContext) -> int:
        async with ctx.db.session() as session:
            school = await add_school(
                session, name=name, local_authority=authority, team_contact=contact, now=ctx.now()
            )
            assert school.id is not None
            for c in code or []:
                await add_code(session, school.id, c, ctx.now())
            await session.commit()
            return school.id

    ctx = _ctx()
    try:
        school_id = run(_closing(ctx, go(ctx)))
    except SchoolError as exc:
        fail(str(exc))
    typer.echo(f"added school {school_id}: {name}")


@app.command("list")
def schools_list() -> None:
    """List schools with their codes."""

    async def go(ctx: AppContext) -> None:
        async with ctx.db.session() as session:
            for school, codes in await list_schools(session):
                shown = ", ".join(c.code + (" (retired)" if c.retired_at else "") for c in codes) or "-"
                typer.echo(f"{school.id}\t{school.name}\t{school.local_authority}\t{shown}")

    ctx = _ctx()
    run(_closing(ctx, go(ctx)))


@app.command("codes")
def schools_codes(
    school_id: Annotated[int, typer.Argument(help="The school's id (see `schools list`).")],
    add: Annotated[list[str] | None, typer.Option("--add", help="Add a join code.")] = None,
    retire: Annotated[list[str] | None, typer.Option("--retire", help="Retire a join code.")] = None,
) -> None:
    """Show, add or retire a school's join codes."""

    async def go(ctx: AppContext) -> list[str]:
        async with ctx.db.session() as session:
            for c in add or []:
                await add_code(session, school_id, c, ctx.now())
            for c in retire or []:
                await retire_code(session, c, ctx.now())
            await session.commit()
            rows = [row for row in await list_schools(session) if row[0].id == school_id]
            if not rows:
                raise SchoolError(f"no school with id {school_id}")
            return [c.code + (" (retired)" if c.retired_at else "") for c in rows[0][1]]

    ctx = _ctx()
    try:
        codes = run(_closing(ctx, go(ctx)))
    except SchoolError as exc:
        fail(str(exc))
    typer.echo("\n".join(codes) or "(no codes)")


async def _closing(ctx: AppContext, coro):  # type: ignore[no-untyped-def]
    try:
        return await coro
    finally:
        await ctx.close()
