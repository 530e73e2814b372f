"""Find support: ask only what is missing (need, age, area), then send up to three services; MORE for more.

Starts from the menu, from the NLU (``find_support``, with or without a ``need`` entity) or from a need
word alone (the router's fallback). A school code sent mid-way is answered by the join flow, which then
starts this flow again with ``args["resume"]``: it carries on where it was, asking the pending question
again (or searching, now with the new school's area). The area comes from the contact's school when there
is one. Every page
sent is recorded (query ``signpost_record``) with the ranking explanation in an audit event; the first page
also schedules the follow-up (``signposting_followup``, ``followup_days`` later), answered by
``flows.signposting_followup``. Database work goes through queries answered in
``bot/features/signposting/wiring.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from flows.choices import match_choice
from flows.engine import (
    Audit,
    FlowContext,
    FlowInput,
    FlowResult,
    FlowState,
    Query,
    QueryResult,
    Reply,
    Reroute,
    Schedule,
    SchoolView,
    StartFlow,
    UserText,
    done,
)
from flows.signposting_answers import find_need, has_number, is_more, is_skip, parse_age, says_parent
from flows.signposting_effects import (
    AREA_QUERY,
    FOLLOWUP_KIND,
    PAGE_SIZE,
    RECORD_QUERY,
    SEARCH_QUERY,
)
from flows.signposting_replies import intro, need_keys, none_found, results
from signposting import NEEDS
from signposting.area_lookup import without_ons_suffix
from signposting.gsm import septets, to_gsm7, truncate

NAME = "find_support"
OTHER_INTENTS_REROUTE = frozenset({"greet", "goodbye", "thanks", "menu", "talk_to_someone", "opt_out"})
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


def _something_else(event: UserText) -> bool:
    """A text that is not an answer but clearly about something else: a need named (a new search), or an
    intent such as thanks or goodbye. A text with a number in it is an attempt at an answer (a choice or an
    age) whatever the NLU, which is not trained on answers like '15yo', makes of it."""
    if find_need(event.text, event.parse) is not None:
        return True
    intent = event.parse.intent if event.parse else None
    return intent in OTHER_INTENTS_REROUTE and not has_number(event.text)


@dataclass(frozen=True)
class FindSupportFlow:
    name: str = NAME

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if isinstance(event, StartFlow):
            return self._start(event, ctx)
        if isinstance(event, QueryResult):
            return self._answered(state, event, ctx)
        if isinstance(event, UserText):
            return self._reply(state, event, ctx)
        return done()

    # ---- starting and asking ------------------------------------------------------------------------

    def _start(self, event: StartFlow, ctx: FlowContext) -> FlowResult:
        resume = event.args.get("resume")
        if isinstance(resume, Mapping):
            return self._resume(resume, event.args.get("school"), ctx)
        slots: dict[str, Any] = {}
        need = event.entities.get("need") or event.args.get("need")
        if need is None and event.text:
            need = find_need(event.text)
        if need in NEEDS:
            slots["need"] = need
        age = stated_age(event.text) if event.text else None
        if age is not None:
            slots["age"] = age
        if event.text and says_parent(event.text):  # "I am a parent worried about my daughter": PARENT
            # a child's age they gave ("my son is 12") is the age; an adult's ("a 42 year old dad") is not
            slots.update(age=age if age is not None and age < ADULT_AGE else None, parent=True)
        district = named_district(event.text) if event.text else None
        if district is not None:
            slots["place"] = district
        return self._next(FlowState(flow=self.name, slots=slots), ctx)

    def _resume(self, resume: Mapping[str, Any], school: object, ctx: FlowContext) -> FlowResult:
        """Carry on after another flow (joining a school) answered a text sent mid-way: ask the pending
        question again, or search if the school just joined gives the area that was missing. A page of
        results stays as it was, so MORE still works."""
        state = FlowState(flow=self.name, step=resume.get("step"), slots=dict(resume.get("slots") or {}))
        if state.step == "results":
            return FlowResult(state)
        if isinstance(school, SchoolView):  # the contact in `ctx` was read before the join
            ctx = replace(ctx, contact=replace(ctx.contact, school=school))
        return self._next(state, ctx)

    def _next(self, state: FlowState, ctx: FlowContext) -> FlowResult:
        """Ask the first missing thing, or search when nothing is missing."""
        slots = state.slots
        if "need" not in slots:
            return self._ask(state.at("need"), ctx, "signpost_ask_need", choices=True)
        if "age" not in slots:
            return self._ask(state.at("age"), ctx, "signpost_ask_age")
        if "area" not in slots:
            school = ctx.contact.school
            if slots.get("place"):  # named in the first text: look it up (it wins over the school's)
                return FlowResult(state.at("area_lookup"), (Query(AREA_QUERY, {"text": slots["place"]}),))
            if school is None:
                return self._ask(state.at("area"), ctx, "signpost_ask_area")
            state = state.at(state.step or "", area=school.local_authority)
        return self._search(state, 0)

    def _ask(self, state: FlowState, ctx: FlowContext, key: str, choices: bool = False) -> FlowResult:
        labels = tuple(ctx.t(k) for k in need_keys()) if choices else ()
        return FlowResult(state, (Reply(ctx.t(key), labels, template=key),))

    def _search(self, state: FlowState, offset: int) -> FlowResult:
        s = state.slots
        params = {"need": s.get("need"), "age": s.get("age"), "area": s.get("area")}
        query = Query(SEARCH_QUERY, {**params, "offset": offset, "limit": PAGE_SIZE})
        return FlowResult(state.at("searching", offset=offset), (query,))

    # ---- the contact's answers ----------------------------------------------------------------------

    def _reply(self, state: FlowState, event: UserText, ctx: FlowContext) -> FlowResult:
        text = event.text
        if state.step == "need":
            keys = need_keys()
            picked = match_choice(text, [ctx.t(k) for k in keys])
            if picked is not None:
                need = NEEDS[picked] if picked < len(NEEDS) else None
                return self._next(state.at("need", need=need), ctx)
            need = find_need(text, event.parse)
            if need is not None:
                return self._next(state.at("need", need=need), ctx)
            return self._not_understood(state, event, ctx, "signpost_ask_need_again", choices=True)
        if state.step == "age":
            age = parse_age(text)
            if age is not None:
                return self._next(state.at("age", age=age.age, parent=age.parent), ctx)
            return self._not_understood(state, event, ctx, "signpost_ask_age_again")
        if state.step == "area":
            if is_skip(text):
                return self._next(state.at("area", area=None), ctx)
            return FlowResult(state.at("area_lookup"), (Query(AREA_QUERY, {"text": text}),))
        if state.step == "results" and is_more(text):
            if state.slots.get("has_more"):
                return self._search(state, int(state.slots.get("next_offset", PAGE_SIZE)))
            return FlowResult(state, (Reply(ctx.t("signpost_no_more"), template="signpost_no_more"),))
        return done(Reroute(text))

    def _not_understood(
        self, state: FlowState, event: UserText, ctx: FlowContext, key: str, choices: bool = False
    ) -> FlowResult:
        """Ask again once; a second miss, or a text clearly about something else, is treated as new."""
        if state.slots.get("asked_again") or _something_else(event):
            return done(Reroute(event.text))
        return self._ask(state.at(state.step or "", asked_again=True), ctx, key, choices)

    # ---- query answers ------------------------------------------------------------------------------

    def _answered(self, state: FlowState, event: QueryResult, ctx: FlowContext) -> FlowResult:
        value: Mapping[str, Any] = event.value or {}
        if event.name == AREA_QUERY:
            area = value.get("area")
            # the intro names an area that came from what they typed, however loosely it matched
            named = area_name(area) if isinstance(area, str) and area.strip() else None
            school = ctx.contact.school
            if area is None and state.slots.get("place") and school is not None:
                area = school.local_authority  # a place in the first text we do not know: the school's
            found = state.at("area", area=area, unknown_area=area is None, place=None, named_area=named)
            return self._next(found, ctx)
        if event.name == SEARCH_QUERY:
            return self._send(state, value, ctx)
        if event.name == RECORD_QUERY:
            return self._recorded(state, value, ctx)
        return done()

    def _send(self, state: FlowState, answer: Mapping[str, Any], ctx: FlowContext) -> FlowResult:
        offset = int(state.slots.get("offset", 0))
        if not answer.get("texts"):
            if offset > 0:
                no_more = Reply(ctx.t("signpost_no_more"), template="signpost_no_more")
                return FlowResult(state.at("results", has_more=False), (no_more,))
            return done(none_found(ctx))
        sent = {
            "service_ids": list(answer.get("service_ids", [])),
            "names": list(answer.get("names", [])),
            "explanation": list(answer.get("explanation", [])),
            "has_more": bool(answer.get("has_more")),
            "age_outside": bool(answer.get("age_outside")),
        }
        record = Query(RECORD_QUERY, {"need": state.slots.get("need"), "service_ids": sent["service_ids"]})
        effects = (intro(ctx, answer, state.slots, offset), *results(ctx, answer), record)
        return FlowResult(state.at("recording", **sent), effects)

    def _recorded(self, state: FlowState, value: Mapping[str, Any], ctx: FlowContext) -> FlowResult:
        s = state.slots
        record_id = int(value["record_id"])
        offset = int(s.get("offset", 0))
        ids = list(s.get("service_ids", []))
        audit = Audit(
            "signposting.sent",
            {
                "record_id": record_id,
                "need": s.get("need"),
                "age": s.get("age"),
                "parent": bool(s.get("parent")),
                "area": s.get("area"),
                "unknown_area": bool(s.get("unknown_area")),
                "age_outside": bool(s.get("age_outside")),
                "offset": offset,
                "services": ids,
                "ranking": list(s.get("explanation", [])),
            },
        )
        effects: list[Any] = [audit]
        if offset == 0:
            effects.append(self._followup(s, record_id, ids, ctx.now, ctx.service.signposting_followup_days))
        keep = {k: s.get(k) for k in ("need", "age", "parent", "area", "unknown_area", "age_outside")}
        results_state = FlowState(
            flow=self.name,
            step="results",
            slots={**keep, "has_more": bool(s.get("has_more")), "next_offset": offset + len(ids)},
        )
        return FlowResult(results_state, tuple(effects))

    def _followup(
        self, s: Mapping[str, Any], record_id: int, ids: list[str], now: dt.datetime, days: int
    ) -> Schedule:
        names = list(s.get("names", []))
        payload = {
            "record_id": record_id,
            "service_name": names[0] if names else "",
            "need": s.get("need"),
            "age": s.get("age"),
            "area": s.get("area"),
            "sent": len(ids),
        }
        key = f"{FOLLOWUP_KIND}:{record_id}"
        return Schedule(FOLLOWUP_KIND, now + dt.timedelta(days=days), {**payload, "key": key}, key)
