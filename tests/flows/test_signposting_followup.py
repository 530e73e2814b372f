"""The follow-up as a pure conversation, and its trigger rule: when it asks, waits or takes over."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from flows.engine import (
    Answered,
    Audit,
    ContactView,
    FlowState,
    Priority,
    Reply,
    Reroute,
    Resume,
    Trigger,
    UserText,
)
from flows.router import claimed, route_keyword
from flows.signposting_answers import followup_answer
from flows.signposting_effects import (
    AskPractitioner,
    RecordAnswer,
    RecordFollowupAnswer,
    RecordQuery,
    SearchQuery,
)
from flows.signposting_followup import FOLLOWUP, RULE
from flows.triggers import RUN, TriggerRule, WhenBusy, admit
from nlu.types import Parse
from signposting.gsm import septets
from tests.flows.helpers import NOW, answer, ctx, found, kinds, only

PAYLOAD = {
    "record_id": 42,
    "service_name": "Kind Words",
    "need": "bullying",
    "age": 13,
    "area": "Demo Borough",
    "sent": 3,
    "key": "signposting_followup:42",
}
DUE = Trigger("signposting_followup", PAYLOAD, item_id=9)


def _waiting(step: str = "await_answer") -> FlowState:
    return FlowState(
        "signposting_followup", step, {k: PAYLOAD[k] for k in ("record_id", "need", "age", "area", "sent")}
    )


def test_followup_asks_at_scheduled_priority() -> None:
    result = FOLLOWUP.handle(FlowState(), DUE, ctx())
    reply = only(result, Reply)
    assert reply.priority == Priority.SCHEDULED
    assert "Kind Words" in reply.text and "YES, NO or HELP" in reply.text
    assert result.state.step == "await_answer" and kinds(result) == ["Audit", "signpost_followup_ask"]


# ---- the trigger rule: quiet hours, another follow-up open, any other conversation -----------------------


def test_followup_in_quiet_hours_waits_for_the_morning() -> None:
    late = dt.datetime(2026, 11, 24, 22, 0, tzinfo=dt.UTC)
    waits = admit(RULE, DUE.kind, FOLLOWUP.name, FlowState(), ctx(now=late))
    assert waits.action == WhenBusy.WAIT and waits.until == dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
    assert waits.audit is not None and waits.audit.details["reason"] == "quiet_hours"


@pytest.mark.parametrize("step", ["await_answer", "after_no"])
def test_a_followup_due_while_another_waits_for_an_answer_is_asked_a_day_later(step: str) -> None:
    """Two follow-ups due together would be sent back to back, and YES would answer only the later."""
    other = FlowState("signposting_followup", step, {**_waiting().slots, "record_id": 41})
    waits = admit(RULE, DUE.kind, FOLLOWUP.name, other, ctx())
    assert waits.action == WhenBusy.WAIT and waits.until == NOW + dt.timedelta(days=1)
    assert waits.audit is not None and waits.audit.action == "signposting.followup_deferred"
    assert waits.audit.details["waiting_on"] == "signposting_followup"


def test_a_deferred_followup_keeps_out_of_quiet_hours_and_asks_once_the_other_has_gone() -> None:
    # 08:30 BST on the day the clocks go back: a day later is 07:30 GMT, in quiet hours, so 08:00 GMT
    before_change = dt.datetime(2026, 10, 24, 7, 30, tzinfo=dt.UTC)
    waiting = FlowState("signposting_followup", "await_answer", {"record_id": 41})
    deferred = admit(RULE, DUE.kind, FOLLOWUP.name, waiting, ctx(now=before_change))
    assert deferred.until == dt.datetime(2026, 10, 25, 8, 0, tzinfo=dt.UTC)
    expired = replace(waiting, expires_at=NOW)
    assert admit(RULE, DUE.kind, FOLLOWUP.name, expired, ctx()).action == RUN
    assert admit(RULE, DUE.kind, FOLLOWUP.name, FlowState(), ctx()).action == RUN
    # any other conversation is taken over, as before: the follow-up asks at once
    searching = FlowState("find_support", "results")
    assert admit(RULE, DUE.kind, FOLLOWUP.name, searching, ctx()).action == WhenBusy.TAKE_OVER
    asked = FOLLOWUP.handle(FlowState(flow=FOLLOWUP.name), DUE, ctx())
    assert kinds(asked) == ["Audit", "signpost_followup_ask"] and asked.state.slots["record_id"] == 42


def test_a_followup_waiting_beneath_an_interruption_still_counts_as_open() -> None:
    """A follow-up set aside by a school code is still open: another follow-up waits for it."""
    joining = FlowState("join_school", "await_code", stack=(_waiting(),))
    assert admit(RULE, DUE.kind, FOLLOWUP.name, joining, ctx()).action == WhenBusy.WAIT
    interrupting = TriggerRule(busy=WhenBusy.INTERRUPT, quiet_hours=False)
    assert admit(interrupting, "reminder", "reminder", joining, ctx()).action == WhenBusy.INTERRUPT


# ---- the answers ----------------------------------------------------------------------------------------


def test_followup_yes_no_help() -> None:
    yes = FOLLOWUP.handle(_waiting(), UserText("yes"), ctx())
    assert only(yes, RecordFollowupAnswer) == RecordFollowupAnswer(42, "yes") and yes.state.flow is None
    no = FOLLOWUP.handle(_waiting(), UserText("no"), ctx())
    assert only(no, RecordFollowupAnswer).answer == "no"
    assert only(no, SearchQuery) == SearchQuery(
        "bullying", 13, "Demo Borough", offset=0, limit=1, exclude_sent_since=42
    )
    offered = FOLLOWUP.handle(no.state, found(no, answer(texts=["C"], service_ids=["c"])), ctx())
    assert kinds(offered) == ["signpost_followup_no", "signpost_service", "RecordQuery"]
    recorded = FOLLOWUP.handle(offered.state, Answered(only(offered, RecordQuery), RecordAnswer(50)), ctx())
    audit = only(recorded, Audit)
    assert recorded.state.step == "after_no" and audit.action == "signposting.sent"
    assert audit.details == {"record_id": 50, "followup_of": 42, "services": ["c"]}
    help_ = FOLLOWUP.handle(_waiting(), UserText("HELP"), ctx())
    assert only(help_, AskPractitioner).record_id == 42 and only(help_, RecordFollowupAnswer).answer == "help"
    after_no = FOLLOWUP.handle(_waiting("after_no"), UserText("help"), ctx())
    assert only(after_no, AskPractitioner)
    assert not [e for e in after_no.effects if isinstance(e, RecordFollowupAnswer)]
    assert isinstance(FOLLOWUP.handle(_waiting(), UserText("what is this"), ctx()).effects[0], Reroute)
    assert kinds(FOLLOWUP.handle(_waiting("after_no"), UserText("yes"), ctx())) == ["Reroute"]


@pytest.mark.parametrize(
    ("text", "said"),
    [("yes it was good ty", "yes"), ("yeah they were really helpful thanks", "yes"),
     ("no not yet thanks", "no"), ("nope didnt get round to it", "no"),
     ("yes but they never answered", None), ("no i need help", None), ("yes no", None)],
)  # fmt: skip
def test_a_yes_or_no_leading_a_longer_reply_is_that_answer(text: str, said: str | None) -> None:
    """A follow-up's 'yes it was good ty' is a YES; a reply that takes its first word back is not read."""
    assert followup_answer(text) == said


