"""`waymark contacts ...`: a subject access export and a right-to-erasure request for one contact.

The address is a phone number in any UK format (``07700 900123``, ``+447700900123``) or, with
``--channel telegram``, a Telegram chat id. Both act as a named practitioner (``--as``) and are audited.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import fail, migrated_context, practitioner_actor, run
from bot.features.data_protection.subject_rights import (
    SubjectRightsError,
    erase_contact,
    export_contact,
    find_contact,
)

app = typer.Typer(help="A contact's data: subject access export and erasure.", no_args_is_help=True)
AsOption = Annotated[str, typer.Option("--as", help="Your practitioner username (audited).")]
ChannelOption = Annotated[str, typer.Option("--channel", help="sms or telegram.")]


async def _export(address: str, channel: str, username: str, out: Path | None) -> None:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            contact = await find_contact(session, channel, address)
        except SubjectRightsError as exc:
            fail(str(exc))
        data = await export_contact(ctx, session, contact, actor)
        await session.commit()
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(
            f"wrote {len(data['messages'])} messages and {len(data['safeguarding_cases'])} cases to {out}"
        )


@app.command("export")
def export_cmd(
    address: Annotated[str, typer.Argument(help="Phone number or Telegram chat id.")],
    as_user: AsOption,
    channel: ChannelOption = "sms",
    out: Annotated[Path | None, typer.Option("--out", help="Write the JSON here instead of stdout.")] = None,
) -> None:
    """Everything held about one contact, readable JSON (a subject access request)."""
    run(_export(address, channel, as_user, out))


async def _erase(address: str, channel: str, username: str) -> None:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            contact = await find_contact(session, channel, address)
            result = await erase_contact(ctx, session, contact, actor)
        except SubjectRightsError as exc:
            fail(str(exc))
        await session.commit()
    typer.echo(f"deleted {result.messages_deleted} messages; other records: {result.records_deleted}")
    if result.contact_deleted:
        typer.echo("the contact is deleted: nothing about them is left except the audit log entry.")
        return
    typer.echo(
        f"kept {result.messages_kept} messages that are part of safeguarding case(s) "
        f"{', '.join(result.kept_for_cases)}: NHS records must be kept for the retention period "
        "(docs/operations.md), so they cannot be erased on request. The contact is opted out."
    )


@app.command("erase")
def erase_cmd(
    address: Annotated[str, typer.Argument(help="Phone number or Telegram chat id.")],
    as_user: AsOption,
    channel: ChannelOption = "sms",
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase a contact's records (refused while a safeguarding case is open; case records are kept)."""
    if not yes:
        typer.confirm("Erase this contact's messages and records? This cannot be undone", abort=True)
    run(_erase(address, channel, as_user))
