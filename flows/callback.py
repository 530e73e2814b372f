"""Call-back: a person asks to be phoned. Asks only what the request did not already say, then books it.

Started by CALL, the menu, the NLU's ``request_callback``, or a request in words in the middle of another
conversation (``flows/router.py``). The first text is read for a time ("after 3pm"), a number, whether we
may say who we are / leave a voicemail, and what it is about ("about my daughter"); then only the missing
ones are asked, in order: when (1 morning, 2 afternoon, 3 after school, or a day and time in words; a time
the team never calls in is answered honestly and asked again, and a time still not understood after that
becomes "time to agree": the team gets in touch to agree one, and the request is kept); this
number or another (UK only, a landline is fine); safe to say who we are and leave a voicemail (YES / NO);
what it is about (or SKIP). It ends with a reference and an honest due-by ("We will call by 5pm tomorrow,
Tue 8 Dec") from office hours, closed dates and the response standard (``flows/callback_times.py``).

"dont need the call now" at any question stops it; once booked, the same words cancel the booking
(``StartFlow(args={"cancel": True})``). Nobody is ever asked to text CANCEL (a carrier opt-out word).
The shell answers the typed queries in ``bot/features/callbacks/wiring.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from flows.callback_answers import (
    SafeAnswer,
    child_named,
    find_phone,
    is_this_number,
    parse_safe,
    says_parent,
    topic,
    wants_no_call,
    without_phone,
)
from flows.callback_times import describe_due, describe_when, due_by
from flows.callback_window import TimeWindow, parse_window
from flows.conversation import Conversation, OnAnswer, Question, Turn, ask, finish, say, stay
from flows.engine import Audit, FlowContext, Query, Reply, StartFlow, UserText

NAME = "callback"
ESCAPE_INTENTS = frozenset(
    {"greet", "goodbye", "thanks", "menu", "find_support", "talk_to_someone", "opt_out"}
)
WINDOW_KEYS = ("callback_when_morning", "callback_when_afternoon", "callback_when_after_school")
TO_AGREE = "time to agree"
"""The window label of a call-back whose time the person could not give in words we understood."""
SKIP_WORDS = frozenset({"skip", "no", "none", "nothing", "dont know", "don't know", "idk", "rather not say"})


@dataclass(frozen=True)
class WindowSlot:
    """A :class:`TimeWindow` as stored in the conversation (its ``to_slot`` form)."""

    label: str = ""
    start: str | None = None
    end: str | None = None
    day: str | None = None

    def window(self) -> TimeWindow | None:
        return TimeWindow.from_slot(dataclasses.asdict(self))

    @classmethod
    def of(cls, window: TimeWindow) -> WindowSlot:
        return cls(**window.to_slot())


@dataclass(frozen=True)
class Slots:
    window: WindowSlot | None = None
    first_window: WindowSlot | None = None
    phone: str | None = None
    phone_given: bool = False
    own_ok: bool = False
    safe_given: bool = False
    safe_to_say: bool = False
    voicemail: bool = False
    about: str | None = None
    about_given: bool = False
    requester: str = "unknown"
    for_child: str | None = None
    hours_told: bool = False
    """They were told once the hours the team calls in; a second time it cannot do is agreed by text."""


# ---- typed queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenCallback:
    """The contact's open call-back, if any, and whether we can call the number they text from."""

    ref: str | None
    due_by: dt.datetime | None
    own_number: bool
    window: TimeWindow | None = None
    """The open call-back's window, so the reminder of it says "after 3pm" as its booking did."""


@dataclass(frozen=True)
class OpenCallbackQuery(Query[OpenCallback]):
    """Does this contact have an open call-back; is their own number a UK phone?"""


@dataclass(frozen=True)
class Booked:
    """The booked call-back's reference and due-by; ``ref`` None when it could not be booked."""

    ref: str | None
    due_by: dt.datetime | None = None


@dataclass(frozen=True)
class BookCallbackQuery(Query[Booked]):
    """Book a call-back. ``phone`` None means the number the contact texts from."""

    window: TimeWindow | None
    phone: str | None
    safe_to_say: bool
    voicemail: bool
    about: str | None
    requester: str
    for_child: str | None


@dataclass(frozen=True)
class Cancelled:
    ref: str | None


@dataclass(frozen=True)
class CancelCallbackQuery(Query[Cancelled]):
    """Cancel the contact's open call-back (``ref`` None in the answer: there was none)."""


# ---- reading the first text -------------------------------------------------------------------------


def _today(ctx: FlowContext) -> dt.date:
    return ctx.service.local(ctx.now).date()