@pytest.mark.parametrize("text", ["maybe", "Not sure", "idk", "dunno", "maybe later", "no idea", "kinda"])
def test_an_unsure_followup_answer_is_not_a_no(text: str) -> None:
    """The NLU reads 'maybe' as deny; it is not a NO, so no NO is recorded and no other service is sent."""
    assert followup_answer(text, Parse("deny", 0.82)) is None


def test_an_unsure_followup_answer_is_asked_again_once_then_not_understood() -> None:
    waiting = FlowState(
        "signposting_followup", "await_answer", {**_waiting().slots, "service_name": "Kind Words"}
    )
    again = FOLLOWUP.handle(waiting, UserText("maybe", Parse("deny", 0.82)), ctx())
    assert kinds(again) == ["Audit", "signpost_followup_ask_again"]
    assert "Kind Words" in only(again, Reply).text
    assert only(again, Reply).priority == Priority.REPLY and again.state.step == "await_answer"
    assert not [e for e in again.effects if isinstance(e, RecordFollowupAnswer)]
    assert kinds(FOLLOWUP.handle(again.state, UserText("dunno"), ctx())) == ["Reroute"]
    yes = FOLLOWUP.handle(again.state, UserText("yes"), ctx())  # a real answer after the second ask
    assert only(yes, RecordFollowupAnswer) == RecordFollowupAnswer(42, "yes")


def test_a_state_stored_before_the_engine_counted_retries_keeps_its_one_retry_used() -> None:
    old = FlowState("signposting_followup", "await_answer", {**_waiting().slots, "asked_again": True})
    assert kinds(FOLLOWUP.handle(old, UserText("maybe"), ctx())) == ["Reroute"]


def test_the_waiting_followup_keeps_the_service_name_for_asking_again() -> None:
    asked = FOLLOWUP.handle(FlowState(), DUE, ctx())
    again = FOLLOWUP.handle(asked.state, UserText("not sure"), ctx())
    assert "Kind Words" in only(again, Reply).text


def test_help_reaches_the_followup_but_is_the_help_keyword_otherwise() -> None:
    """The follow-up's questions claim HELP; the router knows no step names."""
    contact = ContactView(7, "sms")
    for step in ("await_answer", "after_no"):
        waiting = _waiting(step)
        assert claimed(FOLLOWUP, waiting, "help.")
        assert route_keyword("HELP", contact, waiting, False, claimed(FOLLOWUP, waiting, "HELP")) is None
        stop = route_keyword("STOP", contact, waiting, False, claimed(FOLLOWUP, waiting, "STOP"))
        assert stop is not None and stop.flow == "opt_out"
    searching = FlowState("find_support", "age")
    route = route_keyword("HELP", contact, searching, False, claimed(FOLLOWUP, searching, "HELP"))
    assert route is not None and route.flow == "help"


def test_the_followup_question_with_a_long_service_name_fits_one_sms() -> None:
    name = (
        "The Extraordinarily Long Named South London Young People's Emotional Wellbeing Partnership Service"
    )
    asked = FOLLOWUP.handle(
        FlowState(), Trigger("signposting_followup", {**PAYLOAD, "service_name": name}), ctx()
    )
    text = only(asked, Reply).text
    assert septets(text) <= 160 and "The Extraordinarily Long Named" in text
    assert text.endswith("YES, NO or HELP.")


def test_a_followup_set_aside_resumes_by_asking_again() -> None:
    """After a school code interrupted it, the follow-up asks its question again; after NO it waits."""
    again = FOLLOWUP.handle(_waiting(), Resume("join_school"), ctx())
    assert kinds(again) == ["signpost_followup_ask"] and again.state.step == "await_answer"
    quiet = FOLLOWUP.handle(_waiting("after_no"), Resume("join_school"), ctx())
    assert quiet.effects == () and quiet.state.step == "after_no"
