"""The registry: every flow by name, the menu, which intent starts which flow, which scheduled kind
wakes which flow. A pure lookup for the engine; the shell builds it with :func:`assemble` from the
installed features (``bot/app/installed.py``), each of which names its own flows, menu lines, intents and
triggers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flows.engine import Flow
from flows.menu import MenuEntry, MenuFlow


@dataclass(frozen=True)
class Registry:
    flows: Mapping[str, Flow]
    intents: Mapping[str, str] = field(default_factory=dict)
    triggers: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Flow:
        try:
            return self.flows[name]
        except KeyError:
            raise KeyError(f"no flow called {name!r}") from None

    def flow_for_intent(self, intent: str) -> str | None:
        return self.intents.get(intent)

    def flow_for_trigger(self, kind: str) -> str | None:
        return self.triggers.get(kind)


class RegistryError(ValueError):
    """An intent, trigger or menu entry names a flow that is not there."""


def assemble(
    flows: Iterable[Flow],
    menu: Iterable[MenuEntry],
    intents: Mapping[str, str],
    triggers: Mapping[str, str],
) -> Registry:
    """The registry for these flows, with the menu flow built from `menu` (listed by `order`).

    Every intent, trigger and menu entry must name one of the flows (or ``menu``): a typo is an error
    here, not a silent "I did not understand" later."""
    entries = tuple(sorted(menu, key=lambda e: e.order))
    by_name: dict[str, Flow] = {"menu": MenuFlow(entries)}
    for flow in flows:
        by_name[flow.name] = flow
    for what, targets in (
        ("intent", dict(intents)),
        ("trigger", dict(triggers)),
        ("menu entry", {e.label_key: e.flow for e in entries}),
    ):
        for key, target in targets.items():
            if target not in by_name:
                raise RegistryError(f"{what} {key!r} names no flow: {target!r}")
    return Registry(by_name, dict(intents), dict(triggers))
