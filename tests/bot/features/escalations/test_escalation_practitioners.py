"""Practitioner accounts: argon2 passwords, alert addresses as contacts, the demo staff."""

from __future__ import annotations

import pytest

from bot.app.context import AppContext
from bot.app.demo import load_demo
from bot.features.practitioners.service import (
    PractitionerError,
    all_practitioners,
    create_practitioner,
    for_contact,
    normalise_address,
    verify_password,
)
from bot.storage.models import Contact


async def test_password_is_hashed_and_checked(app: AppContext) -> None:
    async with app.db.session() as s:
        person = await create_practitioner(
            s,
            username="ana",
            display_name="Ana",
            role="duty_clinician",
            channel="sms",
            address="07700 900501",
            now=app.now(),
            password="long enough secret",
        )
        assert person.password_hash and "long enough secret" not in person.password_hash
        assert person.password_hash.startswith("$argon2")
        assert verify_password(person, "long enough secret")
        assert not verify_password(person, "wrong")
        contact = await s.get(Contact, person.contact_id)
        assert contact is not None and (contact.channel, contact.address) == ("sms", "+447700900501")
        found = await for_contact(s, contact)
        assert found is not None and found.username == "ana"
        person.active = False
        s.add(person)
        await s.flush()
        assert await for_contact(s, contact) is None  # inactive accounts cannot ACK


def test_addresses_are_normalised_or_refused() -> None:
    assert normalise_address("sms", "07700 900501") == "+447700900501"
    assert normalise_address("sms", "+44 7700 900501") == "+447700900501"
    assert normalise_address("telegram", "123456") == "123456"
    with pytest.raises(PractitionerError):
        normalise_address("sms", "not a number")
    with pytest.raises(PractitionerError):
        normalise_address("telegram", "@someone")


async def test_demo_adds_the_rota_practitioners(app: AppContext) -> None:
    assert await load_demo(app)
    async with app.db.session() as s:
        names = {p.username for p in await all_practitioners(s)}
    from bot.features.escalations.duty import rota_from_config

    assert rota_from_config(app.config).usernames() <= names
