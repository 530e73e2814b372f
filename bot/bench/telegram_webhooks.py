"""`waymark bench telegram`: Telegram webhook updates into the real app on a temp SQLite database, in-process.

Each request is a full ASGI call of the app `waymark serve` runs (secret check, PTB parsing, store, 200,
then the pipeline as a background task). Two times per request:
- webhook: until the response body has been sent (what Telegram waits for);
- processed: until the background task has finished (stored -> screened -> routed -> replies queued).
Replies stay in the outbox (nothing is dispatched), so no Telegram server is involved.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from typing import Any

from bot.app.clock import SystemClock
from bot.app.settings import Settings
from bot.bench.support import timed_post, webhook_figures
from bot.channels.console import ConsoleSender
from bot.storage.migrate import upgrade_async
from bot.web.app import create_app
from bot.web.telegram_routes import PATH, SECRET_HEADER

SECRET = "bench-webhook-secret-not-a-secret"
TEXTS = ("/start", "hi", "menu", "2", "help", "what is this", "DEMO1", "thanks", "i feel a bit low", "ok")
WARM_UP = 5


def _update(i: int) -> dict[str, Any]:
    """A private-chat text update shaped like Telegram's; 50 chats take turns."""
    chat = {"id": 5100000000 + i % 50, "first_name": "Bench", "type": "private"}
    sender = {"id": chat["id"], "is_bot": False, "first_name": "Bench"}
    message = {"message_id": i + 1, "from": sender, "chat": chat, "date": 1795428000 + i}
    return {"update_id": 900000000 + i, "message": {**message, "text": TEXTS[i % len(TEXTS)]}}


async def _call(app: Any, update: dict[str, Any]) -> tuple[int, float, float]:
    """One update. Returns (status, ms to response sent, ms to background work done)."""
    headers = [
        (b"host", b"bench.waymark.invalid"),
        (b"content-type", b"application/json"),
        (SECRET_HEADER.lower().encode(), SECRET.encode()),
    ]
    return await timed_post(app, PATH, json.dumps(update).encode(), headers)


async def _run(n: int, folder: Path) -> dict[str, Any]:
    settings = Settings(
        env="development", database_url=f"sqlite:///{folder / 'bench.db'}", telegram_webhook_secret=SECRET
    )
    await upgrade_async(settings.database_url)
    from bot.app.context import build_context

    ctx = build_context(settings, clock=SystemClock())
    ctx.senders["telegram"] = ConsoleSender("telegram", write=lambda _line: None)
    app = create_app(ctx, background=False)
    return await webhook_figures(ctx, n, WARM_UP, lambda i: _call(app, _update(i)))


def bench_telegram_webhook(n: int = 300) -> dict[str, Any]:
    """Post `n` Telegram updates; p50/p99 of the webhook answer and of webhook -> processed."""
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_run(n, Path(folder)))
