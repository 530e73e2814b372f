"""Conversation building blocks: declare a flow as typed slots, questions, answer handlers and triggers.

A :class:`Conversation` is a :class:`~flows.engine.Flow` built from parts, so a new conversation is mostly
data and a few small functions of ``(slots, answer, ctx) -> Turn``::

    @dataclass(frozen=True)
    class Slots:
        window: str | None = None

    def start(s: Slots, event: StartFlow, ctx: FlowContext) -> Turn[Slots]:
        return ask("window", s)

    def chosen(s: Slots, window: str, ctx: FlowContext) -> Turn[Slots]:
        return finish(Reply(ctx.t("callback_booked"), template="callback_booked"))

    CALLBACK = Conversation(
        name="callback", slots=Slots, start=start,
        questions=(Question("window", parse=pick(WINDOWS), then=chosen, ask="callback_ask_window"),),
    )

The engine does the rest: it loads and stores the typed slots (``flows/slots.py``), asks a question again
when the answer is not understood (``retries`` times, then the text is treated as new), lets skip words
and a text "about something else" through, answers typed queries (:class:`OnAnswer`), says which global
keywords a question takes as answers (``claims``), and resumes after a sub-flow or an interruption.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Literal, TypeVar

from flows.engine import (
    Answered,
    Effect,
    FlowContext,
    FlowInput,
    FlowResult,
    FlowState,
    Priority,
    Query,
    Reply,
    Reroute,
    Resume,
    StartFlow,
    Trigger,
    UserText,
    done,
)
from flows.keywords import normalise_keyword
from flows.slots import dump, load
from flows.triggers import TriggerRule

S = TypeVar("S")
T = TypeVar("T")
Q = TypeVar("Q", bound=Query[Any])

Parser = Callable[[UserText, FlowContext], T | None]
"""Reads an answer from a text: the typed answer, or None when the text does not answer the question."""


@dataclass(frozen=True)
class Turn(Generic[S]):
    """What the conversation does next: stay at `step` (None: finish) with `slots` (None: as they were),
    send `effects`, and ask `step`'s question after them when `ask` is set. A finishing turn's `value` goes
    to the run it resumes. Build turns with :func:`ask`, :func:`stay`, :func:`finish`, :func:`reroute`."""

    step: str | None
    slots: S | None = None
    effects: tuple[Effect, ...] = ()
    ask: bool = False
    priority: Priority = Priority.REPLY
    value: object = None
    retries: int = 0


def ask(step: str, slots: S | None, *effects: Effect, priority: Priority = Priority.REPLY) -> Turn[S]:
    """Go to question `step` and ask it, after `effects`."""
    return Turn(step, slots, effects, ask=True, priority=priority)


def stay(step: str, slots: S | None, *effects: Effect) -> Turn[S]:
    """Go to `step` without asking anything (the effects said what was needed, or a query is out)."""
    return Turn(step, slots, effects)


def finish(*effects: Effect, value: object = None) -> Turn[Any]:
    """End the conversation with these effects; `value` goes to the run that resumes."""
    return Turn(None, None, effects, value=value)


def reroute(text: str) -> Turn[Any]:
    """End the conversation: the text is not for it, so the pipeline treats it as a new message."""
    return finish(Reroute(text))


def say(ctx: FlowContext, key: str, priority: Priority = Priority.REPLY, **params: Any) -> Reply:
    """Catalogue text `key` as a reply (its template is the key)."""
    return Reply(ctx.t(key, **params), priority=priority, template=key)


@dataclass(frozen=True)
class NoSlots:
    """The slots of a conversation that remembers nothing (it answers and finishes)."""


@dataclass(frozen=True)
class Question(Generic[S, T]):
    """A step that waits for the contact's answer.

    * `parse` reads the answer (:data:`Parser`); `then` acts on it.
    * `ask` is the question's catalogue key, `again` the one for asking again (default `ask`); `text`
      renders either when placeholders need work (it gets the slots and the key); `choices` are the
      catalogue keys of numbered options sent with it. A question without `ask` waits silently.
    * `retries`: how often a text that is not understood gets the question again before it is treated
      as new; `on_miss` adds effects (an audit) before asking again. `gave_up`, when set, is how the
      conversation carries on instead once the retries are spent (a request the person plainly made must
      not be lost because one of its questions was not understood).
    * `skip_words` (whole messages, any case) go to `skipped` instead of the parser.
    * `elsewhere`: a text that is clearly about something else is treated as new at once, not asked again.
    * `claims`: global keywords (``HELP``) this question takes as answers instead (never STOP or START).
    * `on_resume`: after an interruption or a sub-flow, ``ask`` the question again or ``wait`` silently.
    """

    step: str
    parse: Parser[T]
    then: Callable[[S, T, FlowContext], Turn[S]]
    ask: str | None = None
    again: str | None = None
    text: Callable[[S, FlowContext, str], str] | None = None
    choices: tuple[str, ...] = ()
    retries: int = 1
    on_miss: Callable[[S, UserText, FlowContext], tuple[Effect, ...]] | None = None
    gave_up: Callable[[S, UserText, FlowContext], Turn[S]] | None = None
    skip_words: frozenset[str] = frozenset()
    skipped: Callable[[S, FlowContext], Turn[S]] | None = None
    elsewhere: Callable[[UserText, FlowContext], bool] | None = None
    claims: frozenset[str] = frozenset()
    on_resume: Literal["ask", "wait"] = "ask"

    def prompt(self, slots: S, ctx: FlowContext, key: str, priority: Priority = Priority.REPLY) -> Reply:
        """The question as a reply (`key` is `ask` or `again`)."""
        text = self.text(slots, ctx, key) if self.text else ctx.t(key)
        return Reply(text, tuple(ctx.t(k) for k in self.choices), priority, template=key)


@dataclass(frozen=True)
class OnAnswer(Generic[S]):
    """What the shell's answer to a query of type `kind` does: ``then(slots, query, answer, ctx)``.
    The answer's type is the query's (``Query[AnswerType]``); the runner checks it before calling."""

    kind: type[Query[Any]]
    then: Callable[[S, Any, Any, FlowContext], Turn[S]]


@dataclass(frozen=True)
class OnTrigger(Generic[S]):
    """What a scheduled item of `kind` does when it is let in (``then``, from empty slots), and how it
    treats a contact who is busy in a conversation (`rule`, see ``flows/triggers.py``)."""

    kind: str
    then: Callable[[S, Trigger, FlowContext], Turn[S]]
    rule: TriggerRule = field(default_factory=TriggerRule)


@dataclass(frozen=True)
class Conversation(Generic[S]):
    """A flow declared from parts. `slots` is a dataclass whose fields all have defaults.

    `resumed` overrides what happens after a sub-flow or interruption (default: the question's
    ``on_resume``); `upgrade` rewrites a state stored by an older version before its slots load."""

    name: str
    slots: type[S]
    start: Callable[[S, StartFlow, FlowContext], Turn[S]]
    questions: tuple[Question[S, Any], ...] = ()
    answers: tuple[OnAnswer[S], ...] = ()
    triggers: tuple[OnTrigger[S], ...] = ()
    resumed: Callable[[S, str | None, Resume, FlowContext], Turn[S]] | None = None
    upgrade: Callable[[FlowState], FlowState] | None = None

    def __post_init__(self) -> None:
        if not dataclasses.is_dataclass(self.slots):
            raise TypeError(f"{self.name}: slots must be a dataclass")
        steps = [q.step for q in self.questions]
        if len(steps) != len(set(steps)):
            raise ValueError(f"{self.name}: two questions share a step name")

    def question(self, step: str | None) -> Question[S, Any] | None:
        """The question declared for `step`, if any."""
        return next((q for q in self.questions if q.step == step), None)

    def claims(self, state: FlowState, text: str) -> bool:
        """True when the question at `state.step` takes this global keyword as its answer."""
        q = self.question(state.step) if state.flow == self.name else None
        return q is not None and normalise_keyword(text) in q.claims

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if self.upgrade is not None:
            state = self.upgrade(state)
        slots = load(self.slots, state.slots)
        if isinstance(event, StartFlow):
            return self._result(state, slots, self.start(self.slots(), event, ctx), ctx)
        if isinstance(event, UserText):
            return self._text(state, slots, event, ctx)
        if isinstance(event, Answered):
            handler = next((a for a in self.answers if isinstance(event.query, a.kind)), None)
            if handler is None:
                raise LookupError(f"{self.name} has no answer handler for {type(event.query).__name__}")
            return self._result(state, slots, handler.then(slots, event.query, event.value, ctx), ctx)
        if isinstance(event, Trigger):
            on = next((t for t in self.triggers if t.kind == event.kind), None)
            return self._result(state, slots, on.then(self.slots(), event, ctx), ctx) if on else done()
        return self._resume(state, slots, event, ctx)

    def _text(self, state: FlowState, slots: S, event: UserText, ctx: FlowContext) -> FlowResult:
        q = self.question(state.step)
        if q is None:
            return done(Reroute(event.text))
        if q.skipped is not None and _words(event.text) in q.skip_words:
            return self._result(state, slots, q.skipped(slots, ctx), ctx)
        answer = q.parse(event, ctx)
        if answer is not None:
            return self._result(state, slots, q.then(slots, answer, ctx), ctx)
        if q.elsewhere is not None and q.elsewhere(event, ctx):
            return done(Reroute(event.text))
        if state.retries >= q.retries:
            if q.gave_up is not None:
                return self._result(state, slots, q.gave_up(slots, event, ctx), ctx)
            return done(Reroute(event.text))
        before = q.on_miss(slots, event, ctx) if q.on_miss else ()
        turn: Turn[S] = Turn(q.step, slots, before, ask=True, retries=state.retries + 1)
        return self._result(state, slots, turn, ctx, again=True)

    def _resume(self, state: FlowState, slots: S, event: Resume, ctx: FlowContext) -> FlowResult:
        if self.resumed is not None:
            return self._result(state, slots, self.resumed(slots, state.step, event, ctx), ctx)
        q = self.question(state.step)
        if q is None or state.step is None:
            return done()
        if q.ask is None or q.on_resume == "wait":
            return self._result(state, slots, stay(q.step, slots), ctx)
        return self._result(state, slots, ask(q.step, slots), ctx)

    def _result(
        self, state: FlowState, slots: S, turn: Turn[S], ctx: FlowContext, again: bool = False
    ) -> FlowResult:
        if turn.step is None:
            return done(*turn.effects, value=turn.value)
        kept = turn.slots if turn.slots is not None else slots
        effects = turn.effects
        if turn.ask:
            q = self.question(turn.step)
            if q is None or q.ask is None:
                raise LookupError(f"{self.name}: no question to ask at step {turn.step!r}")
            key = (q.again or q.ask) if again else q.ask
            effects = (*effects, q.prompt(kept, ctx, key, turn.priority))
        # no expiry of its own: the runner gives every saved turn the default time to live
        return FlowResult(FlowState(self.name, turn.step, dump(kept), None, turn.retries), effects)


_WORD = re.compile(r"[a-z0-9']+")


def _words(text: str) -> str:
    """A whole message as skip words are written: lower-case words (apostrophes kept), single spaces."""
    return " ".join(_WORD.findall(text.casefold().replace("\u2019", "'")))


def legacy_retries(key: str = "asked_again") -> Callable[[FlowState], FlowState]:
    """An `upgrade` for states stored before the engine counted retries: a true `key` slot counts as one
    retry already used."""

    def upgrade(state: FlowState) -> FlowState:
        if state.retries == 0 and isinstance(state.slots, Mapping) and state.slots.get(key) is True:
            return replace(state, retries=1)
        return state

    return upgrade
