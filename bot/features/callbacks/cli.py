"""`waymark callbacks ...`: the call-back queue from the command line (the dashboard page comes later).

Every command acts as a named practitioner (``--as``) and is audited; ``show`` is the only place the number
and the person's words appear. What we may say if someone else answers is printed in bold.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer

from bot.app.audit import record
from bot.app.context import AppContext
from bot.cli.common import fail, migrated_context, practitioner_actor, run
from bot.features.callbacks import service
from bot.features.callbacks.models import OUTCOMES, Callback
from bot.features.callbacks.service import CallbackError
from flows.callback_times import describe_due

app = typer.Typer(help="The call-back queue.", no_args_is_help=True)
AsOption = Annotated[str, typer.Option("--as", help="Your practitioner username.")]
RefArg = Annotated[str, typer.Argument(help="The call-back's reference, e.g. CB-7K2Q.")]


def safe_words(cb: Callback) -> str:
    """What the caller may do if someone else answers, in capitals so it cannot be missed."""
    say = "SAY WHO WE ARE: YES" if cb.safe_to_say else "SAY WHO WE ARE: NO, ask for them only"
    mail = "VOICEMAIL: YES" if cb.voicemail else "VOICEMAIL: NO"
    return f"{say}; {mail}"


def _local(ctx: AppContext, when: dt.datetime | None) -> str:
    return ctx.service.local(when).strftime("%a %d %b %H:%M") if when else "-"


def _row(ctx: AppContext, cb: Callback) -> dict[str, Any]:
    return {
        "ref": cb.ref,
        "status": cb.status,
        "when": cb.window.get("label", "any time"),
        "safe_to_say": cb.safe_to_say,
        "voicemail": cb.voicemail,
        "requester": cb.requester,
        "for_child": cb.for_child,
        "due_by": _local(ctx, cb.due_by),
        "overdue": service.is_overdue(cb, ctx.now()),
        "claimed_by": cb.claimed_by,
        "created": _local(ctx, cb.created_at),
    }


async def _audit(
    ctx: AppContext, session: Any, actor: str, action: str, subject: str, details: dict[str, Any]
) -> None:
    await record(
        session,
        at=ctx.now(),
        actor=actor,
        action=action,
        subject_type="callback",
        subject_id=subject,
        details=details,
    )


async def _list(username: str, include_closed: bool, as_json: bool) -> None:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        rows = [_row(ctx, cb) for cb in await service.list_callbacks(session, include_closed=include_closed)]
        await _audit(ctx, session, actor, "callbacks.listed", "*", {"count": len(rows)})
        await session.commit()
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("no open call-backs")
    for r in rows:
        late = typer.style(" OVERDUE", fg=typer.colors.RED, bold=True) if r["overdue"] else ""
        who = r["requester"] + (f" ({r['for_child']})" if r["for_child"] else "")
        yes_no = ("NO", "YES")
        safe = typer.style(
            f"say who we are: {yes_no[r['safe_to_say']]}, voicemail: {yes_no[r['voicemail']]}", bold=True
        )
        typer.echo(
            f"{r['ref']}  {r['status']:9}  due {r['due_by']}{late}  when: {r['when']}  {safe}  {who}"
            f"  claimed: {r['claimed_by'] or '-'}"
        )


@app.command("list")
def list_cmd(
    username: AsOption,
    all_: Annotated[bool, typer.Option("--all", help="Include closed call-backs.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON list.")] = False,
) -> None:
    """Open call-backs, soonest due first, with the time window and what we may say."""
    run(_list(username, all_, as_json))


async def _show(username: str, ref: str) -> None:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            cb = await service.get(session, ref)
        except CallbackError as exc:
            fail(str(exc))
        tries = await service.attempts(session, cb.id or 0)
        kept = await service.notes(session, cb.id or 0)
        await _audit(ctx, session, actor, "callback.viewed", cb.ref, {"status": cb.status})
        await session.commit()
    who = cb.requester + (f", about their {cb.for_child}" if cb.for_child else "")
    typer.echo(
        f"{cb.ref}  {cb.status}  due by {_local(ctx, cb.due_by)}"
        f" ({describe_due(ctx.service, ctx.now(), cb.due_by)})"
    )
    typer.echo(typer.style(safe_words(cb), bold=True))
    typer.echo(f"call:     {cb.phone}")
    typer.echo(f"when:     {cb.window.get('label', 'any time')}")
    typer.echo(f"who:      {who}")
    typer.echo(f"about:    {cb.about or '-'}")
    typer.echo(f"asked:    {_local(ctx, cb.created_at)} by {cb.source}; claimed by {cb.claimed_by or '-'}")
    typer.echo(f"retries:  {cb.retry_left} left")
    for t in tries:
        typer.echo(f"  {_local(ctx, t.at)}  {t.by}: {t.outcome}{'  - ' + t.note if t.note else ''}")
    for n in kept:
        typer.echo(f"  note {_local(ctx, n.at)}  {n.by}: {n.text}")


@app.command("show")
def show_cmd(ref: RefArg, username: AsOption) -> None:
    """One call-back in full: the number, the window, what we may say, what it is about, the attempts."""
    run(_show(username, ref))


async def _act(
    username: str, ref: str, what: str, outcome: str | None = None, note: str | None = None
) -> Callback:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        name = actor.split(":", 1)[1]
        try:
            if what == "claim":
                cb = await service.claim(session, ref, name, ctx.now())
            elif what == "cancel":
                cb = await service.cancel(
                    session,
                    await service.get(session, ref, lock=True),
                    actor=actor,
                    now=ctx.now(),
                    reason="team_closed",
                )
            else:
                cb = await service.record_outcome(ctx, session, ref, name, outcome or "", note)
        except CallbackError as exc:
            fail(str(exc))
        await session.commit()
        if cb.status == "no_answer" and cb.closed_at is None:
            typer.echo(f"{cb.ref}: no answer; they were texted, retry due by {_local(ctx, cb.due_by)}")
        return cb


@app.command("claim")
def claim_cmd(ref: RefArg, username: AsOption) -> None:
    """Take a call-back: it is yours to call."""
    cb = run(_act(username, ref, "claim"))
    typer.echo(f"{cb.ref} claimed by {cb.claimed_by}")


@app.command("outcome")
def outcome_cmd(
    ref: RefArg,
    outcome: Annotated[str, typer.Argument(help=f"One of: {', '.join(OUTCOMES)}.")],
    username: AsOption,
    note: Annotated[str | None, typer.Option("--note", help="A short note for the team (not sent).")] = None,
) -> None:
    """Record a try: called (spoke, more to do), no_answer (they are texted; one retry), done."""
    cb = run(_act(username, ref, "outcome", outcome, note))
    typer.echo(f"{cb.ref} is now {cb.status}{' (closed)' if cb.closed_at else ''}")


async def _note(username: str, ref: str, text: str) -> Callback:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            cb = await service.add_note(session, ref, actor.split(":", 1)[1], text, ctx.now())
        except CallbackError as exc:
            fail(str(exc))
        await session.commit()
        return cb


@app.command("note")
def note_cmd(
    ref: RefArg,
    text: Annotated[str, typer.Argument(help="The note, for the team only (not sent).")],
    username: AsOption,
) -> None:
    """Keep a note for the team on a call-back (shown by `show` and the dashboard; never sent)."""
    cb = run(_note(username, ref, text))
    typer.echo(f"note added to {cb.ref}")


@app.command("cancel")
def cancel_cmd(ref: RefArg, username: AsOption) -> None:
    """Close a call-back that is no longer needed."""
    cb = run(_act(username, ref, "cancel"))
    typer.echo(f"{cb.ref} cancelled")
