"""The data-protection feature: subject access and erasure, the daily retention purge (see
``bot/app/feature.py``)."""

from __future__ import annotations

from bot.app.feature import Command, DailyJob, Feature
from bot.features.data_protection import contacts_cli, retention_cli
from bot.features.data_protection.retention import purge

FEATURE = Feature(
    name="data_protection",
    daily=(DailyJob("retention", lambda config: config.retention.purge_time, purge),),
    commands=(
        Command("contacts", contacts_cli.app, "A contact's data: subject access export and erasure."),
        Command("retention", retention_cli.app, "Data retention: the daily purge."),
    ),
)
