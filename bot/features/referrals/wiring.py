"""Self-referral in the shell: the intake flow, its menu entry, the queries it asks.

Everything the feature registers is named here (``FLOWS``, ``MENU``, ``INTENTS``, the query handlers);
``feature.py`` lists them for the app. Query contracts: ``flows/referral.py``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.features.callbacks.service import own_number
from bot.features.referrals.service import NewReferral, ReferralError, create, open_for_contact
from flows.engine import Flow
from flows.menu import MenuEntry
from flows.referral import NAME, REFERRAL, OpenReferral, OpenReferralQuery, SendReferralQuery, Sent

if TYPE_CHECKING:
    from bot.messaging.effects import Run

log = logging.getLogger(__name__)
FLOWS: tuple[Flow, ...] = (REFERRAL,)
MENU: tuple[MenuEntry, ...] = (MenuEntry("choice_menu_referral", NAME, 40),)
INTENTS: dict[str, str] = {}
"""The NLU has no self-referral intent: requests are recognised by ``flows.referral_answers.asks_to_refer``
in the router (``flows/router.py``), before the NLU."""


async def referral_open(run: Run, query: OpenReferralQuery) -> OpenReferral:
    """The contact's referral waiting for triage, if any; whether their own number is one we can call."""
    assert run.contact.id is not None
    found = await open_for_contact(run.session, run.contact.id)
    return OpenReferral(found.ref if found else None, own_number(run.contact) is not None)


async def referral_send(run: Run, query: SendReferralQuery) -> Sent:
    """Store the referral (the person has consented)."""
    new = NewReferral(
        story=query.story,
        for_whom=query.for_whom,
        age=query.age,
        school_id=query.school_id,
        school_name=query.school_name,
        contact_by=query.contact_by,
        phone=query.phone or (own_number(run.contact) if query.contact_by == "call" else None),
        consent=True,
        safe_to_say=query.safe_to_say,
        voicemail=query.voicemail,
        safe_answer=query.safe_answer,
    )
    try:
        ref = await create(run.session, run.contact, new, actor=f"contact:{run.contact.id}", now=run.now)
    except ReferralError as exc:
        log.warning("referral not created for contact id=%s (%s)", run.contact.id, type(exc).__name__)
        return Sent(None)
    return Sent(ref.ref)
