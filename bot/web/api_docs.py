"""The API description (`/openapi.json`) and its browser (`/docs`): for signed-in admins only.

FastAPI's own routes for these are turned off (they would be public). These two answer 404 unless
`signed_in_admin` finds a signed-in admin, so to everyone else they look absent.

HOOK for the dashboard issue: the dashboard's sign-in does not exist yet, so `signed_in_admin` always
answers None and both routes are 404 for now. When the dashboard adds sessions, make `signed_in_admin`
return the signed-in practitioner whose role is "admin" (bot/storage/models/users.py ROLES) and None for
anyone
else; nothing else here needs to change (tests/bot/web/test_web_surface.py shows both sides).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response

# Swagger UI loads its script and styles from a CDN and starts with an inline script; only this page,
# shown only to an admin, gets a CSP that allows that.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "frame-ancestors 'none'"
)


async def signed_in_admin(request: Request) -> object | None:
    """The signed-in admin making `request`, or None. No sign-in exists yet: always None (see HOOK)."""
    return None


def include_api_docs(app: FastAPI) -> None:
    """Add `/openapi.json` and `/docs`, each 404 unless a signed-in admin asks."""

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi(request: Request) -> Response:
        if await signed_in_admin(request) is None:
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> Response:
        if await signed_in_admin(request) is None:
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        page: HTMLResponse = get_swagger_ui_html(openapi_url="/openapi.json", title="Waymark API")
        page.headers["content-security-policy"] = DOCS_CSP
        return page
