"""`waymark referrals ...`: self-referrals waiting for triage, from the command line.

Every command acts as a named practitioner (``--as``) and is audited; ``show`` is the only place the
person's words appear. ``triage`` tells the person the outcome the way they chose.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from sqlmodel import col, select

from bot.app.audit import record
from bot.app.context import AppContext
from bot.cli.common import fail, migrated_context, practitioner_actor, run
from bot.features.referrals import service
from bot.features.referrals.models import STATUSES, Referral
from bot.features.referrals.service import DECISIONS, ReferralError
from bot.storage.models import School
from safeguarding.models import Escalation

app = typer.Typer(help="Self-referrals for the team to triage.", no_args_is_help=True)
AsOption = Annotated[str, typer.Option("--as", help="Your practitioner username.")]
RefArg = Annotated[str, typer.Argument(help="The referral's reference, e.g. RF-4MXA.")]


def _local(ctx: AppContext, when: Any) -> str:
    return ctx.service.local(when).strftime("%a %d %b %H:%M") if when else "-"


async def _school(session: Any, ref: Referral) -> str:
    if ref.school_id is not None:
        school = await session.get(School, ref.school_id)
        return school.name if school else "-"
    return f"{ref.school_name} (as they wrote it)" if ref.school_name else "-"


def _row(ctx: AppContext, ref: Referral, school: str) -> dict[str, Any]:
    return {
        "ref": ref.ref, "status": ref.status, "for": ref.for_whom, "age": ref.age, "school": school,
        "contact_by": ref.contact_by, "created": _local(ctx, ref.created_at), "triaged_by": ref.triaged_by,
        "safe_to_say": ref.safe_to_say, "voicemail": ref.voicemail, "safe_answer": ref.safe_answer,
        "if_someone_else_answers": service.if_someone_else_answers(ref),
    }  # fmt: skip


async def _audit(
    ctx: AppContext, session: Any, actor: str, action: str, subject: str, details: dict[str, Any]
) -> None:
    await record(
        session,
        at=ctx.now(),
        actor=actor,
        action=action,
        subject_type="referral",
        subject_id=subject,
        details=details,
    )


async def _list(username: str, status: str | None, as_json: bool) -> None:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        found = await service.list_referrals(session, status=status)
        rows = [_row(ctx, r, await _school(session, r)) for r in found]
        await _audit(ctx, session, actor, "referrals.listed", "*", {"count": len(rows), "status": status})
        await session.commit()
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        typer.echo("no referrals" + (f" with status {status}" if status else ""))
    for r in rows:
        typer.echo(
            f"{r['ref']}  {r['status']:10}  {r['created']}  for {r['for']:5}  age {r['age'] or '-':>3}  "
            f"contact by {r['contact_by']:6}  school: {r['school']}"
        )
        if r["if_someone_else_answers"]:
            typer.echo(typer.style(f"    if someone else answers: {r['if_someone_else_answers']}", bold=True))


@app.command("list")
def list_cmd(
    username: AsOption,
    status: Annotated[str, typer.Option("--status", help=f"One of {', '.join(STATUSES)}, or all.")] = "new",
    as_json: Annotated[bool, typer.Option("--json", help="One JSON list.")] = False,
) -> None:
    """Referrals (new ones by default), oldest first."""
    if status != "all" and status not in STATUSES:
        fail(f"--status must be one of {', '.join(STATUSES)} or all")
    run(_list(username, None if status == "all" else status, as_json))


async def _show(username: str, ref_text: str) -> None:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            ref = await service.get(session, ref_text)
        except ReferralError as exc:
            fail(str(exc))
        cases = await session.exec(
            select(Escalation.ref, Escalation.status)
            .where(Escalation.contact_id == ref.contact_id)
            .order_by(col(Escalation.id))
        )
        school = await _school(session, ref)
        kept = await service.notes(session, ref.id or 0)
        await _audit(ctx, session, actor, "referral.viewed", ref.ref, {"status": ref.status})
        await session.commit()
        escalations = list(cases.all())
    typer.echo(
        f"{ref.ref}  {ref.status}  made {_local(ctx, ref.created_at)}"
        f"  consent: {'yes' if ref.consent else 'no'}"
    )
    typer.echo(f"for:        {ref.for_whom}, age {ref.age or '-'}")
    typer.echo(f"school:     {school}")
    typer.echo(f"contact by: {ref.contact_by}{'  ' + ref.phone if ref.phone else ''}")
    say = service.if_someone_else_answers(ref)
    if say:
        typer.echo(typer.style(f"if someone else answers: {say}", bold=True))
    for case_ref, case_status in escalations:
        typer.echo(
            typer.style(
                f"safeguarding case: {case_ref} ({case_status}) - see waymark escalations show", bold=True
            )
        )
    typer.echo("what is going on, in their words:")
    typer.echo(f"  {ref.story}")
    if ref.status != "new":
        typer.echo(
            f"triaged {_local(ctx, ref.triaged_at)} by {ref.triaged_by}: {ref.status} {ref.reason or ''}"
        )
    for n in kept:
        typer.echo(f"note {_local(ctx, n.at)}  {n.by}: {n.text}")


@app.command("show")
def show_cmd(ref: RefArg, username: AsOption) -> None:
    """One referral in full, with any safeguarding case of the same person."""
    run(_show(username, ref))


async def _note(username: str, ref: str, text: str) -> Referral:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            done = await service.add_note(session, ref, actor.split(":", 1)[1], text, ctx.now())
        except ReferralError as exc:
            fail(str(exc))
        await session.commit()
        return done


@app.command("note")
def note_cmd(
    ref: RefArg,
    text: Annotated[str, typer.Argument(help="The note, for the team only (not sent).")],
    username: AsOption,
) -> None:
    """Keep a note for the team on a referral (shown by `show` and the dashboard; never sent)."""
    done = run(_note(username, ref, text))
    typer.echo(f"note added to {done.ref}")


async def _triage(
    username: str, ref: str, decision: str, reason: str | None, where: str | None
) -> service.Triaged:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, username)
        try:
            done = await service.triage(
                ctx, session, ref, actor.split(":", 1)[1], decision, reason=reason, where=where
            )
        except ReferralError as exc:
            fail(str(exc))
        await session.commit()
        return done


@app.command("triage")
def triage_cmd(
    ref: RefArg,
    decision: Annotated[str, typer.Argument(help=f"One of: {', '.join(DECISIONS)}.")],
    username: AsOption,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why (required to decline; not sent).")
    ] = None,
    where: Annotated[str | None, typer.Option("--to", help="Where it was signposted (sent to them).")] = None,
) -> None:
    """Decide a referral; the person is told the way they chose (text, a call-back, or through school)."""
    done = run(_triage(username, ref, decision, reason, where))
    how = {
        "texted": "they have been sent a text",
        "callback": f"call-back {done.callback_ref} booked to tell them",
        "school": "tell them through school (nothing was sent)",
        "opted_out": "they have opted out of texts: tell them another way",
        "not_told": "no UK number to call: tell them another way",
    }[done.told]
    typer.echo(f"{done.referral.ref} {done.referral.status}; {how}")
