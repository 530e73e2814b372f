"""Reports for the team and commissioners: the figures for a week, month or date range, overall and per
school, with small-number suppression, and `waymark report` for the monthly PDF pack
(``docs/reports.md``). The `/reports` page, its charts and CSV and `/api/v1/reports` are dashboard
routers (``bot/web/dashboard/reports.py``, ``api_reports.py``)."""

from __future__ import annotations

from bot.app.feature import Command, Feature
from bot.features.reports import cli
from bot.features.reports.demo import load_demo_activity

FEATURE = Feature(
    name="reports",
    commands=(Command("report", cli.app, "Reports: the monthly PDF pack and CSV for commissioners."),),
    demo=(load_demo_activity,),
)
