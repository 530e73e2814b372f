"""`waymark appointments ...`: book, import, list, show, move, cancel, and record attended / did not attend.

Every command that changes or shows an appointment names the practitioner doing it (``--as``) and is
audited through the service functions (bot/features/appointments/service.py). Times are local
(``service.timezone``), written ``2026-12-08 16:00``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlmodel import col, select

from bot.cli.common import fail, migrated_context, practitioner_actor, run
from bot.features.appointments import service
from bot.features.appointments.entry import book_entered
from bot.features.appointments.importer import CsvImportError, book_rows, parse_start, read_rows
from bot.features.appointments.models import KINDS, OPEN, Appointment
from bot.features.appointments.reminders import key_prefix
from bot.storage.models import AuditEvent, Contact, ScheduledItem

app = typer.Typer(help="Appointments and their reminders.", no_args_is_help=True)
AsOption = Annotated[str, typer.Option("--as", help="Your practitioner username (audited).")]


def _local(ctx: Any, at: dt.datetime | None) -> str:
    return ctx.service.local(at).strftime("%a %d %b %Y %H:%M") if at else "-"


def _row(ctx: Any, appt: Appointment) -> dict[str, Any]:
    return {
        "id": appt.id,
        "start": _local(ctx, appt.start_at),
        "minutes": appt.minutes,
        "kind": appt.kind,
        "status": appt.status,
        "practitioner": appt.practitioner_name,
        "place": appt.place or "",
        "course": appt.course_id or "",
        "reminders_sent": appt.reminders_sent,
    }


async def _add(
    phone: str, start: str, kind: str, username: str, who: str | None, name: str | None,
    minutes: int, place: str | None, weekly: int,
) -> list[str]:  # fmt: skip
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            made = await book_entered(
                ctx,
                session,
                phone=phone,
                start=start,
                kind=kind,
                actor=actor,
                practitioner=who,
                name=name,
                minutes=minutes,
                place=place,
                weekly=weekly,
            )
        except service.AppointmentError as exc:
            fail(str(exc))
        await session.commit()
        return [f"booked {a.id}: {_local(ctx, a.start_at)} {a.kind} with {a.practitioner_name}" for a in made]


@app.command("add")
def add_command(
    phone: Annotated[str, typer.Option(help="The person's mobile number.")],
    start: Annotated[str, typer.Option(help="Local date and time, e.g. '2026-12-08 16:00'.")],
    kind: Annotated[str, typer.Option(help=f"One of: {', '.join(KINDS)}.")],
    as_user: AsOption,
    practitioner: Annotated[str | None, typer.Option("--with", help="The practitioner's username.")] = None,
    name: Annotated[str | None, typer.Option(help="The practitioner's name as the person knows it.")] = None,
    minutes: Annotated[int, typer.Option(help="Length in minutes.")] = 45,
    place: Annotated[str | None, typer.Option(help="Where (meetings), e.g. 'Oak School, Room 4'.")] = None,
    weekly: Annotated[int, typer.Option(help="Book a course: this many sessions, a week apart.")] = 1,
) -> None:
    """Book an appointment (or a weekly course) and schedule its reminders."""
    if practitioner is None and not name:
        fail("give --with USERNAME or --name")
    for line in run(_add(phone, start, kind, as_user, practitioner, name, minutes, place, weekly)):
        typer.echo(line)


async def _import(path: Path, username: str, dry_run: bool) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            rows = read_rows(path, ctx)
            booked = await book_rows(ctx, session, rows, path.name, f"{actor} import:{path.name}")
        except CsvImportError as exc:
            await session.rollback()
            for line in exc.errors:
                typer.secho(line, fg=typer.colors.RED, err=True)
            fail(f"nothing imported: {len(exc.errors)} problem(s) in {path.name}")
        if dry_run:
            await session.rollback()
            return f"dry run: {len(rows)} row(s) would book {booked} appointment(s); nothing written"
        await session.commit()
        return f"imported {len(rows)} row(s): {booked} appointment(s) booked"


@app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="CSV: phone,start,kind,practitioner,... (docs/appointments.md).")
    ],
    as_user: AsOption,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and show, write nothing.")] = False,
) -> None:
    """Book appointments from a CSV file in one transaction: every row valid, or nothing booked."""
    typer.echo(run(_import(file, as_user, dry_run)))


async def _list(everything: bool, as_json: bool) -> list[dict[str, Any]]:
    async with migrated_context() as ctx, ctx.db.session() as session:
        query = select(Appointment).order_by(col(Appointment.start_at))
        if not everything:
            query = query.where(col(Appointment.status).in_(OPEN), col(Appointment.start_at) > ctx.now())
        return [_row(ctx, a) for a in (await session.exec(query)).all()]


@app.command("list")
def list_command(
    everything: Annotated[bool, typer.Option("--all", help="Past and closed ones too.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Upcoming open appointments, soonest first (``--all`` for every one)."""
    rows = run(_list(everything, as_json))
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("no appointments")
    for r in rows:
        typer.echo(
            f"{r['id']:>5}  {r['start']}  {r['minutes']:>3}m  {r['kind']:6} {r['status']:20} "
            f"{r['practitioner']}  {r['place']}"
        )


