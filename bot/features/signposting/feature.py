"""The signposting feature: find support, its follow-up, the service directory (``bot/app/feature.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.app.feature import Command, Feature
from bot.features.signposting import cli, wiring
from flows.find_support import FindSupportFlow
from flows.menu import MenuEntry
from flows.signposting_effects import (
    AREA_QUERY,
    FOLLOWUP_KIND,
    RECORD_QUERY,
    SEARCH_QUERY,
    AskPractitioner,
    RecordFollowupAnswer,
)
from flows.signposting_followup import SignpostingFollowupFlow

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext


async def load_demo_directory(app: AppContext, session: AsyncSession) -> None:
    """The shipped national services, the area table and the fictional Demo Borough services."""
    from signposting.demo import load_demo
    from signposting.shipped import load_national

    await load_national(session)
    await load_demo(session)


FEATURE = Feature(
    name="signposting",
    flows=(FindSupportFlow(), SignpostingFollowupFlow()),
    menu=(MenuEntry("choice_menu_find_support", "find_support", 10),),
    intents={"find_support": "find_support"},
    triggers={FOLLOWUP_KIND: "signposting_followup"},
    queries={
        AREA_QUERY: wiring.signpost_area,
        SEARCH_QUERY: wiring.signpost_search,
        RECORD_QUERY: wiring.signpost_record,
    },
    effects={RecordFollowupAnswer: wiring.record_answer, AskPractitioner: wiring.ask_practitioner},
    commands=(Command("directory", cli.app, "The service directory."),),
    demo=(load_demo_directory,),
    tables=("signposting.models",),
)
