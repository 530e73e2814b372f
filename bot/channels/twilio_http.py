"""The HTTP client the `twilio` library sends through: async (aiohttp), its connections kept and reused.

Why the library's async client and not the blocking one in a thread pool: sends happen on the event loop that
also answers webhooks, and aiohttp is already a dependency of `twilio`, so an await costs nothing while a
thread per send would need its own pool sizing and could not be cancelled.

Why a subclass:
- `api_base` (WAYMARK_TWILIO_API_BASE) rewrites the scheme and host of every request, so the real client can
  talk to a local fake. Twilio's `edge`/`region` only pick among Twilio's own hosts.
- the `Retry-After` header of a 429 or 503 is kept (in a context variable, per send) because the library's
  TwilioRestException does not carry response headers.
- one aiohttp session per event loop, kept: at hundreds of sends a second (a messaging service's limit) a
  new TCP (and TLS) connection per send cost more CPU than the send itself (docs/operations.md, "Outbound
  sends"). The session is opened on first use in the running loop; a client used from another loop later
  (a CLI run, a test) opens a new one there. `aclose()` closes it (AppContext.close calls it at shutdown).
- request and response bodies hold phone numbers and texts; the library's request logging is not used.
- basic auth goes in as a header (aiohttp deprecates its BasicAuth object, which the library still uses).
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit

from aiohttp import ClientSession, ClientTimeout, TCPConnector, encode_basic_auth
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response

RETRY_AFTER: contextvars.ContextVar[float | None] = contextvars.ContextVar("twilio_retry_after", default=None)
DEFAULT_TIMEOUT_S = 15.0
POOL_SIZE = 64  # connections kept open to the API (sends in flight are outbox.send_concurrency per channel)


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max((when - (now or dt.datetime.now(dt.UTC))).total_seconds(), 0.0)


def _with_auth(headers: dict[str, str] | None, auth: tuple[str, str] | None) -> dict[str, str]:
    out = dict(headers or {})
    if auth is not None:
        out["Authorization"] = encode_basic_auth(auth[0], auth[1])
    return out


class WaymarkTwilioHttpClient(AsyncTwilioHttpClient):  # type: ignore[misc]
    """AsyncTwilioHttpClient that can point at another base URL and keeps Retry-After."""

    def __init__(self, api_base: str | None = None, timeout: float = DEFAULT_TIMEOUT_S) -> None:
        super().__init__(pool_connections=False, timeout=timeout)
        self.api_base = api_base.rstrip("/") if api_base else None
        self._session: ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _open(self) -> ClientSession:
        """The kept session of the running event loop (a session belongs to the loop it was opened in)."""
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = ClientSession(connector=TCPConnector(limit=POOL_SIZE))
            self._loop = loop
        return self._session

    async def aclose(self) -> None:
        """Close the kept connections (when they belong to the running loop; another loop's are gone)."""
        session, self._session = self._session, None
        if session is not None and not session.closed and self._loop is asyncio.get_running_loop():
            await session.close()

    def rewrite(self, url: str) -> str:
        """`url` with its scheme and host replaced by `api_base` (path and query kept)."""
        if not self.api_base:
            return url
        base, target = urlsplit(self.api_base), urlsplit(url)
        return urlunsplit((base.scheme, base.netloc, base.path + target.path, target.query, ""))

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        """One request to the Twilio API. Raises aiohttp.ClientError or TimeoutError on transport failure."""
        RETRY_AFTER.set(None)
        limit = ClientTimeout(total=timeout if timeout is not None else self.timeout)
        async with self._open().request(
            method.upper(),
            self.rewrite(url),
            params={k: str(v) for k, v in params.items()} if params else None,
            data=data,
            headers=_with_auth(headers, auth),
            allow_redirects=allow_redirects,
            timeout=limit,
        ) as response:
            text = await response.text()
            if response.status in (429, 503):
                RETRY_AFTER.set(parse_retry_after(response.headers.get("Retry-After")))
            return Response(response.status, text, response.headers)
