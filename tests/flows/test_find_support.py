"""The find-support and follow-up flows as pure functions: what they ask, query, send, record and schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.app.feature import registry as features_registry
from bot.app.installed import INSTALLED
from flows.catalogue import load_catalogue
from flows.context import CrisisLine, ServiceInfo
from flows.engine import (
    Audit,
    ContactView,
    FlowContext,
    FlowResult,
    FlowState,
    Priority,
    Query,
    QueryResult,
    Reply,
    Reroute,
    Schedule,
    SchoolView,
    StartFlow,
    Trigger,
    UserText,
)
from flows.find_support import FindSupportFlow, stated_age
from flows.router import route_intent, route_keyword
from flows.signposting_answers import (
    AgeAnswer,
    find_need,
    followup_answer,
    is_more,
    parse_age,
    says_parent,
)
from flows.signposting_effects import AskPractitioner, RecordFollowupAnswer
from flows.signposting_followup import SignpostingFollowupFlow
from flows.signposting_replies import need_keys, need_label
from nlu.types import Parse
from signposting import NEEDS

NOW = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)  # Tuesday, 10:00 London
CATALOGUE = load_catalogue()
SERVICE = ServiceInfo(
    crisis_lines=(CrisisLine("Emergency", "999"), CrisisLine("Shout", "85258", "text", "SHOUT")),
    signposting_followup_days=7,
)
SCHOOL = SchoolView(1, "Demo Academy", "Demo Borough")
FLOW = FindSupportFlow()
FOLLOWUP = SignpostingFollowupFlow()


def ctx(school: SchoolView | None = SCHOOL, now: dt.datetime = NOW) -> FlowContext:
    return FlowContext(now, ContactView(7, "sms", school=school), SERVICE, CATALOGUE)


def kinds(result: FlowResult) -> list[str]:
    return [e.template if isinstance(e, Reply) else type(e).__name__ for e in result.effects]


def only(result: FlowResult, kind: type[Any]) -> Any:
    found = [e for e in result.effects if isinstance(e, kind)]
    assert len(found) == 1, result.effects
    return found[0]


def answer(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "texts": ["A: one\nCall 1\nOpen 24/7", "B: two\nCall 2\nOpen 24/7"],
        "service_ids": ["a", "b"],
        "names": ["Alpha Line", "Beta"],
        "open_now": [True, True],
        "has_more": False,
        "explanation": [{"id": "a", "score": [0], "reasons": ["open 24/7"]}],
    }
    return {**base, **extra}


# ---- answers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14", AgeAnswer(age=14)),
        ("I'm 14", AgeAnswer(age=14)),
        ("fourteen", AgeAnswer(age=14)),
        ("under 11", AgeAnswer(age=10)),
        ("11-15", AgeAnswer(age=11)),
        ("16 to 18", AgeAnswer(age=16)),
        ("I'm a parent", AgeAnswer(parent=True)),
        ("my son is 13", AgeAnswer(age=13)),
        ("I'm a parent worried about my daughter", AgeAnswer(parent=True)),
        ("it is about my son", AgeAnswer(parent=True)),
        # A school year is not an age: Year 7 is 11-12 in England, so Year N is N+4 (the younger end).
        ("year 9", AgeAnswer(age=13)),
        ("im in yr 11", AgeAnswer(age=15)),
        ("Y7", AgeAnswer(age=11)),
        ("my daughter is in year 10", AgeAnswer(age=14)),
        ("skip", AgeAnswer(skipped=True)),
        # 'years old' written short, with or without a space or dots: an age, not a school year
        ("15yo", AgeAnswer(age=15)),
        ("12yo", AgeAnswer(age=12)),
        ("15y/o", AgeAnswer(age=15)),
        ("15yrs", AgeAnswer(age=15)),
        ("15 y.o.", AgeAnswer(age=15)),
        ("im 14 years old in year 9", AgeAnswer(age=14)),
        ("14ish", AgeAnswer(age=14)),
        ("banana", None),
        ("200", None),
    ],
)
def test_parse_age(text: str, expected: AgeAnswer | None) -> None:
    assert parse_age(text) == expected


def test_need_words_and_short_answers() -> None:
    assert find_need("cant sleep") == "sleep"
    assert find_need("kids at school keep picking on me") == "bullying"
    assert find_need("what time is it") is None
    assert is_more(" More! ") and not is_more("more help with exams")
    assert [followup_answer(t) for t in ("Yes", "nope", "HELP", "maybe later")] == ["yes", "no", "help", None]
    assert stated_age("I'm 15 and worried") == 15 and stated_age("bullying at school") is None


@pytest.mark.parametrize(
    ("text", "age"),
    [("my daughter is 13 and wont eat", 13), ("our son\u2019s 9 and being bullied", 9),
     ("my 14 year old cant sleep", 14), ("I\u2019m 12", 12), ("15 y.o. and anxious", 15),
     ("my son is in year 9", None),
     ("my daughter is being bullied", None)],
)  # fmt: skip
def test_an_age_stated_in_the_first_message_is_not_asked_again(text: str, age: int | None) -> None:
    """Parents write their child's age in the first text; asking 'How old are you?' then reads oddly."""
    assert stated_age(text) == age


