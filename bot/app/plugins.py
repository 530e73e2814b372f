"""Wiring: the flows, queries and scheduled-job handlers this build of Waymark has.

Each feature adds its lines here; nothing else in the shell needs to change for a new flow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.features.escalations.alerts import TIMER_KIND as escalation_timer_kind
from bot.features.escalations.alerts import escalation_timer
from bot.features.signposting import wiring as signposting_wiring
from bot.messaging import queries
from flows.registry import default_registry
from flows.schools import SchoolCodeQuery

if TYPE_CHECKING:
    from bot.app.context import AppContext


def install_plugins(app: AppContext) -> None:
    """Fill in the registry, query handlers and job handlers of `app`."""
    app.registry = default_registry()
    app.queries[SchoolCodeQuery] = queries.school_code
    signposting_wiring.install(app)
    app.jobs[escalation_timer_kind] = escalation_timer
