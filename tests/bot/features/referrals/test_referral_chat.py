"""Self-referral through the real pipeline: a short intake ending with a reference, stored for triage."""

from __future__ import annotations

from bot.app.context import AppContext
from bot.features.referrals.service import list_referrals
from tests.support import Chat


async def test_pupil_refers_themselves(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    kinds = []
    for text in [
        "i want to refer myself",
        "14",
        "Oak Hill",
        "i keep panicking before school and cant go in",
        "2",
        "yes",
        "yes",
    ]:
        kinds.append([r.kind for r in await chat.say(text)])
    assert kinds == [
        ["referral_ask_age"],
        ["referral_ask_school"],
        ["referral_ask_story"],
        ["concern_support", "referral_ask_contact"],
        ["callback_ask_number"],
        ["referral_ask_consent"],
        ["referral_done_call"],
    ]
    async with app.db.session() as session:
        [ref] = await list_referrals(session)
    assert (ref.for_whom, ref.age, ref.school_name, ref.contact_by, ref.phone) == (
        "self",
        14,
        "Oak Hill",
        "call",
        chat.sender,
    )
