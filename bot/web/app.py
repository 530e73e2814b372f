"""create_app(): the ASGI app for `waymark serve`. Routers from other issues are included here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from bot.context import AppContext
from bot.scheduler import Background
from bot.web import store_guard


def create_app(ctx: AppContext, *, background: bool = True) -> FastAPI:
    """The web app for `ctx`. With `background`, the dispatcher and scheduler run in its lifespan."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runner = Background(ctx) if background else None
        if runner is not None:
            await runner.start()
        try:
            yield
        finally:
            if runner is not None:
                await runner.stop()
            await ctx.close()

    app = FastAPI(title="Waymark", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.ctx = ctx
    store_guard.install(app)  # nothing stored because the database is down or busy: 503 + Retry-After

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        ok = await ctx.db.ping()
        body = {"status": "ok" if ok else "error", "database": "ok" if ok else "unreachable"}
        return JSONResponse(body, status_code=200 if ok else 503)

    for include in ROUTERS:
        include(app, ctx)
    return app


ROUTERS: list = []  # type: ignore[type-arg]


def _include_twilio(app: FastAPI, ctx: AppContext) -> None:
    from bot.web.twilio_routes import include_twilio

    include_twilio(app, ctx)


ROUTERS.append(_include_twilio)


def _include_telegram(app: FastAPI, ctx: AppContext) -> None:
    from bot.web.telegram_routes import include_telegram

    include_telegram(app, ctx)


ROUTERS.append(_include_telegram)