def test_every_need_has_a_catalogue_label_in_order() -> None:
    keys = need_keys()
    assert keys[: len(NEEDS)] == tuple(f"signpost_need_{n}" for n in NEEDS)
    assert all(CATALOGUE.has(k) for k in keys)


def test_need_labels_in_a_sentence_keep_acronyms() -> None:
    """'help with worry or anxiety', but 'help with LGBTQ+ support', never 'lGBTQ+'."""
    assert need_label(ctx(), "anxiety") == "worry or anxiety"
    assert need_label(ctx(), "lgbtq") == "LGBTQ+ support"
    assert need_label(ctx(), None) == "something else"


# ---- asking only what is missing --------------------------------------------------------------------


def test_need_from_the_nlu_and_school_area_asks_only_the_age() -> None:
    result = FLOW.handle(FlowState(), StartFlow(intent="find_support", entities={"need": "bullying"}), ctx())
    assert kinds(result) == ["signpost_ask_age"]
    assert result.state.step == "age" and result.state.slots["need"] == "bullying"
    searched = FLOW.handle(result.state, UserText("13"), ctx())
    query = only(searched, Query)
    assert query.name == "signpost_search"
    assert dict(query.params) == {
        "need": "bullying",
        "age": 13,
        "area": "Demo Borough",
        "offset": 0,
        "limit": 3,
    }


def test_a_stated_age_and_school_go_straight_to_search() -> None:
    result = FLOW.handle(FlowState(), StartFlow(text="I'm 14 and being bullied"), ctx())
    assert kinds(result) == ["Query"] and only(result, Query).params["age"] == 14


def test_no_need_shows_the_numbered_list_and_a_number_picks_one() -> None:
    result = FLOW.handle(FlowState(), StartFlow(), ctx(school=None))
    reply = only(result, Reply)
    assert reply.template == "signpost_ask_need" and len(reply.choices) == len(NEEDS) + 1
    picked = FLOW.handle(result.state, UserText("3"), ctx(school=None))
    assert picked.state.slots["need"] == "bullying" and kinds(picked) == ["signpost_ask_age"]
    other = FLOW.handle(result.state, UserText(str(len(NEEDS) + 1)), ctx(school=None))
    assert other.state.slots["need"] is None


def test_not_understood_is_asked_again_once_then_rerouted() -> None:
    state = FLOW.handle(FlowState(), StartFlow(), ctx()).state
    again = FLOW.handle(state, UserText("qwerty"), ctx())
    assert kinds(again) == ["signpost_ask_need_again"]
    assert kinds(FLOW.handle(again.state, UserText("qwerty"), ctx())) == ["Reroute"]


def test_an_age_the_nlu_misreads_is_still_an_age() -> None:
    """'15yo' reads to the NLU as a greeting; at the age question it is an age."""
    state = FLOW.handle(FlowState(), StartFlow(entities={"need": "anxiety"}), ctx()).state
    result = FLOW.handle(state, UserText("15yo", Parse("greet", 0.36)), ctx())
    assert only(result, Query).params["age"] == 15


