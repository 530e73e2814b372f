"""`waymark checkins ...`: plans (add, list, pause, resume, end), a contact's scores and trend chart
(show), and requests made by text (requests, approve, decline). Every change is audited with --by."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import fail, migrated_context, practitioner_actor, run
from bot.features.checkins import requests as req
from bot.features.checkins import service as svc
from bot.features.checkins import views

app = typer.Typer(help="Check-ins by text: plans, answers, trend charts, requests.", no_args_is_help=True)

Kind = Annotated[str, typer.Option(help="waiting_well, between_sessions, after_discharge or custom.")]
Day = Annotated[str | None, typer.Option(help="Day of the week: mon..sun (default: checkins.weekly_day).")]
Time = Annotated[str | None, typer.Option(help="Local time, HH:MM (default: checkins.time in config.yml).")]
Fortnightly = Annotated[bool, typer.Option("--fortnightly", help="Every two weeks (default weekly).")]
Until = Annotated[str | None, typer.Option("--until", help="Last day, YYYY-MM-DD.")]
Count = Annotated[int | None, typer.Option("--count", help="Number of check-ins.")]
FirstAppt = Annotated[bool, typer.Option("--until-first-appointment", help="Waiting well: until booked.")]
Skip = Annotated[bool, typer.Option("--skip-holidays", help="Skip bank holidays and school holidays.")]
Owner = Annotated[str, typer.Option("--owner", help="Practitioner username who looks after the plan.")]
Goal = Annotated[str | None, typer.Option("--goal", help="Between sessions: the goal's short name.")]
Start = Annotated[str | None, typer.Option("--start", help="First day, YYYY-MM-DD (default today).")]
By = Annotated[str, typer.Option("--by", help="Your practitioner username (audited).")]


def _spec(
    kind: str, day: str | None, time: str | None, fortnightly: bool, until: str | None, count: int | None,
    first_appt: bool, skip: bool, owner: str, goal: str | None, start: str | None,
) -> svc.PlanSpec:  # fmt: skip
    if day is None or time is None:  # the team's usual check-in slot (config.yml `checkins`)
        usual_day, usual_time = _configured_slot()
        day, time = day or usual_day, time or usual_time
    try:
        return svc.PlanSpec(
            kind=kind,
            weekday=day.lower()[:3],
            local_time=dt.time.fromisoformat(time),
            frequency="fortnightly" if fortnightly else "weekly",
            starts_on=dt.date.fromisoformat(start) if start else None,
            end_on=dt.date.fromisoformat(until) if until else None,
            end_after=count,
            until_first_appointment=first_appt,
            skip_holidays=skip,
            owner=owner,
            goal_name=goal,
        )
    except ValueError as exc:
        fail(f"bad date or time: {exc}")


def _configured_slot() -> tuple[str, str]:
    """The day and time new plans take unless given: ``checkins.weekly_day`` and ``checkins.time``."""
    from bot.app.config import ConfigError, load_config
    from bot.cli.common import settings_or_exit

    try:
        checkins = load_config(settings_or_exit().config_path).checkins
    except ConfigError as exc:
        fail(str(exc))
    return checkins.weekly_day, checkins.time.strftime("%H:%M")


async def _add(contact_ref: str, spec: svc.PlanSpec, by: str | None) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, by or spec.owner)
        await practitioner_actor(session, spec.owner)
        try:
            contact = await svc.find_contact(session, contact_ref)
            plan, due = await svc.add_plan(session, contact, spec, ctx.service, actor=actor, now=ctx.now())
        except svc.CheckinError as exc:
            fail(str(exc))
        await session.commit()
        return "added " + views.plan_line(plan, ctx.service, due.at if due else None)


@app.command("add")
def add_command(
    contact: Annotated[str, typer.Argument(help="Contact id or number.")],
    owner: Owner,
    kind: Kind = "waiting_well",
    day: Day = None,
    time: Time = None,
    fortnightly: Fortnightly = False,
    until: Until = None,
    count: Count = None,
    until_first_appointment: FirstAppt = False,
    skip_holidays: Skip = False,
    goal: Goal = None,
    start: Start = None,
    by: Annotated[str | None, typer.Option("--by", help="Who adds it (default the owner).")] = None,
) -> None:
    """Add a check-in plan for a contact and queue its first check-in."""
    spec = _spec(
        kind, day, time, fortnightly, until, count, until_first_appointment, skip_holidays, owner, goal, start
    )
    typer.echo(run(_add(contact, spec, by)))


async def _list(contact_ref: str | None, show_all: bool) -> list[str]:
    async with migrated_context() as ctx, ctx.db.session() as session:
        contact_id = None
        if contact_ref:
            try:
                contact_id = (await svc.find_contact(session, contact_ref)).id
            except svc.CheckinError as exc:
                fail(str(exc))
        plans = await svc.plans_for(session, contact_id, live_only=not show_all)
        return [views.plan_line(p, ctx.service, await views.next_due(session, p)) for p in plans]


@app.command("list")
def list_command(
    contact: Annotated[str | None, typer.Argument(help="Only this contact (id or number).")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include ended plans.")] = False,
) -> None:
    """List check-in plans (active and paused unless --all)."""
    lines = run(_list(contact, show_all))
    typer.echo("\n".join(lines) if lines else "no check-in plans")


async def _change(plan_id: int, action: str, by: str, reason: str) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, by)
        try:
            plan = await svc.get_plan(session, plan_id)
        except svc.CheckinError as exc:
            fail(str(exc))
        now = ctx.now()
        if action == "pause":
            changed = await svc.pause_plan(session, plan, actor=actor, now=now)
        elif action == "resume":
            changed, _ = await svc.resume_plan(session, plan, ctx.service, actor=actor, now=now)
        else:
            changed = await svc.end_plan(session, plan, reason=reason, actor=actor, now=now)
        if not changed:
            fail(f"plan #{plan_id} is {plan.status}: nothing to {action}")
        await session.commit()
        return views.plan_line(plan, ctx.service, await views.next_due(session, plan))


@app.command("pause")
def pause_command(plan: Annotated[int, typer.Argument(help="Plan id.")], by: By) -> None:
    """Pause a plan (no check-ins until resumed)."""
    typer.echo(run(_change(plan, "pause", by, "")))


@app.command("resume")
def resume_command(plan: Annotated[int, typer.Argument(help="Plan id.")], by: By) -> None:
    """Resume a paused plan from its next check-in after now."""
    typer.echo(run(_change(plan, "resume", by, "")))


@app.command("end")
def end_command(
    plan: Annotated[int, typer.Argument(help="Plan id.")],
    by: By,
    reason: Annotated[str, typer.Option(help="Why it ends, e.g. first_appointment.")] = "ended_by_team",
) -> None:
    """End a plan (no more check-ins)."""
    typer.echo(run(_change(plan, "end", by, reason)))


async def _show(contact_ref: str, chart: Path | None) -> list[str]:
    async with migrated_context() as ctx, ctx.db.session() as session:
        try:
            contact = await svc.find_contact(session, contact_ref)
        except svc.CheckinError as exc:
            fail(str(exc))
        assert contact.id is not None
        plans = await svc.plans_for(session, contact.id)
        answers = await views.answers_for(session, contact.id)
        lines = [views.plan_line(p, ctx.service, await views.next_due(session, p)) for p in plans]
        lines += [views.answer_line(a, ctx.service) for a in answers] or ["no check-ins sent yet"]
        path = chart or Path(f"checkins-contact-{contact.id}.png")
        views.chart(answers, plans, ctx.service, path, contact.id)
        lines.append(f"chart: {path}")
        return lines


@app.command("show")
def show_command(
    contact: Annotated[str, typer.Argument(help="Contact id or number.")],
    chart: Annotated[Path | None, typer.Option(help="Where to write the PNG chart.")] = None,
) -> None:
    """A contact's plans and check-in scores, and a PNG trend chart."""
    typer.echo("\n".join(run(_show(contact, chart))))


