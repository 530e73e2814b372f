"""Escalations in the shell: open one from the pipeline, page the duty rota, and run the alert timer.

The plan (who, when) comes from ``safeguarding.alerting``; this module turns it into outbox rows at
``Priority.ALERT`` to each practitioner's own alert contact, a ``scheduled_item`` of kind
``escalation_timer`` for the next look, and audit events. Alert texts carry the reference and severity
only: never the young person's words or number.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.escalations.duty import ack_time
from bot.features.escalations.rota_store import load_rota
from bot.features.practitioners.service import by_username
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact, Message, ScheduledItem
from bot.storage.models.scheduled import PENDING
from flows.engine import Priority
from safeguarding import Assessment
from safeguarding.alerting import AlertStep, apply_step, first_step, next_step, raised_step
from safeguarding.escalations import AuditNote, NotFound, attach, get, open_escalation
from safeguarding.hold import hold_end
from safeguarding.models import ALERT, SELF, Escalation

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
TIMER_KIND = "escalation_timer"
SYSTEM = "system"


async def audit_note(session: AsyncSession, note: AuditNote, *, actor: str, now: dt.datetime) -> None:
    """Record a safeguarding audit note against the escalation's reference."""
    await record(
        session,
        at=now,
        actor=actor,
        action=note.action,
        subject_type="escalation",
        subject_id=note.ref,
        details=dict(note.details),
    )


@dataclass(frozen=True)
class CaseChange:
    """What a screened message did to the contact's one case: opened it, or attached and maybe raised."""

    esc: Escalation
    opened: bool
    raised: bool


async def escalate(
    app: AppContext,
    session: AsyncSession,
    message: Message,
    assessment: Assessment,
    now: dt.datetime,
    *,
    case: Escalation | None = None,
    about: str = SELF,
) -> CaseChange:
    """Record a screened message on the contact's one case: open it (and, for high/immediate, start the
    alert ladder), or attach the message to `case`, raising its severity (a new alert on reaching
    ``immediate``; the ladder starts when a concern case gets a high or immediate message)."""
    hold_until = hold_end(now, app.config.safeguarding.crisis_hold_hours)
    matches = [m.to_audit() for m in assessment.matches]
    if case is None:
        esc, note = await open_escalation(
            session,
            contact_id=message.contact_id,
            message_id=message.id,
            severity=assessment.severity,
            categories=assessment.categories,
            matches=matches,
            now=now,
            about=about,
            hold_until=hold_until,
        )
        await audit_note(session, note, actor=SYSTEM, now=now)
        if esc.kind == ALERT:
            rota = await load_rota(session, app.config, now)
            step = first_step(rota, now, ack_time(app.config, esc.severity))
            await carry_out(app, session, esc, step, now)
        log.info("escalation id=%s opened severity=%s message id=%s", esc.id, esc.severity, message.id)
        return CaseChange(esc, opened=True, raised=False)
    assert message.id is not None
    change, note = await attach(
        session,
        case,
        message_id=message.id,
        severity=assessment.severity,
        categories=assessment.categories,
        matches=matches,
        now=now,
        hold_until=hold_until,
        about=about,
    )
    await audit_note(session, note, actor=SYSTEM, now=now)
    rota, ack = await load_rota(session, app.config, now), ack_time(app.config, case.severity)
    if change.became_alert:
        await carry_out(app, session, case, first_step(rota, now, ack), now)
    elif change.raised and case.severity == "immediate":
        await carry_out(app, session, case, raised_step(case, rota, now, ack), now)
    log.info("escalation id=%s attached message id=%s raised=%s", case.id, message.id, change.raised)
    return CaseChange(case, opened=False, raised=change.raised)


async def carry_out(
    app: AppContext, session: AsyncSession, esc: Escalation, step: AlertStep, now: dt.datetime
) -> None:
    """Record `step` on `esc`, queue its alerts and schedule the next look (all in the caller's session)."""
    await audit_note(session, apply_step(esc, step), actor=SYSTEM, now=now)
    session.add(esc)
    for username in step.targets:
        await _alert(app, session, esc, username, step.template, now)
    if step.targets == () and step.level is not None:
        log.error("escalation id=%s: nobody to alert (no rota, no manager)", esc.id)
    if esc.next_alert_at is not None:
        key = f"escalation:{esc.ref}:{esc.next_alert_at.isoformat()}"
        taken = await session.exec(select(ScheduledItem.id).where(ScheduledItem.dedupe_key == key))
        if taken.first() is None:  # a raise can land on a look that is already planned
            session.add(
                ScheduledItem(
                    due_at=esc.next_alert_at,
                    kind=TIMER_KIND,
                    payload={"ref": esc.ref},
                    dedupe_key=key,
                    status=PENDING,
                    created_at=now,
                )
            )


async def _alert(
    app: AppContext, session: AsyncSession, esc: Escalation, username: str, template: str, now: dt.datetime
) -> None:
    person = await by_username(session, username)
    contact = await session.get(Contact, person.contact_id) if person and person.contact_id else None
    if person is None or not person.active or contact is None:
        reason = "unknown user" if person is None else "inactive" if not person.active else "no alert address"
        await audit_note(
            session,
            AuditNote("escalation.alert_failed", esc.ref, {"to": username, "reason": reason}),
            actor=SYSTEM,
            now=now,
        )
        log.error("escalation id=%s: cannot alert a rota member (%s)", esc.id, reason)
        return
    params = {**app.service.template_params(), "ref": esc.ref, "severity_word": esc.severity.upper()}
    text = app.catalogue.render(template, "en", **params)
    await enqueue(
        session, contact, text, now=now, priority=Priority.ALERT, kind=template, meta={"escalation": esc.ref}
    )
    details = {"to": username, "level": esc.alert_level, "template": template, "opted_out": contact.opted_out}
    await audit_note(session, AuditNote("escalation.alerted", esc.ref, details), actor=SYSTEM, now=now)
    if contact.opted_out:
        log.error(
            "escalation id=%s: alert contact of a rota member has opted out; alert will be skipped", esc.id
        )


async def escalation_timer(app: AppContext, session: AsyncSession, item: ScheduledItem) -> None:
    """Job handler for ``escalation_timer`` items: climb the ladder if the escalation is still open."""
    now = app.now()
    try:
        # locked on PostgreSQL, so an ACK committing now cannot interleave with the next rung
        esc = await get(session, str(item.payload.get("ref", "")), lock=True)
    except NotFound:
        log.warning("escalation timer item id=%s names no escalation", item.id)
        return
    rota = await load_rota(session, app.config, now)
    step = next_step(esc, rota, now, ack_time(app.config, esc.severity))
    if step is not None:
        await carry_out(app, session, esc, step, now)
