"""The team calendar: bank holidays, closed dates and school terms; "do u work at christmas" answered from
it; `waymark schools terms` (``bot/app/feature.py``; see ``docs/checkins.md``)."""

from __future__ import annotations

from bot.app.feature import Feature
from bot.features.calendar.demo import load_demo_terms
from flows.calendar_questions import TeamCalendarFlow

FEATURE = Feature(
    name="calendar",
    flows=(TeamCalendarFlow(),),
    demo=(load_demo_terms,),
    tables=("bot.features.calendar.tables",),
)
