"""Check-ins by text: plans, the weekly check-in conversation, PAUSE / RESUME, requests by text, the review
list and `waymark checkins` (``bot/app/feature.py``; wiring in ``wiring.py``, see ``docs/checkins.md``)."""

from __future__ import annotations

from bot.app.feature import Command, Feature
from bot.features.checkins import cli, wiring
from bot.features.checkins.demo import load_demo_checkins
from flows.checkin_control import CheckinControlFlow, CheckinRequestFlow
from flows.checkin_effects import CHECKIN_KIND, ControlQuery, RecordCheckin, RequestQuery
from flows.checkins import CHECKIN

FEATURE = Feature(
    name="checkins",
    flows=(CHECKIN, CheckinControlFlow(), CheckinRequestFlow()),
    queries={ControlQuery: wiring.control_query, RequestQuery: wiring.request_query},
    effects={RecordCheckin: wiring.record_checkin},
    jobs={CHECKIN_KIND: wiring.checkin_job, wiring.CLOSE_KIND: wiring.close_job},
    commands=(Command("checkins", cli.app, "Check-ins by text: plans, scores, charts, requests."),),
    demo=(load_demo_checkins,),
    tables=("bot.features.checkins.tables",),
)
