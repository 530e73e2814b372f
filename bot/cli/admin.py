"""`waymark db ...`: database tasks (the shell's own; features bring their own commands)."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.cli.common import run, settings_or_exit
from bot.storage.migrate import upgrade_async

db_app = typer.Typer(help="Database tasks.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply database migrations (WAYMARK_DATABASE_URL) up to REVISION."""
    settings = settings_or_exit()
    run(upgrade_async(settings.database_url, revision))
    typer.echo(f"database upgraded to {revision}")
