"""Outbound SMS through Twilio's REST API (`messages.create`), with the SMS quirks kept in this adapter.

- Text is made GSM-7 where possible (`to_gsm7`) and sent as one body when it fits MAX_SEGMENTS_PER_TEXT:
  Twilio splits it into concatenated segments and the phone shows one message, with one Message SID, so one
  delivery status per outbox row. Longer text is split at line or sentence boundaries and each part is its
  own API call; the row keeps the first SID and `measure()` counts the segments of every part.
- Each part waits for the sender's token bucket (segments per second), crisis replies first.
- Errors become SendError: 21610 opted out; 30003/30005/30006/21211/21614 unreachable; 429, 5xx, timeouts and
  connection errors transient (Retry-After honoured); any other 4xx a final failure with Twilio's code.
- After a crash, `find_sent` asks Twilio whether it already took a text (the dispatcher calls it before
  sending a row that may have gone): the latest messages to that number (Messages.json?To=...), matched on
  the body of the first part, created since the claim (less CLOCK_SKEW), and not already another row's SID.
  Twilio's Message resource does not show the StatusCallback, so the body is what identifies the text.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from aiohttp import ClientError
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from bot.channels.base import OutboundMessage, SendError, SendResult
from bot.channels.rate_limit import TokenBucket
from bot.channels.sms_text import measure, split_for_sending, to_gsm7
from bot.channels.twilio_http import RETRY_AFTER, WaymarkTwilioHttpClient
from bot.channels.twilio_status import TWILIO_STATUS
from bot.messaging.dispatch_recovery import FoundSend
from bot.storage.models.messages import SENT, SKIPPED

log = logging.getLogger(__name__)

OPTED_OUT_CODES = frozenset({21610})
UNREACHABLE_CODES = frozenset({30003, 30005, 30006, 21211, 21614})
STATUS_PATH = "/webhooks/twilio/status"
LOOKUP_LIMIT = 20  # the latest messages to the number that `find_sent` reads (one page)
CLOCK_SKEW = dt.timedelta(minutes=5)  # between our clock and Twilio's date_created


def send_error(exc: Exception) -> SendError:
    """The SendError the dispatcher acts on for an exception raised while calling Twilio."""
    if isinstance(exc, TwilioRestException):
        status, code = int(exc.status), int(exc.code) if exc.code is not None else None
        shown = str(code or status)
        if code in OPTED_OUT_CODES:
            return SendError("recipient opted out", transient=False, code=shown, opted_out=True)
        if code in UNREACHABLE_CODES:
            return SendError("recipient unreachable", transient=False, code=shown, unreachable=True)
        if status == 429 or status >= 500:
            return SendError(f"twilio {status}", transient=True, code=shown, retry_after=RETRY_AFTER.get())
        return SendError(f"twilio rejected the message ({status})", transient=False, code=shown)
    if isinstance(exc, TimeoutError | ClientError | OSError):
        return SendError(f"twilio unreachable: {type(exc).__name__}", transient=True, code="network")
    if isinstance(exc, TwilioException):
        return SendError(f"twilio client error: {type(exc).__name__}", transient=False, code="client")
    raise exc


def lookup_error(exc: Exception) -> SendError:
    """A failed Messages list: always transient (the list call answers a failed page without a code)."""
    response = exc.args[1] if isinstance(exc, TwilioException) and len(exc.args) > 1 else None
    status = getattr(response, "status_code", None)
    if isinstance(exc, TwilioRestException):
        status = int(exc.status)
    if status is None and not isinstance(exc, TwilioException | TimeoutError | ClientError | OSError):
        raise exc
    code = str(status) if status is not None else "network"
    return SendError(
        f"twilio lookup failed ({code})", transient=True, code=code, retry_after=RETRY_AFTER.get()
    )


@dataclass
class TwilioSmsSender:
    """The "sms" channel over Twilio. Use `from_number` or `messaging_service_sid` (the service wins)."""

    client: Client
    from_number: str | None = None
    messaging_service_sid: str | None = None
    status_callback: str | None = None
    limiter: TokenBucket | None = None
    provider_confirms_opt_out: bool = True
    name: str = "sms"
    # parts of a split text already accepted by Twilio, so a retry does not send them twice
    _sent_parts: dict[int, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not (self.from_number or self.messaging_service_sid):
            raise ValueError("TwilioSmsSender needs from_number or messaging_service_sid")

    async def send_text(self, message: OutboundMessage) -> SendResult:
        """Send one outbox row; raise SendError on failure."""
        if message.kind == "stopped" and self.provider_confirms_opt_out:
            # Twilio answers STOP itself and then blocks every send to the number (21610).
            log.info("stop confirmation left to Twilio for message id=%s", message.message_id)
            return SendResult(provider_id=None, status=SKIPPED)
        parts = split_for_sending(to_gsm7(message.text))
        sids = self._sent_parts.setdefault(message.message_id, [])
        try:
            for part in parts[len(sids) :]:
                if self.limiter is not None:
                    await self.limiter.acquire(measure(part).segments, priority=message.priority)
                sids.append(await self._create(message, part))
        except SendError as exc:
            if not exc.transient:  # no retry will come for the rest
                del self._sent_parts[message.message_id]
            raise
        del self._sent_parts[message.message_id]
        log.info("twilio accepted message id=%s parts=%s", message.message_id, len(sids))
        return SendResult(provider_id=sids[0])

    async def aclose(self) -> None:
        """Close the HTTP client's kept connections (AppContext.close calls this at shutdown)."""
        closer = getattr(self.client.http_client, "aclose", None)
        if closer is not None:
            await closer()

    async def find_sent(
        self, message: OutboundMessage, since: dt.datetime, known: frozenset[str]
    ) -> FoundSend | None:
        """Twilio's record of `message` if it took it since `since` (SIDs in `known` are other rows')."""
        parts = split_for_sending(to_gsm7(message.text))
        filters: dict[str, str] = {"to": message.to}
        if self.from_number and not self.messaging_service_sid:
            filters["from_"] = self.from_number
        try:
            listed = await self.client.messages.list_async(
                **filters, limit=LOOKUP_LIMIT, page_size=LOOKUP_LIMIT
            )
        except Exception as exc:
            # whatever the reason, the row waits and is asked about again (up to outbox.max_attempts)
            error = lookup_error(exc)
            log.warning("twilio lookup failed for message id=%s code=%s", message.message_id, error.code)
            raise error from exc
        for sent in listed:
            if (
                sent.sid not in known
                and str(sent.direction or "").startswith("outbound")
                and sent.body == parts[0]
                and sent.date_created is not None
                and sent.date_created >= since - CLOCK_SKEW
            ):
                return FoundSend(str(sent.sid), TWILIO_STATUS.get(str(sent.status), SENT))
        return None

    async def _create(self, message: OutboundMessage, body: str) -> str:
        kwargs: dict[str, str] = {"to": message.to, "body": body}
        if self.messaging_service_sid:
            kwargs["messaging_service_sid"] = self.messaging_service_sid
        else:
            assert self.from_number is not None
            kwargs["from_"] = self.from_number
        if self.status_callback:
            kwargs["status_callback"] = self.status_callback
        try:
            created = await self.client.messages.create_async(**kwargs)
        except Exception as exc:
            error = send_error(exc)
            log.warning("twilio send failed for message id=%s code=%s", message.message_id, error.code)
            raise error from exc
        return str(created.sid)


def twilio_client(account_sid: str, auth_token: str, api_base: str | None, timeout: float) -> Client:
    """A `twilio.rest.Client` on the async HTTP client, pointed at `api_base` when given."""
    http = WaymarkTwilioHttpClient(api_base=api_base, timeout=timeout)
    return Client(account_sid, auth_token, http_client=http, environment={})
