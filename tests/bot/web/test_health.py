"""Liveness, readiness and request ids (issue 17, operations): HEAD /healthz answers 200 for uptime monitors,
/readyz says what is not ready, and every response names its request id."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.storage.migrate import upgrade_async
from bot.web import health
from bot.web.app import create_app
from bot.web.request_id import incoming_id
from safeguarding import screening
from tests.support import make_context, prepare_database


def _client(ctx: AppContext) -> httpx.AsyncClient:
    app = create_app(ctx, background=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


@pytest.fixture
async def migrated(tmp_path: Path, clock: FixedClock) -> AsyncIterator[AppContext]:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    await upgrade_async(url)
    ctx = make_context(url, clock)
    yield ctx
    await ctx.close()


async def test_head_healthz_is_200_with_no_body(app: AppContext) -> None:
    async with _client(app) as c:
        head = await c.head("/healthz")
        get = await c.get("/healthz")
    assert head.status_code == 200 and head.content == b""
    assert get.status_code == 200 and get.json()["database"] == "ok"


async def test_ready_when_migrated_and_the_screen_is_loaded(migrated: AppContext) -> None:
    screening.default_screener()
    async with _client(migrated) as c:
        ready = await c.get("/readyz")
        head = await c.head("/readyz")
    assert ready.status_code == 200, ready.json()
    assert ready.json()["checks"]["migrations"] == "ok"
    assert head.status_code == 200


async def test_not_ready_while_the_schema_is_behind(tmp_path: Path, clock: FixedClock) -> None:
    ctx = make_context(f"sqlite:///{tmp_path / 'w.db'}", clock)
    await prepare_database(ctx)  # tables made directly, never upgraded: no alembic_version
    screening.default_screener()
    async with _client(ctx) as c:
        response = await c.get("/readyz")
    await ctx.close()
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"].startswith("not at head")


async def test_not_ready_while_the_screen_is_loading(
    migrated: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(screening, "_default", None)
    async with _client(migrated) as c:
        response = await c.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["safeguarding"] == "loading"


def test_the_migration_heads_are_one() -> None:
    assert len(health.migration_heads()) == 1  # two heads would mean two migrations claim the same parent


async def test_every_response_names_a_request_id(app: AppContext) -> None:
    async with _client(app) as c:
        mine = await c.get("/healthz", headers={"X-Request-ID": "lb-4f2a9c1d"})
        made = await c.get("/healthz")
        other = await c.get("/healthz")
    assert mine.headers["x-request-id"] == "lb-4f2a9c1d"
    assert len(made.headers["x-request-id"]) == 32
    assert made.headers["x-request-id"] != other.headers["x-request-id"]


@pytest.mark.parametrize("sent", ["07700900123", "a b c d e f g h", "x" * 200, "short", "<script>1</script>"])
def test_an_odd_request_id_is_replaced(sent: str) -> None:
    scope = {"type": "http", "headers": [(b"x-request-id", sent.encode())]}
    assert incoming_id(scope) != sent