async def _requests() -> list[str]:
    async with migrated_context() as ctx, ctx.db.session() as session:
        found = await req.pending_requests(session)
        return [
            f"request {r.id}: contact {r.contact_id}, asked {r.requested_at:%Y-%m-%d %H:%M} UTC"
            for r in found
        ]


@app.command("requests")
def requests_command() -> None:
    """Check-in requests made by text, waiting for the team."""
    lines = run(_requests())
    typer.echo("\n".join(lines) if lines else "no check-in requests waiting")


async def _approve(request_id: int, spec: svc.PlanSpec, by: str) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, by)
        await practitioner_actor(session, spec.owner)
        try:
            plan, due = await req.approve_request(
                session, request_id, spec, ctx.service, actor=actor, now=ctx.now()
            )
        except svc.CheckinError as exc:
            fail(str(exc))
        await session.commit()
        return "approved: " + views.plan_line(plan, ctx.service, due.at if due else None)


@app.command("approve")
def approve_command(
    request: Annotated[int, typer.Argument(help="Request id (waymark checkins requests).")],
    owner: Owner,
    by: By,
    kind: Kind = "waiting_well",
    day: Day = None,
    time: Time = None,
    fortnightly: Fortnightly = False,
    until: Until = None,
    count: Count = None,
    until_first_appointment: FirstAppt = False,
    skip_holidays: Skip = False,
    goal: Goal = None,
) -> None:
    """Approve a request by creating the plan you choose for it."""
    spec = _spec(
        kind, day, time, fortnightly, until, count, until_first_appointment, skip_holidays, owner, goal, None
    )
    typer.echo(run(_approve(request, spec, by)))


async def _decline(request_id: int, by: str) -> str:
    async with migrated_context() as ctx, ctx.db.session() as session:
        actor = await practitioner_actor(session, by)
        try:
            await req.decline_request(session, request_id, actor=actor, now=ctx.now())
        except svc.CheckinError as exc:
            fail(str(exc))
        await session.commit()
        return f"request {request_id} declined"


@app.command("decline")
def decline_command(request: Annotated[int, typer.Argument(help="Request id.")], by: By) -> None:
    """Decline a request (talk to the young person another way)."""
    typer.echo(run(_decline(request, by)))
