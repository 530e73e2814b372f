"""Who may work the call-back and referral queues, and which call-backs and referrals each person sees.

Duty clinicians, managers and admins see every one; a practitioner those of their schools' contacts (a
referral also when it names one of their schools); a school lead none (they see counts in reports only).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.callbacks.models import Callback
from bot.features.referrals.models import Referral
from bot.storage.models import Contact
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import DUTY_ROLES

QUEUE_ROLES = ("duty_clinician", "practitioner", "manager", "admin")


def sees_everything(person: Practitioner) -> bool:
    return person.role in DUTY_ROLES


def _their_contacts(person: Practitioner) -> Any:
    return select(Contact.id).where(col(Contact.school_id).in_(person.schools or [-1]))


def callbacks_for(person: Practitioner) -> Any:
    """A select of the call-backs `person` may see (caller adds order and filters)."""
    stmt = select(Callback)
    if not sees_everything(person):
        stmt = stmt.where(col(Callback.contact_id).in_(_their_contacts(person)))
    return stmt


def referrals_for(person: Practitioner) -> Any:
    """A select of the referrals `person` may see."""
    stmt = select(Referral)
    if not sees_everything(person):
        stmt = stmt.where(
            or_(
                col(Referral.school_id).in_(person.schools or [-1]),
                col(Referral.contact_id).in_(_their_contacts(person)),
            )
        )
    return stmt


async def may_see_callback(session: AsyncSession, person: Practitioner, cb: Callback) -> bool:
    if sees_everything(person):
        return True
    if person.role != "practitioner":
        return False
    contact = await session.get(Contact, cb.contact_id)
    return contact is not None and contact.school_id is not None and contact.school_id in person.schools


async def may_see_referral(session: AsyncSession, person: Practitioner, referral: Referral) -> bool:
    if sees_everything(person):
        return True
    if person.role != "practitioner":
        return False
    if referral.school_id is not None and referral.school_id in person.schools:
        return True
    contact = await session.get(Contact, referral.contact_id)
    return contact is not None and contact.school_id is not None and contact.school_id in person.schools
