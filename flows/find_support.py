"""Find support: ask only what is missing (need, age, area), then send up to three services; MORE for more.

Starts from the menu, from the NLU (``find_support``, with or without a ``need`` entity) or from a need
word alone (the router's fallback). A school code sent mid-way interrupts it: the join flow answers the
code, then this conversation resumes where it was, asking the pending question again (or searching, now
in the new school's area). The area comes from the contact's school when there is one. Every page sent is
recorded (:class:`RecordQuery`) with the ranking explanation in an audit event; the first page also
schedules the follow-up (``signposting_followup``, ``followup_days`` later), answered by
``flows.signposting_followup``. Database work goes through queries answered in the shell.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from flows.choices import match_choice
from flows.conversation import Conversation, OnAnswer, Question, Turn, ask, finish, say, stay
from flows.engine import Audit, FlowContext, FlowState, Resume, Schedule, StartFlow, UserText
from flows.referral_answers import says_nothing
from flows.schools import Joined
from flows.signposting_answers import AgeAnswer, find_need, has_number, is_more, parse_age, says_parent
from flows.signposting_effects import (
    FOLLOWUP_KIND,
    PAGE_SIZE,
    AreaAnswer,
    AreaQuery,
    RecordAnswer,
    RecordQuery,
    SearchAnswer,
    SearchQuery,
)
from flows.signposting_replies import OTHER_NEED, Asked, intro, need_keys, none_found, results
from signposting.area_names import without_ons_suffix
from signposting.gsm import septets, to_gsm7, truncate
from signposting.needs import NEEDS

NAME = "find_support"
OTHER_INTENTS_REROUTE = frozenset({"greet", "goodbye", "thanks", "menu", "talk_to_someone", "opt_out"})
SKIP_WORDS = frozenset(
    {"skip", "no", "nope", "dont know", "don't know", "idk", "not sure", "rather not say", "pass", "none"}
)
_STATED_AGE = re.compile(
    r"\b(?:i am|i'm|im|i m|aged|age)\s+(\d{1,2})\b"
    r"|\b(\d{1,2})\s*(?:years? old|yrs?|y\s*[/.]?\s*o)\b"
    # a parent: "my daughter is 13", "our son's 9"
    r"|\b(?:my|our)\s+(?:son|daughter|child|kid|boy|girl)(?:\s+is|'s|s)\s+(?:only\s+|just\s+)?(\d{1,2})\b"
)
_NAMED_PLACE = re.compile(r"\b(?:near|in|around|round|from|live in|living in)\s+([a-z]{1,2}[0-9][a-z0-9]?)\b")
"""A postcode district named as a place in free text ('near SE15', 'in se15 4ab'); a bare 'm8' is not one."""
ADULT_AGE = 18
"""An age this high stated by a parent is their own, not their child's: it is not used for the search."""
AREA_NAME_MAX = 34
"""Most GSM-7 septets of an area name in the intro's lead: with the longest need label, the none-open note
and the shipped crisis lines, the intro still fits its two segments."""


@dataclass(frozen=True)
class Page:
    """A page just sent and not yet recorded."""

    offset: int = 0
    service_ids: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    explanation: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Search:
    """What the person asked for. A ``*_given`` flag says the question is answered (the value may be None:
    'Something else', SKIP, a parent with no age given, an area we do not know)."""

    need: str | None = None
    need_given: bool = False
    age: int | None = None
    age_given: bool = False
    parent: bool = False
    area: str | None = None
    area_given: bool = False
    unknown_area: bool = False
    place: str | None = None
    named_area: str | None = None
    age_outside: bool = False
    has_more: bool = False
    next_offset: int = PAGE_SIZE
    page: Page | None = None


def area_name(local_authority: str) -> str:
    """A local authority's name as a person says it, safe for SMS: 'Bristol, City of' -> 'Bristol'; a name
    too long for the intro keeps its first part ('Bournemouth, Christchurch and Poole' -> 'Bournemouth')."""
    name = to_gsm7(without_ons_suffix(local_authority)).strip()
    if septets(name) > AREA_NAME_MAX:
        name = name.split(",")[0].strip()
    return truncate(name, AREA_NAME_MAX)


def named_district(text: str) -> str | None:
    """The postcode district the first message names as a place, upper-cased, else None."""
    m = _NAMED_PLACE.search(text.casefold())
    return m.group(1).upper() if m else None