def read_request(text: str, ctx: FlowContext) -> Slots:
    """What a first text already says: a time, a UK number, safe to say / voicemail, what it is about."""
    s = Slots()
    phone = find_phone(text)
    if phone is not None and phone.e164:
        s = replace(s, phone=phone.e164, phone_given=True)
    rest = without_phone(text, phone)
    window = parse_window(rest, _today(ctx))
    if window is not None:
        s = replace(s, first_window=WindowSlot.of(window))
    about = topic(rest)
    if about:
        s = replace(s, about=about, about_given=True)
    lowered = text.lower()
    if any(w in lowered for w in ("voicemail", "voice mail", "message", "who you are", "answerphone")):
        safe = parse_safe(text)
        if safe is not None:
            s = replace(s, safe_given=True, safe_to_say=safe.safe_to_say, voicemail=safe.voicemail)
    child = child_named(text)
    if child or says_parent(text):
        s = replace(s, requester="parent", for_child=child)
    return s


def start(s: Slots, event: StartFlow, ctx: FlowContext) -> Turn[Slots]:
    if event.args.get("cancel"):
        return stay("cancelling", s, CancelCallbackQuery())
    return stay("checking", read_request(event.text, ctx) if event.text else s, OpenCallbackQuery())


def next_question(s: Slots, ctx: FlowContext) -> Turn[Slots]:
    """Ask the first missing thing, or book the call when nothing is missing."""
    if s.window is None:
        return ask("window", s)
    if not s.phone_given:
        return ask("phone" if s.own_ok else "phone_other", s)
    if not s.safe_given:
        return ask("safe", s)
    if not s.about_given:
        return ask("about", s)
    book = BookCallbackQuery(
        s.window.window(), s.phone, s.safe_to_say, s.voicemail, s.about or None, s.requester, s.for_child
    )
    return stay("booking", s, book)


# ---- answers ----------------------------------------------------------------------------------------

STOP = "stop"
"""What every parser returns for "dont need the call now": the questions stop."""


def _stop_or(parse: Any) -> Any:
    def read(event: UserText, ctx: FlowContext) -> Any:
        return STOP if wants_no_call(event.text) else parse(event, ctx)

    return read


def _stopped(then: Any) -> Any:
    def act(s: Slots, answer: Any, ctx: FlowContext) -> Turn[Slots]:
        if answer == STOP:
            return finish(Audit("callback.not_booked", {}), say(ctx, "callback_not_needed"))
        return then(s, answer, ctx)  # type: ignore[no-any-return]

    return act


def read_window(event: UserText, ctx: FlowContext) -> tuple[TimeWindow, str | None] | None:
    phone = find_phone(event.text)
    window = parse_window(without_phone(event.text, phone), _today(ctx))
    return (window, phone.e164 if phone else None) if window is not None else None


def window_chosen(s: Slots, answer: tuple[TimeWindow, str | None], ctx: FlowContext) -> Turn[Slots]:
    window, phone = answer
    if phone and not s.phone_given:
        s = replace(s, phone=phone, phone_given=True)
    return fits(s, window, ctx)


def fits(s: Slots, window: TimeWindow, ctx: FlowContext) -> Turn[Slots]:
    """A window the team can call in goes on; one it never works in is answered honestly and asked again,
    and a second one is agreed by text (:func:`time_to_agree`)."""
    if due_by(ctx.service, ctx.now, window, ctx.service.callback_respond_hours) is None:
        if s.hours_told:
            return time_to_agree(s, None, ctx)
        choices = tuple(ctx.t(k) for k in WINDOW_KEYS)
        closed = Reply(ctx.t("callback_when_closed"), choices, template="callback_when_closed")
        return stay("window", replace(s, window=None, first_window=None, hours_told=True), closed)
    return next_question(replace(s, window=WindowSlot.of(window), first_window=None), ctx)


def time_to_agree(s: Slots, event: UserText | None, ctx: FlowContext) -> Turn[Slots]:
    """The time was still not understood, or was twice one the team cannot call in: the team will get in
    touch to agree one, and the other questions go on."""
    turn = next_question(replace(s, window=WindowSlot(label=TO_AGREE), first_window=None), ctx)
    return replace(turn, effects=(say(ctx, "callback_when_to_agree"), *turn.effects))


PhoneReply = str | tuple[str, str]
"""An E.164 number, ``"own"`` for the number they text from, or ``("problem", why)``."""


def read_phone(event: UserText, ctx: FlowContext) -> PhoneReply | None:
    found = find_phone(event.text)
    if found is not None:
        return found.e164 if found.e164 else ("problem", found.problem or "not_a_number")
    return "own" if is_this_number(event.text) else None


