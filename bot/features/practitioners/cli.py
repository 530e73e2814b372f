"""`waymark users ...`: practitioner accounts (the CLI names `users create` and `users list` are fixed)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from bot.cli.common import context_or_exit, fail, run, settings_or_exit
from bot.features.practitioners.accounts_cli import register as register_account_commands
from bot.features.practitioners.service import PractitionerError, all_practitioners, create_practitioner
from bot.storage.migrate import upgrade_async
from bot.storage.models.users import ROLES

app = typer.Typer(help="Practitioner accounts.", no_args_is_help=True)
register_account_commands(app)


async def _create(
    username: str, role: str, name: str, channel: str, address: str, password: str | None
) -> str:
    settings = settings_or_exit()
    await upgrade_async(settings.database_url)
    ctx = context_or_exit(settings, use_nlu=False, load_screen=False)
    try:
        async with ctx.db.session() as session:
            try:
                person = await create_practitioner(
                    session,
                    username=username,
                    display_name=name,
                    role=role,
                    channel=channel,
                    address=address,
                    now=ctx.now(),
                    password=password,
                    must_change_password=True,
                )
            except PractitionerError as exc:
                fail(str(exc))
            await session.commit()
            return f"created {person.username} ({person.role}), alerts by {person.alert_channel}"
    finally:
        await ctx.close()


@app.command("create")
def create_command(
    username: Annotated[str, typer.Argument(help="Login name, e.g. sam.jones.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")] = "practitioner",
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    phone: Annotated[str | None, typer.Option(help="Mobile number for SMS alerts.")] = None,
    telegram: Annotated[str | None, typer.Option(help="Telegram chat id for alerts.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read a password from stdin.")
    ] = False,
) -> None:
    """Add a practitioner with an alert address (--phone or --telegram). With a password, they must choose
    their own at their first dashboard sign-in."""
    if (phone is None) == (telegram is None):
        fail("give exactly one of --phone or --telegram")
    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    if password_stdin and not password:
        fail("no password on stdin")
    channel, address = ("sms", phone) if phone is not None else ("telegram", telegram or "")
    typer.echo(run(_create(username, role, name or username, channel, address, password)))


async def _list() -> list[str]:
    settings = settings_or_exit()
    await upgrade_async(settings.database_url)
    ctx = context_or_exit(settings, use_nlu=False, load_screen=False)
    try:
        async with ctx.db.session() as session:
            people = await all_practitioners(session)
    finally:
        await ctx.close()
    return [
        f"{p.username:20} {p.role:15} {p.alert_channel:9} {_state(p.active):9} {p.display_name}"
        for p in people
    ]


def _state(active: bool) -> str:
    return "active" if active else "inactive"


@app.command("list")
def list_command() -> None:
    """Every practitioner: username, role, alert channel, active. (Addresses are not printed.)"""
    lines = run(_list())
    for line in lines or ["no practitioners yet (waymark users create)"]:
        typer.echo(line)
