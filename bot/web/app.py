"""create_app(): the ASGI app for `waymark serve`, with the routes of every installed feature."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot.app.context import AppContext
from bot.messaging.crisis_lane import finish_detached
from bot.messaging.scheduler import Background
from bot.web import store_guard
from bot.web.api_docs import include_api_docs
from bot.web.health import include_health
from bot.web.request_id import RequestId
from bot.web.security_headers import SecurityHeaders


def create_app(ctx: AppContext, *, background: bool = True, detach: bool = False) -> FastAPI:
    """The web app for `ctx`. With `background`, the dispatcher and scheduler run in its lifespan. With
    `detach` (``waymark serve``), a stored text is processed in a task of its own after the answer, not in
    its request (``bot/messaging/crisis_lane.py`` ``process_detached``); the lifespan waits for those."""
    if detach:
        ctx.detached = set()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runner = Background(ctx) if background else None
        if runner is not None:
            await runner.start()
        try:
            yield
        finally:
            await finish_detached(ctx, DETACHED_WAIT_S)
            if runner is not None:
                await runner.stop()
                await _worker_stopped(ctx)
            await ctx.close()

    # FastAPI's public /openapi.json, /docs and /redoc are off; bot/web/api_docs.py serves the first two to
    # signed-in admins only.
    app = FastAPI(title="Waymark", lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)
    app.state.ctx = ctx
    store_guard.install(app)  # nothing stored because the database is down or busy: 503 + Retry-After
    app.add_middleware(SecurityHeaders, public_url=ctx.settings.public_url)  # 503s get headers too
    app.add_middleware(RequestId)  # outermost: every log line of a request carries its id
    include_api_docs(app)

    include_health(app, ctx)
    for feature in ctx.features:  # each installed feature's routes (bot/app/installed.py)
        for include in feature.routes:
            include(app, ctx)
    return app


DETACHED_WAIT_S = 5.0
"""At shutdown, texts being processed after their answer get this long (uvicorn gives open requests as
long: ``timeout_graceful_shutdown``, bot/cli/serve.py)."""


async def _worker_stopped(ctx: AppContext) -> None:
    """Tell other workers this one stopped, so its claims (if any) are taken back at once."""
    from bot.messaging.workers import stopped, this_process

    try:
        await stopped(ctx, this_process())
    except Exception:  # the database may be the reason we stop; the heartbeat will go stale instead
        logging.getLogger(__name__).warning("could not mark this dispatcher worker stopped")
