"""Rendering dashboard pages: the Jinja2 environment, the navigation each role sees, times for people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import ADMIN, CASE_ROLES, DUTY_ROLES, SCHOOL_ROLES, context
from bot.web.dashboard.session import session_of

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
ALL_ROLES = ("duty_clinician", "practitioner", "school_lead", "manager", "admin")
WORKERS = ("duty_clinician", "practitioner", "manager", "admin")


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str
    roles: tuple[str, ...]


NAV = (
    NavItem("/duty", "Duty queue", DUTY_ROLES),
    NavItem("/cases", "Cases", CASE_ROLES),
    NavItem("/callbacks", "Call-backs", WORKERS),
    NavItem("/referrals", "Referrals", WORKERS),
    NavItem("/appointments", "Appointments", WORKERS),
    NavItem("/checkins", "Check-ins", WORKERS),
    NavItem("/directory", "Directory", WORKERS),
    NavItem("/reports", "Reports", ALL_ROLES),
    NavItem("/schools", "Schools", SCHOOL_ROLES),
    NavItem("/rota", "Rota", WORKERS),
    NavItem("/audit", "Audit log", ADMIN),
)


def _local(when: dt.datetime | None, zone: str, fmt: str = "%a %d %b %H:%M") -> str:
    return when.astimezone(ZoneInfo(zone)).strftime(fmt) if when else "-"


def minutes(value: int) -> str:
    """A span of minutes for people: "45 min", "2 h 05 min", "3 days 4 h"."""
    value = abs(value)
    if value < 60:
        return f"{value} min"
    hours, mins = divmod(value, 60)
    if hours < 24:
        return f"{hours} h {mins:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} day{'s' if days != 1 else ''} {hours} h"


def details(values: dict[str, Any]) -> str:
    """Audit details as `key=value` pairs (they hold ids, codes and usernames, never message text)."""
    return " ".join(f"{k}={v}" for k, v in values.items() if v is not None and v != "")


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.autoescape = True
    templates.env.filters["minutes"] = minutes
    templates.env.filters["details"] = details
    return templates


templates = _templates()


def nav_for(person: Practitioner | None) -> list[NavItem]:
    return [item for item in NAV if person is not None and person.role in item.roles]


def page(
    request: Request,
    name: str,
    person: Practitioner | None,
    *,
    title: str,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    """Render `name` with the layout's values: who is signed in, their navigation, the CSRF token."""
    ctx = context(request)
    zone = ctx.config.service.timezone

    def local(when: dt.datetime | None, fmt: str = "%a %d %b %H:%M") -> str:
        return _local(when, zone, fmt)

    response = templates.TemplateResponse(
        request,
        name,
        {
            "title": title,
            "person": person,
            "nav": nav_for(person),
            "here": request.url.path,
            "csrf": session_of(request).csrf,
            "service_name": ctx.config.service.name,
            "local": local,
            **values,
        },
        status_code=status_code,
    )
    return response
