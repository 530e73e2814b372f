"""Ping a pooled PostgreSQL connection before use only when it has sat idle in the pool.

SQLAlchemy's ``pool_pre_ping`` pings on every checkout: one more round trip per session (two or three per
inbound text). A connection that was in use less than :data:`IDLE_SECONDS` ago has just answered, so this
pings only those idle longer (and new ones are never pinged: they have just connected). A ping that fails
raises ``DisconnectionError``, so the pool drops that connection and checks out another (up to three
times), as ``pool_pre_ping`` does; and a statement that later fails with a
disconnect makes SQLAlchemy invalidate every connection older than the failure
(``tests/bot/storage/test_pool_ping.py``).
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import AsyncEngine

IDLE_SECONDS = 2.0
"""A connection back in the pool for longer than this is pinged before it is handed out again."""
_LAST_USED = "waymark_last_used"


def ping_when_idle(engine: AsyncEngine, idle_seconds: float = IDLE_SECONDS) -> None:
    """Install the idle-only ping on `engine`'s pool (create the engine with ``pool_pre_ping=False``)."""
    sync = engine.sync_engine
    dialect = sync.dialect

    def on_connect(_dbapi_conn: Any, record: Any) -> None:
        record.info[_LAST_USED] = time.monotonic()

    def on_checkin(_dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            record.info[_LAST_USED] = time.monotonic()

    def on_checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        last = record.info.get(_LAST_USED)
        if last is not None and time.monotonic() - last < idle_seconds:
            return
        try:
            dialect.do_ping(dbapi_conn)
        except Exception as error:  # whatever the reason, this connection cannot be used: take another
            raise exc.DisconnectionError("pooled connection did not answer at checkout") from error
        record.info[_LAST_USED] = time.monotonic()

    event.listen(sync, "connect", on_connect)
    event.listen(sync, "checkin", on_checkin)
    event.listen(sync, "checkout", on_checkout)