def test_at_the_age_question_a_miss_is_asked_again_unless_clearly_something_else() -> None:
    state = FLOW.handle(FlowState(), StartFlow(entities={"need": "anxiety"}), ctx()).state
    # a number the parser cannot read: an attempt at an age, whatever intent the NLU gives it
    again = FLOW.handle(state, UserText("0", Parse("greet", 0.4)), ctx())
    assert kinds(again) == ["signpost_ask_age_again"] and again.state.step == "age"
    assert kinds(FLOW.handle(again.state, UserText("0", Parse("greet", 0.4)), ctx())) == ["Reroute"]
    assert kinds(FLOW.handle(state, UserText("thanks bye", Parse("goodbye", 0.9)), ctx())) == ["Reroute"]
    assert kinds(FLOW.handle(state, UserText("actually its bullying"), ctx())) == ["Reroute"]  # a new need
    assert kinds(FLOW.handle(state, UserText("qwerty"), ctx())) == ["signpost_ask_age_again"]


def test_a_postcode_district_in_the_first_text_is_looked_up_not_asked() -> None:
    """'near SE15' in the first text: the place is looked up; the area question is not asked."""
    start = StartFlow(
        intent="find_support", entities={"need": "family"}, text="any help near se15 4ab? im 13"
    )
    lookup = FLOW.handle(FlowState(), start, ctx(school=None))
    assert dict(only(lookup, Query).params) == {"text": "SE15"}
    searched = FLOW.handle(
        lookup.state, QueryResult("signpost_area", {"area": "Southwark"}), ctx(school=None)
    )
    assert only(searched, Query).params["area"] == "Southwark"
    # The named place wins over the school's; an unknown one falls back to the school's area.
    mine = FLOW.handle(FlowState(), start, ctx())
    unknown = FLOW.handle(mine.state, QueryResult("signpost_area", {"area": None}), ctx())
    assert only(unknown, Query).params["area"] == "Demo Borough"
    assert not unknown.state.slots.get("unknown_area")
    # Text-speak that looks like a postcode ('m8', 'gr8') is not a place without 'near' / 'in'.
    chat = StartFlow(intent="find_support", entities={"need": "family"}, text="m8 its gr8 im 13")
    assert kinds(FLOW.handle(FlowState(), chat, ctx(school=None))) == ["signpost_ask_area"]


def test_area_typed_is_looked_up_and_unknown_area_is_noted() -> None:
    state = FlowState("find_support", "area", {"need": "anxiety", "age": 15})
    lookup = FLOW.handle(state, UserText("SE15 3AB"), ctx(school=None))
    assert only(lookup, Query).name == "signpost_area"
    unknown = FLOW.handle(lookup.state, QueryResult("signpost_area", {"area": None}), ctx(school=None))
    assert unknown.state.slots["unknown_area"] is True and only(unknown, Query).params["area"] is None
    skipped = FLOW.handle(state, UserText("skip"), ctx(school=None))
    assert only(skipped, Query).name == "signpost_search"


# ---- sending, telling, recording --------------------------------------------------------------------


def _searching(**slots: Any) -> FlowState:
    return FlowState(
        "find_support", "searching", {"need": "bullying", "age": 13, "area": "Demo Borough", **slots}
    )


def test_results_are_one_text_each_after_an_intro_then_recorded() -> None:
    result = FLOW.handle(_searching(offset=0), QueryResult("signpost_search", answer(has_more=True)), ctx())
    assert kinds(result) == ["signpost_intro", "signpost_service", "signpost_service", "Query"]
    intro = result.effects[0]
    assert isinstance(intro, Reply) and "help with bullying" in intro.text and "Text MORE" in intro.text
    assert only(result, Query).name == "signpost_record"


@pytest.mark.parametrize(
    ("open_now", "closed_later", "needle"),
    [
        ([False, False], False, "None of these are open right now"),
        ([True, False], False, "the ones open now come first"),
        ([False, True], False, "Some of these are closed now"),
        ([True, True], True, "the ones open now come first"),
        ([True, True], False, None),
    ],
)
def test_the_intro_tells_what_is_open(open_now: list[bool], closed_later: bool, needle: str | None) -> None:
    value = answer(open_now=open_now, closed_later=closed_later)
    intro = FLOW.handle(_searching(offset=0), QueryResult("signpost_search", value), ctx()).effects[0]
    assert isinstance(intro, Reply)
    if needle is None:
        assert "open" not in intro.text
    else:
        assert needle in intro.text
    if needle and needle.startswith("None"):
        assert "text SHOUT to 85258" in intro.text and "999" not in intro.text


