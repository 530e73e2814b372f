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

import asyncio
import logging
from collections.abc import Callable
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


def process_detached(app: AppContext, contact_id: int, claimed: int | None) -> None:
    """`waymark serve` (``app.detached``): :func:`process_later` in a task of its own, so the request ends
    with its answer. As a background task of the request it kept the whole request alive until the text
    was processed: the ASGI scope, the request, 26 coroutines of the middleware and routing, their
    closures (``gc.get_objects`` in a bench server: ~18 KB a text, ~30 MB with the 1,650 texts a burst left
    waiting). The app's lifespan waits for these tasks before it closes (:func:`finish_detached`), as
    uvicorn waits for open requests."""
    assert app.detached is not None
    task = asyncio.get_running_loop().create_task(process_later(app, contact_id, claimed))
    app.detached.add(task)
    task.add_done_callback(_detached_done(app.detached))


def _detached_done(tasks: set[asyncio.Task[None]]) -> Callable[[asyncio.Task[None]], None]:
    def done(task: asyncio.Task[None]) -> None:
        tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:  # not expected: the worker catches
            log.error("processing after the answer failed (%s); the sweep takes the text",
                      type(task.exception()).__name__)  # fmt: skip

    return done


async def finish_detached(app: AppContext, timeout: float) -> int:
    """Wait up to `timeout` seconds for the detached processing tasks; cancel those still running (their
    texts are stored and leased: the sweep takes them). Returns how many were cancelled."""
    pending = set(app.detached or ())
    if pending:
        _done, pending = await asyncio.wait(pending, timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
            log.warning("stopping: %s texts left to the recovery sweep", len(pending))
    return len(pending)


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
        if app.detached is not None:
            process_detached(app, stored.contact_id, claimed)
        else:
            background.add_task(process_later, app, stored.contact_id, claimed)
        return False
    with urgent_work():
        done = await process_contact(app, stored.contact_id, claimed=claimed)
    if stored.message_id not in done:  # another worker holds it, or the attempt failed: the sweep retries
        log.warning("risk text id=%s not processed in its webhook; left to its worker or the sweep",
                    stored.message_id)  # fmt: skip
    return stored.message_id in done
