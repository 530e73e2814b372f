"""Check-in requests made by text: filed for the team, listed, approved (which creates a plan) or declined."""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.checkins.schedule import Due
from bot.features.checkins.service import CheckinError, PlanSpec, add_plan, plans_for
from bot.features.checkins.tables import APPROVED, DECLINED, PENDING, CheckinPlan, CheckinRequest
from bot.storage.models import Contact
from flows.checkin_effects import RequestAnswer
from flows.context import ServiceInfo


async def file_request(session: AsyncSession, contact_id: int, *, now: dt.datetime) -> RequestAnswer:
    """File a request unless one is pending or the contact already has a plan (the query's answer)."""
    if await plans_for(session, contact_id, live_only=True):
        return RequestAnswer(None, has_plan=True)
    pending = (
        await session.exec(
            select(CheckinRequest).where(
                CheckinRequest.contact_id == contact_id, CheckinRequest.status == PENDING
            )
        )
    ).first()
    if pending is not None:
        return RequestAnswer(pending.id, already=True)
    request = CheckinRequest(contact_id=contact_id, requested_at=now, details={"source": "text"})
    session.add(request)
    await session.flush()
    await record(
        session,
        at=now,
        actor=f"contact:{contact_id}",
        action="checkins.requested",
        subject_type="checkin_request",
        subject_id=str(request.id),
    )
    return RequestAnswer(request.id)


async def pending_requests(session: AsyncSession) -> list[CheckinRequest]:
    query = select(CheckinRequest).where(CheckinRequest.status == PENDING).order_by(col(CheckinRequest.id))
    return list((await session.exec(query)).all())


async def _pending(session: AsyncSession, request_id: int) -> CheckinRequest:
    request = await session.get(CheckinRequest, request_id)
    if request is None:
        raise CheckinError(f"no check-in request {request_id}")
    if request.status != PENDING:
        raise CheckinError(f"request {request_id} is already {request.status}")
    return request


async def approve_request(
    session: AsyncSession,
    request_id: int,
    spec: PlanSpec,
    service: ServiceInfo,
    *,
    actor: str,
    now: dt.datetime,
) -> tuple[CheckinPlan, Due | None]:
    """Approve a request by creating the plan the practitioner chose."""
    request = await _pending(session, request_id)
    contact = await session.get(Contact, request.contact_id)
    if contact is None:
        raise CheckinError("the contact of this request no longer exists")
    plan, due = await add_plan(session, contact, spec, service, actor=actor, now=now)
    request.status, request.decided_by, request.decided_at, request.plan_id = APPROVED, actor, now, plan.id
    session.add(request)
    await record(
        session,
        at=now,
        actor=actor,
        action="checkins.request_approved",
        subject_type="checkin_request",
        subject_id=str(request.id),
        details={"plan_id": plan.id},
    )
    return plan, due


async def decline_request(session: AsyncSession, request_id: int, *, actor: str, now: dt.datetime) -> None:
    request = await _pending(session, request_id)
    request.status, request.decided_by, request.decided_at = DECLINED, actor, now
    session.add(request)
    await record(
        session,
        at=now,
        actor=actor,
        action="checkins.request_declined",
        subject_type="checkin_request",
        subject_id=str(request.id),
    )
