"""A burst of simultaneous webhooks with a small pool: each is stored (200) or refused (503), never a 500,
never a 200 for a text that was not stored (issue 11, item 3: ingest used to hold one pooled connection and
open a second inside, so 20 at once deadlocked the 10 + 10 pool on PostgreSQL)."""

# ruff: noqa: F811  (any_db_url is a fixture imported from db_support and named as a parameter)

from __future__ import annotations

import asyncio

from bot.app.clock import FixedClock
from bot.storage.models.messages import PROCESSED
from tests.bot.channels.conftest import webhooks_for
from tests.bot.db_support import (  # noqa: F401
    RISK,
    any_db_url,
    db_context,
    escalated_message_ids,
    sms_form,
    stored,
    warm_screener,
)
from tests.support import prepare_database

BURST = 40


async def test_burst_with_a_small_pool_is_stored_or_refused(any_db_url: str, clock: FixedClock) -> None:
    warm_screener()
    ctx = db_context(any_db_url, clock, pool_size=2, max_overflow=0, pool_timeout_seconds=10)
    await prepare_database(ctx)
    hooks = webhooks_for(ctx)
    forms = [sms_form(n, body=f"hello {n}") for n in range(BURST)]
    forms[BURST // 2]["Body"] = RISK
    try:
        # an app exception (a 500) would be raised here by the ASGI transport
        responses = await asyncio.gather(*(hooks.sms(form) for form in forms))
        health = await hooks.client.get("/healthz")
        codes = [r.status_code for r in responses]
        assert set(codes) <= {200, 503}, codes
        assert all(r.headers.get("retry-after") for r in responses if r.status_code == 503)
        held = await stored(ctx)
        answered = {
            form["MessageSid"] for form, r in zip(forms, responses, strict=True) if r.status_code == 200
        }
        assert answered <= set(held), "a 200 for a text that was not stored"
        assert all(held[s] == PROCESSED for s in answered)
        # two connections are plenty for 40 texts when each request takes one at a time
        assert codes.count(200) == BURST, codes
        assert len(await escalated_message_ids(ctx)) == 1
        assert health.status_code == 200
    finally:
        await hooks.client.aclose()
        await ctx.close()
