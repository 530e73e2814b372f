"""What `/openapi.json` says (bot/web/api_docs.py, bot/web/webhook_docs.py): who may read it, that it lists
the API with its answers and sign-in, the webhooks with their headers and bodies, and the health checks.
The answers themselves are checked against it in test_openapi_schemathesis.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.app.context import AppContext
from bot.features.practitioners.accounts import new_api_token
from tests.bot.web.dashboard.support import add_staff, client

METHODS = ("get", "put", "post", "delete", "patch", "head")


async def _token(app: AppContext, username: str) -> dict[str, str]:
    async with app.db.session() as session:
        token = await new_api_token(session, username, actor="test", now=app.now())
        await session.commit()
    return {"authorization": f"Bearer {token}"}


@pytest.fixture
async def web(app: AppContext) -> AsyncIterator[httpx.AsyncClient]:
    await add_staff(app)
    async with client(app) as c:
        yield c


async def _schema(app: AppContext, c: httpx.AsyncClient) -> dict[str, Any]:
    answer = await c.get("/openapi.json", headers=await _token(app, "admin"))
    assert answer.status_code == 200
    schema: dict[str, Any] = answer.json()
    return schema


async def test_only_an_admin_token_or_session_gets_the_schema_and_the_docs(
    app: AppContext, web: httpx.AsyncClient
) -> None:
    admin = await _token(app, "admin")
    assert (await web.get("/openapi.json", headers=admin)).status_code == 200
    docs = await web.get("/docs", headers=admin)
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    for headers in ({}, await _token(app, "duty"), {"authorization": "Bearer wmk_not-a-token"}):
        for path in ("/openapi.json", "/docs"):
            answer = await web.get(path, headers=headers)
            assert answer.status_code == 404, (path, headers)
            assert "paths" not in answer.text


async def test_every_api_operation_needs_sign_in_and_documents_its_answers(
    app: AppContext, web: httpx.AsyncClient
) -> None:
    """Whatever /api/v1 routers are installed: each says it needs a token or the session, documents 200
    with a JSON schema and 401 / 403, and really answers 401 to a request without either."""
    schema = await _schema(app, web)
    assert {"apiToken", "session"} <= set(schema["components"]["securitySchemes"])
    api = [(p, m, op) for p, item in schema["paths"].items() if p.startswith("/api/")
           for m, op in item.items() if m in METHODS]  # fmt: skip
    assert ("/api/v1/duty", "get") in [(p, m) for p, m, _ in api]
    for path, method, operation in api:
        assert operation["security"] == [{"apiToken": []}, {"session": []}], path
        responses = operation["responses"]
        assert {"200", "401", "403", "503"} <= set(responses), path
        assert responses["200"]["content"]["application/json"]["schema"], path
        concrete = path.replace("{", "").replace("}", "")  # any value: sign-in is checked first
        answer = await web.request(method.upper(), concrete, headers={"accept": "application/json"})
        assert answer.status_code == 401, (method, path, answer.status_code)


async def test_the_webhooks_are_described_with_their_headers_bodies_and_answers(
    app: AppContext, web: httpx.AsyncClient
) -> None:
    paths = (await _schema(app, web))["paths"]
    telegram = paths["/webhooks/telegram"]["post"]
    [secret] = telegram["parameters"]
    assert secret["name"] == "X-Telegram-Bot-Api-Secret-Token" and secret["in"] == "header"
    assert secret["required"]
    update = telegram["requestBody"]["content"]["application/json"]["schema"]
    assert update["title"] == "Telegram Update" and update["required"] == ["update_id"]
    assert {"update_id", "message", "edited_message", "my_chat_member"} <= set(update["properties"])
    assert set(telegram["responses"]) == {"200", "400", "403", "413", "503"}
    assert "content" not in telegram["responses"]["200"]  # it answers 200 with no body
    for path, ok in (("/webhooks/twilio/sms", "200"), ("/webhooks/twilio/status", "204")):
        operation = paths[path]["post"]
        assert [p["name"] for p in operation["parameters"]] == ["X-Twilio-Signature"]
        form = operation["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
        assert "MessageSid" in form["required"]
        assert set(operation["responses"]) == {ok, "400", "403", "413", "503"}
    sms = paths["/webhooks/twilio/sms"]["post"]
    assert set(sms["responses"]["200"]["content"]) == {"text/xml"}
    assert {"From", "To", "Body"} <= set(
        sms["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["required"]
    )


async def test_the_health_checks_are_listed(app: AppContext, web: httpx.AsyncClient) -> None:
    paths = (await _schema(app, web))["paths"]
    for path, model in (("/healthz", "Health"), ("/readyz", "Readiness")):
        assert set(paths[path]) == {"get", "head"}
        for status in ("200", "503"):
            body = paths[path]["get"]["responses"][status]["content"]["application/json"]["schema"]
            assert body == {"$ref": f"#/components/schemas/{model}"}
            assert "content" not in paths[path]["head"]["responses"][status]
        assert "security" not in paths[path]["get"]  # for monitors: no sign-in


async def test_dashboard_pages_are_not_in_the_schema(app: AppContext, web: httpx.AsyncClient) -> None:
    paths = set((await _schema(app, web))["paths"])
    assert paths.isdisjoint({"/login", "/duty", "/cases", "/audit", "/openapi.json", "/docs"})


async def test_a_422_of_either_shape_is_documented() -> None:
    """Found by the schemathesis run on the merged feature branches: `/api/v1/directory` and the call-back
    and referral lists answer `HTTPException(422, "...")` (detail: a string) for a value they check
    themselves, while the schema only allowed FastAPI's validation error (detail: a list)."""
    from fastapi import APIRouter, FastAPI, HTTPException

    from bot.web.api_docs import api_schema

    router = APIRouter(prefix="/api/v1")

    @router.get("/needs")
    async def needs(need: str, limit: int = 5) -> dict[str, str]:
        raise HTTPException(422, f"{need} is not one of the needs the bot knows")

    web = FastAPI()
    web.include_router(router)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://t") as c:
        ours = (await c.get("/api/v1/needs", params={"need": "x"})).json()
        fastapis = (await c.get("/api/v1/needs", params={"need": "x", "limit": "many"})).json()
    assert isinstance(ours["detail"], str) and isinstance(fastapis["detail"], list)
    schema = api_schema(web)
    documented = schema["paths"]["/api/v1/needs"]["get"]["responses"]["422"]["content"]["application/json"]
    assert documented["schema"] == {
        "anyOf": [
            {"$ref": "#/components/schemas/HTTPValidationError"},
            {"$ref": "#/components/schemas/Problem"},
        ]
    }
    assert schema["components"]["schemas"]["Problem"]["properties"]["detail"]["type"] == "string"


def test_the_session_scheme_names_the_dashboard_cookie() -> None:
    from bot.web.api_docs import SESSION_COOKIE
    from bot.web.dashboard.session import COOKIE

    assert SESSION_COOKIE == COOKIE


async def test_a_school_not_in_view_on_reports_is_a_documented_404(
    app: AppContext, web: httpx.AsyncClient
) -> None:
    """`/api/v1/reports?school=N` for a school the person cannot see answers 404 with a `detail`, and the
    schema says so (schemathesis found the undocumented 404)."""
    admin = await _token(app, "admin")
    answer = await web.get("/api/v1/reports", params={"school": 987654}, headers=admin)
    assert answer.status_code == 404
    assert isinstance(answer.json()["detail"], str)
    documented = (await _schema(app, web))["paths"]["/api/v1/reports"]["get"]["responses"]
    problem = {"$ref": "#/components/schemas/Problem"}
    assert documented["404"]["content"]["application/json"]["schema"] == problem
