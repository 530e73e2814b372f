"""Triggers: what a scheduled item does to the conversation the contact is already in.

A conversation declares, per scheduled kind it answers, a :class:`TriggerRule`: when the contact is busy in
another conversation the trigger may **wait** (try again later), **interrupt** it (run now, then resume the
interrupted conversation where it was) or **take over** (end it and run now). A second rule covers the
contact being in this same conversation already (another reminder's question still open, say): waiting
keeps a YES from answering two questions. Scheduled texts also keep out of quiet hours, and out of a crisis
hold: while a practitioner has not yet acknowledged a flagged message the contact gets support, not menus or
questions, so a due check-in or follow-up waits and is tried again within the hour (:data:`HOLD_RECHECK`).

:func:`admit` is the pure decision; the runner (``bot/messaging/jobs.py``) carries it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from flows.engine import Audit, FlowContext, FlowState


class WhenBusy(StrEnum):
    """What a trigger does when the contact is in a conversation."""

    WAIT = "wait"
    """Leave it alone; the item falls due again later (``TriggerRule.wait``, outside quiet hours)."""
    INTERRUPT = "interrupt"
    """Set it aside, run now, and resume it when this run finishes (``flows/session.py``)."""
    TAKE_OVER = "take_over"
    """End it (and anything it had set aside) and run now."""


@dataclass(frozen=True)
class TriggerRule:
    """How one scheduled kind treats a busy contact; `audit` names the event written when it waits."""

    busy: WhenBusy = WhenBusy.INTERRUPT
    busy_same: WhenBusy = WhenBusy.WAIT
    quiet_hours: bool = True
    wait: dt.timedelta = dt.timedelta(days=1)
    audit: str = "trigger.deferred"


@dataclass(frozen=True)
class Admission:
    """`action` is ``run`` (the contact is free), or a :class:`WhenBusy`; a wait comes with `until` (UTC)
    and the audit event to record."""

    action: str
    until: dt.datetime | None = None
    audit: Audit | None = None


RUN = "run"
HOLD_RECHECK = dt.timedelta(hours=1)
"""How soon a scheduled text held back by a crisis hold is tried again: a practitioner's acknowledgement
ends the hold early, so the text goes within the hour after it rather than at the hold's 24-hour end."""


def hold_recheck(held_until: dt.datetime, now: dt.datetime) -> dt.datetime:
    """When to try again a scheduled text held back by a crisis hold that ends at `held_until`."""
    return min(held_until, now + HOLD_RECHECK)


def live(state: FlowState, now: dt.datetime) -> bool:
    """True when `state` is a conversation the contact is still in (not finished, not expired)."""
    return state.flow is not None and (state.expires_at is None or state.expires_at > now)


def admit(
    rule: TriggerRule,
    kind: str,
    flow: str,
    state: FlowState,
    ctx: FlowContext,
    *,
    held_until: dt.datetime | None = None,
) -> Admission:
    """What the trigger of `kind` (answered by `flow`) does now, given the contact's `state`.

    `held_until`: the end of the contact's crisis hold when one is active (the shell reads it); the
    trigger then waits, whatever its rule, and is tried again by :func:`hold_recheck`."""
    if held_until is not None and ctx.now < held_until:
        later = ctx.service.after_quiet_hours(hold_recheck(held_until, ctx.now))
        return _wait(rule, kind, later, "crisis_hold", state.flow)
    if rule.quiet_hours and ctx.service.in_quiet_hours(ctx.now):
        return _wait(rule, kind, ctx.service.after_quiet_hours(ctx.now), "quiet_hours", None)
    if not live(state, ctx.now):
        return Admission(RUN)
    runs = (state, *state.stack)
    policy = rule.busy_same if any(r.flow == flow for r in runs) else rule.busy
    if policy is WhenBusy.WAIT:
        later = ctx.service.after_quiet_hours(ctx.now + rule.wait)
        return _wait(rule, kind, later, "busy", state.flow)
    return Admission(policy.value)


def _wait(rule: TriggerRule, kind: str, until: dt.datetime, reason: str, busy: str | None) -> Admission:
    details = {"kind": kind, "reason": reason, "waiting_on": busy, "due_at": until.isoformat()}
    return Admission(WhenBusy.WAIT.value, until, Audit(rule.audit, details))