def test_age_outside_is_said() -> None:
    value = answer(age_outside=True)
    intro = FLOW.handle(_searching(offset=0, age=40), QueryResult("signpost_search", value), ctx()).effects[0]
    assert isinstance(intro, Reply) and "just for age 40" in intro.text


def test_nothing_found_is_honest_and_ends_the_flow() -> None:
    result = FLOW.handle(_searching(offset=0), QueryResult("signpost_search", answer(texts=[])), ctx())
    assert kinds(result) == ["signpost_none"] and result.state.flow is None


def test_record_audits_the_ranking_and_schedules_the_followup_once() -> None:
    sent = FLOW.handle(_searching(offset=0), QueryResult("signpost_search", answer(has_more=True)), ctx())
    recorded = FLOW.handle(sent.state, QueryResult("signpost_record", {"record_id": 42}), ctx())
    audit, schedule = only(recorded, Audit), only(recorded, Schedule)
    assert audit.action == "signposting.sent" and audit.details["services"] == ["a", "b"]
    assert audit.details["ranking"][0]["reasons"] == ["open 24/7"]
    assert schedule.kind == "signposting_followup" and schedule.due_at == NOW + dt.timedelta(days=7)
    assert (
        schedule.dedupe_key == "signposting_followup:42" and schedule.payload["service_name"] == "Alpha Line"
    )
    assert recorded.state.step == "results" and recorded.state.slots["next_offset"] == 2
    more = FLOW.handle(recorded.state, UserText("MORE"), ctx())
    assert only(more, Query).params["offset"] == 2
    page2 = FLOW.handle(more.state, QueryResult("signpost_search", answer()), ctx())
    assert "more places" in page2.effects[0].text  # type: ignore[attr-defined]
    again = FLOW.handle(page2.state, QueryResult("signpost_record", {"record_id": 43}), ctx())
    assert not [e for e in again.effects if isinstance(e, Schedule)]
    assert kinds(FLOW.handle(again.state, UserText("more"), ctx())) == ["signpost_no_more"]
    assert kinds(FLOW.handle(again.state, UserText("thanks"), ctx())) == ["Reroute"]


# ---- follow-up --------------------------------------------------------------------------------------

PAYLOAD = {
    "record_id": 42,
    "service_name": "Kind Words",
    "need": "bullying",
    "age": 13,
    "area": "Demo Borough",
    "sent": 3,
    "key": "signposting_followup:42",
}


def test_followup_asks_at_scheduled_priority() -> None:
    result = FOLLOWUP.handle(FlowState(), Trigger("signposting_followup", PAYLOAD), ctx())
    reply = only(result, Reply)
    assert (
        reply.priority == Priority.SCHEDULED
        and "Kind Words" in reply.text
        and "YES, NO or HELP" in reply.text
    )
    assert result.state.step == "await_answer"


def test_followup_in_quiet_hours_waits_for_the_morning() -> None:
    late = dt.datetime(2026, 11, 24, 22, 0, tzinfo=dt.UTC)
    result = FOLLOWUP.handle(
        FlowState(flow="signposting_followup"), Trigger("signposting_followup", PAYLOAD), ctx(now=late)
    )
    schedule = only(result, Schedule)
    assert schedule.due_at == dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
    assert schedule.dedupe_key == "signposting_followup:42:after-quiet"
    assert result.state.flow is None and not [e for e in result.effects if isinstance(e, Reply)]


@pytest.mark.parametrize("step", ["await_answer", "after_no"])
def test_a_followup_due_while_another_waits_for_an_answer_is_asked_a_day_later(step: str) -> None:
    """Two follow-ups due together would be sent back to back, and YES would answer only the later."""
    other = FlowState("signposting_followup", step, {**_waiting().slots, "record_id": 41})
    result = FOLLOWUP.handle(other, Trigger("signposting_followup", PAYLOAD), ctx())
    assert result.state == other and not [e for e in result.effects if isinstance(e, Reply)]
    schedule, audit = only(result, Schedule), only(result, Audit)
    assert schedule.due_at == NOW + dt.timedelta(days=1) and schedule.payload["record_id"] == 42
    assert schedule.dedupe_key == "signposting_followup:42:busy-2026-11-18" == schedule.payload["key"]
    assert audit.action == "signposting.followup_deferred" and audit.details["waiting_on"] == 41


