"""Pipeline stage 1: screen every inbound text, before anything else, in every state.

Fails closed: if screening raises, the message is treated as flagged (``high``, ``unscreened``).
A flagged message gets the crisis reply at once (ahead of everything in the outbox); the contact's flow is
left as it was (paused, not lost). Every concern, high or immediate message opens an escalation
(``bot/escalation_alerts.py``): high/immediate page the duty rota; concern goes to the review list and gets
a gentle offer of support, at most once a week.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import col, select

import safeguarding
from bot.effects import Run
from bot.models import Message
from bot.outbox import enqueue
from flows.context import ServiceInfo
from flows.engine import Audit, Priority, Reply

log = logging.getLogger(__name__)
SUPPORT_EVERY = dt.timedelta(days=7)


@dataclass(frozen=True)
class Screened:
    assessment: safeguarding.Assessment
    failed_closed: bool = False

    @property
    def flagged(self) -> bool:
        return self.assessment.severity in ("high", "immediate")


def screen_safely(text: str, context: Sequence[str]) -> Screened:
    """Run safeguarding.screen; any exception becomes a ``high`` / ``unscreened`` assessment."""
    try:
        return Screened(safeguarding.screen(text, context=list(context)))
    except Exception:
        log.exception("safeguarding screen raised; failing closed")
        return Screened(safeguarding.Assessment(severity="high", categories=["unscreened"], matches=[]), True)


def crisis_lines_text(service: ServiceInfo, *, skip_emergency: bool) -> str:
    """'text SHOUT to 85258, call Samaritans 116 123 or call Childline 0800 1111'."""
    lines = [c for c in service.crisis_lines if not (skip_emergency and c.number.strip() == "999")]
    parts = [c.sms_text() for c in lines]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def crisis_reply(run: Run, severity: str) -> Reply:
    """The crisis reply for `severity`: immediate puts 999 first; high says when the team will be in touch."""
    service = run.app.service
    if severity == "immediate":
        text = run.ctx.t("crisis_immediate", crisis_lines=crisis_lines_text(service, skip_emergency=True))
        return Reply(text, priority=Priority.CRISIS, template="crisis_immediate")
    lines = crisis_lines_text(service, skip_emergency=False)
    if service.in_office_hours(run.now):
        return Reply(
            run.ctx.t("crisis_high", crisis_lines=lines), priority=Priority.CRISIS, template="crisis_high"
        )
    when = service.describe_next_open(run.now)
    text = run.ctx.t("crisis_high_closed", crisis_lines=lines, next_open=when)
    return Reply(text, priority=Priority.CRISIS, template="crisis_high_closed")


async def open_escalation_safely(run: Run, message: Message, assessment: safeguarding.Assessment) -> None:
    """Open the escalation in a savepoint. If that fails, it is audited and the crisis reply still goes."""
    from bot.effects import apply_effect
    from bot.escalation_alerts import escalate

    try:
        async with run.session.begin_nested():
            await escalate(run.app, run.session, message, assessment, run.now)
    except Exception:
        log.exception("could not open an escalation for message id=%s", message.id)
        await apply_effect(run, Audit("escalation.failed", {"message_id": message.id}))


async def offer_support(run: Run) -> None:
    """For a concern: one gentle line before this turn's replies, at most once a week per contact."""
    if run.contact.opted_out:
        return
    since = run.now - SUPPORT_EVERY
    rows = await run.session.exec(
        select(Message.id).where(
            Message.contact_id == run.contact.id,
            Message.direction == "out",
            Message.kind == "concern_support",
            col(Message.created_at) >= since,
        )
    )
    if rows.first() is not None:
        return
    text = run.ctx.t("concern_support")
    # REPLY - 1: it goes just before the replies this same message produces (often a question from
    # the find-support flow), so the person reads the acknowledgement first and the question last.
    msg = await enqueue(
        run.session, run.contact, text, now=run.now, priority=Priority.REPLY - 1, kind="concern_support"
    )
    run.sent.append(msg)


async def handle_screening(run: Run, message: Message, screened: Screened) -> bool:
    """Apply the outcome of screening. Returns True when the pipeline must stop here (flagged)."""
    from bot.effects import apply_effect

    a = screened.assessment
    if a.severity == "none":
        return False
    details = {"message_id": message.id, "failed_closed": screened.failed_closed, **a.to_audit()}
    await apply_effect(run, Audit(f"safeguarding.{a.severity}", details))
    await open_escalation_safely(run, message, a)
    if not screened.flagged:
        await offer_support(run)
        return False
    await apply_effect(run, crisis_reply(run, a.severity))
    return True
