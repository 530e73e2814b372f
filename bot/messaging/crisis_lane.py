"""After a webhook stored a text: a risk text is processed before the webhook answers, the rest after.

A risk text must never wait behind a backlog of ordinary texts. The webhook screens the text it has just
stored (the same ``screen_safely`` as the pipeline, without the recent texts: context only ever raises a
severity, so a text flagged here is flagged there too). If it is flagged (or screening fails: fail closed),
the contact's waiting texts are processed at once, in the request, with every write session in SQLite's
urgent lane (``bot/storage/db.py`` ``urgent_work``): the crisis reply and the clinician alert are queued in
the outbox before the provider gets its answer. Any other text is processed in a background task after the
answer, as before. Both go through the same ``process_contact`` (one
contact at a time, oldest first), so order and exactly-once are unchanged; if the urgent attempt fails, the
recovery sweep retries the text.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.messaging.inbound_worker import inbound_worker
from bot.messaging.pipeline import process_contact
from bot.messaging.safeguarding_stage import screen_safely
from bot.messaging.second_look import in_band
from bot.storage.db import urgent_work

if TYPE_CHECKING:
    from starlette.background import BackgroundTasks

    from bot.app.context import AppContext
    from bot.messaging.inbox import Ingested

log = logging.getLogger(__name__)


async def process_later(app: AppContext, contact_id: int, claimed: int | None = None) -> None:
    """A background task, after the answer: process the contact's waiting texts (`claimed` first: the text
    the inbox claimed for us as it stored it). On SQLite the database's one inbound worker does it, a few
    texts per transaction (``bot/messaging/inbound_worker.py``); this task waits for it."""
    if app.db.is_sqlite:
        await inbound_worker(app).submit(app, contact_id, claimed)
    else:
        await process_contact(app, contact_id, claimed=claimed)


def needs_urgent(app: AppContext, text: str) -> bool:
    """True when the text alone screens as ``high`` or ``immediate`` (or screening failed: fail closed), or
    when the first screen is unsure of it and the second look must read it (``bot/messaging/second_look.py``):
    a text that may be risk is not left behind a backlog while the second look waits its turn."""
    screened = screen_safely(text.strip(), ())
    return screened.flagged or in_band(app, screened)


async def process_after_store(
    app: AppContext, stored: Ingested, text: str, background: BackgroundTasks
) -> bool:
    """Process a newly stored text: now, in the urgent lane, if it is a risk text; else after the answer.
    Returns True when it was processed now. A redelivery (``stored.duplicate``) does nothing."""
    if stored.duplicate:
        return False
    claimed = stored.message_id if stored.claimed else None
    if not needs_urgent(app, text):
        background.add_task(process_later, app, stored.contact_id, claimed)
        return False
    with urgent_work():
        done = await process_contact(app, stored.contact_id, claimed=claimed)
    if stored.message_id not in done:  # another worker holds it, or the attempt failed: the sweep retries
        log.warning("risk text id=%s not processed in its webhook; left to its worker or the sweep",
                    stored.message_id)  # fmt: skip
    return stored.message_id in done
