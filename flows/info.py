"""One-reply flows: HELP, about the service, privacy (confidentiality)."""

from __future__ import annotations

from dataclasses import dataclass

from flows.engine import FlowContext, FlowInput, FlowResult, FlowState, Reply, done


@dataclass(frozen=True)
class InfoFlow:
    """Replies with one or more catalogue texts and ends."""

    name: str
    keys: tuple[str, ...]

    def handle(self, state: FlowState, event: FlowInput, ctx: FlowContext) -> FlowResult:
        return done(*(Reply(ctx.t(k), template=k) for k in self.keys))


HELP = InfoFlow("help", ("help",))
ABOUT = InfoFlow("about", ("about", "privacy"))
PRIVACY = InfoFlow("privacy", ("privacy",))