def stated_age(text: str) -> int | None:
    """An age the first message states outright ("I'm 14 and ..."), else None."""
    m = _STATED_AGE.search(text.casefold().replace("\u2019", "'"))
    return int(next(g for g in m.groups() if g)) if m else None


# ---- starting and asking only what is missing ---------------------------------------------------------


def start(s: Search, event: StartFlow, ctx: FlowContext) -> Turn[Search]:
    text = event.text
    need = event.entities.get("need") or event.args.get("need") or (ctx.find_need(text) if text else None)
    if need in NEEDS:
        s = replace(s, need=need, need_given=True)
    age = stated_age(text) if text else None
    if age is not None:
        s = replace(s, age=age, age_given=True)
    if text and says_parent(text):  # "I am a parent worried about my daughter": as PARENT at the question
        # a child's age they gave ("my son is 12") is the age; an adult's ("a 42 year old dad") is not
        s = replace(s, age=age if age is not None and age < ADULT_AGE else None, age_given=True, parent=True)
    return next_question(replace(s, place=named_district(text) if text else None), ctx)


def next_question(s: Search, ctx: FlowContext) -> Turn[Search]:
    """Ask the first missing thing, or search when nothing is missing."""
    if not s.need_given:
        return ask("need", s)
    if not s.age_given:
        return ask("age", s)
    if not s.area_given:
        if s.place:  # named in the first text: look it up (it wins over the school's)
            return stay("area_lookup", s, AreaQuery(s.place))
        if ctx.contact.school is None:
            return ask("area", s)
        s = replace(s, area=ctx.contact.school.local_authority, area_given=True)
    return search(s, 0)


def search(s: Search, offset: int) -> Turn[Search]:
    return stay("searching", s, SearchQuery(s.need, s.age, s.area, offset, PAGE_SIZE))


def resumed(s: Search, step: str | None, event: Resume, ctx: FlowContext) -> Turn[Search]:
    """After joining a school mid-way: ask the pending question again, or search if the new school gives
    the missing area. A page of results stays as it was, so MORE still works."""
    if step == "results":
        return stay("results", s)
    if isinstance(event.value, Joined) and event.value.school is not None:  # `ctx` was read before the join
        ctx = replace(ctx, contact=replace(ctx.contact, school=event.value.school))
    return next_question(s, ctx)


# ---- reading the answers --------------------------------------------------------------------------


def read_need(event: UserText, ctx: FlowContext) -> str | None:
    """A number or label from the list (the last is 'Something else'), or a need named in words."""
    picked = match_choice(event.text, [ctx.t(k) for k in need_keys()])
    if picked is not None:
        return NEEDS[picked] if picked < len(NEEDS) else OTHER_NEED
    return find_need(event.text, ctx.find_need, event.parse)


def something_else(event: UserText, ctx: FlowContext) -> bool:
    """A text that is not an answer but clearly about something else: a need named (a new search), or an
    intent such as thanks or goodbye. A text with a number in it is an attempt at an answer (a choice or an
    age) whatever the NLU, which is not trained on answers like '15yo', makes of it."""
    if find_need(event.text, ctx.find_need, event.parse) is not None:
        return True
    intent = event.parse.intent if event.parse else None
    return intent in OTHER_INTENTS_REROUTE and not has_number(event.text)


def got_need(s: Search, need: str, ctx: FlowContext) -> Turn[Search]:
    return next_question(replace(s, need=None if need == OTHER_NEED else need, need_given=True), ctx)


def got_age(s: Search, age: AgeAnswer, ctx: FlowContext) -> Turn[Search]:
    return next_question(replace(s, age=age.age, age_given=True, parent=age.parent), ctx)


def got_place(s: Search, text: str, ctx: FlowContext) -> Turn[Search]:
    return stay("area_lookup", s, AreaQuery(text))


def skipped_area(s: Search, ctx: FlowContext) -> Turn[Search]:
    return next_question(replace(s, area=None, area_given=True), ctx)


def read_place(event: UserText, ctx: FlowContext) -> str | None:
    """The place as typed; None for an answer that names none ('yes', 'ok', 'hi'), which is asked again
    (it was looked up as a place, and a 13-year-old's "yes" got "we do not know that place"). A number on
    its own ("1", "13") names no place either: a menu choice or an age sent to the wrong question."""
    if says_nothing(event.text) or not any(c.isalpha() for c in event.text):
        return None
    return event.text


