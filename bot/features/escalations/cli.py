"""`waymark escalations ...`: the duty queue from the command line (the web dashboard comes later).

Uses ``WAYMARK_DATABASE_URL`` (migrated first) and ``WAYMARK_CONFIG``. ``ack``, ``resolve`` and ``show``
act as a named practitioner (``--as``) and are audited; ``show`` is the only place the message text appears.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer

from bot.app.context import AppContext
from bot.cli.common import fail, migrated_context, run
from bot.features.escalations import actions, rota_cli
from bot.features.escalations.actions import ActionRefused, Actor
from bot.features.escalations.alerts import audit_note
from bot.features.escalations.history import (
    conversation,
    describe,
    earlier_cases,
    history,
    school_of,
    warnings,
)
from bot.storage.models import Contact, Message
from safeguarding import escalations
from safeguarding.escalations import AuditNote
from safeguarding.hold import hold_active
from safeguarding.models import OTHER, Escalation

app = typer.Typer(help="The duty queue of escalations.", no_args_is_help=True)
rota_app = typer.Typer(
    help="Who is on duty; `rota check` checks the rota against the users table; list, add, remove, manager."
)
app.add_typer(rota_app, name="rota")
rota_cli.register(rota_app)
AsOption = Annotated[str, typer.Option("--as", help="Your practitioner username.")]


def _local(ctx: AppContext, when: dt.datetime | None) -> str:
    return ctx.service.local(when).strftime("%a %d %b %H:%M") if when else "-"


def _row(ctx: AppContext, esc: Escalation, warnings: list[str]) -> dict[str, Any]:
    overdue = esc.status == "open" and esc.ack_deadline is not None and ctx.now() > esc.ack_deadline
    return {
        "ref": esc.ref,
        "kind": esc.kind,
        "severity": esc.severity,
        "status": esc.status,
        "categories": esc.categories,
        "created": _local(ctx, esc.created_at),
        "ack_deadline": _local(ctx, esc.ack_deadline),
        "alert_level": esc.alert_level,
        "overdue": overdue,
        "acknowledged_by": esc.acknowledged_by,
        "warnings": warnings,
    }


async def _list(include_closed: bool, as_json: bool) -> None:
    async with migrated_context() as ctx, ctx.db.session() as session:
        rows = [
            _row(ctx, esc, await warnings(session, esc))
            for esc in await escalations.list_queue(session, include_closed=include_closed)
        ]
        listed = AuditNote("escalations.listed", "*", {"count": len(rows), "refs": [r["ref"] for r in rows]})
        await audit_note(session, listed, actor="cli", now=ctx.now())
        await session.commit()
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("the queue is empty")
    for r in rows:
        late = " OVERDUE" if r["overdue"] else ""
        typer.echo(
            f"{r['ref']}  {r['severity'].upper():9} {r['kind']:6} {r['status']:12} {r['created']:16} "
            f"deadline {r['ack_deadline']}{late}  {','.join(r['categories'])}"
        )
        for warning in r["warnings"]:
            typer.secho(f"        warning: {warning}", fg=typer.colors.YELLOW)


@app.command("list")
def list_command(
    include_closed: Annotated[bool, typer.Option("--all", help="Include resolved escalations.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The queue: open first (immediate, then high, then concern; oldest first), then acknowledged."""
    run(_list(include_closed, as_json))


async def _act(
    ref: str,
    username: str,
    outcome: str | None,
    note: str | None,
    label: str | None = None,
    category: str | None = None,
) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = Actor(username, "cli")
        try:
            if outcome is None:
                esc = await actions.acknowledge(session, ref, actor=actor, now=ctx.now())
            else:
                esc = await actions.resolve(
                    session,
                    ref,
                    actor=actor,
                    outcome=outcome,
                    label=label or "",
                    note=note or "",
                    now=ctx.now(),
                    category=category,
                )
        except ActionRefused as exc:  # refused attempts are audited too
            await session.commit()
            fail(str(exc))
        await session.commit()
        return f"{esc.ref} {esc.status} by {username}"


