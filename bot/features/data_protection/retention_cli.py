"""`waymark retention purge [--dry-run]`: run the daily purge now (``serve`` also runs it every day)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bot.cli.common import migrated_context, run
from bot.features.data_protection.retention import PurgeReport, purge

app = typer.Typer(help="Data retention.", no_args_is_help=True)


async def _purge(dry_run: bool) -> PurgeReport:
    async with migrated_context() as ctx:
        return await purge(ctx, dry_run=dry_run)


@app.command("purge")
def purge_cmd(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would go; change nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Delete message text, state and audit events past their retention (config.yml `retention`)."""
    report = run(_purge(dry_run))
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
        return
    verb = "would blank" if dry_run else "blanked"
    typer.echo(
        f"{verb} {report.messages_blanked} message texts ({report.messages_held} kept for safeguarding "
        f"cases); states {report.states_deleted}, signposting records {report.signposting_deleted}, "
        f"scheduled items {report.scheduled_deleted}, audit events {report.audit_deleted}"
    )
