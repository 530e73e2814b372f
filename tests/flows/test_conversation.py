"""The conversation building blocks on a small made-up conversation: questions, re-asks, skip words, the
"about something else" escape, claimed words, typed query answers, sub-flows and resuming."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from flows.choices import match_choice
from flows.conversation import (
    Conversation,
    OnAnswer,
    Question,
    Turn,
    ask,
    finish,
    reroute,
    say,
    stay,
)
from flows.engine import (
    Answered,
    Call,
    FlowContext,
    FlowState,
    Query,
    Reroute,
    Resume,
    StartFlow,
    UserText,
)
from flows.router import claimed
from flows.session import Session, runs_from_json, runs_to_json
from tests.flows.helpers import NOW, ctx, kinds, only

NEEDS = ("signpost_need_anxiety", "signpost_need_sleep")


@dataclass(frozen=True)
class Count:
    n: int


@dataclass(frozen=True)
class CountQuery(Query[Count]):
    what: str


@dataclass(frozen=True)
class Slots:
    need: str | None = None
    age: int | None = None
    counted: int = 0


def pick_need(e: UserText, c: FlowContext) -> str | None:
    i = match_choice(e.text, [c.t(k) for k in NEEDS])
    return NEEDS[i] if i is not None else None


def read_age(e: UserText, c: FlowContext) -> int | None:
    return int(e.text) if e.text.strip().isdigit() else None


def got_need(s: Slots, need: str, c: FlowContext) -> Turn[Slots]:
    return ask("age", replace(s, need=need))


def got_age(s: Slots, age: int, c: FlowContext) -> Turn[Slots]:
    return stay("counting", replace(s, age=age), CountQuery("places"))


def counted(s: Slots, q: CountQuery, a: Count, c: FlowContext) -> Turn[Slots]:
    return finish(say(c, "signpost_no_more"), value=replace(s, counted=a.n))


DEMO = Conversation(
    name="demo",
    slots=Slots,
    start=lambda s, e, c: ask("need", s),
    questions=(
        Question(
            "need",
            pick_need,
            got_need,
            ask="signpost_ask_need",
            again="signpost_ask_need_again",
            choices=NEEDS,
            elsewhere=lambda e, c: e.text == "bye",
            claims=frozenset({"HELP"}),
        ),
        Question(
            "age",
            read_age,
            got_age,
            ask="signpost_ask_age",
            retries=2,
            skip_words=frozenset({"skip"}),
            skipped=lambda s, c: finish(value=s),
        ),
    ),
    answers=(OnAnswer(CountQuery, counted),),
)


def test_a_question_is_asked_with_its_numbered_choices_and_a_choice_moves_on() -> None:
    started = DEMO.handle(FlowState(), StartFlow(), ctx())
    reply = started.effects[0]
    assert kinds(started) == ["signpost_ask_need"] and len(reply.choices) == 2  # type: ignore[attr-defined]
    assert started.state == FlowState("demo", "need", {"need": None, "age": None, "counted": 0})
    picked = DEMO.handle(started.state, UserText("2"), ctx())
    assert kinds(picked) == ["signpost_ask_age"] and picked.state.slots["need"] == "signpost_need_sleep"


def test_a_miss_is_asked_again_with_the_again_text_until_the_budget_is_spent() -> None:
    at_need = DEMO.handle(FlowState(), StartFlow(), ctx()).state
    again = DEMO.handle(at_need, UserText("what"), ctx())
    assert kinds(again) == ["signpost_ask_need_again"] and again.state.retries == 1
    assert len(again.effects[0].choices) == 2  # type: ignore[attr-defined]
    assert kinds(DEMO.handle(again.state, UserText("what"), ctx())) == ["Reroute"]
    # a budget of two: asked again twice, then rerouted; a good answer resets the count
    at_age = FlowState("demo", "age", {"need": "x"})
    once = DEMO.handle(at_age, UserText("?"), ctx())
    twice = DEMO.handle(once.state, UserText("?"), ctx())
    assert kinds(once) == kinds(twice) == ["signpost_ask_age"] and twice.state.retries == 2
    assert kinds(DEMO.handle(twice.state, UserText("?"), ctx())) == ["Reroute"]
    answered = DEMO.handle(twice.state, UserText("12"), ctx())
    assert answered.state.retries == 0 and answered.state.step == "counting"


def test_a_text_about_something_else_is_rerouted_at_once_and_skip_words_skip() -> None:
    at_need = DEMO.handle(FlowState(), StartFlow(), ctx()).state
    assert DEMO.handle(at_need, UserText("bye"), ctx()).effects == (Reroute("bye"),)
    skipped = DEMO.handle(FlowState("demo", "age", {"need": "x"}), UserText("Skip."), ctx())
    assert skipped.state.flow is None and skipped.value == Slots(need="x")


def test_a_query_answer_comes_back_with_its_query_and_the_answer_type_is_declared() -> None:
    asked = DEMO.handle(FlowState("demo", "age", {"need": "x"}), UserText("12"), ctx())
    query = only(asked, CountQuery)
    assert CountQuery.answer_type() is Count and query == CountQuery("places")
    done_ = DEMO.handle(asked.state, Answered(query, Count(4)), ctx())
    assert kinds(done_) == ["signpost_no_more"] and done_.value == Slots("x", 12, 4)


def test_an_answer_to_a_query_the_conversation_did_not_declare_is_an_error() -> None:
    @dataclass(frozen=True)
    class Other(Query[Count]):
        pass

    with pytest.raises(LookupError):
        DEMO.handle(FlowState("demo", "counting"), Answered(Other(), Count(1)), ctx())


def test_a_question_claims_its_words_only_at_its_step() -> None:
    at_need = FlowState("demo", "need")
    assert claimed(DEMO, at_need, "help") and DEMO.claims(at_need, " Help! ")
    assert not claimed(DEMO, FlowState("demo", "age"), "help")
    assert not claimed(DEMO, FlowState("other", "need"), "help")
    assert not claimed(DEMO, at_need, "STOP")


def test_resuming_asks_the_pending_question_again() -> None:
    resumed = DEMO.handle(FlowState("demo", "age", {"need": "x"}, retries=1), Resume("join_school"), ctx())
    assert kinds(resumed) == ["signpost_ask_age"] and resumed.state.retries == 0
    assert DEMO.handle(FlowState("demo", "counting"), Resume("x"), ctx()).state.flow is None


def test_conversations_refuse_slots_that_are_not_dataclasses_and_repeated_steps() -> None:
    with pytest.raises(TypeError):
        Conversation(name="bad", slots=dict, start=lambda s, e, c: reroute(""))
    with pytest.raises(ValueError):
        Conversation(name="bad", slots=Slots, start=lambda s, e, c: reroute(""), questions=DEMO.questions * 2)


# ---- the run stack --------------------------------------------------------------------------------------


def test_an_interruption_sets_the_conversation_aside_and_it_resumes_with_the_returned_value() -> None:
    state = FlowState("find_support", "age", {"need_given": True})
    session = Session.of(state).enter("join_school", interrupt=True)
    assert session.top == FlowState("join_school") and session.beneath == (state,)
    assert session.state() == FlowState("join_school", stack=(state,))
    finished = session.settle(DEMO.handle(FlowState("demo", "age"), UserText("skip"), ctx()))
    resumed = finished.resume("join_school", "joined")
    assert resumed is not None
    back, event = resumed
    assert back.top == state and back.beneath == () and event == Resume("join_school", "joined")


def test_a_take_over_ends_every_run_and_the_same_flow_keeps_its_state() -> None:
    state = FlowState("join_school", "await_code", stack=(FlowState("find_support", "age"),))
    assert Session.of(state).enter("help", interrupt=False) == Session(FlowState("help"))
    assert Session.of(state).enter("join_school", interrupt=True).top == FlowState(
        "join_school", "await_code"
    )
    assert Session.of(FlowState()).enter("join_school", interrupt=True) == Session(FlowState("join_school"))


def test_a_sub_flow_call_stacks_the_caller() -> None:
    caller = Session(FlowState("demo", "need"))
    called = caller.call("join_school")
    assert called.top == FlowState("join_school") and called.beneath == (FlowState("demo", "need"),)
    assert Call("join_school").start == StartFlow()
    assert called.resume("join_school", None) is None  # the sub-flow has not finished


def test_the_stack_is_stored_as_json_and_bad_entries_are_left_out() -> None:
    runs = (FlowState("find_support", "age", {"need": "sleep"}, NOW, 1), FlowState("menu", "choose"))
    stored = runs_to_json(runs)
    assert runs_from_json(stored) == runs
    assert runs_from_json([{"step": "x"}, "junk", {"flow": "menu", "expires_at": "soon"}]) == (
        FlowState("menu"),
    )
    assert runs_from_json(None) == ()
