"""The ``callback_overdue`` job: at a call-back's due-by, if it is still open, alert the team lead.

The team lead is the duty rota's manager (``rota_store.load_rota``, seeded from
``safeguarding.rota.manager``); the alert goes through the outbox at ``Priority.ALERT`` to their own
alert contact and names the reference only: never the person's number or words. One alert per due-by
(the item's dedupe key), audited as ``callback.overdue_alerted``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.app.audit import record
from bot.features.callbacks.refs import clean_ref
from bot.features.callbacks.service import CallbackError, get, is_open
from bot.features.escalations.rota_store import load_rota
from bot.features.practitioners.service import by_username
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact
from flows.callback_times import describe_due
from flows.engine import Priority

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext
    from bot.storage.models import ScheduledItem

log = logging.getLogger(__name__)
ALERT_TEMPLATE = "callback_overdue_alert"


async def callback_overdue(app: AppContext, session: AsyncSession, item: ScheduledItem) -> None:
    """Job handler: alert the team lead about an open call-back past its due-by."""
    now = app.now()
    try:
        cb = await get(session, clean_ref(str(item.payload.get("ref", ""))), lock=True)
    except CallbackError:
        log.warning("callback_overdue item id=%s names no call-back", item.id)
        return
    if not is_open(cb) or now < cb.due_by:
        return  # done, cancelled, or given a later due-by since this item was planned
    lead = (await load_rota(session, app.config, now)).manager
    person = await by_username(session, lead) if lead else None
    contact = await session.get(Contact, person.contact_id) if person and person.contact_id else None
    details: dict[str, object] = {"status": cb.status, "to": lead, "due_by": cb.due_by.isoformat()}
    if person is None or not person.active or contact is None:
        details["failed"] = "no team lead" if lead is None else "team lead cannot be reached"
        log.error("call-back id=%s is overdue and the team lead cannot be alerted", cb.id)
    else:
        params = {
            **app.service.template_params(),
            "cb_ref": cb.ref,
            "due": describe_due(app.service, now, cb.due_by),
        }
        text = app.catalogue.render(ALERT_TEMPLATE, "en", **params)
        await enqueue(
            session,
            contact,
            text,
            now=now,
            priority=Priority.ALERT,
            kind=ALERT_TEMPLATE,
            meta={"callback": cb.ref},
        )
        details["opted_out"] = contact.opted_out
    cb.overdue_alerted_at = now
    session.add(cb)
    await record(
        session, at=now, actor="system", action="callback.overdue_alerted", subject_type="callback",
        subject_id=cb.ref, details=details,
    )  # fmt: skip
