"""Call-back: a person asks to be phoned. Asks only what the request did not already say, then records it.

Started by CALL, the menu, the NLU's ``request_callback``, or a free-text request in the middle of another
conversation (``flows/router.py``). The first text is read for a time ("after 3pm"), a number, whether we
may say who we are / leave a voicemail, and what it is about ("about my daughter"); then, in order, only the
missing ones are asked: when (1 morning, 2 afternoon, 3 after school, or a day and time in words); this
number or another (UK only, a landline is fine); safe to say who we are and leave a voicemail (YES / NO);
what it is about (or SKIP). It ends with a reference and an honest due-by ("We will call by 5pm tomorrow,
Tue 8 Dec") computed from office hours, closed dates and the response standard (``flows/callback_times.py``).

"dont need the call now" at any point stops it; after it is booked the same words cancel the booking
(``StartFlow(args={"cancel": True})``). Nobody is ever asked to text CANCEL (a carrier opt-out word).
Database work is done by queries answered in ``bot/features/callbacks/wiring.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows.callback_answers import (
    child_named,
    find_phone,
    is_this_number,
    parse_safe,
    says_parent,
    topic,
    wants_no_call,
    without_phone,
)
from flows.callback_times import describe_due, due_by
from flows.callback_window import CHOICES, TimeWindow, parse_window
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
    StartFlow,
    UserText,
    done,
)
from flows.signposting_answers import is_skip

NAME = "callback"
OPEN_QUERY = "callback_open"
"""-> ``{"open": {"ref", "due_by"} | None, "own_number": bool}``: an open call-back; can we call the
number they text from."""
CREATE_QUERY = "callback_create"
"""-> ``{"ref", "due_by"}`` or ``{"error": str}``; params are the slots (see ``_create``)."""
CANCEL_QUERY = "callback_cancel"
"""-> ``{"ref": str | None}``: the contact's open call-back, now cancelled (None: there was none)."""
ESCAPE_INTENTS = frozenset(
    {"greet", "goodbye", "thanks", "menu", "find_support", "talk_to_someone", "opt_out"}
)
STEPS = ("window", "phone", "safe", "about")
WINDOW_KEYS = ("callback_when_morning", "callback_when_afternoon", "callback_when_after_school")


