"""Pages whose features other work is building (the
directory): each answers with a clear "coming" page, never a dead link. A feature replaces its
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
    "/directory": Coming(
        "Directory",
        "Search the service directory like the bot does (need, age, area, open now), import, edit, mark "
        "services verified, and see services not verified for over a year.",
        "import services with the waymark directory import command.",
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
