"""The flow engine's types: state in, an input event, a context; new state and effects out.

A flow is a pure function ``handle(state, event, ctx) -> FlowResult``. It never calls a provider, the
database or the clock: the time arrives as ``ctx.now`` and anything it needs looked up is asked for with a
:class:`Query` effect, which the runner answers by calling the flow again with a :class:`QueryResult`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Protocol

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
    """Where a contact is in a conversation. ``flow=None`` means no active flow."""

    flow: str | None = None
    step: str | None = None
    slots: Mapping[str, Any] = field(default_factory=dict)
    expires_at: dt.datetime | None = None

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
class QueryResult:
    name: str
    value: Any


@dataclass(frozen=True)
class Trigger:
    """A scheduled item fell due."""

    kind: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    item_id: int | None = None


FlowInput = UserText | StartFlow | QueryResult | Trigger

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


@dataclass(frozen=True)
class Query(Effect):
    """Ask the runner to look something up; the flow is called again with a QueryResult."""

    name: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Handoff(Effect):
    """End this flow and start another with `start`."""

    flow: str
    start: StartFlow = field(default_factory=StartFlow)


@dataclass(frozen=True)
class Reroute(Effect):
    """This flow does not handle the text: end it and let the pipeline treat the text as new."""

    text: str


@dataclass(frozen=True)
class FlowResult:
    state: FlowState
    effects: tuple[Effect, ...] = ()


def done(*effects: Effect) -> FlowResult:
    """Finish the flow (no active flow) with these effects."""
    return FlowResult(IDLE, tuple(effects))


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


@dataclass(frozen=True)
class FlowContext:
    now: dt.datetime
    contact: ContactView
    service: ServiceInfo
    catalogue: Catalogue

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