def test_a_deferred_followup_keeps_out_of_quiet_hours_and_asks_once_the_other_has_gone() -> None:
    # 08:30 BST on the day the clocks go back: a day later is 07:30 GMT, in quiet hours, so 08:00 GMT
    before_change = dt.datetime(2026, 10, 24, 7, 30, tzinfo=dt.UTC)
    waiting = FlowState("signposting_followup", "await_answer", {"record_id": 41})
    deferred = FOLLOWUP.handle(waiting, Trigger("signposting_followup", PAYLOAD), ctx(now=before_change))
    assert only(deferred, Schedule).due_at == dt.datetime(2026, 10, 25, 8, 0, tzinfo=dt.UTC)
    expired = FlowState("signposting_followup", "await_answer", {"record_id": 41}, expires_at=NOW)
    for state in (expired, FlowState(), FlowState("find_support", "results")):
        asked = FOLLOWUP.handle(state, Trigger("signposting_followup", PAYLOAD), ctx())
        assert kinds(asked) == ["Audit", "signpost_followup_ask"] and asked.state.slots["record_id"] == 42


def _waiting(step: str = "await_answer") -> FlowState:
    return FlowState(
        "signposting_followup", step, {k: PAYLOAD[k] for k in ("record_id", "need", "age", "area", "sent")}
    )


def test_followup_yes_no_help() -> None:
    yes = FOLLOWUP.handle(_waiting(), UserText("yes"), ctx())
    assert only(yes, RecordFollowupAnswer) == RecordFollowupAnswer(42, "yes") and yes.state.flow is None
    no = FOLLOWUP.handle(_waiting(), UserText("no"), ctx())
    assert only(no, RecordFollowupAnswer).answer == "no"
    assert dict(only(no, Query).params) == {
        "need": "bullying",
        "age": 13,
        "area": "Demo Borough",
        "offset": 0,
        "limit": 1,
        "exclude_sent_since": 42,
    }
    offered = FOLLOWUP.handle(
        no.state, QueryResult("signpost_search", answer(texts=["C"], service_ids=["c"])), ctx()
    )
    assert kinds(offered) == ["signpost_followup_no", "signpost_service", "Query"]
    help_ = FOLLOWUP.handle(_waiting(), UserText("HELP"), ctx())
    assert only(help_, AskPractitioner).record_id == 42 and only(help_, RecordFollowupAnswer).answer == "help"
    after_no = FOLLOWUP.handle(_waiting("after_no"), UserText("help"), ctx())
    assert only(after_no, AskPractitioner) and not [
        e for e in after_no.effects if isinstance(e, RecordFollowupAnswer)
    ]
    assert isinstance(FOLLOWUP.handle(_waiting(), UserText("what is this"), ctx()).effects[0], Reroute)


@pytest.mark.parametrize(
    ("text", "more"),
    [("more pls", True), ("more please", True), ("next", True), ("any more?", True), ("more?", True),
     ("Next pls x", True), ("show me more places", True), ("others", True),
     ("no more", False), ("stop", False), ("more stop", False), ("no more texts", False),
     ("more help with exams", False), ("next week", False), ("please", False)],
)  # fmt: skip
def test_more_with_polite_words_is_more_but_no_more_and_stop_are_not(text: str, more: bool) -> None:
    assert is_more(text) is more


def test_more_pls_on_a_results_page_gives_the_next_page_and_stop_still_opts_out() -> None:
    page = FlowState("find_support", "results", {"need": "anxiety", "has_more": True, "next_offset": 3})
    for text in ("more pls", "any more?", "next"):
        assert only(FLOW.handle(page, UserText(text), ctx()), Query).params["offset"] == 3
    route = route_keyword("stop", ContactView(7, "sms"), page, code_exists=False)
    assert route is not None and route.flow == "opt_out"


@pytest.mark.parametrize("text", ["maybe", "Not sure", "idk", "dunno", "maybe later", "no idea", "kinda"])
def test_an_unsure_followup_answer_is_not_a_no(text: str) -> None:
    """The NLU reads 'maybe' as deny; it is not a NO, so no NO is recorded and no other service is sent."""
    assert followup_answer(text, Parse("deny", 0.82)) is None


