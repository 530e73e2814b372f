"""The dashboard's browser session: a signed cookie (itsdangerous) holding the practitioner's id, a CSRF
token, the time of their last request and a fingerprint of their password hash.

- HttpOnly, SameSite=Lax, Secure when the request (or WAYMARK_PUBLIC_URL) is https; path ``/``.
- Expires after :data:`IDLE` without a request (checked against the app's clock, not the cookie's age).
- Changing the password (or disabling the account) ends every session: the fingerprint no longer matches
  or the account is inactive.
- Nothing about young people is stored in it.

:class:`SessionCookies` is a small pure-ASGI middleware: it reads the cookie into ``scope`` before the
route runs and writes it back on the response (refreshing the idle timer unless the route said not to).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "waymark_session"
IDLE = dt.timedelta(minutes=30)
SCOPE_KEY = "waymark.session"
SKIP_PREFIXES = ("/webhooks/", "/static/", "/healthz", "/readyz")


@dataclass
class WebSession:
    """What the cookie carries. `user_id` None: not signed in (the CSRF token still protects /login)."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    user_id: int | None = None
    fingerprint: str = ""
    seen: float = 0.0
    touch: bool = True  # refresh `seen` on this response (False for the duty queue's event stream)

    def sign_in(self, user_id: int, password_hash: str | None, now: dt.datetime) -> None:
        """Start a signed-in session: new CSRF token (no fixation), fresh idle timer."""
        self.user_id, self.fingerprint = user_id, fingerprint(password_hash)
        self.csrf, self.seen = secrets.token_urlsafe(24), now.timestamp()

    def sign_out(self) -> None:
        self.user_id, self.fingerprint, self.csrf = None, "", secrets.token_urlsafe(24)

    def idle_expired(self, now: dt.datetime) -> bool:
        return self.user_id is not None and now.timestamp() - self.seen > IDLE.total_seconds()


def fingerprint(password_hash: str | None) -> str:
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


def session_of(request: Request) -> WebSession:
    """The request's session (the middleware always sets one on dashboard paths)."""
    found = request.scope.get(SCOPE_KEY)
    if not isinstance(found, WebSession):
        found = WebSession()
        request.scope[SCOPE_KEY] = found
    return found


class SessionCookies:
    """Loads and stores :class:`WebSession` for every dashboard request."""

    def __init__(
        self, app: ASGIApp, *, secret: str, now: Callable[[], dt.datetime], public_url: str | None
    ) -> None:
        self.app = app
        self.serializer = URLSafeSerializer(secret, salt="waymark.dashboard.session")
        self.now = now
        self.always_secure = bool(public_url and public_url.lower().startswith("https://"))

    def _load(self, scope: Scope) -> WebSession:
        for name, value in scope.get("headers", []):
            if name != b"cookie":
                continue
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:
                continue
            if COOKIE in jar:
                try:
                    data = self.serializer.loads(jar[COOKIE].value)
                    return WebSession(
                        csrf=str(data["c"]),
                        user_id=int(data["u"]) if data.get("u") is not None else None,
                        fingerprint=str(data.get("f", "")),
                        seen=float(data.get("t", 0.0)),
                    )
                except (BadSignature, KeyError, TypeError, ValueError):
                    break
        return WebSession()

    def _cookie(self, scope: Scope, session: WebSession) -> bytes:
        if session.touch and session.user_id is not None:
            session.seen = self.now().timestamp()
        value = self.serializer.dumps(
            {"c": session.csrf, "u": session.user_id, "f": session.fingerprint, "t": session.seen}
        )
        parts = [f"{COOKIE}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if self.always_secure or scope.get("scheme") == "https":
            parts.append("Secure")
        return "; ".join(parts).encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        session = self._load(scope)
        scope[SCOPE_KEY] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"set-cookie", self._cookie(scope, session)))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)
