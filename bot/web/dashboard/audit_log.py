"""`/audit` for admins: the audit trail, newest first, filtered by person, contact, case and action."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import and_, or_
from sqlmodel import col, select

from bot.app.audit import record
from bot.features.callbacks.refs import clean_ref, is_ref
from bot.storage.models import AuditEvent
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import ADMIN, actor, context, require
from bot.web.dashboard.render import page

router = APIRouter(include_in_schema=False)
LIMIT = 300
FILTERS = ("person", "contact", "case", "action")
REF_KINDS = {"CB": "callback", "RF": "referral"}
"""Reference prefixes the case filter also takes: a call-back's or a referral's events."""


def _query(filters: dict[str, str]):  # type: ignore[no-untyped-def]
    stmt = select(AuditEvent).order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    if person := filters.get("person"):
        name = person.removeprefix("practitioner:")
        stmt = stmt.where(
            or_(
                col(AuditEvent.actor) == f"practitioner:{name}",
                and_(col(AuditEvent.subject_type) == "practitioner", col(AuditEvent.subject_id) == name),
            )
        )
    if contact := filters.get("contact"):
        stmt = stmt.where(col(AuditEvent.subject_type) == "contact", col(AuditEvent.subject_id) == contact)
    if case := filters.get("case"):
        kind, ref = "escalation", case.upper()
        if is_ref(case) and clean_ref(case)[:2] in REF_KINDS:  # CB-7K2Q, RF-4MXA
            kind, ref = REF_KINDS[clean_ref(case)[:2]], clean_ref(case)
        stmt = stmt.where(col(AuditEvent.subject_type) == kind, col(AuditEvent.subject_id) == ref)
    if action := filters.get("action"):
        stmt = stmt.where(col(AuditEvent.action).startswith(action))
    return stmt.limit(LIMIT)


Admin = Depends(require(*ADMIN))


@router.get("/audit")
async def audit_page(request: Request, person: Practitioner = Admin) -> Response:
    filters = {k: request.query_params.get(k, "").strip()[:80] for k in FILTERS}
    filters = {k: v for k, v in filters.items() if v}
    ctx = context(request)
    async with ctx.db.session() as session:
        events = list((await session.exec(_query(filters))).all())
        await record(
            session,
            at=ctx.now(),
            actor=actor(person),
            action="audit.viewed",
            subject_type="audit",
            subject_id="log",
            details={"filters": sorted(filters), "count": len(events)},
        )
        await session.commit()
    return page(request, "audit.html", person, title="Audit log", rows=events, filters=filters, limit=LIMIT)
