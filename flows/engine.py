"""The flow engine's types: state in, an input event, a context; new state and effects out.

A flow is a pure function ``handle(state, event, ctx) -> FlowResult``. It never calls a provider, the
database or the clock: the time arrives as ``ctx.now`` and anything it needs looked up is asked for with a
typed :class:`Query` effect, which the runner answers by calling the flow again with :class:`Answered`.
Most flows are declared with the building blocks in ``flows/conversation.py`` rather than written against
these types directly; ``docs/architecture.md`` ("Conversations") shows how.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, get_args, get_origin, runtime_checkable

if TYPE_CHECKING:
    from flows.catalogue import Catalogue
    from flows.context import ServiceInfo
    from nlu.types import Parse


class Priority(IntEnum):
    """Outbox priority: lower goes first."""

    CRISIS = 0
    ALERT = 10
    WELCOME = 18  # a first contact's welcome and privacy texts, before a concern line (REPLY - 1)
    REPLY = 20
    SCHEDULED = 30


@dataclass(frozen=True)
class FlowState:
    """Where a contact is in a conversation. ``flow=None`` means no active flow.

    ``slots`` is the flow's memory in its stored (JSON-safe) form: conversations read and write it as a
    typed dataclass (``flows/slots.py``). ``retries`` counts how often the question at ``step`` has been
    asked again. ``stack`` holds the runs this one interrupted or called, outermost first: each resumes
    when the run above it finishes (``flows/session.py``). Flows never see the stack; the runner keeps it.
    """

    flow: str | None = None
    step: str | None = None
    slots: Mapping[str, Any] = field(default_factory=dict)
    expires_at: dt.datetime | None = None
    retries: int = 0
    stack: tuple[FlowState, ...] = ()

    def at(self, step: str, **slots: Any) -> FlowState:
        """The same flow at `step`, with `slots` merged in."""
        return replace(self, step=step, slots={**self.slots, **slots})


IDLE = FlowState()

# ---- inputs -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserText:
    """A text from the contact (already screened by safeguarding)."""

    text: str
    parse: Parse | None = None


@dataclass(frozen=True)
class StartFlow:
    """Start a flow, from the menu, the NLU or another flow."""

    intent: str | None = None
    entities: Mapping[str, str] = field(default_factory=dict)
    text: str = ""
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Answered:
    """The shell's answer to a :class:`Query` this flow asked: the query itself and its typed value."""

    query: Query[Any]
    value: Any


@dataclass(frozen=True)
class Resume:
    """The run this flow called or was interrupted by (`child`) has finished; carry on.

    `value` is what the child returned (``FlowResult.value``), e.g. the school a join flow linked."""

    child: str
    value: object = None


@dataclass(frozen=True)
class Trigger:
    """A scheduled item fell due."""

    kind: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    item_id: int | None = None


FlowInput = UserText | StartFlow | Answered | Trigger | Resume

# ---- effects ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """Base class of everything a flow asks the runner to do. Other packages add subclasses."""


@dataclass(frozen=True)
class Reply(Effect):
    """Send a text to this contact. `choices` render as numbered lines (SMS) or a keyboard (Telegram)."""

    text: str
    choices: tuple[str, ...] = ()
    priority: Priority = Priority.REPLY
    template: str = ""


@dataclass(frozen=True)
class Schedule(Effect):
    """Create a scheduled item for this contact; `dedupe_key` makes it idempotent."""

    kind: str
    due_at: dt.datetime
    payload: Mapping[str, Any] = field(default_factory=dict)
    dedupe_key: str | None = None


@dataclass(frozen=True)
class CancelScheduled(Effect):
    """Cancel this contact's pending items of `kind` (or the one with `dedupe_key`)."""

    kind: str
    dedupe_key: str | None = None


@dataclass(frozen=True)
class UpdateContact(Effect):
    opted_out: bool | None = None
    school_id: int | None = None
    language: str | None = None


@dataclass(frozen=True)
class Audit(Effect):
    """An audit event about this contact. Never put message bodies or numbers in `details`."""

    action: str
    details: Mapping[str, Any] = field(default_factory=dict)


A = TypeVar("A")


@dataclass(frozen=True)
class Query(Effect, Generic[A]):
    """Ask the shell to look something up; the flow is called again with :class:`Answered`.

    A query is a frozen dataclass subclassing ``Query[AnswerType]``: its fields are the question, and the
    shell's handler for that class (dispatched by type, like effects) returns an ``AnswerType``::

        @dataclass(frozen=True)
        class SchoolCodeQuery(Query[SchoolCodeAnswer]):
            code: str
    """

    @classmethod
    def answer_type(cls) -> type | None:
        """The class its answers must be (``A`` of ``Query[A]``), or None if it is not a plain class."""
        for klass in cls.__mro__:
            for base in getattr(klass, "__orig_bases__", ()):
                if get_origin(base) is Query:
                    (arg,) = get_args(base)
                    return arg if isinstance(arg, type) else None
        return None


@dataclass(frozen=True)
class Handoff(Effect):
    """End this flow and start another with `start`."""

    flow: str
    start: StartFlow = field(default_factory=StartFlow)


@dataclass(frozen=True)
class Call(Effect):
    """Start `flow` as a sub-flow: this run waits beneath it and gets :class:`Resume` when it finishes."""

    flow: str
    start: StartFlow = field(default_factory=StartFlow)


@dataclass(frozen=True)
class Reroute(Effect):
    """This flow does not handle the text: end it and let the pipeline treat the text as new."""

    text: str


@dataclass(frozen=True)
class FlowResult:
    """The flow's new state (``flow=None``: finished) and its effects. A finished flow's `value` goes to
    the run it resumes, if any (:class:`Resume`)."""

    state: FlowState
    effects: tuple[Effect, ...] = ()
    value: object = None


def done(*effects: Effect, value: object = None) -> FlowResult:
    """Finish the flow (no active flow) with these effects."""
    return FlowResult(IDLE, tuple(effects), value)


# ---- context and the flow protocol -------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolView:
    id: int
    name: str
    local_authority: str


@dataclass(frozen=True)
class ContactView:
    """What a flow may know about the contact: never the phone number."""

    id: int
    channel: str
    language: str = "en"
    opted_out: bool = False
    is_new: bool = False
    school: SchoolView | None = None


class NeedFinder(Protocol):
    """Finds the need a text names ("cant sleep" -> "sleep"), or None. The shell builds it from the NLU's
    phrase lookup (``nlu.NeedMatcher``) once, so a flow never reads the NLU's training data itself."""

    def __call__(self, text: str) -> str | None: ...


def no_needs(text: str) -> str | None:
    """A :class:`NeedFinder` that finds nothing: the default for a context built without the NLU."""
    return None


@dataclass(frozen=True)
class FlowContext:
    """What a flow may know besides its own state: the time, the contact, the service, the texts."""

    now: dt.datetime
    contact: ContactView
    service: ServiceInfo
    catalogue: Catalogue
    find_need: NeedFinder = no_needs

    def t(self, key: str, **params: Any) -> str:
        """Render catalogue text `key` in the contact's language."""
        return self.catalogue.render(
            key, self.contact.language, **{**self.service.template_params(), **params}
        )


class Flow(Protocol):
    """A conversation. `name` is its key in the registry and in stored state."""

    @property
    def name(self) -> str: ...

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult: ...


@runtime_checkable
class ClaimsWords(Protocol):
    """A flow whose current step may take a global keyword as its answer (HELP to "Reply YES, NO or
    HELP"). The router asks the active flow before it treats a keyword as global; STOP and START are
    never claimed."""

    def claims(self, state: FlowState, text: str) -> bool: ...
