"""PAUSE, RESUME and "can u check in on me every week": small flows around check-in plans.

PAUSE pauses this contact's check-ins only (STOP still stops everything); RESUME restarts them. A request
by text is filed for the team to approve: it does not create a plan. The shell answers the queries
(``flows/checkin_effects.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.checkin_effects import (
    CONTROL_FLOW,
    REQUEST_FLOW,
    ControlAnswer,
    ControlQuery,
    RequestAnswer,
    RequestQuery,
)
from flows.engine import Answered, FlowContext, FlowInput, FlowResult, FlowState, Reply, StartFlow, done

PAUSE_WORDS = frozenset({"PAUSE", "PAUSE CHECKINS", "PAUSE CHECK INS", "PAUSE CHECK-INS"})
RESUME_WORDS = frozenset({"RESUME", "RESUME CHECKINS", "RESUME CHECK INS", "RESUME CHECK-INS", "UNPAUSE"})

_CHECKIN = r"(?:check\s*-?\s*ins?|checkins?|check\s+(?:up\s+)?on\s+me|check\s+in\s+(?:on|with)\s+me)"
_REQUEST = re.compile(
    rf"\b(?:want|like|can|could|pls|please|plz|need|get|have|start|wud|would|can\s+u|can\s+you)\b.*{_CHECKIN}"
    rf"|{_CHECKIN}.*\b(?:every|each|weekly|week|pls|please|plz)\b",
    re.IGNORECASE,
)


def control_word(text: str) -> str | None:
    """``pause`` or ``resume`` when the whole text is one of those words."""
    word = " ".join(text.strip().strip(".!?").upper().split())
    if word in PAUSE_WORDS:
        return "pause"
    if word in RESUME_WORDS:
        return "resume"
    return None


def is_checkin_request(text: str) -> bool:
    """'can u check in on me every week', 'i want weekly check ins pls'."""
    return bool(_REQUEST.search(" ".join(text.split())))


@dataclass(frozen=True)
class CheckinControlFlow:
    name: str = CONTROL_FLOW

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if isinstance(event, StartFlow):
            action = str(event.args.get("action", "pause"))
            return FlowResult(FlowState(self.name, action), (ControlQuery(action),))
        if isinstance(event, Answered) and isinstance(event.value, ControlAnswer):
            value = event.value
            if not value.plans:
                key = "checkin_none_to_pause" if state.step == "pause" else "checkin_none_to_resume"
            elif state.step == "pause":
                key = "checkin_paused" if value.changed else "checkin_already_paused"
            else:
                key = "checkin_resumed" if value.changed else "checkin_already_running"
            return done(Reply(ctx.t(key, next=value.next or "soon"), template=key))
        return done()


@dataclass(frozen=True)
class CheckinRequestFlow:
    name: str = REQUEST_FLOW

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if isinstance(event, StartFlow):
            return FlowResult(FlowState(self.name, "filing"), (RequestQuery(),))
        if isinstance(event, Answered) and isinstance(event.value, RequestAnswer):
            value = event.value
            if value.has_plan:
                key = "checkin_request_has_plan"
            elif value.already:
                key = "checkin_request_already"
            else:
                key = "checkin_request_filed"
            return done(Reply(ctx.t(key), template=key))
        return done()
