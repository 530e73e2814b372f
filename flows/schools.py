"""School join codes: a pupil or parent texts a code (or JOIN <code>) and is linked to that school.

The flow asks the runner to look the code up (query ``school_code``), which answers with
``{"school": SchoolView | None, "blocked": bool}``: ``blocked`` is true when this contact has tried too many
wrong codes recently. An unknown code gets the same reply whatever codes exist, so codes cannot be probed.

A code sent in the middle of another flow (finding support, say) arrives with ``args["resume"]``: that
flow's ``{"flow", "step", "slots"}``. After the join reply the flow is started again with
``StartFlow(args={"resume": ..., "school": SchoolView | None})`` so it can carry on where it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flows.callback_times import short_date
from flows.context import clock_text
from flows.engine import (
    Audit,
    FlowContext,
    FlowInput,
    FlowResult,
    FlowState,
    Handoff,
    Query,
    QueryResult,
    Reply,
    Reroute,
    SchoolView,
    StartFlow,
    UpdateContact,
    UserText,
    done,
)
from flows.keywords import detect_keyword, looks_like_code

QUERY = "school_code"


def _when(ctx: FlowContext, iso: str) -> str:
    """When a blocked contact may try again, in their time: '3.40pm', or '9.05am on Tue 8 Dec'."""
    at = ctx.service.local(dt.datetime.fromisoformat(iso))
    clock = clock_text(at.time())
    if at.date() == ctx.service.local(ctx.now).date():
        return clock
    return f"{clock} on {short_date(at.date())}"


@dataclass(frozen=True)
class JoinSchoolFlow:
    name: str = "join_school"

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if isinstance(event, StartFlow):
            code = event.args.get("code")
            if not code:
                reply = Reply(ctx.t("join_ask"), template="join_ask")
                return FlowResult(FlowState(flow=self.name, step="await_code"), (reply,))
            return self._lookup(str(code), event.args.get("resume"))
        if isinstance(event, UserText) and state.step == "await_code":
            keyword = detect_keyword(event.text)
            code = keyword.arg if keyword and keyword.kind == "join" else looks_like_code(event.text)
            if code is None:
                return done(Reroute(event.text))
            return self._lookup(code)
        if isinstance(event, QueryResult) and event.name == QUERY:
            return self._answer(state, event.value, ctx)
        return done()

    def _lookup(self, code: str, resume: object = None) -> FlowResult:
        slots = {"code": code.upper(), **({"resume": resume} if resume else {})}
        state = FlowState(flow=self.name, step="lookup", slots=slots)
        return FlowResult(state, (Query(QUERY, {"code": code.upper()}),))

    def _answer(self, state: FlowState, value: dict[str, object], ctx: FlowContext) -> FlowResult:
        result = self._joined(state, value, ctx)
        resume = state.slots.get("resume")
        if not isinstance(resume, dict) or not resume.get("flow"):
            return result
        school = value.get("school")
        linked = school if isinstance(school, SchoolView) else None
        back = Handoff(str(resume["flow"]), StartFlow(args={"resume": resume, "school": linked}))
        return done(*result.effects, back)

    def _joined(self, state: FlowState, value: dict[str, object], ctx: FlowContext) -> FlowResult:
        if value.get("blocked"):
            retry_at = value.get("retry_at")
            text = ctx.t("join_slow_down", retry_at=_when(ctx, str(retry_at)) if retry_at else "an hour")
            return done(Audit("school.join_blocked", {}), Reply(text, template="join_slow_down"))
        school = value.get("school")
        if not isinstance(school, SchoolView):
            return done(
                Audit("school.join_failed", {"code_length": len(str(state.slots.get("code", "")))}),
                Reply(ctx.t("join_unknown"), template="join_unknown"),
            )
        current = ctx.contact.school
        if current is not None and current.id == school.id:
            return done(Reply(ctx.t("join_again", school_name=school.name), template="join_again"))
        audit = Audit("school.joined", {"school_id": school.id, "previous_school_id": current and current.id})
        if current is not None:
            text = ctx.t("join_switched", school_name=school.name, old_school=current.name)
            return done(UpdateContact(school_id=school.id), audit, Reply(text, template="join_switched"))
        text = ctx.t("join_ok", school_name=school.name)
        return done(UpdateContact(school_id=school.id), audit, Reply(text, template="join_ok"))
