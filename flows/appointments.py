"""Answers about appointments: Y / N / R after a reminder, and "when is my appt" or "cant make my appt tmrw"
at any time.

A reminder (bot/features/appointments/sender.py) leaves the contact at step ``await_answer`` with scope
``reminded``: a reply that reads as yes, no or rearrange goes to the appointment whose reminder went out
last within the window; when more than one is open the flow asks which. Any other text is handed back to
the pipeline (:class:`Reroute`). Started by the NLU intents ``appointment_query``, ``appointment_cancel``
and ``appointment_reschedule`` it looks at the upcoming appointments instead. After a plain N it asks for
a reason once (SKIP to give none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flows.appointment_answers import ReadAnswer, choice_number, is_skip, read_answer
from flows.appointment_effects import (
    AWAIT_ANSWER,
    FLOW,
    AnswerAppointment,
    Appointments,
    AppointmentsQuery,
    RecordAppointmentReason,
)
from flows.appointment_text import AppointmentView, describe_what, describe_when, params
from flows.engine import (
    Answered,
    Audit,
    FlowContext,
    FlowInput,
    FlowResult,
    FlowState,
    Reply,
    Reroute,
    StartFlow,
    UserText,
    done,
)

INTENT_ANSWERS = {"appointment_cancel": "no", "appointment_reschedule": "rearrange"}
ANSWER_WINDOW = dt.timedelta(hours=24)
"""How long the flow waits for an answer after it asked one (the next appointment, which one)."""
_DAY_WORDS = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "tomoz": 1, "2moro": 1, "tmw": 1}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class AppointmentsFlow:
    name: str = FLOW

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if isinstance(event, StartFlow):
            answer = INTENT_ANSWERS.get(event.intent or "")
            slots = {"scope": "upcoming", "answer": answer, "text": event.text}
            return FlowResult(FlowState(self.name, "looking", slots), (AppointmentsQuery("upcoming"),))
        if isinstance(event, Answered) and isinstance(event.query, AppointmentsQuery):
            found = event.value.items if isinstance(event.value, Appointments) else ()
            return self._found(state, list(found), ctx)
        if isinstance(event, UserText):
            return self._text(state, event, ctx)
        return done()

    def _text(self, state: FlowState, event: UserText, ctx: FlowContext) -> FlowResult:
        intent = event.parse.intent if event.parse else None
        if state.step == "which":
            return self._which(state, event.text, intent, ctx)
        if state.step == "await_reason":
            return self._reason(state, event.text, ctx)
        read = read_answer(event.text, intent)
        if state.step != AWAIT_ANSWER or read is None:
            return done(Reroute(event.text))
        slots = {**state.slots, "answer": read.answer, "reason": read.reason, "text": event.text}
        query = AppointmentsQuery(str(state.slots.get("scope", "reminded")))
        return FlowResult(state.at("looking", **slots), (query,))

    def _found(self, state: FlowState, found: list[AppointmentView], ctx: FlowContext) -> FlowResult:
        answer = state.slots.get("answer")
        only = state.slots.get("only")
        if only is not None:
            found = [v for v in found if v.id == only]
        if not found:
            return done(Reply(ctx.t("appt_none"), template="appt_none"))
        if answer is None:  # "when is my appointment": the next one, and Y / N / R now answer it
            view = found[0]
            text = ctx.t("appt_next", **params(view, ctx.now, ctx.service))
            slots = {"scope": "upcoming", "only": view.id}  # Y / N / R now mean the one just shown
            nxt = FlowState(self.name, AWAIT_ANSWER, slots, ctx.now + ANSWER_WINDOW)
            return FlowResult(nxt, (Reply(text, template="appt_next"),))
        picked, exact = _narrow(found, str(state.slots.get("text") or ""), ctx)
        if len(picked) == 1 and exact:
            read = ReadAnswer(answer, state.slots.get("reason"))
            return _act(picked[0], read, ctx)
        choices = tuple(_choice(v, ctx) for v in picked[:5])
        slots = {**state.slots, "views": [_slot(v) for v in picked[:5]]}
        nxt = FlowState(self.name, "which", slots, ctx.now + ANSWER_WINDOW)
        key = "appt_which" if exact else "appt_which_day"
        return FlowResult(nxt, (Reply(ctx.t(key), choices=choices, template=key),))

    def _which(self, state: FlowState, text: str, intent: str | None, ctx: FlowContext) -> FlowResult:
        views = [_view(v) for v in state.slots.get("views", [])]
        number = choice_number(text, len(views))
        if number is None:
            if state.slots.get("asked_again"):
                return done(Reroute(text))
            reply = Reply(ctx.t("appt_which_again"), template="appt_which_again")
            return FlowResult(state.at("which", asked_again=True), (reply,))
        read = ReadAnswer(state.slots["answer"], state.slots.get("reason"))
        return _act(views[number - 1], read, ctx)

    def _reason(self, state: FlowState, text: str, ctx: FlowContext) -> FlowResult:
        appointment_id = int(state.slots["appointment_id"])
        read = read_answer(text)
        if read is not None and read.answer == "rearrange":
            reply = Reply(ctx.t("appt_rearrange_after_cancel"), template="appt_rearrange_after_cancel")
            return done(AnswerAppointment(appointment_id, "rearrange", read.reason), reply)
        if is_skip(text):
            return done(Reply(ctx.t("appt_reason_skipped"), template="appt_reason_skipped"))
        reply = Reply(ctx.t("appt_reason_thanks"), template="appt_reason_thanks")
        return done(RecordAppointmentReason(appointment_id, text.strip()[:300]), reply)


def _act(view: AppointmentView, read: ReadAnswer, ctx: FlowContext) -> FlowResult:
    """Apply one answer to one appointment and say what happened."""
    p = params(view, ctx.now, ctx.service)
    if view.start <= ctx.now:
        return done(Reply(ctx.t("appt_too_late", **p), template="appt_too_late"))
    effect = AnswerAppointment(view.id, read.answer, read.reason)
    audit = Audit("appointment.answered", {"appointment": view.id, "answer": read.answer})
    if read.answer == "yes":
        return done(effect, audit, Reply(ctx.t("appt_confirmed", **p), template="appt_confirmed"))
    if read.answer == "rearrange":
        return done(effect, audit, Reply(ctx.t("appt_rearrange", **p), template="appt_rearrange"))
    if read.reason:
        return done(effect, audit, Reply(ctx.t("appt_cancelled", **p), template="appt_cancelled"))
    reply = Reply(ctx.t("appt_cancelled_ask_reason", **p), template="appt_cancelled_ask_reason")
    nxt = FlowState(FLOW, "await_reason", {"appointment_id": view.id}, ctx.now + ANSWER_WINDOW)
    return FlowResult(nxt, (effect, audit, reply))


def _narrow(
    found: Sequence[AppointmentView], text: str, ctx: FlowContext
) -> tuple[list[AppointmentView], bool]:
    """The appointments a text's day words point at ("cant make my appt tmrw"), and whether the text
    agrees with them: False when it names a day none of them is on (then the flow asks, even about one)."""
    words = text.lower().split()
    today = ctx.service.local(ctx.now).date()
    days = {today + dt.timedelta(days=n) for w, n in _DAY_WORDS.items() if w in words}
    for i, name in enumerate(_WEEKDAYS):
        if any(w.startswith(name) for w in words):
            ahead = (i - today.weekday()) % 7
            days.add(today + dt.timedelta(days=ahead))
    if not days:
        return list(found), True
    picked = [v for v in found if ctx.service.local(v.start).date() in days]
    return (picked, True) if picked else (list(found), False)


def _choice(view: AppointmentView, ctx: FlowContext) -> str:
    what = describe_what(view)
    return f"{what[:1].upper()}{what[1:]} {describe_when(view.start, ctx.now, ctx.service)}"


def _slot(view: AppointmentView) -> dict[str, Any]:
    """An appointment as JSON-safe slots (conversation state is stored as JSON)."""
    return {
        "id": view.id, "kind": view.kind, "start": view.start.isoformat(), "who": view.who,
        "place": view.place, "status": view.status,
    }  # fmt: skip


def _view(slot: dict[str, Any]) -> AppointmentView:
    start = dt.datetime.fromisoformat(str(slot["start"]))
    return AppointmentView(
        int(slot["id"]), str(slot["kind"]), start, str(slot["who"]), slot.get("place"), str(slot["status"])
    )
