"""The case page: who may open it, every view and action audited, a text to the young person queued at
priority and shown in the conversation, acknowledge and resolve through the shared actions."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import col, select

from bot.app.context import AppContext
from bot.features.escalations.case_reply import REPLY_KIND, REPLY_PRIORITY
from bot.storage.models import Message
from safeguarding.models import Escalation
from tests.bot.web.dashboard.support import actions, add_staff, client, csrf_of, open_case, sign_in


@pytest.fixture(autouse=True)
async def staff(app: AppContext) -> None:
    await add_staff(app)


async def _post(c: httpx.AsyncClient, ref: str, action: str, **data: str) -> httpx.Response:
    page = await c.get(f"/cases/{ref}")
    return await c.post(f"/cases/{ref}/{action}", data={"csrf": csrf_of(page.text), **data})


async def _outbox(app: AppContext) -> list[Message]:
    async with app.db.session() as session:
        rows = await session.exec(select(Message).where(Message.kind == REPLY_KIND).order_by(col(Message.id)))
        return list(rows.all())


async def test_a_duty_clinician_works_a_case_from_view_to_resolve(app: AppContext) -> None:
    ref = await open_case(app)
    async with client(app) as c:
        await sign_in(c, "duty")
        page = await c.get(f"/cases/{ref}")
        assert page.status_code == 200
        assert "i want to kill myself" in page.text and "Oak Academy" in page.text
        assert "Why it was flagged" in page.text and "Acknowledge" in page.text
        ack = await _post(c, ref, "acknowledge")
        assert ack.status_code == 303 and ack.headers["location"] == f"/cases/{ref}?done=acknowledged"
        again = await _post(c, ref, "acknowledge")  # someone else took it first: refused, and said so
        assert again.status_code == 400 and "already acknowledged" in again.text
        reply = await _post(
            c, ref, "reply", text="Hi, it’s Sam from the school team. Are you safe right now?"
        )
        assert reply.status_code == 303
        shown = await c.get(reply.headers["location"])
        assert "Are you safe right now?" in shown.text and "queued to send now" in shown.text
        done = await _post(
            c, ref, "resolve", outcome="contacted_safe", label="real", note="Spoke on the phone; safe plan."
        )
        assert done.status_code == 303
        closed = await c.get(f"/cases/{ref}")
        assert "contacted safe" in closed.text and "Resolve case" not in closed.text
    sent = await _outbox(app)
    assert len(sent) == 1 and sent[0].priority == REPLY_PRIORITY
    assert sent[0].body == "Hi, it's Sam from the school team. Are you safe right now?"  # plain quote
    async with app.db.session() as session:
        esc = (await session.exec(select(Escalation).where(Escalation.ref == ref))).one()
    assert esc.status == "resolved" and esc.label == "real" and esc.resolved_by == "duty"
    trail = await actions(app, "escalation.")
    for step in ("viewed", "acknowledged", "refused", "replied", "resolved"):
        assert f"practitioner:duty escalation.{step}" in trail, step


async def test_a_reply_with_emoji_or_too_long_is_not_sent(app: AppContext) -> None:
    ref = await open_case(app)
    async with client(app) as c:
        await sign_in(c, "duty")
        emoji = await _post(c, ref, "reply", text="Are you ok? \U0001f642")
        assert emoji.status_code == 400 and "Not sent" in emoji.text and "Are you ok?" in emoji.text
        long = await _post(c, ref, "reply", text="word " * 120)
        assert long.status_code == 400 and "too long" in long.text
        empty = await _post(c, ref, "reply", text="   ")
        assert empty.status_code == 400
    assert await _outbox(app) == []


async def test_resolve_needs_an_outcome_a_label_and_a_note(app: AppContext) -> None:
    ref = await open_case(app)
    async with client(app) as c:
        await sign_in(c, "duty")
        bad = await _post(c, ref, "resolve", outcome="contacted_safe", label="real", note="")
        assert bad.status_code == 400 and "note is required" in bad.text
        other = await _post(c, ref, "resolve", outcome="referred_on", label="other", note="Referred.")
        assert other.status_code == 400 and "category" in other.text
    assert "practitioner:duty escalation.refused" in await actions(app, "escalation.")


async def test_who_may_open_a_case(app: AppContext) -> None:
    ref = await open_case(app)
    async with client(app) as c:
        await sign_in(c, "prac")  # works with Oak Academy
        assert (await c.get(f"/cases/{ref}")).status_code == 200
    async with client(app) as c:
        await sign_in(c, "other")  # a practitioner for other schools
        refused = await c.get(f"/cases/{ref}")
        assert refused.status_code == 403 and "kill" not in refused.text
        cases = await c.get("/cases")
        assert ref not in cases.text
    async with client(app) as c:
        await sign_in(c, "lead")
        refused = await c.get(f"/cases/{ref}")
        assert refused.status_code == 403 and "kill" not in refused.text
        csrf = csrf_of((await c.get("/schools")).text)
        post = await c.post(f"/cases/{ref}/acknowledge", data={"csrf": csrf})
        assert post.status_code == 403
    async with client(app) as c:
        await sign_in(c, "duty")
        assert (await c.get("/cases/NOSUCH")).status_code == 404


async def test_a_case_form_without_csrf_is_refused(app: AppContext) -> None:
    ref = await open_case(app)
    async with client(app) as c:
        await sign_in(c, "duty")
        response = await c.post(f"/cases/{ref}/acknowledge", data={})
        assert response.status_code == 403
    async with app.db.session() as session:
        esc = (await session.exec(select(Escalation).where(Escalation.ref == ref))).one()
    assert esc.status == "open"


async def test_a_note_is_kept_on_the_case_and_audited_without_its_text(app: AppContext) -> None:
    ref = await open_case(app)
    async with client(app) as c:
        await sign_in(c, "duty")
        saved = await _post(c, ref, "note", note="Called mum; she is with him now.")
        assert saved.status_code == 303
        page = (await c.get(saved.headers["location"])).text
        assert "Called mum; she is with him now." in page and "Your note is saved" in page
        empty = await _post(c, ref, "note", note="  ")
        assert empty.status_code == 400
    async with app.db.session() as session:
        from bot.storage.models import AuditEvent

        rows = await session.exec(select(AuditEvent).where(AuditEvent.action == "escalation.noted"))
        noted = list(rows.all())
    assert len(noted) == 1 and "Called mum" not in str(noted[0].details)


async def test_the_case_shows_the_persons_call_backs_and_appointments(app: AppContext) -> None:
    from bot.features.appointments.entry import book_entered
    from bot.features.callbacks.service import NewCallback, create
    from bot.storage.models import Contact
    from tests.bot.web.dashboard.support import YOUNG_PERSON, contact_id

    ref = await open_case(app)
    async with client(app) as c:
        await sign_in(c, "duty")
        before = (await c.get(f"/cases/{ref}")).text
        assert "Call-backs and appointments for this person" in before and "CB-" not in before
    person = await contact_id(app)
    async with app.db.session() as session:
        contact = await session.get(Contact, person)
        assert contact is not None
        asked = NewCallback(window=None, safe_to_say=False, voicemail=False, about="exams")
        cb = await create(app, session, contact, asked, actor="test")
        await book_entered(app, session, phone=YOUNG_PERSON, start="2026-11-18 16:00", kind="phone",
                           actor="practitioner:duty", practitioner="prac")  # fmt: skip
        await session.commit()
    async with client(app) as c:
        await sign_in(c, "duty")
        shown = (await c.get(f"/cases/{ref}")).text
    assert f'href="/callbacks/{cb.ref}"' in shown
    assert 'href="/appointments?view=day&amp;date=2026-11-18"' in shown and "Wed 18 Nov 16:00" in shown
