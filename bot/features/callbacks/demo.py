"""Demo call-backs and referrals for `--demo`: fictional people on Ofcom drama numbers (07700 900xxx), so
`waymark callbacks list` and `waymark referrals list` have something to show at once."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.callbacks import service as callbacks
from bot.features.referrals import service as referrals
from bot.storage.models import Contact, School
from flows.callback_window import AFTER_SCHOOL, MORNING, TimeWindow

if TYPE_CHECKING:
    from bot.app.context import AppContext

DEMO_CALLBACKS = (
    # (number, request, claimed by)
    ("+447700900201", callbacks.NewCallback(
        AFTER_SCHOOL, safe_to_say=False, voicemail=False, about="my son will not go to school",
        requester="parent", for_child="son"), None),
    ("+447700900202", callbacks.NewCallback(
        MORNING, safe_to_say=True, voicemail=True, about="worried about exams",
        requester="pupil"), "demo.duty"),
    ("+447700900203", callbacks.NewCallback(
        TimeWindow("after 2pm", start=dt.time(14, 0)), safe_to_say=True, voicemail=False,
        phone="+441174960123", requester="parent", for_child="daughter"), None),
)  # fmt: skip
DEMO_REFERRALS = (
    ("+447700900204", referrals.NewReferral(
        story="I get really worried before school and feel sick most mornings. It has been like this since"
        " Easter.", for_whom="self", age=14, contact_by="text", consent=True)),
    ("+447700900205", referrals.NewReferral(
        story="My daughter has stopped eating lunch and cries at bedtime. Her teacher noticed too.",
        for_whom="child", age=9, school_name="Oak Hill Primary", contact_by="call", consent=True,
        safe_to_say=True, voicemail=False, safe_answer="given")),
)  # fmt: skip


async def _contact(session: AsyncSession, address: str, app: AppContext, school_id: int | None) -> Contact:
    found = (
        await session.exec(select(Contact).where(Contact.channel == "sms", Contact.address == address))
    ).first()
    if found is not None:
        return found
    contact = Contact(
        channel="sms", address=address, school_id=school_id, first_seen=app.now(), last_seen=app.now()
    )
    session.add(contact)
    await session.flush()
    return contact


async def load_demo_callbacks(app: AppContext, session: object) -> None:
    """A few call-backs (one claimed, called once, with a team note) and referrals waiting for triage (one
    with a note), from demo contacts."""
    assert isinstance(session, AsyncSession)
    school = (await session.exec(select(School).order_by(School.id))).first()  # type: ignore[arg-type]
    school_id = school.id if school else None
    for address, request, claimer in DEMO_CALLBACKS:
        contact = await _contact(session, address, app, school_id)
        cb = await callbacks.create(app, session, contact, request, actor="demo")
        if claimer:
            await callbacks.claim(session, cb.ref, claimer, app.now())
            await callbacks.record_outcome(
                app, session, cb.ref, claimer, "called", note="Spoke briefly; they had to go to a lesson."
            )
            await callbacks.add_note(
                session, cb.ref, claimer, "Ring again before 10am; exams start at 10.", app.now()
            )
    for address, new in DEMO_REFERRALS:
        contact = await _contact(session, address, app, school_id if new.for_whom == "self" else None)
        school_for = school_id if new.for_whom == "self" else None
        made = await referrals.create(
            session,
            contact,
            referrals.NewReferral(**{**new.__dict__, "school_id": school_for}),
            actor="demo",
            now=app.now(),
        )
        if new.for_whom == "self":
            await referrals.add_note(
                session, made.ref, "demo.prac", "Head of year knows; no safeguarding concern.", app.now()
            )
