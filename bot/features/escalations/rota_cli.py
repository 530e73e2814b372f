"""`waymark escalations rota list|add|remove|manager`: the stored duty rota from the command line, through
the same checked, audited service functions as the dashboard's /rota (``rota_store.py``). Changes need
``--as`` an active admin; each prints the `rota check` warnings afterwards."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cli.common import fail, migrated_context, run
from bot.features.escalations.rota_check import rota_problems
from bot.features.escalations.rota_store import RotaError, add_slot, remove_slot, set_manager, stored_rota
from bot.features.practitioners.service import by_username

AsAdmin = Annotated[str, typer.Option("--as", help="Your username (an active admin).")]


async def _admin(session: AsyncSession, username: str) -> str:
    person = await by_username(session, username)
    if person is None or not person.active or person.role != "admin":
        raise RotaError(f"{username!r} is not an active admin: only admins change the rota")
    return f"practitioner:{person.username}"


async def _list() -> list[str]:
    async with migrated_context() as ctx, ctx.db.session() as session:
        setting, slots = await stored_rota(session, ctx.config, ctx.now())
        await session.commit()
    lines = [f"manager: {setting.manager or '-'}"]
    for s in slots:
        when = s.on_date.isoformat() if s.on_date else s.days
        backup = f" backup {s.backup}" if s.backup else ""
        lines.append(f"{s.id}: {s.kind} {when} {s.start:%H:%M}-{s.end:%H:%M} {s.primary}{backup}")
    return lines


async def _change(as_user: str, change: str, **values: str) -> list[str]:
    async with migrated_context() as ctx, ctx.db.session() as session:
        now = ctx.now()
        try:
            actor = await _admin(session, as_user)
            if change == "add":
                days = [d for d in values["days"].split(",") if d.strip()]
                fields = {k: v for k, v in values.items() if k != "days"}
                slot = await add_slot(session, ctx.config, days=days, actor=actor, now=now, **fields)
                done = f"added row {slot.id}"
            elif change == "remove":
                await remove_slot(session, ctx.config, int(values["slot"]), actor=actor, now=now)
                done = f"removed row {values['slot']}"
            else:
                await set_manager(session, ctx.config, values["manager"], actor=actor, now=now)
                done = f"manager: {values['manager'] or '-'}"
        except RotaError as exc:
            await session.rollback()
            fail(str(exc))
        await session.commit()
        return [done, *(f"problem: {p}" for p in await rota_problems(session, ctx.config))]


def register(rota_app: typer.Typer) -> None:
    """Add the commands to `waymark escalations rota`."""

    @rota_app.command("list")
    def list_command() -> None:
        """The stored rota rows with their ids (copied from config.yml first if not yet stored)."""
        for line in run(_list()):
            typer.echo(line)

    @rota_app.command("add")
    def add_command(
        as_user: AsAdmin,
        primary: Annotated[str, typer.Option(help="Username of the practitioner on duty.")],
        start: Annotated[str, typer.Option(help="Local start time, HH:MM.")],
        end: Annotated[str, typer.Option(help="Local end time, HH:MM (earlier: runs past midnight).")],
        kind: Annotated[str, typer.Option(help="shift, on_call or override (a dated change).")] = "shift",
        days: Annotated[str, typer.Option(help="mon,tue,... for a shift or on-call entry.")] = "",
        date: Annotated[str, typer.Option(help="YYYY-MM-DD for a dated change.")] = "",
        backup: Annotated[str, typer.Option(help="Username of the backup (optional).")] = "",
    ) -> None:
        """Add a row: checked like the dashboard's form, audited as rota.slot_added."""
        for line in run(
            _change(as_user, "add", kind=kind, days=days, on_date=date, start=start, end=end, primary=primary,
                    backup=backup)
        ):  # fmt: skip
            typer.echo(line)

    @rota_app.command("remove")
    def remove_command(slot: int, as_user: AsAdmin) -> None:
        """Remove row SLOT (its id from `rota list`), audited as rota.slot_removed."""
        for line in run(_change(as_user, "remove", slot=str(slot))):
            typer.echo(line)

    @rota_app.command("manager")
    def manager_command(
        as_user: AsAdmin, name: Annotated[str, typer.Argument(help="Username; '' for none.")] = ""
    ) -> None:
        """Set the manager (last in the alert ladder), audited as rota.manager_set."""
        for line in run(_change(as_user, "manager", manager=name)):
            typer.echo(line)
