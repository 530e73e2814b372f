"""`waymark directory ...`: import Open Referral data into the service directory.

Uses ``WAYMARK_DATABASE_URL`` (default ``sqlite:///./waymark.db``), migrated to the latest schema first.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.settings import load_settings
from bot.storage.db import Database
from bot.storage.migrate import upgrade_async

app = typer.Typer(help="The service directory.", no_args_is_help=True)


@asynccontextmanager
async def _session() -> AsyncIterator[AsyncSession]:
    """A session on WAYMARK_DATABASE_URL, migrated to the latest schema first."""
    settings = load_settings()
    await upgrade_async(settings.database_url)
    db = Database(settings.database_url)
    try:
        async with db.session() as session:
            yield session
    finally:
        await db.dispose()


async def _import(path: Path, dry_run: bool, console: Console) -> int:
    import datetime as dt

    from bot.features.signposting.directory import run_import

    async with _session() as session:
        report = await run_import(
            session,
            path,
            dry_run=dry_run,
            actor=_cli_actor(),
            now=dt.datetime.now(dt.UTC),
            progress=console.is_terminal,
        )
    for problem in report.errors:
        console.print(f"[red]error[/red] {problem}", highlight=False, markup=True)
    for problem in report.warnings:
        console.print(f"[yellow]warning[/yellow] {problem}", highlight=False, markup=True)
    if report.unknown_terms:
        console.print("unknown taxonomy terms: " + ", ".join(report.unknown_terms), highlight=False)
    console.print(report.summary(), highlight=False)
    return 0 if report.ok else 1


def _cli_actor() -> str:
    """Who ran the command, for the audit log: ``cli:<login name>`` (``cli`` when it cannot be known)."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"[:80]
    except (KeyError, OSError):
        return "cli"


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="ORUK JSON file, HSDS CSV file or folder of HSDS CSV files.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check everything, write nothing.")] = False,
) -> None:
    """Import services; every problem is printed as file:row: message and nothing is half-imported."""
    console = Console(stderr=True, soft_wrap=True)
    try:
        code = asyncio.run(_import(file, dry_run, console))
    except ValueError as exc:
        console.print(f"[red]error[/red] {exc}", highlight=False)
        code = 2
    raise typer.Exit(code)


async def _areas(path: Path) -> int:
    from signposting.areas import load_areas

    async with _session() as session:
        count = await load_areas(session, path)
        await session.commit()
    return count


@app.command("areas")
def areas_command(
    file: Annotated[
        Path, typer.Argument(help="CSV: kind,code,name,local_authority_code,local_authority_name")
    ],
) -> None:
    """Add or update postcode districts and local authorities in the area lookup table."""
    from signposting.areas import AreaFileError

    console = Console(stderr=True, soft_wrap=True)
    try:
        count = asyncio.run(_areas(file))
    except (AreaFileError, OSError) as exc:
        console.print(f"error {exc}", highlight=False, markup=False)
        raise typer.Exit(1) from exc
    console.print(f"{file.name}: {count} area rows loaded", highlight=False)
