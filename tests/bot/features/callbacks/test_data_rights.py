"""A contact's call-backs and referrals are in their subject access export and go when they are erased."""

from __future__ import annotations

from sqlmodel import select

from bot.app.context import AppContext
from bot.features.callbacks.models import Callback, CallbackAttempt, CallbackNote
from bot.features.callbacks.service import add_note as add_callback_note
from bot.features.data_protection.subject_rights import erase_contact, export_contact, find_contact
from bot.features.referrals.models import Referral, ReferralNote
from bot.features.referrals.service import add_note as add_referral_note
from tests.support import Chat


async def test_export_then_erase(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    for text in ("please call me back tomorrow morning", "yes", "yes", "about my son"):
        await chat.say(text)
    for text in (
        "i want to refer myself",
        "15",
        "skip",
        "my exams are coming up and i want some help to plan revision",
        "1",
        "yes",
    ):
        await chat.say(text)
    async with app.db.session() as session:
        cb = (await session.exec(select(Callback))).one()
        session.add(CallbackAttempt(callback_id=cb.id or 0, at=app.now(), by="ana", outcome="called"))
        await add_callback_note(session, cb.ref, "ana", "Mum asked us to ring after 4.", app.now())
        rf = (await session.exec(select(Referral))).one()
        await add_referral_note(session, rf.ref, "ana", "School has been told.", app.now())
        await session.commit()
    async with app.db.session() as session:
        contact = await find_contact(session, "sms", chat.sender)
        data = await export_contact(app, session, contact, "practitioner:test")
        assert data["callbacks"][0]["about"] == "my son" and data["callbacks"][0]["number"] == chat.sender
        assert (
            data["referrals"][0]["what_is_going_on"]
            == "my exams are coming up and i want some help to plan revision"
        )
        assert data["callbacks"][0]["team_notes"][0]["note"] == "Mum asked us to ring after 4."
        assert data["referrals"][0]["team_notes"][0]["note"] == "School has been told."
        assert data["referrals"][0]["say_who_we_are"] is None  # by text: not asked (a call asks it)
        result = await erase_contact(app, session, contact, "practitioner:test")
        await session.commit()
    assert result.records_deleted["callbacks"] == 1 and result.records_deleted["referrals"] == 1
    async with app.db.session() as session:
        for model in (Callback, CallbackAttempt, CallbackNote, Referral, ReferralNote):
            assert (await session.exec(select(model))).first() is None
