"""The signposting follow-up: "Did you get in touch with X? Reply YES, NO or HELP", and what each answer does.

Woken by a ``signposting_followup`` scheduled item (a :class:`Trigger` whose payload the find-support flow
wrote). Its trigger rule keeps it out of quiet hours and, while the contact has another follow-up question
open, makes it wait a day (so a YES answers one question only); any other conversation it takes over.
YES is recorded and thanked; NO is recorded and gets the best service from the same search that this
contact has not been sent since (so not one MORE already showed), and the offer of a person (HELP); HELP
is recorded and put on the practitioners' review list. An unsure answer ('maybe', 'not sure') is asked
again once. Both questions claim HELP, which is otherwise a global keyword.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flows.conversation import (
    Conversation,
    OnAnswer,
    OnTrigger,
    Question,
    Turn,
    ask,
    finish,
    legacy_retries,
    say,
    stay,
)
from flows.engine import Audit, Effect, FlowContext, Priority, Trigger, UserText
from flows.signposting_answers import followup_answer, is_unsure
from flows.signposting_effects import (
    FOLLOWUP_KIND,
    AskPractitioner,
    RecordAnswer,
    RecordFollowupAnswer,
    RecordQuery,
    SearchAnswer,
    SearchQuery,
)
from flows.signposting_replies import crisis_lines, results
from flows.slots import load
from flows.triggers import TriggerRule, WhenBusy
from signposting.gsm import septets

NAME = "signposting_followup"
SMS_SEPTETS = 160
RULE = TriggerRule(busy=WhenBusy.TAKE_OVER, busy_same=WhenBusy.WAIT, audit="signposting.followup_deferred")
"""Wait a day while another follow-up question is open; take over any other conversation."""


@dataclass(frozen=True)
class Followup:
    """The signposting asked about (from the scheduled item's payload) and the services offered after NO."""

    record_id: int = 0
    service_name: str = ""
    need: str | None = None
    age: int | None = None
    area: str | None = None
    sent: int = 0
    offered: tuple[str, ...] = ()


def question_text(s: Followup, ctx: FlowContext, key: str) -> str:
    """The question about the service, in one SMS: a long name loses words from its end until it fits."""
    words = (s.service_name or "a service").split()
    text = ctx.t(key, place=" ".join(words))
    while septets(text) > SMS_SEPTETS and len(words) > 2:
        words.pop()
        text = ctx.t(key, place=" ".join(words))
    return text


def due(_: Followup, trigger: Trigger, ctx: FlowContext) -> Turn[Followup]:
    if trigger.payload.get("record_id") is None:
        return finish(Audit("signposting.followup_skipped", {"reason": "no record"}))
    s = load(Followup, trigger.payload)
    asked = Audit("signposting.followup_asked", {"record_id": s.record_id})
    return ask("await_answer", s, asked, priority=Priority.SCHEDULED)


def unsure(s: Followup, _: UserText, ctx: FlowContext) -> tuple[Effect, ...]:
    return (Audit("signposting.followup_unsure", {"record_id": s.record_id}),)


def answered(s: Followup, answer: str, ctx: FlowContext) -> Turn[Followup]:
    audit = Audit("signposting.followup_answered", {"record_id": s.record_id, "answer": answer})
    if answer == "help":
        return finish(RecordFollowupAnswer(s.record_id, "help"), *wants_a_person(s, ctx, audit))
    if answer == "yes":
        return finish(RecordFollowupAnswer(s.record_id, "yes"), audit, say(ctx, "signpost_followup_yes"))
    # The best service for the same search now, leaving out every one already sent to this contact since
    # that signposting (pages from MORE included): ranks move with the time of day.
    query = SearchQuery(s.need, s.age, s.area, 0, 1, exclude_sent_since=s.record_id)
    return stay("searching", s, RecordFollowupAnswer(s.record_id, "no"), audit, query)


def help_after_no(s: Followup, _: str, ctx: FlowContext) -> Turn[Followup]:
    audit = Audit("signposting.followup_answered", {"record_id": s.record_id, "answer": "help"})
    return finish(*wants_a_person(s, ctx, audit))


def wants_a_person(s: Followup, ctx: FlowContext, audit: Audit) -> tuple[Effect, ...]:
    reply = say(ctx, "signpost_followup_help", crisis_lines=crisis_lines(ctx))
    return audit, AskPractitioner(s.record_id), reply


def another(s: Followup, q: SearchQuery, a: SearchAnswer, ctx: FlowContext) -> Turn[Followup]:
    if not a.texts:
        return stay("after_no", s, say(ctx, "signpost_followup_no_more"))
    lead = say(ctx, "signpost_followup_no")
    offered = replace(s, offered=a.service_ids)
    return stay("recording", offered, lead, *results(ctx, a), RecordQuery(s.need, a.service_ids))


def recorded(s: Followup, q: RecordQuery, a: RecordAnswer, ctx: FlowContext) -> Turn[Followup]:
    details = {"record_id": a.record_id, "followup_of": s.record_id, "services": list(s.offered)}
    return stay("after_no", s, Audit("signposting.sent", details))


# fmt: off
FOLLOWUP: Conversation[Followup] = Conversation(
    name=NAME,
    slots=Followup,
    start=lambda s, event, ctx: finish(),
    questions=(
        Question("await_answer", lambda e, ctx: followup_answer(e.text, e.parse), answered,
                 ask="signpost_followup_ask", again="signpost_followup_ask_again", text=question_text,
                 on_miss=unsure, elsewhere=lambda e, ctx: not is_unsure(e.text), claims=frozenset({"HELP"})),
        Question("after_no", lambda e, ctx: "help" if followup_answer(e.text, e.parse) == "help" else None,
                 help_after_no, retries=0, claims=frozenset({"HELP"})),
    ),
    answers=(OnAnswer(SearchQuery, another), OnAnswer(RecordQuery, recorded)),
    triggers=(OnTrigger(FOLLOWUP_KIND, due, RULE),),
    upgrade=legacy_retries(),
)
# fmt: on