def test_an_unsure_followup_answer_is_asked_again_once_then_not_understood() -> None:
    waiting = FlowState(
        "signposting_followup", "await_answer", {**_waiting().slots, "service_name": "Kind Words"}
    )
    again = FOLLOWUP.handle(waiting, UserText("maybe", Parse("deny", 0.82)), ctx())
    assert (
        kinds(again) == ["Audit", "signpost_followup_ask_again"] and "Kind Words" in only(again, Reply).text
    )
    assert only(again, Reply).priority == Priority.REPLY and again.state.step == "await_answer"
    assert not [e for e in again.effects if isinstance(e, RecordFollowupAnswer)]
    assert kinds(FOLLOWUP.handle(again.state, UserText("dunno"), ctx())) == ["Reroute"]
    yes = FOLLOWUP.handle(again.state, UserText("yes"), ctx())  # a real answer after the second ask
    assert only(yes, RecordFollowupAnswer) == RecordFollowupAnswer(42, "yes")


def test_the_waiting_followup_keeps_the_service_name_for_asking_again() -> None:
    asked = FOLLOWUP.handle(FlowState(), Trigger("signposting_followup", PAYLOAD), ctx())
    again = FOLLOWUP.handle(asked.state, UserText("not sure"), ctx())
    assert "Kind Words" in only(again, Reply).text


# ---- routing ----------------------------------------------------------------------------------------


def test_help_reaches_the_followup_but_is_the_help_keyword_otherwise() -> None:
    contact = ContactView(7, "sms")
    assert route_keyword("HELP", contact, _waiting(), code_exists=False) is None
    route = route_keyword("HELP", contact, FlowState("find_support", "age"), code_exists=False)
    assert route is not None and route.flow == "help"


def test_a_need_word_reaches_find_support_without_the_nlu() -> None:
    registry = features_registry(INSTALLED)
    route = route_intent(None, {}, "cant sleep", registry)
    assert route.flow == "find_support" and route.reason == "need_word"
    assert route_intent(None, {}, "qwerty", registry).flow == "menu"
    assert registry.flow_for_intent("find_support") == "find_support"
    assert registry.flow_for_trigger("signposting_followup") == "signposting_followup"


def test_the_followup_question_with_a_long_service_name_fits_one_sms() -> None:
    from signposting.gsm import septets

    name = (
        "The Extraordinarily Long Named South London Young People's Emotional Wellbeing Partnership Service"
    )
    asked = FOLLOWUP.handle(
        FlowState(), Trigger("signposting_followup", {**PAYLOAD, "service_name": name}), ctx()
    )
    text = only(asked, Reply).text
    assert (
        septets(text) <= 160
        and "The Extraordinarily Long Named" in text
        and text.endswith("YES, NO or HELP.")
    )


def test_a_need_the_nlu_found_in_a_text_it_could_not_place_starts_find_support() -> None:
    # no need phrase in the text, but the NLU's entity names one: search for it, not the menu
    route = route_intent(
        "out_of_scope", {"need": "eating"}, "i hate what i see in the mirror", features_registry(INSTALLED)
    )
    assert route.flow == "find_support" and route.reason == "need_word"
    assert (
        route_intent("out_of_scope", {"need": "weather"}, "is it sunny", features_registry(INSTALLED)).flow
        == "menu"
    )


# ---- a school code in the middle of a search --------------------------------------------------------


def _join_then_back(state: FlowState, school: SchoolView | None) -> tuple[FlowResult, FlowResult]:
    """Route DEMO1 from `state`, run the join flow with the code looked up, then the flow it hands back to."""
    from flows.engine import Handoff
    from flows.schools import JoinSchoolFlow

    route = route_keyword("DEMO1", ContactView(7, "sms"), state, code_exists=True)
    assert route is not None and route.flow == "join_school" and isinstance(route.event, StartFlow)
    join = JoinSchoolFlow()
    looked_up = join.handle(FlowState(flow="join_school"), route.event, ctx(school=None))
    joined = join.handle(looked_up.state, QueryResult("school_code", {"school": school}), ctx(school=None))
    handoff = only(joined, Handoff)
    assert handoff.flow == "find_support" and joined.state.flow is None
    return joined, FLOW.handle(FlowState(flow="find_support"), handoff.start, ctx(school=None))


