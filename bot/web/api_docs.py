"""The API description (`/openapi.json`) and its browser (`/docs`): for signed-in admins only.

FastAPI's own routes for these are turned off (they would be public). These two answer 404 unless
`signed_in_admin` finds a signed-in admin, so to everyone else they look absent.

`signed_in_admin` is the dashboard's sign-in (bot/web/dashboard/auth.py): a session or an API token
whose practitioner is an active admin who has chosen their own password.

:func:`api_schema` is FastAPI's schema plus what holds for every route of a kind, so a new `/api/v1`
router (bot/web/dashboard/api_*.py) is described right without repeating it:
- every `/api/v1` operation needs the session cookie or an API token (`security`), and may answer 401
  (neither), 403 (wrong role, or a password still to change) and, when its path has a parameter, 404;
  its 422 may be FastAPI's validation error or the route's own `{"detail": "..."}` (:class:`Problem`);
- every operation may answer 503 with Retry-After when the database is unavailable (bot/web/store_guard.py).
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel

# Swagger UI loads its script and styles from a CDN and starts with an inline script; only this page,
# shown only to an admin, gets a CSP that allows that.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "frame-ancestors 'none'"
)


API_PREFIX = "/api/"
SESSION_COOKIE = "waymark_session"  # bot/web/dashboard/session.py COOKIE (not imported: no dashboard here)
DESCRIPTION = (
    "Waymark's JSON API (`/api/v1`) for the dashboard's queues and reports, the provider webhooks and the "
    "health checks. Sign in to the dashboard, or send `Authorization: Bearer wmk_...` with a token from "
    "`waymark users token USERNAME`. Roles limit what each person sees, as on the pages; nothing here "
    "carries message text unless the role may read it."
)
SECURITY_SCHEMES: dict[str, Any] = {
    "apiToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "a token from `waymark users token USERNAME` (wmk_...); only its SHA-256 is stored",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": SESSION_COOKIE,
        "description": "the dashboard's signed session cookie, after signing in at /login",
    },
}


class Problem(BaseModel):
    """An error answer of the API: `{"detail": "what is wrong"}` (FastAPI's HTTPException). A router may
    name it for its own refusals: `responses={409: {"model": Problem}}`."""

    detail: str


_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
API_ERRORS: dict[str, str] = {
    "401": "not signed in, and no valid API token",
    "403": "this role may not use this, or the password must be changed in the dashboard first",
}
UNAVAILABLE = "the database is unavailable; try again after Retry-After seconds"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def api_schema(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI schema of `app`'s routes, completed as the module docstring says (built once)."""
    cached = getattr(app.state, "api_schema", None)
    if isinstance(cached, dict):
        return cached
    schema = get_openapi(title="Waymark API", version=app.version, description=DESCRIPTION, routes=app.routes)
    components = schema.setdefault("components", {})
    components.setdefault("securitySchemes", {}).update(deepcopy(SECURITY_SCHEMES))
    components.setdefault("schemas", {})["Problem"] = Problem.model_json_schema()
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            if path.startswith(API_PREFIX):
                operation.setdefault("security", [{"apiToken": []}, {"session": []}])
                errors = dict(API_ERRORS)
                if "{" in path:
                    errors["404"] = "no such record, or not one this person may see"
                _either_422(responses)
                for code, description in errors.items():
                    responses.setdefault(
                        code,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": dict(_PROBLEM_REF)}},
                        },
                    )
            responses.setdefault(
                "503",
                {
                    "description": UNAVAILABLE,
                    "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                },
            )
    app.state.api_schema = schema
    return schema


def _either_422(responses: dict[str, Any]) -> None:
    """A 422 from an `/api/` route is FastAPI's validation error (`detail`: a list) for a malformed
    parameter, or a route's own `HTTPException(422, "...")` (`detail`: a string) for a value it checks
    itself (an unknown need, a `show` it does not know): document both shapes."""
    content = responses.get("422", {}).get("content", {}).get("application/json")
    if content is not None and content.get("schema") == {"$ref": "#/components/schemas/HTTPValidationError"}:
        content["schema"] = {"anyOf": [content["schema"], dict(_PROBLEM_REF)]}


async def signed_in_admin(request: Request) -> object | None:
    """The signed-in admin making `request`, or None."""
    from bot.web.dashboard.auth import current

    person = await current(request)
    if person is None or person.role != "admin" or person.must_change_password:
        return None
    return person


def include_api_docs(app: FastAPI) -> None:
    """Add `/openapi.json` and `/docs`, each 404 unless a signed-in admin asks."""

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi(request: Request) -> Response:
        if await signed_in_admin(request) is None:
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        return JSONResponse(api_schema(app))

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> Response:
        if await signed_in_admin(request) is None:
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        page: HTMLResponse = get_swagger_ui_html(openapi_url="/openapi.json", title="Waymark API")
        page.headers["content-security-policy"] = DOCS_CSP
        return page
