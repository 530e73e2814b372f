"""`waymark bench webhook`: signed Twilio webhooks into the real app on a temp SQLite database, in-process.

Each request is a full ASGI call of the app `waymark serve` runs (signature check, form parsing, store,
empty TwiML, then the pipeline as a background task). Two times per request:
- webhook: until the response body has been sent (what Twilio waits for);
- processed: until the background task has finished (stored -> screened -> routed -> replies queued).
Replies stay in the outbox (nothing is dispatched), so no provider is involved.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from bot.app.clock import SystemClock
from bot.app.context import build_context
from bot.app.settings import Settings
from bot.bench.support import timed_post, webhook_figures
from bot.channels.console import ConsoleSender
from bot.storage.migrate import upgrade_async
from bot.web.app import create_app

PUBLIC_URL = "https://bench.waymark.invalid"
PATH = "/webhooks/twilio/sms"
TOKEN = "bench-auth-token-not-a-secret"
TEXTS = ("hi", "menu", "2", "help", "what is this", "DEMO1", "thanks", "i feel a bit low", "ok")
WARM_UP = 5


def _form(i: int) -> dict[str, str]:
    sid = f"SM{i:032x}"
    return {
        "ToCountry": "GB",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "SmsSid": sid,
        "SmsStatus": "received",
        "Body": TEXTS[i % len(TEXTS)],
        "FromCountry": "GB",
        "To": "+447700900000",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": f"+4477009{i % 50:05d}",
        "ApiVersion": "2010-04-01",
    }


async def _call(app: Any, form: dict[str, str], validator: RequestValidator) -> tuple[int, float, float]:
    """One signed webhook. Returns (status, ms to response sent, ms to background work done)."""
    headers = [
        (b"host", PUBLIC_URL.split("://")[1].encode()),
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"x-twilio-signature", validator.compute_signature(PUBLIC_URL + PATH, form).encode()),
    ]
    return await timed_post(app, PATH, urlencode(form).encode(), headers)


async def _run(n: int, folder: Path) -> dict[str, Any]:
    settings = Settings(
        env="development",
        database_url=f"sqlite:///{folder / 'bench.db'}",
        public_url=PUBLIC_URL,
        twilio_auth_token=TOKEN,
    )
    await upgrade_async(settings.database_url)
    ctx = build_context(settings, clock=SystemClock())
    ctx.senders["sms"] = ConsoleSender("sms", write=lambda _line: None)
    app = create_app(ctx, background=False)
    validator = RequestValidator(TOKEN)
    return await webhook_figures(ctx, n, WARM_UP, lambda i: _call(app, _form(i), validator))


def bench_webhook(n: int = 300) -> dict[str, Any]:
    """Post `n` signed Twilio webhooks; p50/p99 of the webhook answer and of webhook -> processed."""
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_run(n, Path(folder)))
