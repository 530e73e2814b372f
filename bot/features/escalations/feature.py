"""The escalations feature: the duty queue, alerts to the rota and their timer, the shared practitioner
actions (``actions.py``) and `waymark escalations` (see ``bot/app/feature.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.app.feature import Command, Feature
from bot.features.escalations import cli
from bot.features.escalations.alerts import TIMER_KIND, escalation_timer

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext


async def seed_demo_rota(app: AppContext, session: AsyncSession) -> None:
    """The demo rota: config.yml's, stored so /rota can be edited at once (as `serve` does at start-up)."""
    from bot.features.escalations.rota_store import seed_rota

    await seed_rota(session, app.config, app.now())


FEATURE = Feature(
    name="escalations",
    jobs={TIMER_KIND: escalation_timer},
    commands=(Command("escalations", cli.app, "The duty queue of escalations."),),
    demo=(seed_demo_rota,),
    tables=("safeguarding.models", "bot.features.escalations.rota_tables"),
)
