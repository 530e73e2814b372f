"""Per-sender flood control: a contact who sends texts faster than a person reads replies gets no more
replies for a while (issue 17).

A text is answered only while fewer than ``flood.max_replies`` of the same contact's texts arrived in the
``flood.window_seconds`` before it (by the time each was received, so a backlog processed late after an
outage is not a flood). So in any window at most ``max_replies`` texts are answered, and a sustained flood
gets no replies until the person pauses.

What is never held back: every text is stored before this runs, and screened first (the pipeline calls
:func:`held_back` only after the safeguarding stage): a risk text gets its crisis reply and the duty
clinician's alert at once however fast the texts come, and during a crisis hold every text gets the hold's
reply as before. STOP and START always work, and a practitioner's ACK is read before this. A held-back
text is marked processed with ``meta["flood"] = true``; the contact's flow is left where it was, so the
conversation carries on from there once they slow down. The first held-back text in a day gets one short
catalogue text (``flood_notice``) explaining that replies are slowed, and one audit event.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, bindparam
from sqlmodel import col, select

from bot.storage.models import Message
from bot.storage.plain import plain
from flows.engine import Audit, Priority, Reply
from flows.keywords import detect_keyword

if TYPE_CHECKING:
    from bot.messaging.effects import Run

log = logging.getLogger(__name__)

NOTICE = "flood_notice"
"""Catalogue key (and outbox ``kind``) of the one text that says replies are slowed."""
NOTICE_EVERY = dt.timedelta(days=1)
"""A contact is told at most this often, however many floods they send."""
FLAG = "flood"
"""Inbound ``meta`` key set on a text that got no reply because of a flood."""
ALWAYS_ANSWERED = frozenset({"opt_out", "opt_in"})
"""Keyword kinds that are acted on (and confirmed) whatever the rate: STOP must always work."""


@functools.cache
def _earlier_statement() -> Any:
    """The contact's texts received in the window before this one (at most ``n``): built once."""
    return (
        select(Message.id)
        .where(
            Message.contact_id == bindparam("of_contact"),
            Message.direction == "in",
            col(Message.id) < bindparam("before_id"),
            col(Message.created_at) > bindparam("since"),
        )
        .limit(bindparam("n", type_=Integer))
    )


async def held_back(run: Run, message: Message, text: str, earlier: int | None = None) -> bool:
    """True when `message` (already stored and screened) gets no reply because its sender is flooding.

    `text` is the text as routed (a Telegram ``/stop`` reads as STOP). Sends the notice if this contact
    has not had one in the last day. Nothing is held back for an opted-out contact: they get no replies
    anyway. `earlier`: the contact's texts in the window before this one (at most ``max_replies``), when
    the caller has counted them already (PostgreSQL: with the text's lock, ``bot/messaging/pipeline_pg.py``);
    else they are counted here."""
    if run.contact.opted_out:
        return False
    keyword = detect_keyword(text)
    if keyword is not None and keyword.kind in ALWAYS_ANSWERED:
        return False
    flood = run.app.config.flood
    if earlier is None:
        since = message.created_at - dt.timedelta(seconds=flood.window_seconds)
        params = {"of_contact": message.contact_id, "before_id": message.id, "since": since}
        params["n"] = flood.max_replies
        earlier = len((await plain(run.session, _earlier_statement(), params)).all())
    if earlier < flood.max_replies:
        return False
    await _tell_once(run)
    log.info("replies held back for contact id=%s (flood)", run.contact.id)
    return True


async def _tell_once(run: Run) -> None:
    from bot.messaging.effects import apply_effect

    told = await run.session.exec(
        select(Message.id)
        .where(
            Message.contact_id == run.contact.id,
            Message.direction == "out",
            Message.kind == NOTICE,
            col(Message.created_at) > run.now - NOTICE_EVERY,
        )
        .limit(1)
    )
    if told.first() is not None:
        return
    flood = run.app.config.flood
    await apply_effect(run, Reply(run.ctx.t(NOTICE), priority=Priority.REPLY, template=NOTICE))
    details = {"window_seconds": flood.window_seconds, "max_replies": flood.max_replies}
    await apply_effect(run, Audit("contact.flood_throttled", details))
