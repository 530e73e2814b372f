"""The check-in conversation: a 0-10 score, a goal rating (between sessions), anything to tell us, a tip.

Declared with the engine's building blocks (``flows/conversation.py``). Woken by the shell with a
:class:`Trigger` of kind ``checkin`` once it has decided the check-in goes now (``CHECKIN_RULE``, applied
in ``bot/features/checkins/wiring.py``); the payload loads straight into :class:`Checkin` slots.

1. ``score``: "How have things been this week? Reply 0 (really bad) to 10 (really good)". Numbers, words
   and emoji are read by ``flows/checkin_answers.py``; a word answer is told back as a number. Not clear:
   asked once more (the re-ask budget); still not clear: treated as a new message. SKIP moves on. A
   holiday question ("do u work at christmas") is answered by a sub-flow and the check-in carries on.
2. ``goal`` (between-sessions plans with a goal): the Goal-Based Outcomes rating, 0 to 10.
3. ``note``: "Anything you want to tell us? Or reply SKIP". Any text is recorded (a reference to the
   stored message: the pipeline has already screened it; a flagged text never reaches this flow).
4. The end: thanks; waiting-well plans add one self-help tip that this plan has not had, and how to get
   help now.

Everything is stored by :class:`RecordCheckin` effects; the shell decides about the review list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from flows.calendar_questions import is_calendar_question
from flows.checkin_answers import SKIP_WORDS, is_same, read_score
from flows.checkin_effects import CHECKIN_FLOW, CHECKIN_KIND, RecordCheckin
from flows.conversation import Conversation, OnTrigger, Question, Turn, ask, finish, say, stay
from flows.engine import Call, Effect, FlowContext, Priority, Reply, Resume, StartFlow, Trigger, UserText
from flows.signposting_replies import crisis_lines
from flows.slots import load
from flows.triggers import TriggerRule, WhenBusy

TIPS = (
    "breathe", "walk", "sleep", "talk", "water", "list", "music", "screen", "kind", "plan", "outside",
    "write",
)  # fmt: skip
"""Self-help tips in the order they are offered (text: ``checkin_tip_<name>`` in the catalogue)."""
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
CALENDAR_FLOW = "team_calendar"
SKIP = frozenset({*SKIP_WORDS, "skip"})
SAME = -1
"""What the score parser returns for 'same as last week' (the slots know the last score)."""


@dataclass(frozen=True)
class Checkin:
    """One check-in: its plan and answer row, what kind of plan, the goal, the last score, tips had."""

    plan_id: int = 0
    answer_id: int = 0
    plan_kind: str = ""
    goal_name: str | None = None
    last_score: int | None = None
    tips_used: tuple[str, ...] = ()
    noted: int | None = None
    """A score given in words, told back before the next question ("we put that down as 5")."""


def next_tip(used: list[str] | tuple[str, ...]) -> str | None:
    """The first tip this plan has not had, or None when every tip has been sent once."""
    return next((t for t in TIPS if t not in used), None)


@dataclass(frozen=True)
class Aside:
    """A holiday question sent instead of an answer: answered by the calendar sub-flow."""

    text: str


def read_answer(e: UserText, ctx: FlowContext) -> int | Aside | None:
    if is_calendar_question(e.text):
        return Aside(e.text)
    if is_same(e.text):
        return SAME
    return read_score(e.text)


def worded(text: str) -> bool:
    return not any(c.isdigit() for c in text)


def due(_: Checkin, trigger: Trigger, ctx: FlowContext) -> Turn[Checkin]:
    return ask("score", load(Checkin, trigger.payload), priority=Priority.SCHEDULED)


def scored(s: Checkin, answer: int | Aside, ctx: FlowContext) -> Turn[Checkin]:
    if isinstance(answer, Aside):
        return stay("score", s, Call(CALENDAR_FLOW, StartFlow(text=answer.text)))
    score = s.last_score if answer == SAME else answer
    if score is None:  # 'same' with nothing before it
        return ask("score", s)
    noted = score if answer == SAME else None
    return after_score(replace(s, noted=noted), (RecordCheckin(s.answer_id, "score", score),))


def after_score(s: Checkin, recorded: tuple[Effect, ...]) -> Turn[Checkin]:
    if s.plan_kind == "between_sessions" and s.goal_name:
        return ask("goal", s, *recorded)
    return ask("note", s, *recorded)


def goal_given(s: Checkin, answer: int | Aside, ctx: FlowContext) -> Turn[Checkin]:
    if isinstance(answer, Aside):
        return stay("goal", s, Call(CALENDAR_FLOW, StartFlow(text=answer.text)))
    recorded = () if answer == SAME else (RecordCheckin(s.answer_id, "goal", answer),)
    return ask("note", replace(s, noted=None), *recorded)


def noted(s: Checkin, text: str, ctx: FlowContext) -> Turn[Checkin]:
    return finish(RecordCheckin(s.answer_id, "note"), *ending(s, ctx, told=True))


def prompt(s: Checkin, ctx: FlowContext, key: str) -> str:
    """The question, after 'we put that down as N' when the score came in words."""
    lead = (
        ctx.t("checkin_noted", score=str(s.noted)) + " " if s.noted is not None and "again" not in key else ""
    )
    goal = {"goal": s.goal_name or ""} if key.startswith("checkin_ask_goal") else {}
    return lead + ctx.t(key, **goal)


def ending(s: Checkin, ctx: FlowContext, *, told: bool = False) -> tuple[Effect, ...]:
    effects: list[Effect] = [say(ctx, "checkin_thanks_note" if told else "checkin_thanks")]
    if s.plan_kind == "waiting_well":
        tip = next_tip(s.tips_used)
        help_now = ctx.t("checkin_help_now", crisis_lines=crisis_lines(ctx))
        if tip is not None:
            key = f"checkin_tip_{tip}"
            effects += [
                RecordCheckin(s.answer_id, "tip", tip),
                Reply(ctx.t(key) + " " + help_now, template=key),
            ]
        else:
            effects.append(Reply(help_now, template="checkin_help_now"))
    return tuple(effects)


def resumed(s: Checkin, step: str | None, _: Resume, ctx: FlowContext) -> Turn[Checkin]:
    """Back from a holiday answer: wait for the number, and say so."""
    return stay(step or "score", s, say(ctx, "checkin_still_waiting"))


@dataclass(frozen=True)
class ScoreParser:
    """Reads the score and remembers whether it came in words (so it can be told back as a number)."""

    def __call__(self, e: UserText, ctx: FlowContext) -> tuple[int | Aside, bool] | None:
        found = read_answer(e, ctx)
        return None if found is None else (found, worded(e.text))


def score_then(s: Checkin, answer: tuple[int | Aside, bool], ctx: FlowContext) -> Turn[Checkin]:
    value, in_words = answer
    turn = scored(s, value, ctx)
    if in_words and isinstance(value, int) and value != SAME and turn.slots is not None:
        return replace(turn, slots=replace(turn.slots, noted=value))
    return turn


def goal_then(s: Checkin, answer: tuple[int | Aside, bool], ctx: FlowContext) -> Turn[Checkin]:
    return goal_given(s, answer[0], ctx)


def skipped_score(s: Checkin, ctx: FlowContext) -> Turn[Checkin]:
    if s.plan_kind == "between_sessions" and s.goal_name:
        return ask("goal", s)
    return finish(*ending(s, ctx))


# fmt: off
CHECKIN: Conversation[Checkin] = Conversation(
    name=CHECKIN_FLOW,
    slots=Checkin,
    start=lambda s, event, ctx: finish(),
    questions=(
        Question("score", ScoreParser(), score_then, ask="checkin_ask_score", again="checkin_ask_score_again",
                 text=prompt, skip_words=SKIP, skipped=skipped_score),
        Question("goal", ScoreParser(), goal_then, ask="checkin_ask_goal", again="checkin_ask_goal_again",
                 text=prompt, skip_words=SKIP, skipped=lambda s, ctx: ask("note", replace(s, noted=None))),
        Question("note", lambda e, ctx: e.text, noted, ask="checkin_ask_note", text=prompt, retries=0,
                 skip_words=SKIP, skipped=lambda s, ctx: finish(*ending(s, ctx))),
    ),
    triggers=(OnTrigger(CHECKIN_KIND, due, CHECKIN_RULE),),
    resumed=resumed,
)
# fmt: on
