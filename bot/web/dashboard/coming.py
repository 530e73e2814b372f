"""Pages whose features other work is building (call-backs, referrals, appointments, check-ins,
reports): each answers with a clear "coming" page, never a dead link. A feature replaces its
entry by including its own router before this one (or by removing it from :data:`COMING`)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from bot.web.dashboard.auth import signed_in
from bot.web.dashboard.render import NAV, page

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Coming:
    heading: str
    what: str
    meanwhile: str


COMING = {
    "/callbacks": Coming(
        "Call-backs",
        "The call-back queue: new and overdue first; claim one, record each attempt and its outcome, and see "
        "whether it is safe to say who we are or leave a voicemail.",
        "parents' call-back requests reach the team through the existing alerts.",
    ),
    "/referrals": Coming(
        "Referrals",
        "Referrals, new and overdue first, with their outcomes.",
        "keep referrals in your usual case system.",
    ),
    "/appointments": Coming(
        "Appointments",
        "A day and week view of appointments: create, import from CSV, confirmations, attended or did not "
        "attend.",
        "book appointments as you do today.",
    ),
    "/checkins": Coming(
        "Check-ins",
        "Check-in plans and the review list (low scores, drops, missed check-ins) with each person's trend.",
        "worrying replies to check-ins still open a case in the duty queue.",
    ),
    "/reports": Coming(
        "Reports",
        "Weekly, monthly and per-school figures for the team and commissioners, with charts to download and "
        "CSV export. Counts below 5 are never shown to school leads or commissioners.",
        "ask an admin for figures from the audit log.",
    ),
}


def _roles(path: str) -> tuple[str, ...]:
    return next(item.roles for item in NAV if item.path == path)


def _add(path: str, coming: Coming) -> None:
    async def coming_page(request: Request) -> Response:
        person = await signed_in(request)
        if person.role not in _roles(path):
            return page(
                request,
                "error.html",
                person,
                title="Not for your role",
                heading="Not for your role",
                message="This page is not one your role can open.",
                status_code=403,
            )
        return page(
            request,
            "coming.html",
            person,
            title=coming.heading,
            heading=coming.heading,
            what=coming.what,
            meanwhile=coming.meanwhile,
        )

    router.add_api_route(path, coming_page, methods=["GET"], name=f"coming{path.replace('/', '_')}")


for _path, _coming in COMING.items():
    _add(_path, _coming)
