"""Check-in plans: add, list, pause, resume, end; scheduling the next check-in. Shared by CLI, SMS and web.

Every change is audited with the actor (``practitioner:<username>``, ``contact:<id>`` or ``system``).
A plan's next check-in is one ``scheduled_item`` of kind ``checkin`` whose dedupe key names the plan, the
occurrence and its time, so the same check-in is never queued twice; the job (``wiring.py``) also refuses
an occurrence that already has an answer row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.calendar.service import terms_for_school
from bot.features.checkins.schedule import Due, due_from
from bot.features.checkins.tables import ACTIVE, ENDED, FREQUENCIES, KINDS, PAUSED, CheckinPlan
from bot.storage.models import Contact, ScheduledItem
from bot.storage.models.scheduled import CANCELLED, PENDING
from flows.calendar import clock_text, day_text
from flows.checkin_effects import CHECKIN_KIND
from flows.context import WEEKDAY_NAMES, ServiceInfo


class CheckinError(ValueError):
    """A plan request that cannot be done (unknown contact, bad day, missing goal, ...)."""


@dataclass(frozen=True)
class PlanSpec:
    """What a practitioner asks for when adding a plan."""

    kind: str
    weekday: str
    local_time: dt.time
    frequency: str = "weekly"
    starts_on: dt.date | None = None
    end_on: dt.date | None = None
    end_after: int | None = None
    until_first_appointment: bool = False
    skip_holidays: bool = False
    owner: str = ""
    goal_name: str | None = None


def check_spec(spec: PlanSpec) -> None:
    """Raise CheckinError for a plan that makes no sense."""
    if spec.kind not in KINDS:
        raise CheckinError(f"kind must be one of {', '.join(KINDS)}")
    if spec.weekday not in WEEKDAY_NAMES:
        raise CheckinError("day must be one of mon, tue, wed, thu, fri, sat, sun")
    if spec.frequency not in FREQUENCIES:
        raise CheckinError(f"frequency must be one of {', '.join(FREQUENCIES)}")
    if spec.kind == "between_sessions" and not (spec.goal_name or "").strip():
        raise CheckinError("a between-sessions plan needs --goal (the goal's short name)")
    if spec.goal_name and len(spec.goal_name) > 40:
        raise CheckinError("the goal's short name must be 40 characters or fewer")
    if spec.until_first_appointment and spec.kind != "waiting_well":
        raise CheckinError("--until-first-appointment is for waiting-well plans")
    if spec.end_after is not None and spec.end_after < 1:
        raise CheckinError("--count must be 1 or more")
    ends = [spec.end_on is not None, spec.end_after is not None, spec.until_first_appointment]
    if sum(ends) != 1:
        raise CheckinError("give exactly one end: --until DATE, --count N or --until-first-appointment")
    if not spec.owner:
        raise CheckinError("a plan needs an owner (the practitioner who looks after it)")


async def find_contact(session: AsyncSession, ref: str) -> Contact:
    """A contact by id, or by address (a phone number or Telegram chat id)."""
    contact = await session.get(Contact, int(ref)) if ref.isdigit() and len(ref) < 10 else None
    if contact is None:
        contact = (await session.exec(select(Contact).where(Contact.address == ref))).first()
    if contact is None:
        raise CheckinError(f"no contact {ref!r}")
    return contact


async def schedule_next(
    session: AsyncSession,
    plan: CheckinPlan,
    service: ServiceInfo,
    after: dt.datetime,
    *,
    from_index: int = 0,
    now: dt.datetime | None = None,
) -> Due | None:
    """Queue the plan's first check-in after `after` (from occurrence `from_index`); None if it has ended."""
    contact = await session.get(Contact, plan.contact_id)
    terms = await terms_for_school(session, contact.school_id if contact else None)
    due = due_from(plan, after, service, terms, from_index=from_index)
    if due is None:
        return None
    await queue_checkin(session, plan, due, now=now or after)
    return due


async def queue_checkin(session: AsyncSession, plan: CheckinPlan, due: Due, *, now: dt.datetime) -> None:
    """One scheduled item for occurrence `due` (idempotent on plan, occurrence and time)."""
    assert plan.id is not None
    key = f"checkin:{plan.id}:{due.index}:{due.at:%Y%m%d%H%M}"
    if (await session.exec(select(ScheduledItem.id).where(ScheduledItem.dedupe_key == key))).first():
        return
    session.add(
        ScheduledItem(
            due_at=due.at,
            kind=CHECKIN_KIND,
            contact_id=plan.contact_id,
            payload={"plan_id": plan.id, "index": due.index},
            dedupe_key=key,
            status=PENDING,
            created_at=now,
        )
    )


async def cancel_queued(session: AsyncSession, plan: CheckinPlan, now: dt.datetime) -> None:
    """Cancel the plan's pending check-ins (pause, end)."""
    await session.exec(
        update(ScheduledItem)
        .where(
            col(ScheduledItem.kind) == CHECKIN_KIND,
            col(ScheduledItem.status) == PENDING,
            col(ScheduledItem.dedupe_key).startswith(f"checkin:{plan.id}:"),
        )
        .values(status=CANCELLED, done_at=now)
    )


