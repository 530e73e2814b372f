"""STOP / START: opting out of texts and back in. Safeguarding screening still runs for opted-out contacts."""

from __future__ import annotations

from dataclasses import dataclass

from flows.engine import (
    Audit,
    CancelScheduled,
    FlowContext,
    FlowInput,
    FlowResult,
    FlowState,
    Handoff,
    Reply,
    StartFlow,
    UpdateContact,
    done,
)

# Scheduled kinds that stop when someone opts out (reminders, check-ins, follow-ups). Other issues add theirs.
CANCELLED_ON_OPT_OUT: tuple[str, ...] = ("*",)
AFTER_REMINDER_FLOWS = frozenset({"appointments"})
"""Opting out while one of these waits for an answer to a reminder: the confirmation also says how to
come back and that N cancels an appointment (someone may have sent CANCEL or END meaning the appointment)."""


@dataclass(frozen=True)
class OptOutFlow:
    name: str = "opt_out"

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        word = str(event.args.get("word", "STOP")) if isinstance(event, StartFlow) else "STOP"
        after = isinstance(event, StartFlow) and event.args.get("flow") in AFTER_REMINDER_FLOWS
        details = {"keyword": word, **({"after": "reminder"} if after else {})}
        # The template stays "stopped" (the outbox kind): a provider that confirms opt-outs itself
        # (channels.sms.provider_confirms_opt_out) sends its own text instead; see docs/channels.md.
        text = ctx.t("stopped_after_reminder" if after else "stopped")
        return done(
            UpdateContact(opted_out=True),
            *(CancelScheduled(kind) for kind in CANCELLED_ON_OPT_OUT),
            Audit("contact.opted_out", details),
            Reply(text, template="stopped"),
        )


@dataclass(frozen=True)
class OptInFlow:
    name: str = "opt_in"

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if not ctx.contact.opted_out:
            return done(Handoff("menu"))
        word = str(event.args.get("word", "START")) if isinstance(event, StartFlow) else "START"
        return done(
            UpdateContact(opted_out=False),
            Audit("contact.opted_in", {"keyword": word}),
            Reply(ctx.t("restarted"), template="restarted"),
        )
