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

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
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


def _answer(request: Request, body: dict[str, object], ok: bool) -> Response:
    status = 200 if ok else 503
    if request.method == "HEAD":
        return Response(status_code=status)
    return JSONResponse(body, status_code=status)


def include_health(app: FastAPI, ctx: AppContext) -> None:
    """Add /healthz and /readyz to `app`."""

    @app.api_route("/healthz", methods=["GET", "HEAD"], include_in_schema=False)
    async def healthz(request: Request) -> Response:
        ok = await ctx.db.ping()
        body: dict[str, object] = {
            "status": "ok" if ok else "error",
            "database": "ok" if ok else "unreachable",
        }
        return _answer(request, body, ok)

    @app.api_route("/readyz", methods=["GET", "HEAD"], include_in_schema=False)
    async def readyz(request: Request) -> Response:
        checks = await readiness(ctx)
        ok = all(v == "ok" for v in checks.values())
        return _answer(request, {"status": "ready" if ok else "not ready", "checks": checks}, ok)