@app.command("ack")
def ack_command(ref: str, as_user: AsOption) -> None:
    """Acknowledge (take) an open escalation: stops the alert timer."""
    typer.echo(run(_act(ref, as_user, None, None)))


async def _note(ref: str, username: str, text: str) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        try:
            await actions.add_note(session, ref, actor=Actor(username, "cli"), text=text, now=ctx.now())
        except ActionRefused as exc:
            await session.commit()
            fail(str(exc))
        await session.commit()
        return f"{ref.strip().upper()} note added by {username}"


@app.command("note")
def note_command(
    ref: str, as_user: AsOption, text: Annotated[str, typer.Option("--text", help="The note.")]
) -> None:
    """Add a note to a case (what was done, who was spoken to). `show` lists the notes."""
    typer.echo(run(_note(ref, as_user, text)))


async def _reassign(ref: str, username: str, to: str) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        try:
            esc = await actions.reassign(session, ref, actor=Actor(username, "cli"), to=to, now=ctx.now())
        except ActionRefused as exc:
            await session.commit()
            fail(str(exc))
        await session.commit()
        return f"{esc.ref} now with {esc.acknowledged_by}"


@app.command("reassign")
def reassign_command(
    ref: str,
    as_user: AsOption,
    to: Annotated[str, typer.Option("--to", help="The practitioner who takes the case over.")],
) -> None:
    """Hand an acknowledged case to another practitioner."""
    typer.echo(run(_reassign(ref, as_user, to)))


@app.command("resolve")
def resolve_command(
    ref: str,
    as_user: AsOption,
    outcome: Annotated[str, typer.Option(help=f"One of: {', '.join(escalations.OUTCOMES)}.")],
    label: Annotated[
        str,
        typer.Option(
            help="Was it real risk? real | false_alarm | other (risk of another kind: give --category). "
            "Exported by `waymark safeguarding feedback export` to improve screening."
        ),
    ],
    note: Annotated[str, typer.Option(help="What was done (required).")],
    category: Annotated[
        str | None, typer.Option(help="With --label other: the kind of risk it was, e.g. abuse.")
    ] = None,
) -> None:
    """Close an escalation with an outcome, a label (real, false alarm, or other risk) and a note."""
    typer.echo(run(_act(ref, as_user, outcome, note, label, category)))


async def _show(ref: str, username: str) -> list[str]:
    async with migrated_context() as ctx, ctx.db.session() as session:
        try:
            esc = await actions.view(session, ref, actor=Actor(username, "cli"), now=ctx.now())
        except ActionRefused as exc:
            await session.commit()
            fail(str(exc))
        await session.commit()
        contact = await session.get(Contact, esc.contact_id)
        message = await session.get(Message, esc.message_id) if esc.message_id else None
        lines = [
            f"{k:16} {v}" for k, v in _row(ctx, esc, await warnings(session, esc)).items() if k != "warnings"
        ]
        lines += [
            f"{'contact':16} {contact.channel} {contact.address}" if contact else "contact          (gone)"
        ]
        lines += [f"{'school':16} {await school_of(session, esc.contact_id) or '(not joined)'}"]
        lines += [f"{'about':16} {_about(esc.about)}"]
        lines += [f"{'crisis hold':16} {_hold(ctx, esc)}"]
        lines += [
            f"{'matched':16} {m.get('category')}: {m.get('matched')} ({m.get('entry_id')})"
            for m in esc.matches
        ]
        lines += [f"{'message':16} {message.body if message else '(not stored)'}"]
        lines += [f"{'outcome':16} {_outcome(esc.outcome, esc.note)}"]
        lines += [f"{'label':16} {_label(esc.label, esc.label_category)}"]
        lines += [
            f"{'note':16} {_local(ctx, n.created_at)} {n.author}: {n.text}"
            for n in await escalations.notes(session, esc)
        ]
        lines += [f"warning: {w}" for w in await warnings(session, esc)]
        on_case = {esc.message_id} | {row.message_id for row in await escalations.timeline(session, esc)}
        lines += ["conversation (a day before the case until now; * = on this case; #message id):"]
        lines += [_said(ctx, m, m.id in on_case) for m in await conversation(session, esc, ctx.now())]
        earlier = await earlier_cases(session, esc)
        lines += ["other cases for this contact:" if earlier else "other cases for this contact: none"]
        lines += [
            f"  {e.ref}  {e.severity:9} {e.status:12} {_local(ctx, e.created_at)}  "
            f"{_outcome(e.outcome, None)}  label {_label(e.label, e.label_category)}"
            for e in earlier
        ]
        lines += ["history:"] + [
            f"  {_local(ctx, event.at)}  {describe(event)}" for event in await history(session, esc)
        ]
        return lines


