"""`waymark safeguarding feedback ...`: flag a stored message as missed risk, export the labels as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import fail, migrated_context, practitioner_actor, run

app = typer.Typer(
    help="Practitioners' labels on screening: missed risk and resolved cases.", no_args_is_help=True
)


async def _flag(message_id: int, severity: str, category: str, username: str) -> str:
    from bot.features.escalations.feedback import FeedbackError, flag_missed

    async with migrated_context() as ctx, ctx.db.session() as session:
        await practitioner_actor(session, username)
        try:
            row = await flag_missed(
                session, message_id, severity=severity, category=category, by=username, now=ctx.now()
            )
        except FeedbackError as exc:
            fail(str(exc))
        await session.commit()
        return (
            f"message {row.message_id} flagged as missed {row.severity} risk ({row.category}) by {username}"
        )


@app.command("flag")
def flag_command(
    message_id: Annotated[int, typer.Argument(help="The stored inbound message's id (escalations show).")],
    severity: Annotated[str, typer.Option(help="concern | high | immediate: what it should have been.")],
    category: Annotated[str, typer.Option(help="The kind of risk, e.g. suicide, self_harm, abuse.")],
    as_user: Annotated[str, typer.Option("--as", help="Your practitioner username.")],
) -> None:
    """Flag a stored message as risk that screening missed (audited)."""
    typer.echo(run(_flag(message_id, severity, category, as_user)))


async def _export(path: Path) -> int:
    from bot.features.escalations.feedback import export_rows, write_csv

    async with migrated_context() as ctx, ctx.db.session() as session:
        rows = await export_rows(session)
    write_csv(path, rows)
    return len(rows)


@app.command("export")
def export_command(
    file: Annotated[Path, typer.Argument(help="Where to write the CSV (text,severity,category,source).")],
) -> None:
    """Write every labelled message (resolved cases' labels, missed-risk flags) as a labelled CSV: no phone
    numbers, no names. Ready for `waymark safeguarding eval` and for training."""
    count = run(_export(file))
    typer.echo(f"wrote {count} labelled messages to {file}")
