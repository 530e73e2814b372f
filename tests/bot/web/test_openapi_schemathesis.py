"""schemathesis against the real app (issue 17): every operation in `/openapi.json` is called with
generated requests and must answer as the schema says.

The schema is loaded from the real ASGI app (`create_app`, SQLite, the demo data) with an admin's API token,
so whatever routers are installed are covered, with no list of paths here. Each answer is checked for: no
server error, a documented status code, the documented content type, a body that matches the documented
schema, documented headers, and (`ignored_auth`) that an `/api/v1` operation really refuses a request
without the token or with a wrong one.

The webhooks are in the run too, with valid credentials: the generated Telegram update gets the configured
secret header, and the generated Twilio form is signed as Twilio would sign it (HMAC-SHA1 over the public
URL and the exact form sent). Without that every webhook request would stop at 403, and the run would
check nothing of the 200, 204 and 400 answers the schema documents, nor the pipeline behind them.
Unsigned and hostile requests to the webhooks are fuzzed in test_twilio_routes_fuzz.py and
test_telegram_routes_fuzz.py.

The short run (a few examples per operation) is in `make test`; `pytest -m fuzz` runs the long one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qsl

import pytest
import requests
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.datastructures import FormData, UploadFile
from twilio.request_validator import RequestValidator

from bot.app.clock import FixedClock
from bot.app.context import AppContext, build_context
from bot.app.demo import load_demo
from bot.app.settings import Settings
from bot.features.practitioners.accounts import new_api_token
from bot.storage.migrate import upgrade_async
from bot.web.app import create_app
from bot.web.telegram_routes import SECRET_HEADER
from safeguarding import screening
from tests.bot.web.conftest import AUTH_TOKEN, BOT_TOKEN, PUBLIC_URL, SECRET
from tests.conftest import OFFICE_TIME
from tests.support import ROOT, RecordingSender, project_config

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    ignored_auth,
]
TWILIO_SIGNATURE = "X-Twilio-Signature"
Operation = APIOperation[Any, Any, Any, Any]
AnyCase = Case[Any]


@dataclass
class Api:
    app: FastAPI
    token: str  # demo.admin's API token


def _context(url: str) -> AppContext:
    settings = Settings(
        env="test",
        database_url=url,
        config_path=ROOT / "config.yml",
        public_url=PUBLIC_URL,
        twilio_auth_token=AUTH_TOKEN,
        telegram_bot_token=BOT_TOKEN,
        telegram_webhook_secret=SECRET,
    )
    ctx = build_context(settings, config=project_config(), clock=FixedClock(OFFICE_TIME), use_nlu=False)
    for name in ("sms", "telegram"):
        ctx.senders[name] = RecordingSender(name)
    return ctx


async def _demo_database(url: str) -> str:
    """The migrated schema (so /readyz is ready), the demo data and an API token for demo.admin (returned)."""
    await upgrade_async(url)
    ctx = _context(url)
    try:
        assert await load_demo(ctx)
        async with ctx.db.session() as session:
            token = await new_api_token(session, "demo.admin", actor="test", now=ctx.now())
            await session.commit()
        return token
    finally:
        await ctx.close()


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app over the demo database. schemathesis calls it on its own event loop and runs its lifespan,
    so the database is made first on another loop and the app's context connects on schemathesis's."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('openapi')) / 'waymark.db'}"
    token = asyncio.run(_demo_database(url))
    screening.default_screener()  # the lexicon compiles once, not inside an example's deadline
    yield Api(create_app(_context(url), background=False), token)
    shutdown_lifespans()  # the app's lifespan closes its context


def _bearer(api: Api) -> dict[str, str]:
    return {"Authorization": f"Bearer {api.token}"}


def operations(api: Api) -> list[Operation]:
    """Every operation in the app's schema, loaded as an admin would get it."""
    loaded = schemathesis.openapi.from_asgi("/openapi.json", api.app, headers=_bearer(api))
    found: list[Operation] = []
    for result in loaded.get_all_operations():
        if not isinstance(result, Ok):
            raise AssertionError(f"the schema has an operation schemathesis cannot read: {result.err()}")
        found.append(result.ok())
    assert found, "the schema lists no operations"
    return found


def twilio_signature(case: AnyCase) -> str:
    """The signature Twilio would send for `case`: over the public URL and exactly the form sent."""
    sent = requests.Request(**case.as_transport_kwargs(base_url=PUBLIC_URL)).prepare()
    body = sent.body if isinstance(sent.body, bytes) else str(sent.body or "").encode()
    pairs: list[tuple[str, str | UploadFile]] = []
    pairs += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    form = FormData(pairs)
    return str(RequestValidator(AUTH_TOKEN).compute_signature(PUBLIC_URL + case.formatted_path, form))


def credentials(case: AnyCase, api: Api) -> dict[str, str]:
    """Headers with the admin's token for the API (given to the call, so `ignored_auth` knows them for
    real credentials and tries the call without them); the secret or a valid signature for a webhook."""
    path = case.operation.path
    if path.startswith("/api/"):
        return _bearer(api)
    if path == "/webhooks/telegram":
        return {SECRET_HEADER: SECRET}
    if path.startswith("/webhooks/twilio/"):
        return {TWILIO_SIGNATURE: twilio_signature(case)}
    return {}


def cases(operation: Operation) -> st.SearchStrategy[AnyCase]:
    """Requests the schema allows, and requests it does not (a wrong type, a missing field)."""
    return st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
    )


def run_all(api: Api, examples: int, deadline: dt.timedelta) -> None:
    """`examples` generated requests for each operation, each answer checked against the schema."""
    for operation in operations(api):

        @settings(max_examples=examples, deadline=deadline, suppress_health_check=list(HealthCheck))
        @given(case=cases(operation))
        def answers_as_described(case: AnyCase) -> None:
            case.call_and_validate(headers=credentials(case, api), checks=CHECKS)

        try:
            answers_as_described()
        except BaseException as exc:
            exc.add_note(f"operation: {operation.label}")
            raise


def test_every_operation_answers_as_its_schema_says(api: Api) -> None:
    run_all(api, examples=8, deadline=dt.timedelta(seconds=10))


@pytest.mark.fuzz
def test_every_operation_answers_as_its_schema_says_long(api: Api) -> None:
    run_all(api, examples=400, deadline=dt.timedelta(seconds=30))


def test_the_run_signs_webhooks_as_the_providers_do(api: Api) -> None:
    """The signing in `credentials` is right: a signed form is stored (200), the same form with another
    signature is refused (403); the Telegram secret likewise. Otherwise the run above would only ever see
    the webhooks' 403."""
    by_path = {operation.path: operation for operation in operations(api)}
    form = {"MessageSid": "SM" + "0a" * 16, "From": "+447700900123", "To": "+447700900000", "Body": "hi"}
    sms = by_path["/webhooks/twilio/sms"].Case(
        body=cast(Any, form), media_type="application/x-www-form-urlencoded"
    )
    assert sms.call(headers=credentials(sms, api)).status_code == 200
    assert sms.call(headers={TWILIO_SIGNATURE: "AAAA"}).status_code == 403
    update = {"update_id": 77, "message": {"message_id": 1, "date": 1795428000, "text": "hi",
                                           "chat": {"id": 4242, "type": "private"}}}  # fmt: skip
    telegram = by_path["/webhooks/telegram"].Case(body=cast(Any, update), media_type="application/json")
    assert telegram.call(headers=credentials(telegram, api)).status_code == 200
    assert telegram.call(headers={SECRET_HEADER: "wrong"}).status_code == 403
