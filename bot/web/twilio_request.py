"""Reading a Twilio webhook: which URL it was signed for, the signature check, and the form fields we need.

Twilio signs the exact URL it requested plus the sorted form fields (HMAC-SHA1 with the auth token).
Behind a TLS proxy the app sees another URL than Twilio used, so the URL is rebuilt:
`WAYMARK_PUBLIC_URL` (+ path and query) if set; else, with `channels.trust_proxy: true`,
X-Forwarded-Proto / X-Forwarded-Host; else the request's own URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeGuard

from starlette.datastructures import FormData
from starlette.requests import Request
from twilio.request_validator import RequestValidator

from bot.channels.sanitise import storable_text

MESSAGE_SID = re.compile(r"(SM|MM)[0-9a-fA-F]{32}")  # used with fullmatch: `$` lets a newline end it
MAX_ADDRESS_CHARS = 64


def _first(value: str | None) -> str | None:
    """The first of a comma-separated forwarded header (the client-facing hop)."""
    if not value:
        return None
    return value.split(",")[0].strip() or None


def signed_url(request: Request, *, public_url: str | None, trust_proxy: bool) -> str:
    """The URL Twilio requested, which is what its signature covers."""
    path_qs = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if public_url:
        return public_url.rstrip("/") + path_qs
    if trust_proxy:
        proto = _first(request.headers.get("x-forwarded-proto")) or request.url.scheme
        host = _first(request.headers.get("x-forwarded-host")) or request.headers.get("host")
        if host:
            return f"{proto}://{host}{path_qs}"
    return str(request.url)


def signature_valid(auth_token: str, url: str, form: FormData, signature: str | None) -> bool:
    """True when `signature` (X-Twilio-Signature) matches `url` and `form` for `auth_token`."""
    if not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, form, signature))


@dataclass(frozen=True)
class InboundSms:
    message_sid: str
    sender: str
    to: str
    body: str
    num_segments: int | None
    num_media: int


@dataclass(frozen=True)
class StatusReport:
    message_sid: str
    status: str
    error_code: str | None


def _single(form: FormData, key: str) -> str | None:
    values = form.getlist(key)
    if len(values) != 1 or not isinstance(values[0], str):
        return None
    return values[0]


def _digits(value: object) -> TypeGuard[str]:
    """ASCII digits only: str.isdigit() is also true of "²" and "①", which int() refuses."""
    return isinstance(value, str) and value.isascii() and value.isdigit()


def _int_or_none(value: str | None) -> int | None:
    return int(value) if _digits(value) else None


def parse_inbound(form: FormData) -> InboundSms | None:
    """The fields of an incoming SMS, or None if any needed field is missing or malformed.

    The body is kept whole, however long (the request itself is capped at 64 KiB, see
    `bot/web/body_limit.py`): a signed text is never dropped for its length. Body and sender pass
    through `storable_text` (no NUL), so what is stored is what is screened."""
    sid, sender, to, body = (_single(form, k) for k in ("MessageSid", "From", "To", "Body"))
    if sid is None or not MESSAGE_SID.fullmatch(sid) or body is None:
        return None
    sender = storable_text(sender).strip() if sender is not None else None
    to = to.strip() if to is not None else None
    if not sender or not to or len(sender) > MAX_ADDRESS_CHARS or len(to) > MAX_ADDRESS_CHARS:
        return None
    media = form.get("NumMedia")
    if media is not None and not _digits(media):
        return None
    return InboundSms(
        sid,
        sender,
        to,
        storable_text(body),
        _int_or_none(_single(form, "NumSegments")),
        int(media) if _digits(media) else 0,
    )


def parse_status(form: FormData) -> StatusReport | None:
    """The fields of a status callback, or None if MessageSid or MessageStatus is missing."""
    sid = _single(form, "MessageSid") or _single(form, "SmsSid")
    status = _single(form, "MessageStatus") or _single(form, "SmsStatus")
    if sid is None or not MESSAGE_SID.fullmatch(sid) or not status or not status.isalpha():
        return None
    code = _single(form, "ErrorCode")
    return StatusReport(sid, status.lower(), code if _digits(code) else None)
