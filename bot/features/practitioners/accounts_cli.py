"""`waymark users disable|enable|set-password|set-role|set-schools|token`: managing dashboard accounts.

These commands (like every `waymark` command) work directly on the database, so they are for the
server's administrators: whoever can run them already holds the database credentials. Each change is
audited with actor ``cli``. People elsewhere use the dashboard (password sign-in) or the API (a token).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated

import typer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cli.common import fail, migrated_context, run
from bot.features.practitioners import accounts
from bot.features.practitioners.service import PractitionerError
from bot.storage.models.users import ROLES

CLI_ACTOR = "cli"
User = Annotated[str, typer.Argument(help="The practitioner's username.")]


async def _change(work: Callable[[AsyncSession, dt.datetime], Awaitable[str]]) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        try:
            said = await work(session, ctx.now())
        except PractitionerError as exc:
            fail(str(exc))
        await session.commit()
        return said


def register(app: typer.Typer) -> None:
    """Add the account commands to the `users` app."""

    @app.command("disable")
    def disable(username: User) -> None:
        """Disable an account: no sign-in, sessions end at their next request, no alerts."""

        async def work(session: AsyncSession, now: dt.datetime) -> str:
            await accounts.set_active(session, username, False, actor=CLI_ACTOR, now=now)
            return f"{username} disabled"

        typer.echo(run(_change(work)))

    @app.command("enable")
    def enable(username: User) -> None:
        """Enable an account again (and clear a lock-out)."""

        async def work(session: AsyncSession, now: dt.datetime) -> str:
            await accounts.set_active(session, username, True, actor=CLI_ACTOR, now=now)
            return f"{username} enabled"

        typer.echo(run(_change(work)))

    @app.command("set-password")
    def set_password(
        username: User,
        password_stdin: Annotated[
            bool, typer.Option("--password-stdin", help="Read the password from stdin instead of a prompt.")
        ] = False,
    ) -> None:
        """Set a password (at least 12 characters); the person must choose a new one at next sign-in."""
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)

        async def work(session: AsyncSession, now: dt.datetime) -> str:
            await accounts.set_password(session, username, password, actor=CLI_ACTOR, now=now)
            return f"password set for {username}; they must choose their own at their next sign-in"

        typer.echo(run(_change(work)))

    @app.command("set-role")
    def set_role(
        username: User, role: Annotated[str, typer.Argument(help=f"One of: {', '.join(ROLES)}.")]
    ) -> None:
        """Change an account's role."""

        async def work(session: AsyncSession, now: dt.datetime) -> str:
            await accounts.set_role(session, username, role, actor=CLI_ACTOR, now=now)
            return f"{username} is now {role}"

        typer.echo(run(_change(work)))

    @app.command("set-schools")
    def set_schools(
        username: User,
        school_ids: Annotated[
            list[int], typer.Argument(help="School ids (waymark schools list); none clears.")
        ],
    ) -> None:
        """The schools a practitioner or school lead works with (what the dashboard shows them)."""

        async def work(session: AsyncSession, now: dt.datetime) -> str:
            person = await accounts.set_schools(session, username, school_ids, actor=CLI_ACTOR, now=now)
            return f"{username} schools: {', '.join(map(str, person.schools)) or 'none'}"

        typer.echo(run(_change(work)))

    @app.command("token")
    def token(username: User) -> None:
        """Make a new API token for `username` (the old one stops working). Shown once: store it safely."""

        async def work(session: AsyncSession, now: dt.datetime) -> str:
            return await accounts.new_api_token(session, username, actor=CLI_ACTOR, now=now)

        typer.echo(run(_change(work)))
