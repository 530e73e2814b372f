"""The dashboard feature: sign-in, the duty queue, cases, audit log, schools, rota, the "coming" pages
and the JSON API (``bot/web/dashboard/``; see ``bot/app/feature.py`` and ``docs/dashboard.md``).

Installed last, so a feature with its own page for a "coming" path (call-backs, appointments, ...)
has its route registered first, and that route wins."""

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
