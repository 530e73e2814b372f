"""The appointments conversation on its own (pure): what it asks the shell, and what it answers."""

from __future__ import annotations

import datetime as dt

from flows.appointment_effects import (
    AWAIT_ANSWER,
    AnswerAppointment,
    Appointments,
    AppointmentsQuery,
    RecordAppointmentReason,
)
from flows.appointment_text import AppointmentView
from flows.appointments import AppointmentsFlow
from flows.catalogue import load_catalogue
from flows.context import ServiceInfo
from flows.engine import (
    Answered,
    ContactView,
    FlowContext,
    FlowState,
    Reply,
    Reroute,
    StartFlow,
    UserText,
)

NOW = dt.datetime(2026, 11, 17, 14, 0, tzinfo=dt.UTC)
CTX = FlowContext(NOW, ContactView(1, "sms"), ServiceInfo(), load_catalogue())
FLOW = AppointmentsFlow()
SOON = AppointmentView(7, "phone", NOW + dt.timedelta(hours=2), "Sam", None, "booked", NOW)
LATER = AppointmentView(8, "school", NOW + dt.timedelta(days=1), "Sam", "Oak School", "booked", NOW)
WAITING = FlowState("appointments", AWAIT_ANSWER, {"scope": "reminded"})


def _answer(text: str, found: list[AppointmentView]) -> tuple[FlowState, list[object]]:
    asked = FLOW.handle(WAITING, UserText(text), CTX)
    assert asked.effects == (AppointmentsQuery("reminded"),)
    result = FLOW.handle(
        asked.state, Answered(AppointmentsQuery("reminded"), Appointments(tuple(found))), CTX
    )
    return result.state, list(result.effects)


def _texts(effects: list[object]) -> list[str]:
    return [e.text for e in effects if isinstance(e, Reply)]


def test_yes_confirms_the_one_reminded() -> None:
    state, effects = _answer("yes", [SOON])
    assert AnswerAppointment(7, "yes") in effects
    assert _texts(effects) == ["Thank you. Your phone call with Sam today at 4pm is confirmed."]
    assert state.flow is None


def test_plain_no_asks_for_a_reason_then_keeps_it() -> None:
    state, effects = _answer("N", [SOON])
    assert AnswerAppointment(7, "no") in effects
    assert state.step == "await_reason"
    result = FLOW.handle(state, UserText("my phone was broken"), CTX)
    assert RecordAppointmentReason(7, "my phone was broken") in result.effects


def test_two_open_asks_which_then_acts_on_the_choice() -> None:
    state, effects = _answer("R", [SOON, LATER])
    assert state.step == "which" and not any(isinstance(e, AnswerAppointment) for e in effects)
    [reply] = [e for e in effects if isinstance(e, Reply)]
    assert reply.choices == ("Phone call with Sam today at 4pm", "Meeting with Sam tomorrow at 2pm")
    result = FLOW.handle(state, UserText("2"), CTX)
    assert AnswerAppointment(8, "rearrange") in result.effects


def test_a_wrong_choice_is_asked_once_more_then_let_go() -> None:
    state, _ = _answer("Y", [SOON, LATER])
    again = FLOW.handle(state, UserText("the first one"), CTX)
    assert again.state.step == "which"
    assert FLOW.handle(again.state, UserText("hello?"), CTX).effects == (Reroute("hello?"),)


def test_other_texts_are_handed_back() -> None:
    assert FLOW.handle(WAITING, UserText("where can I get help with sleep"), CTX).effects == (
        Reroute("where can I get help with sleep"),
    )


def test_nothing_to_answer_and_too_late() -> None:
    _, effects = _answer("Y", [])
    assert _texts(effects)[0].startswith("We cannot find an appointment booked for you.")
    started = AppointmentView(9, "video", NOW - dt.timedelta(minutes=5), "Sam", None, "booked", NOW)
    _, effects = _answer("N", [started])
    assert not any(isinstance(e, AnswerAppointment) for e in effects)
    assert "already started" in _texts(effects)[0]


def test_when_is_my_appointment_shows_the_next_and_y_answers_it() -> None:
    start = FLOW.handle(FlowState(), StartFlow(intent="appointment_query", text="when is my appt"), CTX)
    upcoming = Answered(AppointmentsQuery("upcoming"), Appointments((SOON, LATER)))
    shown = FLOW.handle(start.state, upcoming, CTX)
    assert _texts(list(shown.effects))[0].startswith(
        "Your next appointment: phone call with Sam today at 4pm."
    )
    asked = FLOW.handle(shown.state, UserText("Y"), CTX)
    result = FLOW.handle(asked.state, upcoming, CTX)
    assert AnswerAppointment(7, "yes") in result.effects
