"""Pipeline stage 1: screen every inbound text, before anything else, in every state.

Fails closed: if screening raises, the message is treated as flagged (``high``, ``unscreened``).
A flagged message gets the crisis reply at once (ahead of everything in the outbox); the contact's flow is
left as it was (paused, not lost). Escalation to the duty clinician is added by the safeguarding issue.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import safeguarding
from bot.effects import Run
from bot.models import Message
from flows.context import ServiceInfo
from flows.engine import Audit, Priority, Reply

log = logging.getLogger(__name__)


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
    when = "today" if service.in_office_hours(run.now) else service.describe_next_open(run.now)
    text = run.ctx.t("crisis_high", crisis_lines=lines, next_open=when)
    return Reply(text, priority=Priority.CRISIS, template="crisis_high")


async def handle_screening(run: Run, message: Message, screened: Screened) -> bool:
    """Apply the outcome of screening. Returns True when the pipeline must stop here (flagged)."""
    from bot.effects import apply_effect

    a = screened.assessment
    if a.severity == "none":
        return False
    details = {"message_id": message.id, "failed_closed": screened.failed_closed, **a.to_audit()}
    await apply_effect(run, Audit(f"safeguarding.{a.severity}", details))
    if not screened.flagged:
        return False
    await apply_effect(run, crisis_reply(run, a.severity))
    return True
