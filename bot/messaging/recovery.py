"""The recovery sweep: every worker, every few seconds, processes inbound texts that nobody is working on.

A text can be stranded in ``received`` by a database blip during processing (the attempt set a retry
time), by a worker killed between storing and processing (its lease runs out), or by a background task
that never ran. The sweep finds them (bot/messaging/inbound_claims.py ``stranded_contacts``) and hands
each contact to
``process_contact``, which claims each text before working it: two sweeps (or a sweep and a webhook task)
never process one text twice, and one contact's texts still go in arrival order.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.messaging.inbound_claims import policy_for, stranded_contacts
from bot.messaging.inbound_worker import inbound_worker
from bot.messaging.pipeline import process_contact

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)


async def sweep_inbox(app: AppContext, *, startup: bool = False, limit: int = 100) -> int:
    """Process up to `limit` contacts' stranded texts. Returns how many texts were processed. Never raises."""
    policy = policy_for(app)
    try:
        contacts = await stranded_contacts(app, policy, limit=limit, startup=startup)
    except Exception as exc:
        log.warning("inbox sweep could not look for stranded texts (%s)", type(exc).__name__)
        return 0
    queued = inbound_worker(app).queued_contacts() if app.db.is_sqlite else set()
    count = 0
    for contact_id in contacts:
        if contact_id not in queued:  # the SQLite worker will take it (a backlog, not a stranded text)
            count += len(await process_contact(app, contact_id, policy))
    if count:
        log.warning("inbox sweep processed %s stranded inbound messages", count)
    return count


async def recover_inbox(app: AppContext) -> int:
    """At start-up: the sweep without the grace period (nothing of ours can be mid-webhook yet)."""
    return await sweep_inbox(app, startup=True)