def test_joining_a_school_mid_search_asks_the_pending_question_again() -> None:
    asked = FLOW.handle(FlowState(), StartFlow(entities={"need": "anxiety"}), ctx(school=None))
    joined, back = _join_then_back(asked.state, SCHOOL)
    assert kinds(joined)[-2:] == ["join_ok", "Handoff"]
    assert kinds(back) == ["signpost_ask_age"] and back.state.step == "age"
    assert back.state.slots["need"] == "anxiety"
    # the next text comes with the school on the contact: its area is used, the area is not asked
    assert only(FLOW.handle(back.state, UserText("14"), ctx()), Query).params["area"] == "Demo Borough"


def test_joining_a_school_at_the_area_question_searches_in_its_area() -> None:
    state = FlowState("find_support", "area", {"need": "anxiety", "age": 14})
    _, back = _join_then_back(state, SCHOOL)
    query = only(back, Query)
    assert query.name == "signpost_search" and query.params["area"] == "Demo Borough"
    # a code that does not work: the search still carries on, and asks for the area
    failed, again = _join_then_back(state, None)
    assert "join_unknown" in kinds(failed) and kinds(again) == ["signpost_ask_area"]


def test_joining_a_school_after_the_results_keeps_more_working() -> None:
    state = FlowState("find_support", "results", {"need": "anxiety", "has_more": True, "next_offset": 3})
    _, back = _join_then_back(state, SCHOOL)
    assert back.effects == () and back.state == state
    assert only(FLOW.handle(back.state, UserText("more"), ctx()), Query).params["offset"] == 3


def test_a_school_code_outside_a_search_does_not_resume_anything() -> None:
    for state in (FlowState(), FlowState("menu", "choose")):
        route = route_keyword("DEMO1", ContactView(7, "sms"), state, code_exists=True)
        assert route is not None and isinstance(route.event, StartFlow)
        assert "resume" not in route.event.args


# ---- saying which area was used ---------------------------------------------------------------------


def _intro_after_area(state: FlowState, area: str | None, context: FlowContext, **extra: Any) -> str:
    """Answer the area look-up from `state` with `area`, then the search; return the intro's text."""
    searching = FLOW.handle(state, QueryResult("signpost_area", {"area": area}), context)
    assert only(searching, Query).name == "signpost_search"
    sent = FLOW.handle(searching.state, QueryResult("signpost_search", answer(**extra)), context)
    intro = sent.effects[0]
    assert isinstance(intro, Reply) and intro.template == "signpost_intro"
    return intro.text


def test_an_area_from_what_they_typed_is_named_in_the_intro() -> None:
    """'southwak' or 'near peckham' matched loosely: the person is told which area the list is for."""
    asked = FlowState("find_support", "area", {"need": "anxiety", "age": 14})
    typed = FLOW.handle(asked, UserText("southwak"), ctx(school=None))
    text = _intro_after_area(typed.state, "Southwark", ctx(school=None))
    assert text.startswith("Here are some places in or near Southwark that can help with worry or anxiety.")
    # "Something else" (any service): the lead without a need
    any_need = FlowState("find_support", "area", {"need": None, "age": 14})
    anything = FLOW.handle(any_need, UserText("se15"), ctx(school=None))
    assert _intro_after_area(anything.state, "Southwark", ctx(school=None)).startswith(
        "Here are some places in or near Southwark that can help."
    )
    # a place named in the first text is named too
    start = StartFlow(entities={"need": "anger"}, text="any help near se15? im 13")
    first = FLOW.handle(FlowState(), start, ctx(school=None))
    named = _intro_after_area(first.state, "Southwark", ctx(school=None))
    assert "in or near Southwark that can help with anger" in named


def test_an_area_from_the_school_is_not_named() -> None:
    asked = FLOW.handle(FlowState(), StartFlow(entities={"need": "anxiety"}), ctx())
    sent = FLOW.handle(
        FLOW.handle(asked.state, UserText("14"), ctx()).state, QueryResult("signpost_search", answer()), ctx()
    )
    intro = sent.effects[0]
    assert isinstance(intro, Reply) and "in or near" not in intro.text
    # a place in the first text we do not know falls back to the school's area: not named either
    first = FLOW.handle(FlowState(), StartFlow(entities={"need": "anxiety"}, text="near zz99 im 14"), ctx())
    assert "in or near" not in _intro_after_area(first.state, None, ctx())


