"""`POST /webhooks/twilio/sms` and `POST /webhooks/twilio/status`.

Inbound: 503 if TWILIO_AUTH_TOKEN is not set; 403 for a missing or bad signature; 413 for a body over
64 KiB (counted while reading, `bot/web/body_limit.py`); 400 for a malformed or incomplete form;
otherwise the text is stored whole (de-duplicated on MessageSid: a redelivery is a no-op; NUL removed,
`bot/channels/sanitise.py`), empty TwiML goes back and the pipeline runs as a background task after the
response, except for a risk text, which is processed (crisis reply and alert queued) before the answer
(`bot/messaging/crisis_lane.py`). Replies go through the outbox, never in the TwiML. Anything a crash
loses between store and process, `recover_inbox` redoes.
"""

from __future__ import annotations

import logging

from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.datastructures import FormData
from twilio.twiml.messaging_response import MessagingResponse

from bot.app.context import AppContext
from bot.channels.base import InboundMessage
from bot.channels.twilio_sms import STATUS_PATH
from bot.channels.twilio_status import apply_status
from bot.messaging.crisis_lane import process_after_store
from bot.messaging.inbound_claims import policy_for
from bot.messaging.inbox import ingest
from bot.messaging.intake import counted
from bot.web.body_limit import TWILIO_MAX_BODY, read_capped, with_body
from bot.web.twilio_request import parse_inbound, parse_status, signature_valid, signed_url
from bot.web.webhook_docs import TWILIO_SMS, TWILIO_STATUS

log = logging.getLogger(__name__)
SMS_PATH = "/webhooks/twilio/sms"

EMPTY_TWIML = str(MessagingResponse())


def _plain(status: int, text: str) -> Response:
    return PlainTextResponse(text, status_code=status)


async def verified_form(ctx: AppContext, request: Request) -> FormData | Response:
    """The request's form if it is signed by Twilio for our auth token; else the error response."""
    token = ctx.settings.twilio_auth_token.get_secret_value() if ctx.settings.twilio_auth_token else ""
    if not token:
        log.error("twilio webhook refused: TWILIO_AUTH_TOKEN is not set, so signatures cannot be checked")
        return _plain(503, "twilio is not configured")
    signature = request.headers.get("x-twilio-signature")
    if not signature:
        log.warning("twilio webhook without a signature refused (%s)", request.url.path)
        return _plain(403, "missing signature")
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return _plain(400, "expected a form")
    body = await read_capped(request, TWILIO_MAX_BODY)
    if body is None:
        log.warning("twilio webhook refused: body over %s bytes (%s)", TWILIO_MAX_BODY, request.url.path)
        return _plain(413, "request too large")
    try:
        form = await with_body(request, body).form()
    except Exception:  # a body the form parser cannot read
        return _plain(400, "unreadable form")
    url = signed_url(request, public_url=ctx.settings.public_url, trust_proxy=ctx.config.channels.trust_proxy)
    if not signature_valid(token, url, form, signature):
        log.warning("twilio webhook with a bad signature refused (%s)", request.url.path)
        return _plain(403, "bad signature")
    return form


def include_twilio(app: FastAPI, ctx: AppContext) -> None:
    """Add the Twilio webhook routes to `app`."""

    @app.post(
        SMS_PATH, tags=["webhooks"], summary="Twilio: an incoming SMS", response_class=Response, **TWILIO_SMS
    )
    @counted(ctx)  # background processing gives way while webhooks are being answered (SQLite)
    async def twilio_sms(request: Request, background: BackgroundTasks) -> Response:
        form = await verified_form(ctx, request)
        if isinstance(form, Response):
            return form
        sms = parse_inbound(form)
        if sms is None:
            log.warning("twilio inbound form incomplete or malformed; nothing stored")
            return _plain(400, "incomplete message")
        inbound = InboundMessage(
            channel="sms",
            sender=sms.sender,
            text=sms.body,
            provider_id=sms.message_sid,
            received_at=ctx.now(),
            meta={"num_media": sms.num_media, "num_segments": sms.num_segments},
        )
        stored = await ingest(ctx, inbound, claim=policy_for(ctx))
        await process_after_store(ctx, stored, inbound.text, background)  # a risk text: now; else after
        return Response(EMPTY_TWIML, media_type="text/xml")

    @app.post(
        STATUS_PATH,
        tags=["webhooks"],
        summary="Twilio: a sent SMS's status",
        response_class=Response,
        **TWILIO_STATUS,
    )
    async def twilio_status(request: Request) -> Response:
        form = await verified_form(ctx, request)
        if isinstance(form, Response):
            return form
        report = parse_status(form)
        if report is None:
            return _plain(400, "incomplete status")
        await apply_status(ctx, report.message_sid, report.status, report.error_code)
        return Response(status_code=204)
