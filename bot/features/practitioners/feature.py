"""The practitioners feature: staff accounts, their alert addresses, `waymark users`, the demo staff (see
``bot/app/feature.py``)."""

from __future__ import annotations

from bot.app.feature import Command, Feature
from bot.features.practitioners import cli
from bot.features.practitioners.demo import load_demo_practitioners

FEATURE = Feature(
    name="practitioners",
    commands=(Command("users", cli.app, "Practitioner accounts."),),
    demo=(load_demo_practitioners,),
    tables=("bot.storage.models.users",),
)
