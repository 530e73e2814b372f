"""The registry: every flow by name, the menu, which intent starts which flow, which scheduled kind
wakes which flow and how (its :class:`~flows.triggers.TriggerRule`). Other issues add their flows here
(one line each) and nowhere else; a conversation's triggers come with it (``Conversation.triggers``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flows.conversation import Conversation
from flows.engine import Flow
from flows.find_support import FIND_SUPPORT
from flows.info import ABOUT, HELP, PRIVACY, InfoFlow
from flows.lang import LANG
from flows.menu import MenuEntry, MenuFlow
from flows.optout import OptInFlow, OptOutFlow
from flows.schools import JOIN_SCHOOL
from flows.signposting_followup import FOLLOWUP
from flows.triggers import TriggerRule


@dataclass(frozen=True)
class Registry:
    flows: Mapping[str, Flow]
    intents: Mapping[str, str] = field(default_factory=dict)
    triggers: Mapping[str, str] = field(default_factory=dict)
    rules: Mapping[str, TriggerRule] = field(default_factory=dict)

    def get(self, name: str) -> Flow:
        try:
            return self.flows[name]
        except KeyError:
            raise KeyError(f"no flow called {name!r}") from None

    def flow_for_intent(self, intent: str) -> str | None:
        return self.intents.get(intent)

    def flow_for_trigger(self, kind: str) -> str | None:
        return self.triggers.get(kind)

    def trigger_rule(self, kind: str) -> TriggerRule:
        """How a scheduled item of `kind` treats a busy contact (the default rule if none is declared)."""
        return self.rules.get(kind, TriggerRule())


MENU_ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry("choice_menu_find_support", "find_support", 10),
    MenuEntry("choice_menu_join_school", "join_school", 20),
    MenuEntry("choice_menu_about", "about", 80),
    MenuEntry("choice_menu_help", "help", 90),
    MenuEntry("choice_menu_stop", "opt_out_check", 99),
)


def default_registry(
    extra_flows: tuple[Flow, ...] = (),
    extra_menu: tuple[MenuEntry, ...] = (),
    extra_intents: Mapping[str, str] | None = None,
    extra_triggers: Mapping[str, str] | None = None,
) -> Registry:
    """Every flow Waymark has. The menu lists entries by `order`."""
    menu = MenuFlow(tuple(sorted((*MENU_ENTRIES, *extra_menu), key=lambda e: e.order)))
    flows: list[Flow] = [
        menu,
        HELP,
        ABOUT,
        PRIVACY,
        InfoFlow("goodbye", ("goodbye",)),
        InfoFlow("thanks", ("thanks",)),
        InfoFlow("talk_to_someone", ("talk_to_someone",)),
        InfoFlow("opt_out_check", ("opt_out_check",)),
        InfoFlow("not_yet", ("not_yet",)),
        OptOutFlow(),
        OptInFlow(),
        LANG,
        JOIN_SCHOOL,
        FIND_SUPPORT,
        FOLLOWUP,
        *extra_flows,
    ]
    intents = {
        "greet": "menu",
        "menu": "menu",
        "goodbye": "goodbye",
        "thanks": "thanks",
        "confidentiality": "privacy",
        "talk_to_someone": "talk_to_someone",
        "opt_out": "opt_out_check",
        "find_support": "find_support",
        # Call-backs and appointments have no flow yet: say so plainly rather than "I did not understand".
        "request_callback": "not_yet",
        "appointment_query": "not_yet",
        "appointment_cancel": "not_yet",
        "appointment_reschedule": "not_yet",
        **(extra_intents or {}),
    }
    declared = [(t.kind, t.rule, f.name) for f in flows if isinstance(f, Conversation) for t in f.triggers]
    triggers = {kind: name for kind, _, name in declared} | dict(extra_triggers or {})
    rules = {kind: rule for kind, rule, _ in declared}
    return Registry({f.name: f for f in flows}, intents, triggers, rules)
