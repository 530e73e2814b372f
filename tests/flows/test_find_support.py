"""The find-support and follow-up flows as pure functions: what they ask, query, send, record and schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bot.app.feature import registry as features_registry
from bot.app.installed import INSTALLED
from flows.context import CrisisLine, ServiceInfo
from flows.engine import (
    Answered,
    Audit,
    ContactView,
    FlowContext,
    FlowResult,
    FlowState,
    Query,
    Reply,
    Resume,
    Schedule,
    SchoolView,
    StartFlow,
    UserText,
)
from flows.find_support import FIND_SUPPORT, stated_age
from flows.router import route_intent, route_keyword
from flows.schools import JOIN_SCHOOL, Joined, SchoolCodeAnswer, SchoolCodeQuery
from flows.signposting_answers import (
    AgeAnswer,
    find_need,
    followup_answer,
    is_more,
    parse_age,
    says_parent,
)
from flows.signposting_effects import (
    PAGE_SIZE,
    AreaAnswer,
    AreaQuery,
    RecordAnswer,
    RecordQuery,
    SearchQuery,
)
from flows.signposting_replies import need_keys, need_label
from nlu.types import Parse
from signposting import NEEDS
from signposting.search import FIRST_PAGE
from tests.flows.helpers import CATALOGUE, FINDER, NOW, SCHOOL, answer, ctx, found, kinds, only

FLOW = FIND_SUPPORT


def page(offset: int = 0, age: int | None = 13) -> SearchQuery:
    """The search a state at 'searching' asked for."""
    return SearchQuery("bullying", age, "Demo Borough", offset, PAGE_SIZE)


def test_a_page_is_the_searchs_first_page() -> None:
    assert PAGE_SIZE == FIRST_PAGE


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
        # A bare PARENT answer, in the ways parents write it
        ("Mum", AgeAnswer(parent=True)),
        ("im the dad", AgeAnswer(parent=True)),
        ("parent/carer", AgeAnswer(parent=True)),
        ("foster carer here x", AgeAnswer(parent=True)),
        # A young person naming a parent is not a parent: these were read as PARENT
        ("i dont want my mum to know everything i say", None),
        ("ask my mum", None),
        ("its my mum who told me to text", None),
        ("im 13 and my mum made me text", AgeAnswer(age=13)),
        # ... while a parent who says more is still a parent (found by review)
        ("single mum", AgeAnswer(parent=True)),
        ("worried mum", AgeAnswer(parent=True)),
        ("dad of 2", AgeAnswer(parent=True)),
        ("mum 42", AgeAnswer(parent=True)),
        ("im a parent of a 14 year old", AgeAnswer(parent=True)),
        ("parent - year 10", AgeAnswer(parent=True)),
    ],
)
def test_parse_age(text: str, expected: AgeAnswer | None) -> None:
    assert parse_age(text) == expected


def test_need_words_and_short_answers() -> None:
    assert find_need("cant sleep", FINDER) == "sleep"
    assert find_need("kids at school keep picking on me", FINDER) == "bullying"
    assert find_need("what time is it", FINDER) is None
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
    assert only(searched, Query) == SearchQuery("bullying", 13, "Demo Borough", offset=0, limit=3)


def test_a_stated_age_and_school_go_straight_to_search() -> None:
    result = FLOW.handle(FlowState(), StartFlow(text="I'm 14 and being bullied"), ctx())
    assert kinds(result) == ["SearchQuery"] and only(result, SearchQuery).age == 14


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


def test_a_state_stored_before_typed_slots_still_loads() -> None:
    """A contact mid-search during the deploy: the old slots (a key present meant answered, and
    'asked_again') carry on: the need is not asked again, and the age question has no retry left."""
    old = FlowState("find_support", "age", {"need": None, "asked_again": True})
    assert kinds(FLOW.handle(old, UserText("qwerty"), ctx())) == ["Reroute"]
    searched = FLOW.handle(old, UserText("14"), ctx())
    assert only(searched, SearchQuery) == SearchQuery(None, 14, "Demo Borough")
    # a slot of the wrong type takes its default instead of failing
    odd = FlowState("find_support", "results", {"need_given": True, "has_more": "yes", "next_offset": 3})
    assert kinds(FLOW.handle(odd, UserText("more"), ctx())) == ["signpost_no_more"]


def test_an_age_the_nlu_misreads_is_still_an_age() -> None:
    """'15yo' reads to the NLU as a greeting; at the age question it is an age."""
    state = FLOW.handle(FlowState(), StartFlow(entities={"need": "anxiety"}), ctx()).state
    result = FLOW.handle(state, UserText("15yo", Parse("greet", 0.36)), ctx())
    assert only(result, SearchQuery).age == 15


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
    assert only(lookup, Query) == AreaQuery("SE15")
    searched = FLOW.handle(
        lookup.state, Answered(AreaQuery("SE15"), AreaAnswer("Southwark")), ctx(school=None)
    )
    assert only(searched, SearchQuery).area == "Southwark"
    # The named place wins over the school's; an unknown one falls back to the school's area.
    mine = FLOW.handle(FlowState(), start, ctx())
    unknown = FLOW.handle(mine.state, Answered(AreaQuery("SE15"), AreaAnswer(None)), ctx())
    assert only(unknown, SearchQuery).area == "Demo Borough"
    assert not unknown.state.slots.get("unknown_area")
    # Text-speak that looks like a postcode ('m8', 'gr8') is not a place without 'near' / 'in'.
    chat = StartFlow(intent="find_support", entities={"need": "family"}, text="m8 its gr8 im 13")
    assert kinds(FLOW.handle(FlowState(), chat, ctx(school=None))) == ["signpost_ask_area"]


def test_area_typed_is_looked_up_and_unknown_area_is_noted() -> None:
    state = FlowState("find_support", "area", {"need": "anxiety", "age": 15})
    lookup = FLOW.handle(state, UserText("SE15 3AB"), ctx(school=None))
    assert only(lookup, Query) == AreaQuery("SE15 3AB")
    unknown = FLOW.handle(lookup.state, Answered(AreaQuery("SE15 3AB"), AreaAnswer(None)), ctx(school=None))
    assert unknown.state.slots["unknown_area"] is True and only(unknown, SearchQuery).area is None
    skipped = FLOW.handle(state, UserText("skip"), ctx(school=None))
    assert isinstance(only(skipped, Query), SearchQuery)


# ---- sending, telling, recording --------------------------------------------------------------------


def _searching(**slots: Any) -> FlowState:
    return FlowState(
        "find_support", "searching", {"need": "bullying", "age": 13, "area": "Demo Borough", **slots}
    )


def test_results_are_one_text_each_after_an_intro_then_recorded() -> None:
    result = FLOW.handle(_searching(offset=0), Answered(page(), answer(has_more=True)), ctx())
    assert kinds(result) == ["signpost_intro", "signpost_service", "signpost_service", "RecordQuery"]
    intro = result.effects[0]
    assert isinstance(intro, Reply) and "help with bullying" in intro.text and "Text MORE" in intro.text
    assert only(result, Query) == RecordQuery("bullying", ("a", "b"))


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
    intro = FLOW.handle(_searching(offset=0), Answered(page(), value), ctx()).effects[0]
    assert isinstance(intro, Reply)
    if needle is None:
        assert "open" not in intro.text
    else:
        assert needle in intro.text
    if needle and needle.startswith("None"):
        assert "text SHOUT to 85258" in intro.text and "999" not in intro.text


def test_age_outside_is_said() -> None:
    value = answer(age_outside=True)
    intro = FLOW.handle(_searching(age=40), Answered(page(age=40), value), ctx()).effects[0]
    assert isinstance(intro, Reply) and "just for age 40" in intro.text


def test_nothing_found_is_honest_and_ends_the_flow() -> None:
    result = FLOW.handle(_searching(offset=0), Answered(page(), answer(texts=[])), ctx())
    assert kinds(result) == ["signpost_none"] and result.state.flow is None


def test_record_audits_the_ranking_and_schedules_the_followup_once() -> None:
    sent = FLOW.handle(_searching(offset=0), Answered(page(), answer(has_more=True)), ctx())
    recorded = FLOW.handle(sent.state, Answered(only(sent, RecordQuery), RecordAnswer(42)), ctx())
    audit, schedule = only(recorded, Audit), only(recorded, Schedule)
    assert audit.action == "signposting.sent" and audit.details["services"] == ["a", "b"]
    assert audit.details["ranking"][0]["reasons"] == ["open 24/7"]
    assert schedule.kind == "signposting_followup" and schedule.due_at == NOW + dt.timedelta(days=7)
    assert (
        schedule.dedupe_key == "signposting_followup:42" and schedule.payload["service_name"] == "Alpha Line"
    )
    assert recorded.state.step == "results" and recorded.state.slots["next_offset"] == 2
    more = FLOW.handle(recorded.state, UserText("MORE"), ctx())
    assert only(more, SearchQuery).offset == 2
    page2 = FLOW.handle(more.state, found(more, answer()), ctx())
    assert "more places" in page2.effects[0].text  # type: ignore[attr-defined]
    again = FLOW.handle(page2.state, Answered(only(page2, RecordQuery), RecordAnswer(43)), ctx())
    assert not [e for e in again.effects if isinstance(e, Schedule)]
    assert kinds(FLOW.handle(again.state, UserText("more"), ctx())) == ["signpost_no_more"]
    assert kinds(FLOW.handle(again.state, UserText("thanks"), ctx())) == ["Reroute"]


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
        assert only(FLOW.handle(page, UserText(text), ctx()), SearchQuery).offset == 3
    route = route_keyword("stop", ContactView(7, "sms"), page, code_exists=False)
    assert route is not None and route.flow == "opt_out"


# ---- routing ----------------------------------------------------------------------------------------


def test_a_need_word_reaches_find_support_without_the_nlu() -> None:
    registry = features_registry(INSTALLED)
    route = route_intent(None, {}, "cant sleep", registry, FINDER)
    assert route.flow == "find_support" and route.reason == "need_word"
    assert route_intent(None, {}, "qwerty", registry, FINDER).flow == "menu"
    assert registry.flow_for_intent("find_support") == "find_support"
    assert registry.flow_for_trigger("signposting_followup") == "signposting_followup"


def test_a_need_the_nlu_found_in_a_text_it_could_not_place_starts_find_support() -> None:
    # no need phrase in the text, but the NLU's entity names one: search for it, not the menu
    route = route_intent(
        "out_of_scope",
        {"need": "eating"},
        "i hate what i see in the mirror",
        features_registry(INSTALLED),
        FINDER,
    )
    assert route.flow == "find_support" and route.reason == "need_word"
    other = route_intent(
        "out_of_scope", {"need": "weather"}, "is it sunny", features_registry(INSTALLED), FINDER
    )
    assert other.flow == "menu"


# ---- a school code in the middle of a search --------------------------------------------------------


def _join_then_back(state: FlowState, school: SchoolView | None) -> tuple[FlowResult, FlowResult]:
    """Route DEMO1 from `state`: it interrupts the search; run the join flow with the code looked up, then
    resume the search with what the join returned (as the runner does, flows/session.py)."""
    route = route_keyword("DEMO1", ContactView(7, "sms"), state, code_exists=True)
    assert route is not None and route.flow == "join_school" and route.interrupt
    assert isinstance(route.event, StartFlow)
    looked_up = JOIN_SCHOOL.handle(FlowState(flow="join_school"), route.event, ctx(school=None))
    query = only(looked_up, SchoolCodeQuery)
    joined = JOIN_SCHOOL.handle(looked_up.state, Answered(query, SchoolCodeAnswer(school)), ctx(school=None))
    assert joined.state.flow is None and joined.value == Joined(school)
    return joined, FLOW.handle(state, Resume("join_school", joined.value), ctx(school=None))


def test_joining_a_school_mid_search_asks_the_pending_question_again() -> None:
    asked = FLOW.handle(FlowState(), StartFlow(entities={"need": "anxiety"}), ctx(school=None))
    joined, back = _join_then_back(asked.state, SCHOOL)
    assert kinds(joined)[-1] == "join_ok"
    assert kinds(back) == ["signpost_ask_age"] and back.state.step == "age"
    assert back.state.slots["need"] == "anxiety"
    # the next text comes with the school on the contact: its area is used, the area is not asked
    assert only(FLOW.handle(back.state, UserText("14"), ctx()), SearchQuery).area == "Demo Borough"


def test_joining_a_school_at_the_area_question_searches_in_its_area() -> None:
    state = FlowState("find_support", "area", {"need": "anxiety", "age": 14})
    _, back = _join_then_back(state, SCHOOL)
    assert only(back, SearchQuery).area == "Demo Borough"
    # a code that does not work: the search still carries on, and asks for the area
    failed, again = _join_then_back(state, None)
    assert "join_unknown" in kinds(failed) and kinds(again) == ["signpost_ask_area"]


def test_joining_a_school_after_the_results_keeps_more_working() -> None:
    state = FlowState("find_support", "results", {"need": "anxiety", "has_more": True, "next_offset": 3})
    _, back = _join_then_back(state, SCHOOL)
    assert back.effects == () and back.state.step == "results"
    assert only(FLOW.handle(back.state, UserText("more"), ctx()), SearchQuery).offset == 3


def test_a_school_code_outside_a_search_resumes_nothing() -> None:
    """The menu set aside by a code ends quietly when the join is done; with no conversation, none."""
    for state in (FlowState(), FlowState("menu", "choose")):
        route = route_keyword("DEMO1", ContactView(7, "sms"), state, code_exists=True)
        assert route is not None and route.interrupt and isinstance(route.event, StartFlow)
        assert "resume" not in route.event.args
    menu = (
        features_registry(INSTALLED)
        .get("menu")
        .handle(FlowState("menu", "choose"), Resume("join_school"), ctx())
    )
    assert menu.state.flow is None and menu.effects == ()


# ---- saying which area was used ---------------------------------------------------------------------


def _intro_after_area(state: FlowState, area: str | None, context: FlowContext, **extra: Any) -> str:
    """Answer the area look-up from `state` with `area`, then the search; return the intro's text."""
    searching = FLOW.handle(state, Answered(AreaQuery("typed"), AreaAnswer(area)), context)
    sent = FLOW.handle(searching.state, found(searching, answer(**extra)), context)
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
    aged = FLOW.handle(asked.state, UserText("14"), ctx())
    sent = FLOW.handle(aged.state, found(aged, answer()), ctx())
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
    assert only(FLOW.handle(no_need.state, UserText("1"), ctx()), SearchQuery).age is None
    bullied = StartFlow(entities={"need": "bullying"}, text="im a mum and my son is being bullied")
    searched = FLOW.handle(FlowState(), bullied, ctx())
    assert only(searched, Query) == SearchQuery("bullying", None, "Demo Borough", offset=0, limit=3)
    assert kinds(FLOW.handle(FlowState(), bullied, ctx(school=None))) == ["signpost_ask_area"]
    # the child's age a parent gives is the age, as "my son is 12" at the age question is
    aged = FLOW.handle(FlowState(), StartFlow(text="im a mum and my son is 12 and anxious"), ctx())
    assert only(aged, SearchQuery).age == 12 and aged.state.slots["parent"] is True
    # an adult's age is their own, not their child's: no age filter
    own = FLOW.handle(
        FlowState(), StartFlow(text="I am a 42 year old dad and my son is being bullied"), ctx()
    )
    assert own.state.slots["parent"] is True and own.state.slots["age"] is None
    # a young person talking about a parent is still asked
    child = FLOW.handle(
        FlowState(), StartFlow(entities={"need": "family"}, text="my mum shouts at me"), ctx()
    )
    assert kinds(child) == ["signpost_ask_age"] and child.state.slots["parent"] is False


@pytest.mark.parametrize("answer", ["yes", "Yeah", "ok.", "hi", "?", "1", "13", " 2. "])
def test_an_answer_that_names_no_place_is_asked_again_then_skipped(answer: str) -> None:
    """'yes' to "Where do you live?" was looked up as a place ("we do not know that place yet")."""
    state = FlowState("find_support", "area", {"need": "anxiety", "age": 13})
    again = FLOW.handle(state, UserText(answer), ctx(school=None))
    assert kinds(again) == ["signpost_ask_area_again"]
    lookup = FLOW.handle(again.state, UserText("E1"), ctx(school=None))
    assert only(lookup, Query) == AreaQuery("E1")  # a short district is still a place
    still = FLOW.handle(again.state, UserText("ok"), ctx(school=None))
    assert only(still, SearchQuery).area is None  # services for anywhere, as SKIP gives
