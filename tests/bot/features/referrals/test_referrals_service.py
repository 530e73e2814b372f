"""Referral actions: created only with consent, triaged once, the person told the way they chose."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bot.app.context import AppContext
from bot.features.callbacks.service import list_callbacks
from bot.features.referrals import service
from bot.features.referrals.models import Referral
from bot.features.referrals.service import NewReferral, ReferralError
from bot.storage.models import AuditEvent, Contact, Message

STORY = "I cannot sleep and I keep crying at school"


async def _referral(
    app: AppContext, contact_by: str = "text", consent: bool = True, **safe: bool | str | None
) -> str:
    async with app.db.session() as session:
        contact = Contact(channel="sms", address="+447700900001", first_seen=app.now(), last_seen=app.now())
        session.add(contact)
        await session.flush()
        new = NewReferral(story=STORY, age=13, contact_by=contact_by, consent=consent, **safe)  # type: ignore[arg-type]
        ref = await service.create(session, contact, new, actor="contact:1", now=app.now())
        await session.commit()
        return ref.ref


async def _triage(app: AppContext, ref: str, decision: str, **kw: str) -> service.Triaged:
    async with app.db.session() as session:
        done = await service.triage(app, session, ref, "ana", decision, **kw)
        await session.commit()
        return done


async def test_no_consent_no_referral(app: AppContext) -> None:
    with pytest.raises(ReferralError, match="consent"):
        await _referral(app, consent=False)


async def test_accepted_by_text(app: AppContext) -> None:
    ref = await _referral(app)
    done = await _triage(app, ref, "accepted")
    assert (done.told, done.referral.status, done.referral.triaged_by) == ("texted", "accepted", "ana")
    async with app.db.session() as session:
        [msg] = (await session.exec(select(Message).where(Message.kind == "referral_outcome_accepted"))).all()
        events = (
            await session.exec(
                select(AuditEvent).where(AuditEvent.subject_id == ref).order_by(col(AuditEvent.id))
            )
        ).all()
    assert ref in msg.body and "mental health" not in msg.body.split(".")[0]
    assert [e.action for e in events] == ["referral.created", "referral.triaged"]
    assert STORY not in str([e.details for e in events])
    with pytest.raises(ReferralError, match="already triaged"):
        await _triage(app, ref, "declined", reason="x")


async def test_signposted_names_the_place(app: AppContext) -> None:
    ref = await _referral(app)
    await _triage(app, ref, "signposted", where="Kooth")
    async with app.db.session() as session:
        [msg] = (
            await session.exec(select(Message).where(Message.kind == "referral_outcome_signposted"))
        ).all()
    assert "Kooth" in msg.body


async def test_declining_needs_a_reason_that_is_not_sent(app: AppContext) -> None:
    ref = await _referral(app)
    with pytest.raises(ReferralError, match="reason"):
        await _triage(app, ref, "declined")
    done = await _triage(app, ref, "declined", reason="needs CAMHS specialist assessment")
    assert done.referral.reason == "needs CAMHS specialist assessment"
    async with app.db.session() as session:
        [msg] = (await session.exec(select(Message).where(Message.kind == "referral_outcome_declined"))).all()
    assert "CAMHS" not in msg.body


async def test_by_call_books_a_call_back(app: AppContext) -> None:
    ref = await _referral(app, contact_by="call")
    done = await _triage(app, ref, "accepted")
    async with app.db.session() as session:
        [cb] = await list_callbacks(session)
        assert not (await session.exec(select(Message).where(Message.direction == "out"))).all()
    assert done.told == "callback" and done.callback_ref == cb.ref and cb.source == "referral"


async def _stored(app: AppContext, ref: str) -> Referral:
    async with app.db.session() as session:
        return await service.get(session, ref)


@pytest.mark.parametrize(
    ("given", "stored", "words"),
    [
        ({"safe_to_say": True, "voicemail": True, "safe_answer": "given"}, (True, True, "given"),
         "You may say who we are. Voicemail is OK."),
        ({"safe_to_say": False, "voicemail": False, "safe_answer": "given"}, (False, False, "given"),
         "Do not say who we are. No voicemail."),
        ({"safe_to_say": True, "voicemail": False, "safe_answer": "given"}, (True, False, "given"),
         "You may say who we are. No voicemail."),
        ({"safe_to_say": False, "voicemail": False, "safe_answer": "not known"}, (False, False, "not known"),
         "They did not answer. Do not say who we are. No voicemail."),
        # a referral by call without an answer (or with a "yes" but no answer kind) is stored as not known
        ({}, (False, False, "not known"), "They did not answer. Do not say who we are. No voicemail."),
        ({"safe_to_say": True, "voicemail": True}, (False, False, "not known"),
         "They did not answer. Do not say who we are. No voicemail."),
    ],
)  # fmt: skip
async def test_by_call_keeps_safe_to_say(
    app: AppContext, given: dict[str, object], stored: tuple[object, ...], words: str
) -> None:
    ref = await _referral(app, contact_by="call", **given)  # type: ignore[arg-type]
    referral = await _stored(app, ref)
    assert (referral.safe_to_say, referral.voicemail, referral.safe_answer) == stored
    assert service.if_someone_else_answers(referral) == words
    assert service.safe_ok(referral) == (stored == (True, True, "given"))
    await _triage(app, ref, "accepted")
    async with app.db.session() as session:
        [cb] = await list_callbacks(session)
        [created] = (
            await session.exec(select(AuditEvent).where(AuditEvent.action == "referral.created"))
        ).all()
    # the call-back booked to tell them carries the same answer
    assert (cb.safe_to_say, cb.voicemail) == stored[:2]
    assert (created.details["safe_to_say"], created.details["safe_answer"]) == (stored[0], stored[2])


async def test_not_by_call_has_no_safe_to_say(app: AppContext) -> None:
    ref = await _referral(app, contact_by="text", safe_to_say=True, voicemail=True, safe_answer="given")
    referral = await _stored(app, ref)
    assert (referral.safe_to_say, referral.voicemail, referral.safe_answer) == (None, None, None)
    assert service.if_someone_else_answers(referral) is None


async def test_older_referral_by_call_was_not_asked(app: AppContext) -> None:
    ref = await _referral(app, contact_by="call")
    async with app.db.session() as session:
        referral = await service.get(session, ref)
        referral.safe_to_say = referral.voicemail = referral.safe_answer = None  # as before migration 0012
        session.add(referral)
        await session.commit()
    referral = await _stored(app, ref)
    words = service.if_someone_else_answers(referral)
    assert words == "They were not asked (an older referral). Do not say who we are. No voicemail."
    assert not service.safe_ok(referral)
    await _triage(app, ref, "accepted")
    async with app.db.session() as session:
        [cb] = await list_callbacks(session)
    assert (cb.safe_to_say, cb.voicemail) == (False, False)


async def test_through_school_sends_nothing(app: AppContext) -> None:
    ref = await _referral(app, contact_by="school")
    done = await _triage(app, ref, "accepted")
    assert done.told == "school"
    async with app.db.session() as session:
        assert not (await session.exec(select(Message).where(Message.direction == "out"))).all()


async def test_unknown_decision(app: AppContext) -> None:
    ref = await _referral(app)
    with pytest.raises(ReferralError, match="decision must be one of"):
        await _triage(app, ref, "maybe")
