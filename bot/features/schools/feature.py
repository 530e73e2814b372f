"""The schools feature: join codes, the join-a-school conversation, `waymark schools` (see
``bot/app/feature.py``)."""

from __future__ import annotations

from bot.app.feature import Command, Feature
from bot.features.schools import cli
from bot.features.schools.demo import load_demo_school
from bot.messaging import queries
from flows.menu import MenuEntry
from flows.schools import JoinSchoolFlow

FEATURE = Feature(
    name="schools",
    flows=(JoinSchoolFlow(),),
    menu=(MenuEntry("choice_menu_join_school", "join_school", 20),),
    queries={"school_code": queries.school_code},
    commands=(Command("schools", cli.app, "Schools and their join codes."),),
    demo=(load_demo_school,),
)
