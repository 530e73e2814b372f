"""`POST /webhooks/telegram`: check the secret, parse with PTB, store once, answer 200, process after.

- No TELEGRAM_WEBHOOK_SECRET configured: 503 (we never accept unauthenticated updates).
- `X-Telegram-Bot-Api-Secret-Token` missing or wrong (compared in constant time): 403, nothing stored.
- A body over 256 KiB (`bot/web/body_limit.py`, counted while reading): 413, nothing stored.
- Not JSON, nested too deep, not an update, or a text field that is not a string: 400, nothing stored.
  A text with NUL or lone surrogates is stored cleaned (`bot/channels/sanitise.py`), never a 500.
- A redelivered `update_id`: 200 and nothing changes (unique channel + provider id in the inbox).
- `my_chat_member` (blocked / unblocked the bot): the contact is opted out / in before the 200.
Replies go through the outbox and the dispatcher, never in the webhook response.
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import logging
from typing import TYPE_CHECKING

from fastapi import APIRouter, BackgroundTasks, FastAPI, Request, Response
from fastapi.responses import PlainTextResponse

from bot.channels.telegram_membership import apply_membership
from bot.channels.telegram_updates import (
    IgnoredUpdate,
    MemberUpdate,
    NonTextUpdate,
    classify,
    parse_update,
)
from bot.messaging.crisis_lane import process_after_store
from bot.messaging.inbound_claims import policy_for
from bot.messaging.inbox import ingest
from bot.messaging.intake import counted
from bot.messaging.pipeline import UNREADABLE
from bot.web.body_limit import TELEGRAM_MAX_BODY, read_capped
from bot.web.webhook_docs import TELEGRAM

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATH = "/webhooks/telegram"


def bot_id(ctx: AppContext) -> str:
    """The numeric bot id at the front of the token ("123456:ABC..."), or "0" without a token."""
    token = ctx.settings.telegram_bot_token
    return token.get_secret_value().split(":", 1)[0] if token and token.get_secret_value() else "0"


def secret_ok(ctx: AppContext, given: str | None) -> bool | None:
    """None if no secret is configured; else whether `given` matches it (constant-time)."""
    secret = ctx.settings.telegram_webhook_secret
    if secret is None or not secret.get_secret_value():
        return None
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8"), secret.get_secret_value().encode("utf-8"))


def telegram_router(ctx: AppContext) -> APIRouter:
    """The webhook route for `ctx`."""
    router = APIRouter()

    @router.post(PATH, summary="Telegram: an update", tags=["webhooks"], response_class=Response, **TELEGRAM)
    @counted(ctx)  # background processing gives way while webhooks are being answered (SQLite)
    async def telegram_webhook(request: Request, background: BackgroundTasks) -> Response:
        ok = secret_ok(ctx, request.headers.get(SECRET_HEADER))
        if ok is None:
            log.error("telegram update refused: TELEGRAM_WEBHOOK_SECRET is not set")
            return PlainTextResponse("telegram webhook secret not configured", status_code=503)
        if not ok:
            log.warning("telegram update refused: bad or missing secret token")
            return PlainTextResponse("forbidden", status_code=403)
        body = await read_capped(request, TELEGRAM_MAX_BODY)
        if body is None:
            log.warning("telegram update refused: body over %s bytes", TELEGRAM_MAX_BODY)
            return PlainTextResponse("update too large", status_code=413)
        try:
            update = parse_update(json.loads(body))
            found = classify(update, bot_id=bot_id(ctx), now=ctx.now())
        except Exception as exc:  # not JSON, too deep (RecursionError), not an update: never a 500
            log.warning("telegram update refused: %s", type(exc).__name__)
            return PlainTextResponse("not a Telegram update", status_code=400)
        if isinstance(found, IgnoredUpdate):
            log.info("telegram update ignored id=%s: %s", update.update_id, found.reason)
            return Response(status_code=200)
        if isinstance(found, MemberUpdate):  # blocked or unblocked: no text, nothing stored, no reply
            await apply_membership(ctx, found)
            return Response(status_code=200)
        inbound = found.inbound
        if isinstance(found, NonTextUpdate):  # whoever processes it answers "we can only read text"
            inbound = dataclasses.replace(inbound, meta={**inbound.meta, UNREADABLE: found.reply})
        stored = await ingest(ctx, inbound, claim=policy_for(ctx))
        if stored.duplicate:
            log.info("telegram update redelivered id=%s; nothing to do", update.update_id)
        else:  # a text, or something we cannot read (the pipeline answers it from meta["unreadable"]);
            # a risk text is processed before the answer (bot/messaging/crisis_lane.py)
            await process_after_store(ctx, stored, inbound.text, background)
        return Response(status_code=200)

    return router


def include_telegram(app: FastAPI, ctx: AppContext) -> None:
    """Mount the webhook unless `channels.telegram.enabled` is false in config.yml."""
    if ctx.config.channels.telegram.enabled:
        app.include_router(telegram_router(ctx))
