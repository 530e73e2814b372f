"""Liveness and readiness for uptime monitors and load balancers.

* ``GET|HEAD /healthz``: the process answers and its database answers (200, else 503). HEAD is what many
  uptime monitors send; it gets the same status with no body.
* ``GET|HEAD /readyz``: ready to take traffic: the database answers, its schema is at the migrations'
  head (a worker started against a database another release has not yet upgraded is not ready), the
  safeguarding screen (lexicon and model) is loaded, and so is the NLU. 503 names what is missing, so a
  load balancer keeps traffic away while ``waymark serve`` or a new release is still starting.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import text

from bot.app.context import AppContext


@lru_cache(maxsize=1)
def migration_heads() -> frozenset[str]:
    """The revision ids at the head of the shipped migrations (read once per process)."""
    from alembic.script import ScriptDirectory

    from bot.storage.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return frozenset(script.get_heads())


async def schema_revisions(ctx: AppContext) -> frozenset[str]:
    """The revisions the database says it is at (empty before the first upgrade)."""
    async with ctx.db.read_session() as session:
        try:
            conn = await session.connection()
            rows = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
        except Exception:  # no alembic_version table yet: never upgraded
            return frozenset()
    return frozenset(str(r[0]) for r in rows)


def screen_loaded() -> bool:
    """True once the safeguarding lexicon and model are compiled in this process."""
    from safeguarding import screening

    return screening.is_loaded()


async def readiness(ctx: AppContext) -> dict[str, str]:
    """Each check by name: "ok" or what is wrong."""
    checks: dict[str, str] = {}
    if not await ctx.db.ping():
        checks["database"] = "unreachable"
        checks["migrations"] = "unknown"
    else:
        checks["database"] = "ok"
        try:
            at = await schema_revisions(ctx)
        except Exception:
            checks["migrations"] = "unknown"
        else:
            checks["migrations"] = "ok" if at == migration_heads() else "not at head (run waymark db upgrade)"
    checks["safeguarding"] = "ok" if screen_loaded() else "loading"
    if ctx.nlu is not None:  # the embedded NLU loads (or trains) its model before serve takes traffic
        checks["nlu"] = "ok" if getattr(ctx.nlu, "loaded", True) else "loading"
    return checks


class Health(BaseModel):
    status: Literal["ok", "error"]
    database: Literal["ok", "unreachable"]


class Readiness(BaseModel):
    status: Literal["ready", "not ready"]
    checks: dict[str, str] = Field(description='each check by name: "ok" or what is wrong')


_HEAD: dict[str, Any] = {  # HEAD answers carry no body, so none is documented
    "response_class": Response,
    "responses": {200: {"description": "healthy or ready"}, 503: {"description": "not"}},
}


async def health(ctx: AppContext) -> tuple[Health, bool]:
    ok = await ctx.db.ping()
    return Health(status="ok" if ok else "error", database="ok" if ok else "unreachable"), ok


async def ready(ctx: AppContext) -> tuple[Readiness, bool]:
    checks = await readiness(ctx)
    ok = all(v == "ok" for v in checks.values())
    return Readiness(status="ready" if ok else "not ready", checks=checks), ok


def include_health(app: FastAPI, ctx: AppContext) -> None:
    """Add /healthz and /readyz to `app` (both listed in /openapi.json, GET with a body, HEAD without)."""

    @app.get(
        "/healthz",
        tags=["operations"],
        summary="Liveness: the process and its database answer",
        response_model=Health,
        responses={503: {"model": Health, "description": "the database does not answer"}},
    )
    async def healthz() -> Response:
        body, ok = await health(ctx)
        return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

    @app.head("/healthz", tags=["operations"], summary="Liveness, for uptime monitors", **_HEAD)
    async def healthz_head() -> Response:
        return Response(status_code=200 if (await health(ctx))[1] else 503)

    @app.get(
        "/readyz",
        tags=["operations"],
        summary="Readiness: database, migrations, safeguarding screen and NLU loaded",
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "not ready: the checks say what is missing"}},
    )
    async def readyz() -> Response:
        body, ok = await ready(ctx)
        return JSONResponse(body.model_dump(), status_code=200 if ok else 503)

    @app.head("/readyz", tags=["operations"], summary="Readiness, for load balancers", **_HEAD)
    async def readyz_head() -> Response:
        return Response(status_code=200 if (await ready(ctx))[1] else 503)
