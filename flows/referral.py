"""Self-referral: a young person (or a parent, for their child) asks to be seen by the team.

A short intake, asking only what the first text did not say: who it is for (for someone else: they are
told the person should ask us themselves, or a parent or teacher can); age; school, if the contact has not
joined one (a join code sent here interrupts the intake, links them, and the intake carries on); what is
going on, in their words; how they would like to hear back (text, a call, or through school; a call needs a
UK number, and whether we may say who we are and leave a voicemail if someone else answers); consent in
plain words. It ends with a reference (``RF-4MXA``); the team triages it
(``waymark referrals triage``) and the person is told the outcome the way they chose.

Every text is screened before it gets here: a risk disclosure follows the safeguarding path and the intake
waits, paused (:class:`LongIntake` keeps it ``INTAKE_TTL``, longer than a crisis hold); the next text
resumes it, and an answer that says nothing ("ok", "hi") to "what is going on" is asked again.

Safe to say (a call only): many families share one phone, and a young person may not want whoever answers
to learn they asked for help. The call-back's question is asked after the number (YES / NO, read by
``parse_safe``); a first text that already says it ("call me but dont say who you are") fills it, but only
when it holds us back: a "yes" is only taken as the answer to the question. "dont know", SKIP, or an answer
still not understood when asked again is stored as not known and treated as NOT safe (we do not say who we
are, no voicemail), and the person is told so.
The shell answers the typed queries in ``bot/features/referrals/wiring.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from flows.callback_answers import SafeAnswer, find_phone, is_this_number, parse_safe
from flows.choices import match_choice
from flows.conversation import Conversation, OnAnswer, Question, Turn, ask, finish, say, stay
from flows.engine import (
    Audit,
    FlowContext,
    FlowInput,
    FlowResult,
    FlowState,
    Query,
    Resume,
    StartFlow,
    UserText,
)
from flows.referral_answers import consent, contact_by, for_whom, says_something
from flows.schools import Joined
from flows.signposting_answers import parse_age

NAME = "referral"
INTAKE_TTL = dt.timedelta(hours=72)
"""How long a paused intake waits: longer than a crisis hold (24 h by default) and a weekend."""
ESCAPE_INTENTS = frozenset({"greet", "goodbye", "menu", "opt_out", "find_support"})
WHO_KEYS = ("referral_for_me", "referral_for_child", "referral_for_other")
WHO = ("self", "child", "other")
WAY_KEYS = ("referral_by_text", "referral_by_call", "referral_through_school")
WAYS = ("text", "call", "school")
SKIP_WORDS = frozenset({"skip", "no", "none", "dont know", "don't know", "idk", "not sure", "rather not say"})
SAFE_SKIP_WORDS = frozenset({"skip", "dont know", "don't know", "idk", "not sure", "rather not say", "dunno"})
"""Answers to the safe-to-say question that give up on it: stored as not known (not safe)."""
SAFE_WORDS = ("voicemail", "voice mail", "message", "who you are", "who u are", "answerphone")
"""A first text says something about safe to say / voicemail only when it holds one of these."""
NOT_KNOWN = "not known"
_SELF = re.compile(r"\b(?:myself|my self|refer me|self[- ]?refer)")


@dataclass(frozen=True)
class Slots:
    for_whom: str | None = None
    age: int | None = None
    school_id: int | None = None
    school_name: str | None = None
    school_given: bool = False
    story: str | None = None
    contact_by: str | None = None
    phone: str | None = None
    phone_given: bool = False
    own_ok: bool = False
    safe_given: bool = False
    safe_to_say: bool = False
    voicemail: bool = False
    safe_not_known: bool = False
    """They gave up on the safe-to-say question (or it was never understood): not safe."""


@dataclass(frozen=True)
class OpenReferral:
    ref: str | None
    own_number: bool


@dataclass(frozen=True)
class OpenReferralQuery(Query[OpenReferral]):
    """Does this contact have a referral waiting for triage; is their own number a UK phone?"""


@dataclass(frozen=True)
class Sent:
    ref: str | None
    """None: it could not be stored."""


@dataclass(frozen=True)
class SendReferralQuery(Query[Sent]):
    """Store a referral the person consented to. ``phone`` None with ``contact_by="call"``: their own.

    ``safe_to_say`` / ``voicemail``: for a call, may we say who we are / leave a voicemail if someone else
    answers; ``safe_answer`` is ``"given"`` (they answered) or ``"not known"`` (both then False). All three
    are None when they asked to hear back another way."""

    for_whom: str
    age: int | None
    school_id: int | None
    school_name: str | None
    story: str
    contact_by: str
    phone: str | None
    safe_to_say: bool | None = None
    voicemail: bool | None = None
    safe_answer: str | None = None


def start(s: Slots, event: StartFlow, ctx: FlowContext) -> Turn[Slots]:
    text = event.text or ""
    whom = for_whom(text) if text else None
    if whom in ("child", "other") or (whom == "self" and _SELF.search(text.lower())):
        s = replace(s, for_whom=whom)
    if s.for_whom == "child" and any(c.isdigit() for c in text):
        age = parse_age(text)
        if age is not None and age.age is not None and age.age < 18:
            s = replace(s, age=age.age)
    safe = first_safe(text)
    if safe is not None:
        s = replace(s, safe_given=True, safe_to_say=safe.safe_to_say, voicemail=safe.voicemail)
    return stay("checking", s, OpenReferralQuery())


def first_safe(text: str) -> SafeAnswer | None:
    """What a first text says about safe to say / voicemail, only when it holds us back ("call me but dont
    say who you are", "no voicemail"): a "yes" at the start of a first text is not an answer to a question
    we have not asked."""
    lowered = text.lower()
    if not any(w in lowered for w in SAFE_WORDS):
        return None
    safe = parse_safe(text)
    # only a text that holds us back on both: "leave a message if i dont answer" in a first text often
    # means "text me", so it is not taken as leave to leave a voicemail (the question is asked)
    return safe if safe is not None and not safe.safe_to_say and not safe.voicemail else None


def next_question(s: Slots, ctx: FlowContext) -> Turn[Slots]:
    child = s.for_whom == "child"
    if s.for_whom is None:
        return ask("who", s)
    if s.for_whom == "other":
        return finish(Audit("referral.for_someone_else", {}), say(ctx, "referral_for_other_reply"))
    if s.age is None:
        return ask("age_child" if child else "age", s)
    if not s.school_given and ctx.contact.school is None:
        return ask("school_child" if child else "school", s)
    if s.story is None:
        return ask("story_child" if child else "story", s)
    if s.contact_by is None:
        return ask("contact", s)
    if s.contact_by == "call" and not s.phone_given:
        return ask("phone" if s.own_ok else "phone_other", s)
    if s.contact_by == "call" and not s.safe_given:
        return ask("safe", s)
    return ask("consent_child" if child else "consent", s)


# ---- answers ----------------------------------------------------------------------------------------


def read_who(event: UserText, ctx: FlowContext) -> str | None:
    picked = match_choice(event.text, [ctx.t(k) for k in WHO_KEYS])
    return WHO[picked] if picked is not None else for_whom(event.text)


def who_given(s: Slots, whom: str, ctx: FlowContext) -> Turn[Slots]:
    return next_question(replace(s, for_whom=whom), ctx)


def read_age(event: UserText, ctx: FlowContext) -> int | None:
    age = parse_age(event.text)
    return age.age if age is not None else None


def age_given(s: Slots, age: int, ctx: FlowContext) -> Turn[Slots]:
    return next_question(replace(s, age=age), ctx)


def read_school(event: UserText, ctx: FlowContext) -> str | None:
    return event.text.strip()[:200] or None


def school_given(s: Slots, name: str, ctx: FlowContext) -> Turn[Slots]:
    return next_question(replace(s, school_name=name, school_given=True), ctx)


def school_skipped(s: Slots, ctx: FlowContext) -> Turn[Slots]:
    return next_question(replace(s, school_given=True), ctx)


def read_story(event: UserText, ctx: FlowContext) -> str | None:
    return event.text.strip()[:1600] if says_something(event.text) else None


def story_given(s: Slots, story: str, ctx: FlowContext) -> Turn[Slots]:
    return next_question(replace(s, story=story), ctx)


def read_way(event: UserText, ctx: FlowContext) -> str | None:
    picked = match_choice(event.text, [ctx.t(k) for k in WAY_KEYS])
    return WAYS[picked] if picked is not None else contact_by(event.text)


def way_given(s: Slots, way: str, ctx: FlowContext) -> Turn[Slots]:
    return next_question(replace(s, contact_by=way), ctx)


def read_phone(event: UserText, ctx: FlowContext) -> str | tuple[str, str] | None:
    found = find_phone(event.text)
    if found is not None:
        return found.e164 if found.e164 else ("problem", found.problem or "not_a_number")
    return "own" if is_this_number(event.text) else None


def read_other_phone(event: UserText, ctx: FlowContext) -> str | tuple[str, str] | None:
    answer = read_phone(event, ctx)
    return None if answer == "own" else answer


def phone_given(s: Slots, answer: str | tuple[str, str], ctx: FlowContext) -> Turn[Slots]:
    if isinstance(answer, tuple):
        key = "callback_number_not_uk" if answer[1] == "not_uk" else "callback_number_bad"
        return stay("phone" if s.own_ok else "phone_other", s, say(ctx, key))
    return next_question(replace(s, phone=None if answer == "own" else answer, phone_given=True), ctx)


def read_safe(event: UserText, ctx: FlowContext) -> SafeAnswer | None:
    return parse_safe(event.text)


def safe_given(s: Slots, answer: SafeAnswer, ctx: FlowContext) -> Turn[Slots]:
    return next_question(
        replace(s, safe_given=True, safe_to_say=answer.safe_to_say, voicemail=answer.voicemail), ctx
    )


def safe_not_known(s: Slots, ctx: FlowContext) -> Turn[Slots]:
    """No answer we can read: not safe. They are told what we will do, and the intake goes on."""
    s = replace(s, safe_given=True, safe_to_say=False, voicemail=False, safe_not_known=True)
    turn = next_question(s, ctx)
    return replace(turn, effects=(say(ctx, "referral_safe_not_known"), *turn.effects))


def safe_gave_up(s: Slots, event: UserText, ctx: FlowContext) -> Turn[Slots]:
    return safe_not_known(s, ctx)


def safe_fields(s: Slots) -> tuple[bool | None, bool | None, str | None]:
    """``safe_to_say``, ``voicemail`` and ``safe_answer`` for the referral: None for all unless by call; a
    call whose question was never answered (an intake saved before it was asked) is not known, not safe."""
    if s.contact_by != "call":
        return None, None, None
    if not s.safe_given or s.safe_not_known:
        return False, False, NOT_KNOWN
    return s.safe_to_say, s.voicemail, "given"


def read_consent(event: UserText, ctx: FlowContext) -> bool | None:
    return consent(event.text)


def consent_given(s: Slots, agreed: bool, ctx: FlowContext) -> Turn[Slots]:
    if not agreed:
        return finish(Audit("referral.no_consent", {}), say(ctx, "referral_no_consent"))
    assert s.for_whom is not None and s.story is not None and s.contact_by is not None
    school_id = s.school_id or (ctx.contact.school.id if ctx.contact.school else None)
    safe_to_say, voicemail, safe_answer = safe_fields(s)
    query = SendReferralQuery(
        s.for_whom, s.age, school_id, s.school_name, s.story, s.contact_by, s.phone,
        safe_to_say=safe_to_say, voicemail=voicemail, safe_answer=safe_answer,
    )  # fmt: skip
    return stay("sending", s, query)


def elsewhere(event: UserText, ctx: FlowContext) -> bool:
    return (event.parse.intent if event.parse else None) in ESCAPE_INTENTS


# ---- query answers and resuming ---------------------------------------------------------------------


def opened(s: Slots, q: OpenReferralQuery, a: OpenReferral, ctx: FlowContext) -> Turn[Slots]:
    if a.ref is not None:
        return finish(say(ctx, "referral_exists", rf_ref=a.ref))
    return next_question(replace(s, own_ok=a.own_number), ctx)


def sent(s: Slots, q: SendReferralQuery, a: Sent, ctx: FlowContext) -> Turn[Slots]:
    if a.ref is None:
        return finish(say(ctx, "referral_failed"))
    return finish(say(ctx, f"referral_done_{q.contact_by}", rf_ref=a.ref))


def resumed(s: Slots, step: str | None, event: Resume, ctx: FlowContext) -> Turn[Slots]:
    """After a join code sent mid-intake: a school now linked answers the school question."""
    if (
        isinstance(event.value, Joined)
        and event.value.school is not None
        and step in ("school", "school_child")
    ):
        return next_question(replace(s, school_id=event.value.school.id, school_given=True), ctx)
    return ask(step, s) if step in STEPS else next_question(s, ctx)


def _q(step: str, parse: Any, then: Any, ask_key: str, again: str, **kw: Any) -> Question[Slots, Any]:
    return Question(step, parse, then, ask=ask_key, again=again, elsewhere=elsewhere, **kw)


QUESTIONS: tuple[Question[Slots, Any], ...] = (
    _q("who", read_who, who_given, "referral_ask_who", "referral_ask_who_again", choices=WHO_KEYS),
    _q("age", read_age, age_given, "referral_ask_age", "referral_ask_age_again"),
    _q("age_child", read_age, age_given, "referral_ask_age_child", "referral_ask_age_again"),
    _q("school", read_school, school_given, "referral_ask_school", "referral_ask_school",
       skip_words=SKIP_WORDS, skipped=school_skipped),
    _q("school_child", read_school, school_given, "referral_ask_school_child", "referral_ask_school_child",
       skip_words=SKIP_WORDS, skipped=school_skipped),
    Question("story", read_story, story_given, ask="referral_ask_story", again="referral_ask_story_again",
             retries=3),
    Question("story_child", read_story, story_given, ask="referral_ask_story_child",
             again="referral_ask_story_again", retries=3),
    _q("contact", read_way, way_given, "referral_ask_contact", "referral_ask_contact_again",
       choices=WAY_KEYS),
    _q("phone", read_phone, phone_given, "callback_ask_number", "callback_ask_number_again"),
    _q("phone_other", read_other_phone, phone_given, "callback_ask_number_other",
       "callback_ask_number_again"),
    _q("safe", read_safe, safe_given, "callback_ask_safe", "callback_ask_safe_again",
       skip_words=SAFE_SKIP_WORDS, skipped=safe_not_known, gave_up=safe_gave_up),
    _q("consent", read_consent, consent_given, "referral_ask_consent", "referral_ask_consent_again"),
    _q("consent_child", read_consent, consent_given, "referral_ask_consent_child",
       "referral_ask_consent_again"),
)  # fmt: skip
STEPS = frozenset(q.step for q in QUESTIONS)

INTAKE: Conversation[Slots] = Conversation(
    name=NAME,
    slots=Slots,
    start=start,
    questions=QUESTIONS,
    answers=(OnAnswer(OpenReferralQuery, opened), OnAnswer(SendReferralQuery, sent)),
    resumed=resumed,
)


@dataclass(frozen=True)
class LongIntake:
    """The intake, kept ``INTAKE_TTL`` after each turn instead of the default day, so it can wait out a
    crisis hold and a weekend. Everything else is the :class:`Conversation`'s."""

    conversation: Conversation[Slots] = INTAKE

    @property
    def name(self) -> str:
        return self.conversation.name

    def claims(self, state: FlowState, text: str) -> bool:
        return self.conversation.claims(state, text)

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        result = self.conversation.handle(state, event, ctx)
        if result.state.flow is None:
            return result
        return replace(result, state=replace(result.state, expires_at=ctx.now + INTAKE_TTL))


REFERRAL = LongIntake()
