"""The escalations feature: the duty queue, alerts to the rota and their timer, the shared practitioner
actions (``actions.py``) and `waymark escalations` (see ``bot/app/feature.py``)."""

from __future__ import annotations

from bot.app.feature import Command, Feature
from bot.features.escalations import cli
from bot.features.escalations.alerts import TIMER_KIND, escalation_timer

FEATURE = Feature(
    name="escalations",
    jobs={TIMER_KIND: escalation_timer},
    commands=(Command("escalations", cli.app, "The duty queue of escalations."),),
    tables=("safeguarding.models", "bot.features.escalations.rota_tables"),
)