@dataclass(frozen=True)
class CallbackFlow:
    name: str = NAME

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if isinstance(event, StartFlow):
            return self._start(event, ctx)
        if isinstance(event, QueryResult):
            return self._answered(state, event, ctx)
        if isinstance(event, UserText):
            return self._reply(state, event, ctx)
        return done()

    # ---- starting: read what the first text already says ----------------------------------------------

    def _start(self, event: StartFlow, ctx: FlowContext) -> FlowResult:
        if event.args.get("cancel"):
            return FlowResult(FlowState(flow=self.name, step="cancelling"), (Query(CANCEL_QUERY),))
        slots: dict[str, Any] = {"requester": "unknown"}
        text = event.text or ""
        if text:
            slots.update(_read_request(text, ctx))
        return FlowResult(FlowState(flow=self.name, step="checking", slots=slots), (Query(OPEN_QUERY),))

    def _next(self, state: FlowState, ctx: FlowContext) -> FlowResult:
        """Ask the first missing thing, or book the call when nothing is missing."""
        s = state.slots
        if "window" not in s:
            return self._ask(state.at("window"), ctx, "callback_ask_when", _window_labels(ctx))
        if "phone" not in s:
            key = "callback_ask_number" if s.get("own_ok") else "callback_ask_number_other"
            return self._ask(state.at("phone"), ctx, key)
        if "safe_to_say" not in s:
            return self._ask(state.at("safe"), ctx, "callback_ask_safe")
        if "about" not in s:
            return self._ask(state.at("about"), ctx, "callback_ask_about")
        return FlowResult(state.at("booking"), (Query(CREATE_QUERY, _create(s)),))

    def _ask(self, state: FlowState, ctx: FlowContext, key: str, choices: tuple[str, ...] = ()) -> FlowResult:
        return FlowResult(state, (Reply(ctx.t(key), choices, template=key),))

    # ---- answers -------------------------------------------------------------------------------------

    def _reply(self, state: FlowState, event: UserText, ctx: FlowContext) -> FlowResult:
        text = event.text
        if wants_no_call(text):
            audit = Audit("callback.not_booked", {"step": state.step})
            return done(audit, Reply(ctx.t("callback_not_needed"), template="callback_not_needed"))
        step = state.step
        if step == "window":
            phone = find_phone(text)
            found = _window(without_phone(text, phone), ctx)
            if found is not None:
                extra = {"phone": phone.e164} if phone is not None and phone.e164 else {}
                return self._window_chosen(state.at("window", **extra), found, ctx)
            return self._again(state, event, ctx, "callback_ask_when_again", _window_labels(ctx))
        if step == "phone":
            return self._phone(state, event, ctx)
        if step == "safe":
            safe = parse_safe(text)
            if safe is not None:
                return self._next(
                    state.at("safe", safe_to_say=safe.safe_to_say, voicemail=safe.voicemail), ctx
                )
            return self._again(state, event, ctx, "callback_ask_safe_again")
        if step == "about":
            skipped = is_skip(text) or text.strip().upper() == "SKIP"
            about = "" if skipped else (topic(text) or text.strip())[:300]
            child = state.slots.get("for_child") or child_named(text)
            requester = "parent" if child or says_parent(text) else state.slots.get("requester", "unknown")
            return self._next(state.at("about", about=about, for_child=child, requester=requester), ctx)
        return done(Reroute(text))

    def _window_chosen(self, state: FlowState, window: TimeWindow, ctx: FlowContext) -> FlowResult:
        if due_by(ctx.service, ctx.now, window, ctx.service.callback_respond_hours) is None:
            # honest: the team cannot call then; say when it can and ask again (no re-ask budget used)
            reply = Reply(ctx.t("callback_when_closed"), _window_labels(ctx), template="callback_when_closed")
            return FlowResult(state.at("window"), (reply,))
        return self._next(state.at("window", window=window.to_slot()), ctx)

    def _phone(self, state: FlowState, event: UserText, ctx: FlowContext) -> FlowResult:
        found = find_phone(event.text)
        if found is not None and found.e164:
            return self._next(state.at("phone", phone=found.e164), ctx)
        if found is not None:  # a number, but not a UK phone we can call
            key = "callback_number_not_uk" if found.problem == "not_uk" else "callback_number_bad"
            return self._ask(state.at("phone"), ctx, key)
        if state.slots.get("own_ok") and is_this_number(event.text):
            return self._next(state.at("phone", phone=None, own=True), ctx)
        return self._again(state, event, ctx, "callback_ask_number_again")

    def _again(
        self, state: FlowState, event: UserText, ctx: FlowContext, key: str, choices: tuple[str, ...] = ()
    ) -> FlowResult:
        """Ask once more; a second miss, or a text plainly about something else, is treated as new."""
        intent = event.parse.intent if event.parse else None
        tries = dict(state.slots.get("tries") or {})
        step = state.step or ""
        if tries.get(step) or intent in ESCAPE_INTENTS:
            return done(Audit("callback.not_booked", {"step": step}), Reroute(event.text))
        tries[step] = 1
        return self._ask(state.at(step, tries=tries), ctx, key, choices)

    # ---- query answers -------------------------------------------------------------------------------

    def _answered(self, state: FlowState, event: QueryResult, ctx: FlowContext) -> FlowResult:
        value: Mapping[str, Any] = event.value or {}
        if event.name == OPEN_QUERY:
            existing = value.get("open")
            if isinstance(existing, Mapping):
                due = describe_due(ctx.service, ctx.now, _when(existing["due_by"]))
                text = ctx.t("callback_exists", cb_ref=existing["ref"], due=due)
                return done(Reply(text, template="callback_exists"))
            s = state.slots
            checked = state.at("checked", own_ok=bool(value.get("own_number")))
            if s.get("window_text") and "window" not in s:  # a time in the first text: check it fits
                window = TimeWindow.from_slot(s["window_text"])
                if window is not None:
                    return self._window_chosen(checked, window, ctx)
            return self._next(checked, ctx)
        if event.name == CREATE_QUERY:
            if value.get("error"):
                return done(Reply(ctx.t("callback_failed"), template="callback_failed"))
            due = describe_due(ctx.service, ctx.now, _when(value["due_by"]))
            key = "callback_booked_own" if state.slots.get("own") else "callback_booked"
            return done(Reply(ctx.t(key, cb_ref=value["ref"], due=due), template=key))
        if event.name == CANCEL_QUERY:
            if value.get("ref"):
                text = ctx.t("callback_cancelled", cb_ref=value["ref"])
                return done(Reply(text, template="callback_cancelled"))
            return done(Reply(ctx.t("callback_none_to_cancel"), template="callback_none_to_cancel"))
        return done()


def _read_request(text: str, ctx: FlowContext) -> dict[str, Any]:
    """What a first text already says: a time, a UK number, safe to say / voicemail, what it is about."""
    slots: dict[str, Any] = {}
    phone = find_phone(text)
    if phone is not None and phone.e164:
        slots["phone"] = phone.e164
    window = _window(without_phone(text, phone), ctx)
    if window is not None:
        slots["window_text"] = window.to_slot()
    about = topic(without_phone(text, phone))
    if about:
        slots["about"] = about
    safe = parse_safe(text) if _mentions_safety(text) else None
    if safe is not None:
        slots.update(safe_to_say=safe.safe_to_say, voicemail=safe.voicemail)
    child = child_named(text)
    if child or says_parent(text):
        slots.update(requester="parent", for_child=child)
    return slots


def _mentions_safety(text: str) -> bool:
    lowered = text.lower()
    return any(w in lowered for w in ("voicemail", "voice mail", "message", "who you are", "answerphone"))


def _window(text: str, ctx: FlowContext) -> TimeWindow | None:
    return parse_window(text, ctx.service.local(ctx.now).date())


def _window_labels(ctx: FlowContext) -> tuple[str, ...]:
    return tuple(ctx.t(k) for k in WINDOW_KEYS[: len(CHOICES)])


def _when(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _create(s: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("window", "phone", "safe_to_say", "voicemail", "about", "requester", "for_child")
    return {k: s.get(k) for k in keys}
