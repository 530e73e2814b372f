"""The check-in conversation: a 0-10 score, a goal rating (between sessions), anything to tell us, a tip.

Woken by the shell with a :class:`Trigger` of kind ``checkin`` (``flows/checkin_effects.py``) once it has
decided the check-in goes now. Steps:

1. ``score``: "How have things been this week? Reply 0 (really bad) to 10 (really good)". Numbers, words
   and emoji are read by ``flows/checkin_answers.py``; a word answer is told back as a number. Not clear:
   asked once more; still not clear: the text is handed back to the pipeline as a new message (it may be
   a question of its own) and the check-in is left without a score.
2. ``goal`` (between-sessions plans with a goal): the Goal-Based Outcomes rating, 0 to 10.
3. ``note``: "Anything you want to tell us? Or reply SKIP". Any text is recorded (a reference to the
   stored message: the pipeline has already screened it; a flagged text never reaches this flow).
4. The end: thanks; waiting-well plans add one self-help tip that this plan has not had, and how to get
   help now.

Everything is stored by :class:`RecordCheckin` effects; the shell decides about the review list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows.calendar_questions import TeamCalendarFlow, is_calendar_question
from flows.checkin_answers import is_same, is_skip, read_score
from flows.checkin_effects import CHECKIN_FLOW, CHECKIN_KIND, RecordCheckin
from flows.engine import (
    Effect,
    FlowContext,
    FlowInput,
    FlowResult,
    FlowState,
    Priority,
    Reply,
    Reroute,
    Trigger,
    UserText,
    done,
)
from flows.signposting_replies import crisis_lines
from flows.triggers import TriggerRule, WhenBusy

TIPS = (
    "breathe", "walk", "sleep", "talk", "water", "list", "music", "screen", "kind", "plan", "outside",
    "write",
)  # fmt: skip
"""Self-help tips in the order they are offered (text: ``checkin_tip_<name>`` in the catalogue)."""
ANSWER_TTL = dt.timedelta(hours=48)
"""How long a check-in waits for its answers before the conversation lapses."""
CHECKIN_RULE = TriggerRule(
    busy=WhenBusy.WAIT,
    busy_same=WhenBusy.TAKE_OVER,
    quiet_hours=True,
    wait=dt.timedelta(minutes=30),
    audit="checkins.deferred",
)
"""The engine's trigger rule for a due check-in: it waits (30 minutes at a time) while the contact is in
another conversation, replaces an unanswered earlier check-in, and keeps out of quiet hours. The shell
(``bot/features/checkins/wiring.py``) applies it with ``flows.triggers.admit``."""


def next_tip(used: list[str] | tuple[str, ...]) -> str | None:
    """The first tip this plan has not had, or None when every tip has been sent once."""
    return next((t for t in TIPS if t not in used), None)


@dataclass(frozen=True)
class CheckinFlow:
    name: str = CHECKIN_FLOW

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if isinstance(event, Trigger) and event.kind == CHECKIN_KIND:
            return self._ask(event.payload, ctx)
        if (
            isinstance(event, UserText)
            and state.step in ("score", "goal")
            and is_calendar_question(event.text)
        ):
            return self._aside(state, event, ctx)
        if isinstance(event, UserText) and state.step == "score":
            return self._score(state, event.text, ctx)
        if isinstance(event, UserText) and state.step == "goal":
            return self._goal(state, event.text, ctx)
        if isinstance(event, UserText) and state.step == "note":
            return self._note(state, event.text, ctx)
        if isinstance(event, UserText):
            return done(Reroute(event.text))
        return done()

    def _ask(self, payload: Mapping[str, Any], ctx: FlowContext) -> FlowResult:
        slots = {k: payload.get(k) for k in ("plan_id", "answer_id", "plan_kind", "goal_name", "last_score")}
        slots["tips_used"] = list(payload.get("tips_used") or [])
        state = FlowState(CHECKIN_FLOW, "score", slots, ctx.now + ANSWER_TTL)
        return FlowResult(
            state,
            (Reply(ctx.t("checkin_ask_score"), priority=Priority.SCHEDULED, template="checkin_ask_score"),),
        )

    def _aside(self, state: FlowState, event: UserText, ctx: FlowContext) -> FlowResult:
        """A holiday question mid check-in: answer it from the calendar, then wait for the number."""
        answer = TeamCalendarFlow().handle(FlowState(), event, ctx)
        wait = Reply(ctx.t("checkin_still_waiting"), template="checkin_still_waiting")
        return FlowResult(state, (*answer.effects, wait))

    def _score(self, state: FlowState, text: str, ctx: FlowContext) -> FlowResult:
        answer_id = int(state.slots["answer_id"])
        last = state.slots.get("last_score")
        score = int(last) if is_same(text) and last is not None else read_score(text)
        if score is None:
            if is_skip(text):
                return self._after_score(state, ctx, None, skipped=True)
            if not state.slots.get("asked_again"):
                again = Reply(ctx.t("checkin_ask_score_again"), template="checkin_ask_score_again")
                return FlowResult(state.at("score", asked_again=True), (again,))
            return done(RecordCheckin(answer_id, "unanswered"), Reroute(text))
        worded = not any(c.isdigit() for c in text)
        return self._after_score(state, ctx, score, worded=worded)

    def _after_score(
        self,
        state: FlowState,
        ctx: FlowContext,
        score: int | None,
        *,
        worded: bool = False,
        skipped: bool = False,
    ) -> FlowResult:
        answer_id = int(state.slots["answer_id"])
        effects: list[Effect] = [] if score is None else [RecordCheckin(answer_id, "score", score)]
        noted = ctx.t("checkin_noted", score=str(score)) + " " if worded and score is not None else ""
        goal = state.slots.get("goal_name")
        if state.slots.get("plan_kind") == "between_sessions" and goal:
            text = noted + ctx.t("checkin_ask_goal", goal=str(goal))
            effects.append(Reply(text, template="checkin_ask_goal"))
            return FlowResult(state.at("goal", asked_again=False), tuple(effects))
        if skipped:
            return done(*effects, *self._end(state, ctx))
        effects.append(Reply(noted + ctx.t("checkin_ask_note"), template="checkin_ask_note"))
        return FlowResult(state.at("note"), tuple(effects))

    def _goal(self, state: FlowState, text: str, ctx: FlowContext) -> FlowResult:
        answer_id = int(state.slots["answer_id"])
        score = read_score(text)
        if score is None and not is_skip(text):
            if not state.slots.get("asked_again"):
                key = "checkin_ask_goal_again"
                reply = Reply(ctx.t(key, goal=str(state.slots.get("goal_name"))), template=key)
                return FlowResult(state.at("goal", asked_again=True), (reply,))
            return done(Reroute(text))
        recorded = () if score is None else (RecordCheckin(answer_id, "goal", score),)
        ask = Reply(ctx.t("checkin_ask_note"), template="checkin_ask_note")
        return FlowResult(state.at("note"), (*recorded, ask))

    def _note(self, state: FlowState, text: str, ctx: FlowContext) -> FlowResult:
        answer_id = int(state.slots["answer_id"])
        recorded = () if is_skip(text) else (RecordCheckin(answer_id, "note"),)
        return done(*recorded, *self._end(state, ctx, told=bool(recorded)))

    def _end(self, state: FlowState, ctx: FlowContext, *, told: bool = False) -> tuple[Effect, ...]:
        answer_id = int(state.slots["answer_id"])
        key = "checkin_thanks_note" if told else "checkin_thanks"
        effects: list[Effect] = [Reply(ctx.t(key), template=key)]
        if state.slots.get("plan_kind") == "waiting_well":
            tip = next_tip(list(state.slots.get("tips_used") or []))
            help_now = ctx.t("checkin_help_now", crisis_lines=crisis_lines(ctx))
            if tip is not None:
                effects.append(RecordCheckin(answer_id, "tip", tip))
                tip_key = f"checkin_tip_{tip}"
                effects.append(Reply(ctx.t(tip_key) + " " + help_now, template=tip_key))
            else:
                effects.append(Reply(help_now, template="checkin_help_now"))
        return tuple(effects)
