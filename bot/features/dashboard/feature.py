"""The dashboard feature: sign-in and every page of the practitioners' dashboard (duty queue, cases,
call-backs, referrals, appointments, check-ins, directory, reports, schools, rota, audit log) and the JSON
API (``bot/web/dashboard/``; see ``bot/app/feature.py`` and ``docs/dashboard.md``). Installed last."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.app.feature import Feature

if TYPE_CHECKING:
    from fastapi import FastAPI

    from bot.app.context import AppContext


def _dashboard(app: FastAPI, ctx: AppContext) -> None:
    from bot.web.dashboard import include_dashboard

    include_dashboard(app, ctx)


FEATURE = Feature(name="dashboard", routes=(_dashboard,))
