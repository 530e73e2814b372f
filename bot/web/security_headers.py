"""Security headers on every response, as a small pure-ASGI middleware (no body buffering).

- `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`;
- `Content-Security-Policy`: only our own origin, no inline script, never framed;
- `Strict-Transport-Security` when WAYMARK_PUBLIC_URL is https (browsers ignore it over http anyway);
- `Cache-Control: no-store` on everything but static assets (pages and JSON can carry a child's details).

A route may set its own value for any of these (the admin-only /docs page needs a wider CSP); the
middleware only fills in what is missing. The `server` header is turned off in `waymark serve`
(uvicorn's `server_header=False`).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000"
STATIC_PREFIXES = ("/static/",)


def security_headers(public_url: str | None) -> list[tuple[str, str]]:
    """The headers every response gets (Cache-Control is decided per path)."""
    headers = [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("content-security-policy", CSP),
    ]
    if public_url and public_url.lower().startswith("https://"):
        headers.append(("strict-transport-security", HSTS))
    return headers


class SecurityHeaders:
    """Adds `security_headers(public_url)` (and `Cache-Control: no-store` off static paths) to responses."""

    def __init__(self, app: ASGIApp, public_url: str | None = None) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in security_headers(public_url)]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(self.headers)
        if not str(scope.get("path", "")).startswith(STATIC_PREFIXES):
            extra.append((b"cache-control", b"no-store"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in extra if name not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