def _said(ctx: AppContext, m: Message, on_case: bool) -> str:
    mark = "*" if on_case else " "
    inbound = f"in  [{m.meta.get('severity', '?')}]"
    tag = inbound if m.direction == "in" else f"out ({m.kind}, {m.status})"
    return f" {mark}{_local(ctx, m.created_at)}  #{m.id:<6} {tag}  {m.body}".replace("\n", " / ")


def _about(about: str) -> str:
    return "someone else (a friend or parent wrote)" if about == OTHER else "the person texting"


def _hold(ctx: AppContext, esc: Escalation) -> str:
    if hold_active(esc, ctx.now()):
        return f"until {_local(ctx, esc.hold_until)} (or until acknowledged)"
    return "no"


def _label(label: str | None, category: str | None) -> str:
    if not label:
        return "none yet"
    return f"{label} ({category})" if category else label


@app.command("show")
def show_command(ref: str, as_user: AsOption) -> None:
    """Everything about one escalation, including the message text (audited as a view)."""
    for line in run(_show(ref, as_user)):
        typer.echo(line)


async def _who(at: dt.datetime | None) -> list[str]:
    from bot.features.escalations.rota_store import load_rota

    async with migrated_context() as ctx, ctx.db.session() as session:
        now = at or ctx.now()
        rota = await load_rota(session, ctx.config, now)
        duty = rota.who_is_on(now)
        if duty is None:
            nxt = rota.next_shift_start(now)
            return [
                f"nobody on duty at {_local(ctx, now)}; next duty starts {_local(ctx, nxt)}",
                f"manager: {rota.manager or '-'}",
            ]
        return [
            f"on duty at {_local(ctx, now)} ({duty.source} until {_local(ctx, duty.end)})",
            f"primary: {duty.primary}",
            f"backup:  {duty.backup or '-'}",
            f"manager: {duty.manager or '-'}",
        ]


@rota_app.callback(invoke_without_command=True)
def rota_command(
    typer_ctx: typer.Context,
    at: Annotated[
        str | None, typer.Option("--at", help="ISO time (default now), e.g. 2026-11-21T22:00+00:00.")
    ] = None,
) -> None:
    """Who is on duty now (or --at a time)."""
    if typer_ctx.invoked_subcommand is not None:
        return
    when = None
    if at is not None:
        try:
            when = dt.datetime.fromisoformat(at)
        except ValueError:
            fail(f"not an ISO time: {at!r}")
        if when.tzinfo is None:
            fail("give the time with its offset, e.g. 2026-11-21T22:00+00:00")
    for line in run(_who(when)):
        typer.echo(line)


async def _check() -> list[str]:
    from bot.features.escalations.rota_check import rota_problems

    async with migrated_context() as ctx, ctx.db.session() as session:
        return await rota_problems(session, ctx.config)


@rota_app.command("check")
def rota_check_command() -> None:
    """Check that every name in the rota is an active practitioner who can receive alerts."""
    problems = run(_check())
    for problem in problems:
        typer.secho(f"problem: {problem}", fg=typer.colors.RED, err=True)
    if problems:
        raise typer.Exit(1)
    typer.echo("rota: every name is an active practitioner with an alert address")


def _outcome(outcome: str | None, note: str | None) -> str:
    """'none yet' while open; else the outcome, with the note after a colon when there is one."""
    if not outcome:
        return "none yet"
    return f"{outcome}: {note}" if note else outcome