async def _show(appointment_id: int, username: str) -> list[str]:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            appt = await service.get(session, appointment_id)
        except service.AppointmentError as exc:
            fail(str(exc))
        contact = await session.get(Contact, appt.contact_id)
        lines = [f"{k:16} {v}" for k, v in _row(ctx, appt).items()]
        lines += [
            f"{'contact':16} {contact.channel} {contact.address}" if contact else "contact          (gone)"
        ]
        lines += [f"{'reason given':16} {appt.reason or '-'}"]
        lines += [f"{'last reminder':16} {_local(ctx, appt.last_reminder_at)}"]
        items = await session.exec(
            select(ScheduledItem)
            .where(col(ScheduledItem.dedupe_key).startswith(key_prefix(appointment_id)))
            .order_by(col(ScheduledItem.due_at))
        )
        lines += ["reminders:"] + [
            f"  {_local(ctx, i.due_at)}  {i.payload.get('offset', '?'):>4}  {i.status}" for i in items.all()
        ]
        events = await session.exec(
            select(AuditEvent)
            .where(AuditEvent.subject_type == "appointment", AuditEvent.subject_id == str(appointment_id))
            .order_by(col(AuditEvent.at), col(AuditEvent.id))
        )
        lines += ["history:"] + [f"  {_local(ctx, e.at)}  {e.action}  by {e.actor}" for e in events.all()]
        await service.audit_viewed(session, appt, actor, ctx.now())
        await session.commit()
        return lines


@app.command("show")
def show_command(appointment_id: int, as_user: AsOption) -> None:
    """One appointment: who, when, status, the person's reason, its reminders and its history."""
    for line in run(_show(appointment_id, as_user)):
        typer.echo(line)


async def _change(appointment_id: int, username: str, action: str, value: str | None = None) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            appt = await service.get(session, appointment_id)
            if action == "cancel":
                await service.cancel_by_team(ctx, session, appt, actor, reason=value)
            elif action == "move":
                await service.reschedule(ctx, session, appt, parse_start(value or "", ctx.service.tz), actor)
            else:
                await service.mark_outcome(ctx, session, appt, action == "attended", actor)
        except (service.AppointmentError, ValueError) as exc:
            fail(str(exc))
        await session.commit()
        return f"appointment {appt.id}: {appt.status}, {_local(ctx, appt.start_at)}"


@app.command("cancel")
def cancel_command(
    appointment_id: int,
    as_user: AsOption,
    reason: Annotated[str | None, typer.Option(help="Why (kept on the appointment).")] = None,
) -> None:
    """Cancel for the team: its reminders stop. Nothing is texted: tell the person yourself."""
    typer.echo(run(_change(appointment_id, as_user, "cancel", reason)))


@app.command("move")
def move_command(
    appointment_id: int,
    as_user: AsOption,
    start: Annotated[str, typer.Option(help="New local date and time, e.g. '2026-12-09 10:00'.")],
) -> None:
    """Move to a new time: status back to booked, reminders planned again."""
    typer.echo(run(_change(appointment_id, as_user, "move", start)))


@app.command("attended")
def attended_command(appointment_id: int, as_user: AsOption) -> None:
    """Record that the person came (or took the call)."""
    typer.echo(run(_change(appointment_id, as_user, "attended")))


@app.command("dna")
def dna_command(appointment_id: int, as_user: AsOption) -> None:
    """Record that the person did not attend."""
    typer.echo(run(_change(appointment_id, as_user, "dna")))
