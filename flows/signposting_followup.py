"""The signposting follow-up: "Did you get in touch with X? Reply YES, NO or HELP", and what each answer does.

Woken by a ``signposting_followup`` scheduled item (a :class:`Trigger` whose payload the find-support flow
wrote). In quiet hours it does not ask: it schedules itself again for the end of quiet hours. Nor does
it ask while the contact has another follow-up question open: it waits a day (``BUSY_DELAY``). YES is
recorded and thanked; NO is recorded and gets the best service from the same search that this contact
has not been sent since (so not one MORE already showed), and the offer of a person (HELP); HELP is
recorded and put on the practitioners' review list. An unsure answer ('maybe', 'not sure') is asked
again once. The router lets HELP through to this flow while it waits for an answer (HELP is otherwise a
global keyword).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows.engine import (
    Audit,
    FlowContext,
    FlowInput,
    FlowResult,
    FlowState,
    Priority,
    Query,
    QueryResult,
    Reply,
    Reroute,
    Schedule,
    Trigger,
    UserText,
    done,
)
from flows.signposting_answers import followup_answer, is_unsure
from flows.signposting_effects import (
    FOLLOWUP_KIND,
    RECORD_QUERY,
    SEARCH_QUERY,
    AskPractitioner,
    RecordFollowupAnswer,
)
from flows.signposting_replies import crisis_lines, results
from signposting.gsm import septets

NAME = "signposting_followup"
SMS_SEPTETS = 160
WAITING_STEPS = ("await_answer", "after_no")
"""Steps in which HELP is an answer to this flow, not the global HELP keyword (see flows/router.py)."""
BUSY_DELAY = dt.timedelta(days=1)
"""How long a follow-up waits when it falls due while the contact has another follow-up question open."""


@dataclass(frozen=True)
class SignpostingFollowupFlow:
    name: str = NAME

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if isinstance(event, Trigger) and event.kind == FOLLOWUP_KIND:
            return self._ask(state, event.payload, ctx)
        if isinstance(event, UserText) and state.step in WAITING_STEPS:
            return self._answer(state, event, ctx)
        if isinstance(event, QueryResult) and event.name == SEARCH_QUERY:
            return self._another(state, event.value or {}, ctx)
        if isinstance(event, QueryResult) and event.name == RECORD_QUERY:
            record_id = int((event.value or {})["record_id"])
            details = {"record_id": record_id, "followup_of": state.slots.get("record_id")}
            audit = Audit("signposting.sent", {**details, "services": state.slots.get("offered", [])})
            return FlowResult(state.at("after_no"), (audit,))
        if isinstance(event, UserText):
            return done(Reroute(event.text))
        return done()

    def _ask(self, state: FlowState, payload: Mapping[str, Any], ctx: FlowContext) -> FlowResult:
        # Keep whatever conversation the contact is in if we are not going to ask now.
        unchanged = state if state.step is not None else FlowState()
        record_id = payload.get("record_id")
        if record_id is None:
            return FlowResult(unchanged, (Audit("signposting.followup_skipped", {"reason": "no record"}),))
        if ctx.service.in_quiet_hours(ctx.now):
            later = ctx.service.after_quiet_hours(ctx.now)
            key = f"{payload.get('key') or f'{FOLLOWUP_KIND}:{record_id}'}:after-quiet"
            return FlowResult(unchanged, (Schedule(FOLLOWUP_KIND, later, dict(payload), key),))
        if _waiting(state, ctx.now):
            return FlowResult(unchanged, _defer(payload, record_id, state, ctx))
        text = _question(payload, ctx)
        slots = {k: payload.get(k) for k in ("record_id", "service_name", "need", "age", "area", "sent")}
        return FlowResult(
            FlowState(flow=self.name, step="await_answer", slots=slots),
            (
                Audit("signposting.followup_asked", {"record_id": record_id}),
                Reply(text, priority=Priority.SCHEDULED, template="signpost_followup_ask"),
            ),
        )

    def _answer(self, state: FlowState, event: UserText, ctx: FlowContext) -> FlowResult:
        answer = followup_answer(event.text, event.parse)
        record_id = int(state.slots["record_id"])
        if answer is None:
            if state.step == "await_answer" and is_unsure(event.text) and not state.slots.get("asked_again"):
                # 'maybe', 'not sure': not a YES or a NO; ask once more, then treat as not understood
                audit = Audit("signposting.followup_unsure", {"record_id": record_id})
                text = _question(state.slots, ctx, "signpost_followup_ask_again")
                reply = Reply(text, template="signpost_followup_ask_again")
                return FlowResult(state.at("await_answer", asked_again=True), (audit, reply))
            return done(Reroute(event.text))
        audit = Audit("signposting.followup_answered", {"record_id": record_id, "answer": answer})
        if answer == "help":
            recorded = () if state.step == "after_no" else (RecordFollowupAnswer(record_id, "help"),)
            text = ctx.t("signpost_followup_help", crisis_lines=crisis_lines(ctx))
            reply = Reply(text, template="signpost_followup_help")
            return done(*recorded, audit, AskPractitioner(record_id), reply)
        if state.step == "after_no":
            return done(Reroute(event.text))
        if answer == "yes":
            reply = Reply(ctx.t("signpost_followup_yes"), template="signpost_followup_yes")
            return done(RecordFollowupAnswer(record_id, "yes"), audit, reply)
        s = state.slots
        # The best service for the same search now, leaving out every one already sent to this
        # contact since that signposting (pages from MORE included): ranks move with the time of day.
        query = Query(
            SEARCH_QUERY,
            {"need": s.get("need"), "age": s.get("age"), "area": s.get("area"), "offset": 0, "limit": 1,
             "exclude_sent_since": record_id},
        )  # fmt: skip
        return FlowResult(state.at("searching"), (RecordFollowupAnswer(record_id, "no"), audit, query))

    def _another(self, state: FlowState, answer: Mapping[str, Any], ctx: FlowContext) -> FlowResult:
        if not answer.get("texts"):
            reply = Reply(ctx.t("signpost_followup_no_more"), template="signpost_followup_no_more")
            return FlowResult(state.at("after_no"), (reply,))
        lead = Reply(ctx.t("signpost_followup_no"), template="signpost_followup_no")
        ids = list(answer.get("service_ids", []))
        record = Query(RECORD_QUERY, {"need": state.slots.get("need"), "service_ids": ids})
        return FlowResult(state.at("recording", offered=ids), (lead, *results(ctx, answer), record))


def _question(details: Mapping[str, Any], ctx: FlowContext, key: str = "signpost_followup_ask") -> str:
    """The follow-up question about the service named in `details` (a payload or the waiting slots),
    in one SMS: a long service name loses words from its end until the text fits."""
    words = str(details.get("service_name") or "a service").split()
    text = ctx.t(key, place=" ".join(words))
    while septets(text) > SMS_SEPTETS and len(words) > 2:
        words.pop()
        text = ctx.t(key, place=" ".join(words))
    return text


def _waiting(state: FlowState, now: dt.datetime) -> bool:
    """True while the contact has a follow-up question open (and it has not expired)."""
    live = state.expires_at is None or state.expires_at > now
    return state.flow == NAME and state.step in WAITING_STEPS and live


def _defer(
    payload: Mapping[str, Any], record_id: Any, state: FlowState, ctx: FlowContext
) -> tuple[Audit, Schedule]:
    """Ask this follow-up a day later (outside quiet hours), so a YES or NO answers one question only.

    The key has the new due day in it: distinct from the first key and from any later deferral."""
    later = ctx.service.after_quiet_hours(ctx.now + BUSY_DELAY)
    key = f"{FOLLOWUP_KIND}:{record_id}:busy-{ctx.service.local(later):%Y-%m-%d}"
    waiting_on = state.slots.get("record_id")
    details = {"record_id": record_id, "waiting_on": waiting_on, "due_at": later.isoformat()}
    audit = Audit("signposting.followup_deferred", details)
    return audit, Schedule(FOLLOWUP_KIND, later, {**payload, "key": key}, key)
