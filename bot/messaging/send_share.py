"""Dividing the providers' send limits among the dispatcher workers that are alive.

`channels.sms.segments_per_second` and `channels.telegram.messages_per_second` are the deployment's figures:
Twilio counts the segments of the account (or messaging service), Telegram the messages of the bot, whichever
process sends them. So each worker sends at an equal share: the figure divided by the live workers
(bot/messaging/workers.py, the same read that finds dead workers' claims), read at the start of every
dispatch call and again at least every SHARE_REFRESH_SECONDS while a call is sending.

- A worker that joins while others are alive claims nothing for its first JOIN_WAIT_SECONDS: by then each of
  the others has counted it and lowered its own share, so together they never go over the figure.
- A worker that stops or dies leaves its share unused until the others count it gone (at once for a stop or
  a dead process on the same host; after `outbox.worker_timeout_seconds` for one elsewhere): under the
  figure for a while, never over.
- A worker alive but not sending (no backlog) still holds its share; the others do not borrow it. Each
  worker's burst is its share of one second's worth, so a crisis reply still goes at once.

Why not one limiter in the database: at 400 segments a second it is 400 writes a second to one row that
every worker waits on (on SQLite each a turn at the one write gate the inbound path needs), for a figure
that an equal share meets whenever there is a backlog, which is when the limit matters
(docs/channels.md, "Send limits across processes").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from bot.channels.rate_limit import share_limits

if TYPE_CHECKING:
    from bot.app.context import AppContext
    from bot.messaging.workers import Worker

SHARE_REFRESH_SECONDS = 1.0  # a sending worker counts the live workers again at least this often
JOIN_WAIT_SECONDS = 3 * SHARE_REFRESH_SECONDS  # the dispatch tick is 1 s: two ticks' margin

# (worker id, database URL) -> when that worker may first claim rows on that database
_may_send_from: dict[tuple[str, str], dt.datetime] = {}


def take_share(app: AppContext, me: Worker, live: set[str]) -> bool:
    """Set each of `app`'s senders to its share of the limit among the `live` workers; True when `me` may
    claim rows now (False only while it waits after joining workers that were already alive)."""
    limited = share_limits(app.senders.values(), len(live | {me.id}))
    now = app.now()
    key = (me.id, app.db.url)
    start = _may_send_from.get(key)
    if start is None:
        others = bool(live - {me.id})
        start = now + dt.timedelta(seconds=JOIN_WAIT_SECONDS) if limited and others else now
        _may_send_from[key] = start
    return bool(now >= start)


def rejoin(app: AppContext, me: Worker) -> None:
    """`me` said it stopped and sends again: its next :func:`take_share` waits as a joining worker's does."""
    _may_send_from.pop((me.id, app.db.url), None)