async def _audit(
    session: AsyncSession, plan: CheckinPlan, action: str, actor: str, now: dt.datetime, **details: object
) -> None:
    await record(
        session,
        at=now,
        actor=actor,
        action=f"checkins.{action}",
        subject_type="checkin_plan",
        subject_id=str(plan.id),
        details={"contact_id": plan.contact_id, **details},
    )


async def add_plan(
    session: AsyncSession,
    contact: Contact,
    spec: PlanSpec,
    service: ServiceInfo,
    *,
    actor: str,
    now: dt.datetime,
) -> tuple[CheckinPlan, Due | None]:
    """Create a plan for `contact` and queue its first check-in."""
    check_spec(spec)
    assert contact.id is not None
    if contact.opted_out:
        raise CheckinError("this contact has opted out (STOP): they get no texts from us")
    plan = CheckinPlan(
        contact_id=contact.id,
        kind=spec.kind,
        weekday=spec.weekday,
        local_time=spec.local_time,
        frequency=spec.frequency,
        starts_on=spec.starts_on or service.local(now).date(),
        end_on=spec.end_on,
        end_after=spec.end_after,
        until_first_appointment=spec.until_first_appointment,
        skip_holidays=spec.skip_holidays,
        owner=spec.owner,
        goal_name=(spec.goal_name or "").strip() or None,
        created_by=actor,
        created_at=now,
    )
    session.add(plan)
    await session.flush()
    due = await schedule_next(session, plan, service, now)
    await _audit(
        session, plan, "plan_added", actor, now, kind=plan.kind, first=due.at.isoformat() if due else None
    )
    return plan, due


async def plans_for(
    session: AsyncSession, contact_id: int | None = None, *, live_only: bool = False
) -> list[CheckinPlan]:
    query = select(CheckinPlan).order_by(col(CheckinPlan.id))
    if contact_id is not None:
        query = query.where(CheckinPlan.contact_id == contact_id)
    if live_only:
        query = query.where(col(CheckinPlan.status).in_([ACTIVE, PAUSED]))
    return list((await session.exec(query)).all())


async def get_plan(session: AsyncSession, plan_id: int) -> CheckinPlan:
    plan = await session.get(CheckinPlan, plan_id)
    if plan is None:
        raise CheckinError(f"no check-in plan {plan_id}")
    return plan


async def pause_plan(session: AsyncSession, plan: CheckinPlan, *, actor: str, now: dt.datetime) -> bool:
    """Pause an active plan; False if it was not active."""
    if plan.status != ACTIVE:
        return False
    plan.status, plan.paused_by = PAUSED, actor
    session.add(plan)
    await cancel_queued(session, plan, now)
    await _audit(session, plan, "plan_paused", actor, now)
    return True


async def resume_plan(
    session: AsyncSession, plan: CheckinPlan, service: ServiceInfo, *, actor: str, now: dt.datetime
) -> tuple[bool, Due | None]:
    """Restart a paused plan from the next occurrence after `now`: (resumed, its next check-in). A plan
    whose end has passed while paused ends instead (False, None)."""
    if plan.status != PAUSED:
        return False, None
    plan.status, plan.paused_by = ACTIVE, None
    session.add(plan)
    due = await schedule_next(session, plan, service, now, from_index=plan.sent_count)
    if due is None:
        await end_plan(session, plan, reason="finished", actor=actor, now=now)
        return False, None
    await _audit(session, plan, "plan_resumed", actor, now, next=due.at.isoformat())
    return True, due


async def end_plan(
    session: AsyncSession, plan: CheckinPlan, *, reason: str, actor: str, now: dt.datetime
) -> bool:
    """End a plan (no more check-ins); False if it had already ended."""
    if plan.status == ENDED:
        return False
    plan.status, plan.ended_at, plan.end_reason = ENDED, now, reason[:40]
    session.add(plan)
    await cancel_queued(session, plan, now)
    await _audit(session, plan, "plan_ended", actor, now, reason=reason)
    return True


async def end_for_first_appointment(session: AsyncSession, contact_id: int, *, now: dt.datetime) -> int:
    """End the contact's waiting-well plans that run until the first appointment (for the appointments
    feature to call when one is booked). Returns how many ended."""
    count = 0
    for plan in await plans_for(session, contact_id, live_only=True):
        if plan.until_first_appointment and await end_plan(
            session, plan, reason="first_appointment", actor="system", now=now
        ):
            count += 1
    return count


def next_text(service: ServiceInfo, due: Due | None) -> str | None:
    """'Mon 7 Dec at 4pm' for a queued check-in."""
    if due is None:
        return None
    local = service.local(due.at)
    return f"{day_text(local.date())} at {clock_text(local.time())}"
