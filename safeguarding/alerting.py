"""Who to alert about an escalation, and when to look again: a pure plan the shell carries out.

Ladder for an open ``alert`` escalation (``ack`` = the acknowledgement time for its severity):
- on open, in a shift or on-call slot: alert the primary (level 0); deadline now + ack.
- out of hours with no on-call slot: alert nobody yet; wait at the top of the queue until the next slot
  starts, then alert its primary (deadline counts from then).
- no acknowledgement by the deadline: alert the primary again and the backup (level 1); new deadline.
- still nothing: alert the service manager (level 2).
- still nothing at the next slot's start (shift, override or on-call): the whole ladder again from its
  primary (``alert_again``), then primary and backup, then the manager, and so on at every slot's start
  until someone acknowledges. It never goes quiet.
- a rota with no slot at all in the next three weeks: alert the service manager at once, and again every
  :data:`REPEAT_WITHOUT_ROTA` until someone acknowledges.
- the case rises to ``immediate`` (a later message): alert whoever holds it now (``alert_raised``): the
  practitioner who acknowledged it, else the person on duty (the ladder restarts with the shorter time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from safeguarding.escalations import AuditNote
from safeguarding.models import ALERT, OPEN, Escalation
from safeguarding.rota import Rota

NEW, AGAIN, MANAGER, RAISED = "alert_new", "alert_again", "alert_manager", "alert_raised"
REPEAT_WITHOUT_ROTA = dt.timedelta(hours=1)


@dataclass(frozen=True)
class AlertStep:
    """One rung of the ladder: who to alert now (usernames), with which text, and the next look."""

    level: int | None
    targets: tuple[str, ...]
    template: str
    next_alert_at: dt.datetime | None
    ack_deadline: dt.datetime | None
    reason: str


def _dedupe(names: list[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def first_step(rota: Rota, now: dt.datetime, ack: dt.timedelta) -> AlertStep:
    """The plan for a new alert escalation at `now`."""
    duty = rota.who_is_on(now)
    if duty is not None:
        return AlertStep(0, (duty.primary,), NEW, now + ack, now + ack, duty.source)
    starts = rota.next_shift_start(now)
    if starts is not None:
        return AlertStep(None, (), NEW, starts, starts + ack, "waiting")
    return AlertStep(2, _dedupe([rota.manager]), MANAGER, _repeat_at(rota, now, ack), now + ack, "no_rota")


def _repeat_at(rota: Rota, now: dt.datetime, ack: dt.timedelta) -> dt.datetime:
    """When an unacknowledged escalation goes round the ladder again: the next slot's start."""
    return rota.next_shift_start(now) or now + max(ack, REPEAT_WITHOUT_ROTA)


def next_step(esc: Escalation, rota: Rota, now: dt.datetime, ack: dt.timedelta) -> AlertStep | None:
    """The plan when the timer looks at `esc` again; None when nothing more is to be done."""
    if esc.kind != ALERT or esc.status != OPEN or esc.next_alert_at is None or now < esc.next_alert_at:
        return None
    if esc.alert_level is None:
        return first_step(rota, now, ack)
    duty = rota.who_is_on(now)
    if esc.alert_level == 0:
        earlier = esc.alerted[-1:]  # this round's primary
        targets = _dedupe([*earlier, duty.primary if duty else None, duty.backup if duty else None])
        return AlertStep(1, targets, AGAIN, now + ack, now + ack, "not_acknowledged")
    if esc.alert_level == 1:
        repeat = _repeat_at(rota, now, ack)
        return AlertStep(2, _dedupe([rota.manager]), MANAGER, repeat, esc.ack_deadline, "not_acknowledged")
    if duty is not None:
        return AlertStep(0, (duty.primary,), AGAIN, now + ack, now + ack, "repeat_at_shift_start")
    step = first_step(rota, now, ack)
    return AlertStep(step.level, step.targets, step.template, step.next_alert_at, step.ack_deadline, "repeat")


def raised_step(esc: Escalation, rota: Rota, now: dt.datetime, ack: dt.timedelta) -> AlertStep:
    """The plan when a later message raises `esc` to ``immediate``: tell whoever holds it now."""
    if esc.status != OPEN and esc.acknowledged_by:
        return AlertStep(
            esc.alert_level, (esc.acknowledged_by,), RAISED, None, esc.ack_deadline, "raised_acknowledged"
        )
    duty = rota.who_is_on(now)
    if duty is not None:
        return AlertStep(0, (duty.primary,), RAISED, now + ack, now + ack, "raised")
    if esc.alert_level is not None or rota.next_shift_start(now) is None:
        # someone was alerted already (the shift has ended since): them again, and the manager
        targets = _dedupe([*esc.alerted[-1:], rota.manager])
        return AlertStep(2, targets, RAISED, _repeat_at(rota, now, ack), now + ack, "raised")
    return AlertStep(esc.alert_level, (), RAISED, esc.next_alert_at, esc.ack_deadline, "raised_waiting")


def apply_step(esc: Escalation, step: AlertStep) -> AuditNote:
    """Record the step on the escalation (the shell sends the texts) and describe it for the audit."""
    esc.alert_level = step.level
    esc.next_alert_at = step.next_alert_at
    esc.ack_deadline = step.ack_deadline
    esc.alerted = [*esc.alerted, *step.targets]
    action = "escalation.alert_planned" if step.targets else "escalation.waiting"
    return AuditNote(
        action,
        esc.ref,
        {"level": step.level, "to": list(step.targets), "reason": step.reason, "template": step.template},
    )