def read_other_phone(event: UserText, ctx: FlowContext) -> PhoneReply | None:
    answer = read_phone(event, ctx)
    return None if answer == "own" else answer


def phone_given(s: Slots, answer: PhoneReply, ctx: FlowContext) -> Turn[Slots]:
    step = "phone" if s.own_ok else "phone_other"
    if isinstance(answer, tuple):  # a number, but not a UK phone we can call: say why, wait for another
        key = "callback_number_not_uk" if answer[1] == "not_uk" else "callback_number_bad"
        return stay(step, s, say(ctx, key))
    return next_question(replace(s, phone=None if answer == "own" else answer, phone_given=True), ctx)


def read_safe(event: UserText, ctx: FlowContext) -> SafeAnswer | None:
    return parse_safe(event.text)


def safe_given(s: Slots, answer: SafeAnswer, ctx: FlowContext) -> Turn[Slots]:
    return next_question(
        replace(s, safe_given=True, safe_to_say=answer.safe_to_say, voicemail=answer.voicemail), ctx
    )


def read_about(event: UserText, ctx: FlowContext) -> str | None:
    text = event.text.strip()
    return (topic(text) or text)[:300] if text else None


def about_given(s: Slots, about: str, ctx: FlowContext) -> Turn[Slots]:
    child = s.for_child or child_named(about)
    requester = "parent" if child or says_parent(about) else s.requester
    return next_question(replace(s, about=about, about_given=True, for_child=child, requester=requester), ctx)


def about_skipped(s: Slots, ctx: FlowContext) -> Turn[Slots]:
    return next_question(replace(s, about=None, about_given=True), ctx)


def elsewhere(event: UserText, ctx: FlowContext) -> bool:
    """A text plainly about something else (menu, goodbye, a need): treated as new, not asked again."""
    return (event.parse.intent if event.parse else None) in ESCAPE_INTENTS


# ---- query answers ----------------------------------------------------------------------------------


def opened(s: Slots, q: OpenCallbackQuery, a: OpenCallback, ctx: FlowContext) -> Turn[Slots]:
    if a.ref is not None and a.due_by is not None:
        when = describe_when(ctx.service, a.window, describe_due(ctx.service, ctx.now, a.due_by))
        return finish(say(ctx, "callback_exists", cb_ref=a.ref, when=when))
    s = replace(s, own_ok=a.own_number)
    first = s.first_window.window() if s.first_window else None
    return fits(s, first, ctx) if first is not None else next_question(s, ctx)


def booked(s: Slots, q: BookCallbackQuery, a: Booked, ctx: FlowContext) -> Turn[Slots]:
    if a.ref is None or a.due_by is None:
        return finish(say(ctx, "callback_failed"))
    if q.window is not None and q.window.label == TO_AGREE:
        key = "callback_booked_to_agree"
    else:
        key = "callback_booked_own" if q.phone is None else "callback_booked"
    due = describe_due(ctx.service, ctx.now, a.due_by)
    return finish(say(ctx, key, cb_ref=a.ref, due=due, when=describe_when(ctx.service, q.window, due)))


def cancelled(s: Slots, q: CancelCallbackQuery, a: Cancelled, ctx: FlowContext) -> Turn[Slots]:
    if a.ref is None:
        return finish(say(ctx, "callback_none_to_cancel"))
    return finish(say(ctx, "callback_cancelled", cb_ref=a.ref))


def _question(step: str, parse: Any, then: Any, ask_key: str, again: str, **kw: Any) -> Question[Slots, Any]:
    return Question(
        step, _stop_or(parse), _stopped(then), ask=ask_key, again=again, elsewhere=elsewhere, **kw
    )


CALLBACK: Conversation[Slots] = Conversation(
    name=NAME,
    slots=Slots,
    start=start,
    questions=(
        _question("window", read_window, window_chosen, "callback_ask_when", "callback_ask_when_again",
                  choices=WINDOW_KEYS, gave_up=time_to_agree),
        _question("phone", read_phone, phone_given, "callback_ask_number", "callback_ask_number_again"),
        _question("phone_other", read_other_phone, phone_given, "callback_ask_number_other",
                  "callback_ask_number_again"),
        _question("safe", read_safe, safe_given, "callback_ask_safe", "callback_ask_safe_again"),
        _question("about", read_about, about_given, "callback_ask_about", "callback_ask_about",
                  skip_words=SKIP_WORDS, skipped=about_skipped),
    ),
    answers=(
        OnAnswer(OpenCallbackQuery, opened),
        OnAnswer(BookCallbackQuery, booked),
        OnAnswer(CancelCallbackQuery, cancelled),
    ),
)  # fmt: skip
