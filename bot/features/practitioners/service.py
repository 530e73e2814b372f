"""Practitioner accounts: create, find, check passwords, and the contact row their alerts go to.

A practitioner's alert address (an SMS number or a Telegram chat id) is an ordinary ``contact`` row, so
alerts use the outbox and dispatcher like every other text, and an ``ACK`` from that address arrives as
an ordinary inbound message that the staff stage (``bot/features/escalations/staff.py``) recognises.
"""

from __future__ import annotations

import datetime as dt

import phonenumbers
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import Contact
from bot.storage.models.users import ROLES, Practitioner

_hasher = PasswordHasher()


class PractitionerError(ValueError):
    """A practitioner cannot be created as asked; the message is ready for people."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(practitioner: Practitioner, password: str) -> bool:
    """True when `password` matches; never raises for a wrong or missing hash."""
    if not practitioner.password_hash:
        return False
    try:
        return _hasher.verify(practitioner.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_address(channel: str, address: str) -> str:
    """An SMS number in E.164 (UK numbers may be written 07700 900123); a Telegram chat id as digits."""
    address = address.strip()
    if channel == "telegram":
        if not address.lstrip("-").isdigit():
            raise PractitionerError("a Telegram alert address is the numeric chat id")
        return address
    try:
        number = phonenumbers.parse(address, "GB")
    except phonenumbers.NumberParseException as exc:
        raise PractitionerError(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_possible_number(number):
        raise PractitionerError("not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


async def alert_contact(session: AsyncSession, channel: str, address: str, now: dt.datetime) -> Contact:
    """The contact row for an alert address, created if new."""
    found = await session.exec(select(Contact).where(Contact.channel == channel, Contact.address == address))
    contact = found.first()
    if contact is None:
        contact = Contact(channel=channel, address=address, first_seen=now, last_seen=now)
        session.add(contact)
        await session.flush()
    return contact


async def create_practitioner(
    session: AsyncSession,
    *,
    username: str,
    display_name: str,
    role: str,
    channel: str,
    address: str,
    now: dt.datetime,
    password: str | None = None,
) -> Practitioner:
    """Add a practitioner and their alert contact to the caller's session (not committed)."""
    if role not in ROLES:
        raise PractitionerError(f"role must be one of: {', '.join(ROLES)}")
    if channel not in ("sms", "telegram"):
        raise PractitionerError("alert channel must be sms or telegram")
    if await by_username(session, username) is not None:
        raise PractitionerError(f"username {username!r} is taken")
    normalised = normalise_address(channel, address)
    contact = await alert_contact(session, channel, normalised, now)
    person = Practitioner(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=hash_password(password) if password else None,
        alert_channel=channel,
        alert_address=normalised,
        contact_id=contact.id,
        active=True,
        created_at=now,
    )
    session.add(person)
    await session.flush()
    return person


async def by_username(session: AsyncSession, username: str) -> Practitioner | None:
    rows = await session.exec(select(Practitioner).where(Practitioner.username == username))
    return rows.first()


async def for_contact(session: AsyncSession, contact: Contact) -> Practitioner | None:
    """The active practitioner whose alert address is this contact, if any."""
    rows = await session.exec(
        select(Practitioner).where(
            Practitioner.alert_channel == contact.channel,
            Practitioner.alert_address == contact.address,
            col(Practitioner.active).is_(True),
        )
    )
    return rows.first()


async def all_practitioners(session: AsyncSession) -> list[Practitioner]:
    rows = await session.exec(select(Practitioner).order_by(col(Practitioner.username)))
    return list(rows.all())
