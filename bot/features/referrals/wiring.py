"""Self-referral in the shell: the intake flow, its menu entry, the queries it asks.

Everything the feature registers is named here (``FLOWS``, ``MENU``, ``INTENTS``, ``install``) so it can
move to the app's feature list in one piece. Query contracts: ``flows/referral.py``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.features.callbacks.service import own_number
from bot.features.referrals.service import NewReferral, ReferralError, create, open_for_contact
from flows.engine import Flow
from flows.menu import MenuEntry
from flows.referral import CREATE_QUERY, NAME, OPEN_QUERY, ReferralFlow

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext
    from bot.storage.models import Contact

log = logging.getLogger(__name__)
FLOWS: tuple[Flow, ...] = (ReferralFlow(),)
MENU: tuple[MenuEntry, ...] = (MenuEntry("choice_menu_referral", NAME, 40),)
INTENTS: dict[str, str] = {}
"""The NLU has no self-referral intent: requests are recognised by ``flows.referral_answers.asks_to_refer``
in the router (``flows/router.py``), before the NLU."""


async def referral_open(
    app: AppContext, session: AsyncSession, contact: Contact, params: dict[str, Any]
) -> Any:
    """``{"open": ref | None, "own_number": bool}``."""
    assert contact.id is not None
    found = await open_for_contact(session, contact.id)
    return {"open": found.ref if found else None, "own_number": own_number(contact) is not None}


async def referral_create(
    app: AppContext, session: AsyncSession, contact: Contact, params: dict[str, Any]
) -> Any:
    """Record the referral: ``{"ref": ref}`` or ``{"error": reason}``."""
    age = params.get("age")
    new = NewReferral(
        story=str(params.get("story") or ""),
        for_whom=str(params.get("for_whom") or "self"),
        age=int(age) if age is not None else None,
        school_id=params.get("school_id"),
        school_name=params.get("school_name"),
        contact_by=str(params.get("contact_by") or "text"),
        phone=params.get("phone") or (own_number(contact) if params.get("contact_by") == "call" else None),
        consent=bool(params.get("consent")),
    )
    try:
        ref = await create(session, contact, new, actor=f"contact:{contact.id}", now=app.now())
    except ReferralError as exc:
        log.warning("referral not created for contact id=%s (%s)", contact.id, type(exc).__name__)
        return {"error": "not_created"}
    return {"ref": ref.ref}


def install(app: AppContext) -> None:
    """Register the referral queries on `app`."""
    app.queries[OPEN_QUERY] = referral_open
    app.queries[CREATE_QUERY] = referral_create
