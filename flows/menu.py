"""MENU: the numbered list of things a contact can do, built from the registry's menu entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flows.choices import match_choice
from flows.engine import (
    FlowContext,
    FlowInput,
    FlowResult,
    FlowState,
    Handoff,
    Reply,
    Reroute,
    StartFlow,
    UserText,
    done,
)


@dataclass(frozen=True)
class MenuEntry:
    """One numbered line of the menu: its label (a catalogue key) and the flow it starts."""

    label_key: str
    flow: str
    order: int
    start: StartFlow = field(default_factory=StartFlow)


@dataclass(frozen=True)
class MenuFlow:
    """Shows the menu; a number (or label) starts that entry's flow; anything else is handed back."""

    entries: Sequence[MenuEntry]
    name: str = "menu"

    def labels(self, ctx: FlowContext) -> tuple[str, ...]:
        return tuple(ctx.t(e.label_key) for e in self.entries)

    def show(self, ctx: FlowContext, intro_key: str = "menu") -> FlowResult:
        """The menu as a reply, waiting for a choice."""
        reply = Reply(ctx.t(intro_key), self.labels(ctx), template=intro_key)
        return FlowResult(FlowState(flow=self.name, step="choose"), (reply,))

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        if isinstance(event, StartFlow):
            return self.show(ctx, str(event.args.get("intro", "menu")))
        if isinstance(event, UserText):
            picked = match_choice(event.text, self.labels(ctx))
            if picked is not None:
                entry = self.entries[picked]
                return done(Handoff(entry.flow, entry.start))
            return done(Reroute(event.text))
        return done()
