"""Self-referral: a young person (or a parent, for their child) asks to be seen by the team.

A short intake, asking only what the first text did not say: who it is for (for someone else: they are
told the person should ask us themselves, or a parent or teacher can); age; school, if the contact has not
joined one (a join code sent here links them and the intake carries on); what is going on, in their words;
how they would like to hear back (text, a call, or through school; a call needs a UK number); consent in
plain words. It ends with a reference (``RF-4MXA``); the team triages it (``waymark referrals triage``) and
the person is told the outcome the way they chose.

Every text is screened before it gets here: a risk disclosure follows the safeguarding path and this flow
waits, paused (``INTAKE_TTL`` outlasts a crisis hold); the next text resumes it, and an answer that says
nothing ("ok", "hi") to the story question is asked again. Queries: ``bot/features/referrals/wiring.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows.callback_answers import find_phone, is_this_number
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
    SchoolView,
    StartFlow,
    UserText,
    done,
)
from flows.referral_answers import consent, contact_by, for_whom, says_something
from flows.signposting_answers import is_skip, parse_age

NAME = "referral"
OPEN_QUERY = "referral_open"
"""-> ``{"open": ref | None, "own_number": bool}``."""
CREATE_QUERY = "referral_create"
"""-> ``{"ref": str}`` or ``{"error": str}``; params: see ``_create``."""
INTAKE_TTL = dt.timedelta(hours=72)
"""How long a paused intake waits: longer than a crisis hold (24 h by default) and a weekend."""
ESCAPE_INTENTS = frozenset({"greet", "goodbye", "menu", "opt_out", "find_support"})
WHO_KEYS = ("referral_for_me", "referral_for_child", "referral_for_other")
WHO = ("self", "child", "other")
WAY_KEYS = ("referral_by_text", "referral_by_call", "referral_through_school")
WAYS = ("text", "call", "school")
_SELF = re.compile(r"\b(?:myself|my self|refer me|self[- ]?refer)")


@dataclass(frozen=True)
class ReferralFlow:
    name: str = NAME

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if isinstance(event, StartFlow):
            resume = event.args.get("resume")
            if isinstance(resume, Mapping):
                return self._resume(resume, event.args.get("school"), ctx)
            return self._start(event, ctx)
        if isinstance(event, QueryResult):
            return self._answered(state, event, ctx)
        if isinstance(event, UserText):
            return self._reply(state, event, ctx)
        return done()

    def _start(self, event: StartFlow, ctx: FlowContext) -> FlowResult:
        slots: dict[str, Any] = {}
        text = event.text or ""
        whom = for_whom(text) if text else None
        if whom in ("child", "other") or (whom == "self" and _SELF.search(text.lower())):
            slots["for_whom"] = whom
        age = parse_age(text) if text and any(c.isdigit() for c in text) else None
        if age is not None and age.age is not None and slots.get("for_whom") == "child" and age.age < 18:
            slots["age"] = age.age
        state = FlowState(self.name, "checking", slots, ctx.now + INTAKE_TTL)
        return FlowResult(state, (Query(OPEN_QUERY),))

    def _resume(self, resume: Mapping[str, Any], school: object, ctx: FlowContext) -> FlowResult:
        """Back from the join flow (a school code sent mid-intake): the school is known now."""
        slots = dict(resume.get("slots") or {})
        if isinstance(school, SchoolView):
            slots.update(school_id=school.id, school_name=None)
        return self._next(FlowState(self.name, resume.get("step"), slots, ctx.now + INTAKE_TTL), ctx)

    def _next(self, state: FlowState, ctx: FlowContext) -> FlowResult:
        s, child = state.slots, state.slots.get("for_whom") == "child"
        if "for_whom" not in s:
            return self._ask(state.at("who"), ctx, "referral_ask_who", WHO_KEYS)
        if "age" not in s:
            return self._ask(state.at("age"), ctx, "referral_ask_age_child" if child else "referral_ask_age")
        if "school_id" not in s and "school_name" not in s and ctx.contact.school is None:
            return self._ask(
                state.at("school"), ctx, "referral_ask_school_child" if child else "referral_ask_school"
            )
        if "story" not in s:
            return self._ask(
                state.at("story"), ctx, "referral_ask_story_child" if child else "referral_ask_story"
            )
        if "contact_by" not in s:
            return self._ask(state.at("contact"), ctx, "referral_ask_contact", WAY_KEYS)
        if s["contact_by"] == "call" and "phone" not in s:
            key = "callback_ask_number" if s.get("own_ok") else "callback_ask_number_other"
            return self._ask(state.at("phone"), ctx, key)
        if "consent" not in s:
            return self._ask(
                state.at("consent"), ctx, "referral_ask_consent_child" if child else "referral_ask_consent"
            )
        if not s["consent"]:
            return done(Audit("referral.no_consent", {}), self._say(ctx, "referral_no_consent"))
        return FlowResult(state.at("sending"), (Query(CREATE_QUERY, _create(s, ctx)),))

    def _say(self, ctx: FlowContext, key: str, **params: Any) -> Reply:
        return Reply(ctx.t(key, **params), template=key)

    def _ask(self, state: FlowState, ctx: FlowContext, key: str, choices: tuple[str, ...] = ()) -> FlowResult:
        return FlowResult(state, (Reply(ctx.t(key), tuple(ctx.t(c) for c in choices), template=key),))

    # ---- answers -------------------------------------------------------------------------------------

    def _reply(self, state: FlowState, event: UserText, ctx: FlowContext) -> FlowResult:
        text, step = event.text, state.step
        if step == "who":
            picked = match_choice(text, [ctx.t(k) for k in WHO_KEYS])
            whom = WHO[picked] if picked is not None else for_whom(text)
            if whom == "other":
                return done(
                    Audit("referral.for_someone_else", {}), self._say(ctx, "referral_for_other_reply")
                )
            if whom is not None:
                return self._next(state.at("who", for_whom=whom), ctx)
            return self._again(state, event, ctx, "referral_ask_who_again", WHO_KEYS)
        if step == "age":
            age = parse_age(text)
            if age is not None and age.age is not None:
                return self._next(state.at("age", age=age.age), ctx)
            return self._again(state, event, ctx, "referral_ask_age_again")
        if step == "school":
            name = None if is_skip(text) or text.strip().upper() == "SKIP" else text.strip()[:200]
            return self._next(state.at("school", school_name=name), ctx)
        if step == "story":
            if says_something(text):
                return self._next(state.at("story", story=text.strip()[:1600]), ctx)
            return self._again(state, event, ctx, "referral_ask_story_again", budget=3)
        if step == "contact":
            picked = match_choice(text, [ctx.t(k) for k in WAY_KEYS])
            way = WAYS[picked] if picked is not None else contact_by(text)
            if way is not None:
                return self._next(state.at("contact", contact_by=way), ctx)
            return self._again(state, event, ctx, "referral_ask_contact_again", WAY_KEYS)
        if step == "phone":
            return self._phone(state, event, ctx)
        if step == "consent":
            agreed = consent(text)
            if agreed is not None:
                return self._next(state.at("consent", consent=agreed), ctx)
            return self._again(state, event, ctx, "referral_ask_consent_again")
        return done(Reroute(text))

    def _phone(self, state: FlowState, event: UserText, ctx: FlowContext) -> FlowResult:
        found = find_phone(event.text)
        if found is not None and found.e164:
            return self._next(state.at("phone", phone=found.e164), ctx)
        if found is not None:
            key = "callback_number_not_uk" if found.problem == "not_uk" else "callback_number_bad"
            return self._ask(state.at("phone"), ctx, key)
        if state.slots.get("own_ok") and is_this_number(event.text):
            return self._next(state.at("phone", phone=None), ctx)
        return self._again(state, event, ctx, "callback_ask_number_again")

    def _again(
        self,
        state: FlowState,
        event: UserText,
        ctx: FlowContext,
        key: str,
        choices: tuple[str, ...] = (),
        budget: int = 1,
    ) -> FlowResult:
        """Ask again (up to `budget` times); then, or for a text plainly about something else, hand the
        text back as new. The intake is kept paused in neither case: it is audited as left."""
        intent = event.parse.intent if event.parse else None
        tries = dict(state.slots.get("tries") or {})
        step = state.step or ""
        if tries.get(step, 0) >= budget or (intent in ESCAPE_INTENTS and step != "story"):
            return done(Audit("referral.left", {"step": step}), Reroute(event.text))
        tries[step] = tries.get(step, 0) + 1
        return self._ask(state.at(step, tries=tries), ctx, key, choices)

    # ---- query answers -------------------------------------------------------------------------------

    def _answered(self, state: FlowState, event: QueryResult, ctx: FlowContext) -> FlowResult:
        value: Mapping[str, Any] = event.value or {}
        if event.name == OPEN_QUERY:
            if value.get("open"):
                return done(self._say(ctx, "referral_exists", rf_ref=value["open"]))
            return self._next(state.at("checked", own_ok=bool(value.get("own_number"))), ctx)
        if event.name == CREATE_QUERY:
            if value.get("error"):
                return done(self._say(ctx, "referral_failed"))
            key = f"referral_done_{state.slots.get('contact_by', 'text')}"
            return done(self._say(ctx, key, rf_ref=value["ref"]))
        return done()


def _create(s: Mapping[str, Any], ctx: FlowContext) -> dict[str, Any]:
    school = ctx.contact.school
    keys = ("for_whom", "age", "school_name", "story", "contact_by", "phone", "consent")
    return {**{k: s.get(k) for k in keys}, "school_id": s.get("school_id") or (school.id if school else None)}
