"""Round trips to PostgreSQL, counted as the client's writes to its sockets (``waymark bench cost``).

asyncpg sends each request as one write ending in Sync (a statement's Bind/Execute, a prepare's
Parse/Describe, a BEGIN or COMMIT as a simple query) and then waits for the answer, so one write is one
round trip. The in-process benches post their webhooks through the ASGI app (no sockets), so while the
counter is installed the only socket writes are the database's. Counted on asyncio's own selector
transport (``asyncio.run``'s loop); on another loop (uvloop) nothing is counted.
"""

from __future__ import annotations

import contextlib
from asyncio import selector_events
from collections.abc import Iterator
from typing import Any


class WireCount:
    """Socket writes while :meth:`installed` is active; ``n`` so far."""

    def __init__(self) -> None:
        self.n = 0

    @contextlib.contextmanager
    def installed(self) -> Iterator[WireCount]:
        transport: Any = getattr(selector_events, "_SelectorSocketTransport")  # noqa: B009 (private, untyped)
        write, writelines = transport.write, transport.writelines
        counter = self

        def counted_write(self: Any, data: Any) -> None:
            counter.n += 1
            write(self, data)

        def counted_writelines(self: Any, lines: Any) -> None:
            counter.n += 1
            writelines(self, lines)

        transport.write = counted_write
        transport.writelines = counted_writelines
        try:
            yield self
        finally:
            transport.write = write
            transport.writelines = writelines
