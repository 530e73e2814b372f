"""Privacy on error paths: a failing statement never prints its parameters (message bodies, phone numbers,
safeguarding matches) into the logs (issue 11, item 8). Every engine is built with hide_parameters=True.

Two statements are made to fail inside the real app (SQLite triggers): the escalation a risk text creates
(logged with its traceback; the crisis reply still goes) and the contact row for a new number (the error
escapes the app, which uvicorn logs with its traceback). Logging is set up as `waymark serve` sets it
up and every record at DEBUG is scanned, tracebacks included.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from bot.app.clock import FixedClock
from bot.cli.common import setup_logging
from bot.storage.db import create_engine
from bot.web.app import create_app
from tests.bot.channels.conftest import PUBLIC_URL, Webhooks
from tests.bot.db_support import closed_port, db_context, sms_form, warm_screener
from tests.support import prepare_database

YOUNG_PERSON = "+447700900123"
NEW_NUMBER = "+447700900777"
RISK = "i took all my pills zebrafinch"
HELLO = "hello from a new number quokka"
LIBRARIES = ("aiosqlite", "sqlalchemy", "asyncpg", "alembic", "uvicorn")


@pytest.fixture
def serve_logging() -> Iterator[None]:
    root = logging.getLogger()
    before = {name: logging.getLogger(name).level for name in LIBRARIES}
    handlers, level = list(root.handlers), root.level
    setup_logging("DEBUG")
    yield
    for name, lvl in before.items():
        logging.getLogger(name).setLevel(lvl)
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.parametrize(
    "url",
    ["sqlite:///waymark.db", "sqlite:///:memory:", f"postgresql://postgres@127.0.0.1:{closed_port()}/x"],
)
def test_every_engine_hides_statement_parameters(url: str) -> None:
    engine = create_engine(url)
    assert engine.sync_engine.hide_parameters


async def test_failing_statements_never_log_bodies_numbers_or_matches(
    tmp_path: Path, clock: FixedClock, serve_logging: None, caplog: pytest.LogCaptureFixture
) -> None:
    warm_screener()
    caplog.set_level(logging.DEBUG)
    ctx = db_context(f"sqlite:///{tmp_path / 'p.db'}", clock)
    await prepare_database(ctx)
    async with ctx.db.engine.begin() as conn:
        for table, when in (("escalation", ""), ("contact", f"WHEN NEW.address = '{NEW_NUMBER}'")):
            await conn.execute(
                text(
                    f"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} {when} "
                    "BEGIN SELECT RAISE(ABORT, 'forced failure'); END"
                )
            )
    uvicorn_log = logging.getLogger("uvicorn.error")
    transport = httpx.ASGITransport(app=create_app(ctx, background=False))
    failures = 0
    try:
        async with httpx.AsyncClient(transport=transport, base_url=PUBLIC_URL) as client:
            hooks = Webhooks(client)
            for form in (sms_form(1, RISK, YOUNG_PERSON), sms_form(2, HELLO, NEW_NUMBER)):
                try:
                    await hooks.sms(form)
                except Exception:  # escaped the app: uvicorn logs it like this
                    uvicorn_log.exception("Exception in ASGI application\n")
                    failures += 1
    finally:
        await ctx.close()

    # both statements really failed inside the app, and both failures were logged with their traceback
    assert failures == 1
    assert any(r.exc_info and "could not record the escalation" in r.getMessage() for r in caplog.records)
    assert caplog.text.count("forced failure") >= 2
    forbidden = {
        "risk text": RISK,
        "risk phrase": "took all my pills",
        "risk word": "zebrafinch",
        "other text": "quokka",
        "young person's number": YOUNG_PERSON,
        "young person's digits": YOUNG_PERSON[3:],
        "new number": NEW_NUMBER,
        "new number's digits": NEW_NUMBER[3:],
    }
    logged = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    leaks = {what for what, value in forbidden.items() if value in logged}
    assert leaks == set(), [line for line in logged.splitlines() if "parameters" in line][:5]
