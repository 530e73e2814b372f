"""What the web app shows to anyone who asks (issue 11, item 12): no public API description, security headers
on every response, and no demo data in production. (No `server` header:
tests/bot/messaging/test_dispatcher_kill.py
checks a real `waymark serve`.)"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.web import api_docs
from bot.web.app import create_app
from tests.support import ROOT, make_context, prepare_database


async def _client(ctx: AppContext) -> httpx.AsyncClient:
    app = create_app(ctx, background=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://waymark.example.org")


@pytest.fixture
async def client(app: AppContext) -> AsyncIterator[httpx.AsyncClient]:
    async with await _client(app) as c:
        yield c


@pytest.mark.parametrize("path", ["/openapi.json", "/docs", "/redoc", "/docs/oauth2-redirect"])
async def test_the_api_description_is_not_public(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert "openapi" not in response.text.lower()


async def test_a_signed_in_admin_gets_the_api_description(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def admin(_: object) -> object:
        return object()

    monkeypatch.setattr(api_docs, "signed_in_admin", admin)  # the dashboard's sign-in will provide this
    spec = await client.get("/openapi.json")
    assert spec.status_code == 200 and "/webhooks/twilio/sms" in spec.json()["paths"]
    page = await client.get("/docs")
    assert page.status_code == 200 and "swagger" in page.text.lower()
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/healthz"),
        ("GET", "/nowhere"),
        ("POST", "/webhooks/twilio/sms"),
        ("POST", "/webhooks/telegram"),
    ],
)
async def test_every_response_carries_the_security_headers(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path)
    h = response.headers
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"
    assert h["x-frame-options"] == "DENY"
    csp = h["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert h["cache-control"] == "no-store"
    assert "strict-transport-security" not in h  # no https public URL in these settings


async def test_hsts_when_the_public_url_is_https(tmp_path: Path, clock: FixedClock) -> None:
    ctx = make_context(f"sqlite:///{tmp_path / 'w.db'}", clock)
    ctx.settings = ctx.settings.model_copy(update={"public_url": "https://waymark.example.org"})
    await prepare_database(ctx)
    async with await _client(ctx) as c:
        response = await c.get("/healthz")
    await ctx.close()
    assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_static_assets_may_be_cached(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/app.css")  # none exist yet: the rule is by path
    assert "cache-control" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("command", ["serve", "chat"])
def test_demo_data_is_refused_in_production(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli.main import app

    for name in ("WAYMARK_ENV", "WAYMARK_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    env = {
        "WAYMARK_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
    }
    for production in ({"WAYMARK_ENV": "production"}, {}):  # production is also the default
        result = CliRunner().invoke(app, [command, "--demo"], env={**env, **production}, input="")
        assert result.exit_code == 2
        assert "--demo" in result.output and "WAYMARK_ENV" in result.output
    assert not (tmp_path / "w.db").exists()  # refused before anything was created
