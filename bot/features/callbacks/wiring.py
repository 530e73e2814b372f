"""Call-backs in the shell: the flow, its menu entry and intent, the queries it asks, the overdue job.

Everything the feature registers is named here (``FLOWS``, ``MENU``, ``INTENTS``, ``install``) so it can
move to the app's feature list in one piece. Query contracts: ``flows/callback.py``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.features.callbacks.jobs import callback_overdue
from bot.features.callbacks.service import (
    OVERDUE_KIND,
    CallbackError,
    NewCallback,
    cancel,
    create,
    open_for_contact,
    own_number,
)
from flows.callback import CANCEL_QUERY, CREATE_QUERY, NAME, OPEN_QUERY, CallbackFlow
from flows.callback_window import TimeWindow
from flows.engine import Flow
from flows.menu import MenuEntry

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext
    from bot.storage.models import Contact

log = logging.getLogger(__name__)
FLOWS: tuple[Flow, ...] = (CallbackFlow(),)
MENU: tuple[MenuEntry, ...] = (MenuEntry("choice_menu_callback", NAME, 30),)
INTENTS: dict[str, str] = {"request_callback": NAME}


def _actor(contact: Contact) -> str:
    return f"contact:{contact.id}"


async def callback_open(
    app: AppContext, session: AsyncSession, contact: Contact, params: dict[str, Any]
) -> Any:
    """``{"open": {"ref", "due_by"} | None, "own_number": bool}``."""
    assert contact.id is not None
    cb = await open_for_contact(session, contact.id)
    existing = {"ref": cb.ref, "due_by": cb.due_by.isoformat()} if cb is not None else None
    return {"open": existing, "own_number": own_number(contact) is not None}


async def callback_create(
    app: AppContext, session: AsyncSession, contact: Contact, params: dict[str, Any]
) -> Any:
    """Record the request; ``{"ref", "due_by"}`` or ``{"error": reason}`` (never the number)."""
    request = NewCallback(
        window=TimeWindow.from_slot(params.get("window")),
        safe_to_say=bool(params.get("safe_to_say")),
        voicemail=bool(params.get("voicemail")),
        phone=params.get("phone") or None,
        about=params.get("about") or None,
        requester=str(params.get("requester") or "unknown"),
        for_child=params.get("for_child") or None,
        source=contact.channel,
    )
    try:
        cb = await create(app, session, contact, request, actor=_actor(contact))
    except CallbackError as exc:
        log.warning("call-back not created for contact id=%s (%s)", contact.id, type(exc).__name__)
        return {"error": "not_created"}
    return {"ref": cb.ref, "due_by": cb.due_by.isoformat()}


async def callback_cancel(
    app: AppContext, session: AsyncSession, contact: Contact, params: dict[str, Any]
) -> Any:
    """Cancel the contact's open call-back: ``{"ref": ref | None}``."""
    assert contact.id is not None
    cb = await open_for_contact(session, contact.id)
    if cb is None:
        return {"ref": None}
    await cancel(session, cb, actor=_actor(contact), now=app.now(), reason="person_said_not_needed")
    return {"ref": cb.ref}


def install(app: AppContext) -> None:
    """Register the call-back queries and the overdue job on `app`."""
    app.queries[OPEN_QUERY] = callback_open
    app.queries[CREATE_QUERY] = callback_create
    app.queries[CANCEL_QUERY] = callback_cancel
    app.jobs[OVERDUE_KIND] = callback_overdue
