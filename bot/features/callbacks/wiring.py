"""Call-backs in the shell: the flow, its menu entry and intent, the queries it asks, the overdue job.

Everything the feature registers is named here (``FLOWS``, ``MENU``, ``INTENTS``, the query handlers);
``feature.py`` lists them for the app. Query contracts: ``flows/callback.py``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.features.callbacks.service import (
    CallbackError,
    NewCallback,
    cancel,
    create,
    open_for_contact,
    own_number,
)
from flows.callback import (
    CALLBACK,
    NAME,
    BookCallbackQuery,
    Booked,
    CancelCallbackQuery,
    Cancelled,
    OpenCallback,
    OpenCallbackQuery,
)
from flows.callback_window import TimeWindow
from flows.engine import Flow
from flows.menu import MenuEntry

if TYPE_CHECKING:
    from bot.messaging.effects import Run

log = logging.getLogger(__name__)
FLOWS: tuple[Flow, ...] = (CALLBACK,)
MENU: tuple[MenuEntry, ...] = (MenuEntry("choice_menu_callback", NAME, 30),)
INTENTS: dict[str, str] = {"request_callback": NAME}


def _actor(run: Run) -> str:
    return f"contact:{run.contact.id}"


async def callback_open(run: Run, query: OpenCallbackQuery) -> OpenCallback:
    """The contact's open call-back, if any; whether their own number is one we can call."""
    assert run.contact.id is not None
    cb = await open_for_contact(run.session, run.contact.id)
    own = own_number(run.contact) is not None
    if cb is None:
        return OpenCallback(None, None, own)
    return OpenCallback(cb.ref, cb.due_by, own, TimeWindow.from_slot(cb.window))


async def callback_book(run: Run, query: BookCallbackQuery) -> Booked:
    """Record the request (its due-by from office hours, the window and the standard)."""
    request = NewCallback(
        window=query.window,
        safe_to_say=query.safe_to_say,
        voicemail=query.voicemail,
        phone=query.phone,
        about=query.about,
        requester=query.requester,
        for_child=query.for_child,
        source=run.contact.channel,
    )
    try:
        cb = await create(run.app, run.session, run.contact, request, actor=_actor(run))
    except CallbackError as exc:
        log.warning("call-back not created for contact id=%s (%s)", run.contact.id, type(exc).__name__)
        return Booked(None)
    return Booked(cb.ref, cb.due_by)


async def callback_cancel(run: Run, query: CancelCallbackQuery) -> Cancelled:
    """Cancel the contact's open call-back, if there is one."""
    assert run.contact.id is not None
    cb = await open_for_contact(run.session, run.contact.id)
    if cb is None:
        return Cancelled(None)
    await cancel(run.session, cb, actor=_actor(run), now=run.now, reason="person_said_not_needed")
    return Cancelled(cb.ref)