@pytest.mark.parametrize(
    ("authority", "said"),
    [
        ("Southwark", "Southwark"),
        ("Bristol, City of", "Bristol"),
        ("Kingston upon Hull, City of", "Kingston upon Hull"),
        ("Bournemouth, Christchurch and Poole", "Bournemouth"),
        ("Ynys M\u00f4n", "Ynys Mon"),
    ],
)
def test_area_names_are_said_plainly_in_gsm7(authority: str, said: str) -> None:
    from flows.find_support import area_name

    assert area_name(authority) == said


def test_the_longest_area_lead_keeps_the_intro_in_its_budget() -> None:
    """The longest area name we say, the longest need label, nothing open and MORE: still two segments."""
    from bot.channels.sms_text import measure
    from flows.find_support import AREA_NAME_MAX, area_name

    lines = (
        CrisisLine("Emergency", "999"),
        CrisisLine("Shout", "85258", "text", "SHOUT"),
        CrisisLine("Samaritans", "116 123"),
        CrisisLine("Childline", "0800 1111"),
        CrisisLine("NHS 111", "111", option=2),
    )
    context = FlowContext(NOW, ContactView(7, "sms"), ServiceInfo(crisis_lines=lines), CATALOGUE)
    longest = max((need_label(context, n) for n in NEEDS), key=len)
    need = next(n for n in NEEDS if need_label(context, n) == longest)
    name = ("Abcdefghi " * 5)[: AREA_NAME_MAX - 1] + "z"
    assert area_name(name) == name and len(name) == AREA_NAME_MAX
    state = FlowState("find_support", "area_lookup", {"need": need, "age": 14})
    text = _intro_after_area(state, name, context, open_now=[False, False], has_more=True)
    assert name in text and "None of these are open" in text and "Text MORE" in text
    assert measure(text).segments <= CATALOGUE.template("signpost_intro").budget


# ---- a parent or carer saying so in the first text ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        ("I am a parent worried about my daughter", True),
        ("im a mum and my son is being bullied", True),
        ("I\u2019m his dad", True),
        ("as a single parent im struggling", True),
        ("mum of 2 here, my eldest is anxious", True),
        ("my 12 year old son cant sleep", True),
        ("our kids are struggling", True),
        ("im a foster carer", True),
        # young people talking about their family
        ("my mum shouts at me", False),
        ("i'm worried about my dad", False),
        ("I'm a young carer for my mum", False),
        ("im a carer for my dad", False),
        ("I am a carer for my little brother and I feel really low", False),
        ("im a carer for my sister", False),
        ("my parents are splitting up", False),
        ("my kid brother annoys me", False),
        ("I'm 14 and anxious", False),
    ],
)
def test_says_parent(text: str, parent: bool) -> None:
    assert says_parent(text) is parent


def test_a_parent_saying_so_in_the_first_text_is_not_asked_their_age() -> None:
    """'Ask only what is missing': saying they are a parent answers the age question as PARENT does."""
    no_need = FLOW.handle(FlowState(), StartFlow(text="I am a parent worried about my daughter"), ctx())
    assert kinds(no_need) == ["signpost_ask_need"]
    assert no_need.state.slots["parent"] is True and no_need.state.slots["age"] is None
    assert only(FLOW.handle(no_need.state, UserText("1"), ctx()), Query).params["age"] is None
    bullied = StartFlow(entities={"need": "bullying"}, text="im a mum and my son is being bullied")
    searched = FLOW.handle(FlowState(), bullied, ctx())
    params = dict(only(searched, Query).params)
    assert params == {"need": "bullying", "age": None, "area": "Demo Borough", "offset": 0, "limit": 3}
    assert kinds(FLOW.handle(FlowState(), bullied, ctx(school=None))) == ["signpost_ask_area"]
    # the child's age a parent gives is the age, as "my son is 12" at the age question is
    aged = FLOW.handle(FlowState(), StartFlow(text="im a mum and my son is 12 and anxious"), ctx())
    assert only(aged, Query).params["age"] == 12 and aged.state.slots["parent"] is True
    # an adult's age is their own, not their child's: no age filter
    own = FLOW.handle(
        FlowState(), StartFlow(text="I am a 42 year old dad and my son is being bullied"), ctx()
    )
    assert own.state.slots["parent"] is True and own.state.slots["age"] is None
    # a young person talking about a parent is still asked
    child = FLOW.handle(
        FlowState(), StartFlow(entities={"need": "family"}, text="my mum shouts at me"), ctx()
    )
    assert kinds(child) == ["signpost_ask_age"] and "parent" not in child.state.slots