def no_place(s: Search, event: UserText, ctx: FlowContext) -> Turn[Search]:
    """Still no place after asking again: services for anywhere, as SKIP gives."""
    return skipped_area(s, ctx)


def more(s: Search, _: bool, ctx: FlowContext) -> Turn[Search]:
    if s.has_more:
        return search(s, s.next_offset)
    return stay("results", s, say(ctx, "signpost_no_more"))


# ---- the shell's answers ------------------------------------------------------------------------------


def area_found(s: Search, q: AreaQuery, a: AreaAnswer, ctx: FlowContext) -> Turn[Search]:
    # the intro names an area that came from what they typed, however loosely it matched
    named = area_name(a.area) if a.area and a.area.strip() else None
    area, school = a.area, ctx.contact.school
    if area is None and s.place and school is not None:
        area = school.local_authority  # a place in the first text we do not know: the school's
    found = replace(s, area=area, area_given=True, unknown_area=area is None, place=None, named_area=named)
    return next_question(found, ctx)


def send(s: Search, q: SearchQuery, a: SearchAnswer, ctx: FlowContext) -> Turn[Search]:
    if not a.texts:
        if q.offset > 0:
            return stay("results", replace(s, has_more=False), say(ctx, "signpost_no_more"))
        return finish(none_found(ctx))
    s = replace(s, has_more=a.has_more, age_outside=a.age_outside)
    s = replace(s, page=Page(q.offset, a.service_ids, a.names, tuple(dict(e) for e in a.explanation)))
    asked = Asked(s.need, s.age, s.unknown_area, s.named_area)
    return stay(
        "recording", s, intro(ctx, a, asked, q.offset), *results(ctx, a), RecordQuery(s.need, a.service_ids)
    )


def recorded(s: Search, q: RecordQuery, a: RecordAnswer, ctx: FlowContext) -> Turn[Search]:
    page = s.page or Page()
    details = {"record_id": a.record_id, "need": s.need, "age": s.age, "parent": s.parent, "area": s.area,
               "unknown_area": s.unknown_area, "age_outside": s.age_outside, "offset": page.offset,
               "services": list(page.service_ids), "ranking": list(page.explanation)}  # fmt: skip
    first = (followup(s, page, a.record_id, ctx),) if page.offset == 0 else ()
    after = replace(s, page=None, next_offset=page.offset + len(page.service_ids))
    return stay("results", after, Audit("signposting.sent", details), *first)


def followup(s: Search, page: Page, record_id: int, ctx: FlowContext) -> Schedule:
    key = f"{FOLLOWUP_KIND}:{record_id}"
    payload = {"record_id": record_id, "service_name": page.names[0] if page.names else "", "need": s.need,
               "age": s.age, "area": s.area, "sent": len(page.service_ids), "key": key}  # fmt: skip
    due = ctx.now + dt.timedelta(days=ctx.service.signposting_followup_days)
    return Schedule(FOLLOWUP_KIND, due, payload, key)


def upgrade(state: FlowState) -> FlowState:
    """A state stored before typed slots: a key present meant the question was answered."""
    old = dict(state.slots)
    if not old or "need_given" in old:
        return state
    given = {f"{k}_given": k in old for k in ("need", "age", "area")}
    return replace(state, slots={**old, **given}, retries=1 if old.get("asked_again") else state.retries)


# fmt: off
FIND_SUPPORT: Conversation[Search] = Conversation(
    name=NAME,
    slots=Search,
    start=start,
    questions=(
        Question("need", read_need, got_need, ask="signpost_ask_need", again="signpost_ask_need_again",
                 choices=need_keys(), elsewhere=something_else),
        Question("age", lambda e, ctx: parse_age(e.text), got_age, ask="signpost_ask_age",
                 again="signpost_ask_age_again", elsewhere=something_else),
        Question("area", read_place, got_place, ask="signpost_ask_area", again="signpost_ask_area_again",
                 skip_words=SKIP_WORDS, skipped=skipped_area, gave_up=no_place),
        Question("results", lambda e, ctx: is_more(e.text) or None, more, retries=0),
    ),
    answers=(OnAnswer(AreaQuery, area_found), OnAnswer(SearchQuery, send), OnAnswer(RecordQuery, recorded)),
    resumed=resumed,
    upgrade=upgrade,
)
# fmt: on
