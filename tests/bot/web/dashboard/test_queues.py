"""The call-back and referral pages and their API: who may open them, each action through the shared
service (one audit event each), CSRF refusals, clear errors, and what a school lead never sees."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.callbacks import service as callbacks
from bot.features.callbacks.models import OUTCOMES
from bot.features.practitioners.accounts import new_api_token
from bot.features.referrals import service as referrals
from bot.storage.models import Contact, Message
from bot.web.dashboard.callback_view import OUTCOME_TEXT
from flows.callback_window import AFTER_SCHOOL
from tests.bot.web.dashboard.support import actions, add_staff, client, csrf_of, sign_in

PARENT = "+447700900011"
PUPIL = "+447700900012"
STRANGER = "+447700900013"
STORY = "I feel sick with worry every morning before school."


@pytest.fixture
async def school(app: AppContext) -> int:
    return await add_staff(app)


async def _contact(app: AppContext, address: str, school_id: int | None) -> Contact:
    async with app.db.session() as session:
        contact = Contact(
            channel="sms", address=address, school_id=school_id, first_seen=app.now(), last_seen=app.now()
        )
        session.add(contact)
        await session.commit()
        await session.refresh(contact)
        return contact


async def new_callback(
    app: AppContext, address: str, school_id: int | None, *, safe: bool = False, voicemail: bool = False
) -> str:
    contact = await _contact(app, address, school_id)
    request = callbacks.NewCallback(
        AFTER_SCHOOL, safe_to_say=safe, voicemail=voicemail, about="my son will not go to school",
        requester="parent", for_child="son",
    )  # fmt: skip
    async with app.db.session() as session:
        cb = await callbacks.create(app, session, contact, request, actor="test")
        await session.commit()
        return cb.ref


async def new_referral(
    app: AppContext,
    address: str,
    school_id: int | None,
    contact_by: str = "text",
    safe: tuple[bool, bool, str] | None = None,
) -> str:
    """`safe`: (safe_to_say, voicemail, safe_answer) for a referral by call."""
    contact = await _contact(app, address, school_id)
    said = dict(zip(("safe_to_say", "voicemail", "safe_answer"), safe, strict=True)) if safe else {}
    new = referrals.NewReferral(
        story=STORY,
        age=14,
        school_id=school_id,
        contact_by=contact_by,
        consent=True,
        **said,  # type: ignore[arg-type]
    )
    async with app.db.session() as session:
        ref = await referrals.create(session, contact, new, actor="test", now=app.now())
        await session.commit()
        return ref.ref


async def _post(c: httpx.AsyncClient, path: str, action: str, **data: str) -> httpx.Response:
    page = await c.get(path)
    return await c.post(f"{path}/{action}", data={"csrf": csrf_of(page.text), **data})


async def _steps(app: AppContext, who: str, prefix: str) -> list[str]:
    """`who`'s audit events whose action starts with `prefix`, as "actor action"."""
    return [a for a in await actions(app, prefix) if a.startswith(f"practitioner:{who} ")]


async def _texts(app: AppContext, kind: str) -> list[Message]:
    async with app.db.session() as session:
        rows = await session.exec(select(Message).where(Message.kind == kind).order_by(col(Message.id)))
        return list(rows.all())


def test_every_outcome_the_service_knows_is_offered_in_words() -> None:
    assert sorted(OUTCOME_TEXT) == sorted(OUTCOMES)


async def test_a_duty_clinician_claims_tries_and_completes_a_call_back(app: AppContext, school: int) -> None:
    ref = await new_callback(app, PARENT, school)
    async with client(app) as c:
        await sign_in(c, "duty")
        listed = await c.get("/callbacks")
        assert listed.status_code == 200 and ref in listed.text
        assert "do not say who we are" in listed.text and "no voicemail" in listed.text
        assert PARENT not in listed.text and "my son" not in listed.text  # no number or words in the list
        page = await c.get(f"/callbacks/{ref}")
        assert page.status_code == 200
        assert PARENT in page.text and "my son will not go to school" in page.text
        assert "Do NOT say who we are" in page.text and "Do NOT leave a voicemail" in page.text
        assert "say-no" in page.text

        claimed = await _post(c, f"/callbacks/{ref}", "claim")
        assert claimed.status_code == 303 and claimed.headers["location"] == f"/callbacks/{ref}?done=claimed"
        shown = await c.get(claimed.headers["location"])
        assert "You claimed this call-back" in shown.text and "Claimed by</dt><dd>duty" in shown.text

        tried = await _post(c, f"/callbacks/{ref}", "attempt", outcome="no_answer", note="rang twice")
        assert tried.status_code == 303
        shown = await c.get(tried.headers["location"])
        assert "No answer, retry due" in shown.text and "rang twice" in shown.text
        assert len(await _texts(app, callbacks.NO_ANSWER_TEMPLATE)) == 1  # "We tried to call you"

        done = await _post(c, f"/callbacks/{ref}", "attempt", outcome="done")
        shown = await c.get(done.headers["location"])
        assert "has left the open list" in shown.text and "Save call" not in shown.text
        assert ref not in (await c.get("/callbacks")).text
        assert ref in (await c.get("/callbacks?show=done")).text
    steps = await _steps(app, "duty", "callback.")
    assert [s for s in steps if not s.endswith(".viewed")] == [
        "practitioner:duty callback.claimed",
        "practitioner:duty callback.outcome",
        "practitioner:duty callback.outcome",
    ]
    assert steps.count("practitioner:duty callback.viewed") == 7  # each page shown (the number is on it)


async def test_the_queue_puts_overdue_then_new_first_and_filters(
    app: AppContext, school: int, clock: FixedClock
) -> None:
    late = await new_callback(app, PARENT, school)
    clock.advance(days=3)
    fresh = await new_callback(app, PUPIL, school, safe=True, voicemail=True)
    taken = await new_callback(app, STRANGER, school)
    async with app.db.session() as session:
        await callbacks.claim(session, taken, "prac", app.now())
        await session.commit()
    async with client(app) as c:
        await sign_in(c, "duty")
        text = (await c.get("/callbacks")).text
        assert text.index(late) < text.index(fresh) < text.index(taken)
        assert "overdue by" in text and "may say who we are" in text
        claimed = (await c.get("/callbacks?show=claimed")).text
        assert taken in claimed and late not in claimed and fresh not in claimed
        assert "overdue by" in (await c.get(f"/callbacks/{late}")).text
        safe = (await c.get(f"/callbacks/{fresh}")).text
        assert "You may say who we are" in safe and "Voicemail is OK" in safe and "say-ok" in safe


async def test_notes_cancel_and_refusals(app: AppContext, school: int) -> None:
    ref = await new_callback(app, PARENT, school)
    async with client(app) as c:
        await sign_in(c, "prac")
        empty = await _post(c, f"/callbacks/{ref}", "attempt")
        assert empty.status_code == 400 and "choose what happened" in empty.text
        blank = await _post(c, f"/callbacks/{ref}", "note", note="   ")
        assert blank.status_code == 400 and "write the note first" in blank.text
        noted = await _post(c, f"/callbacks/{ref}", "note", note="Mum works shifts; try after 4.")
        assert noted.status_code == 303
        assert "Mum works shifts" in (await c.get(noted.headers["location"])).text
        cancelled = await _post(c, f"/callbacks/{ref}", "cancel")
        assert (await c.get(cancelled.headers["location"])).text.count("is cancelled") == 1
        again = await _post(c, f"/callbacks/{ref}", "cancel")
        assert again.status_code == 400 and "already closed" in again.text
    events = await _steps(app, "prac", "callback.")
    assert "practitioner:prac callback.noted" in events and "practitioner:prac callback.cancelled" in events
    assert "Mum works shifts" not in str(await _audit_details(app))


async def _audit_details(app: AppContext) -> list[object]:
    from bot.storage.models import AuditEvent

    async with app.db.session() as session:
        return [e.details for e in (await session.exec(select(AuditEvent))).all()]


async def test_who_may_open_call_backs_and_referrals(app: AppContext, school: int) -> None:
    ours = await new_callback(app, PARENT, school)
    theirs = await new_callback(app, STRANGER, None)
    rf_ours = await new_referral(app, PUPIL, school)
    rf_theirs = await new_referral(app, "+447700900014", None)
    expected = {
        "duty": {ours: 200, theirs: 200, rf_ours: 200, rf_theirs: 200},
        "admin": {ours: 200, theirs: 200, rf_ours: 200, rf_theirs: 200},
        "prac": {ours: 200, theirs: 403, rf_ours: 200, rf_theirs: 403},
        "other": {ours: 403, theirs: 403, rf_ours: 403, rf_theirs: 403},
    }
    for username, codes in expected.items():
        async with client(app) as c:
            await sign_in(c, username)
            lists = (await c.get("/callbacks")).text + (await c.get("/referrals")).text
            for ref, code in codes.items():
                path = f"/{'callbacks' if ref.startswith('CB') else 'referrals'}/{ref}"
                assert (await c.get(path)).status_code == code, (username, ref)
                assert (await c.get(f"/api/v1{path}")).status_code == code, (username, ref)
                assert (ref in lists) == (code == 200), (username, ref)
    async with client(app) as c:
        await sign_in(c, "lead")
        for path in ("/callbacks", f"/callbacks/{ours}", "/referrals", f"/referrals/{rf_ours}"):
            refused = await c.get(path)
            assert refused.status_code == 403, path
            assert PARENT not in refused.text and STORY not in refused.text
            assert (await c.get(f"/api/v1{path}")).status_code == 403
        assert (await c.get("/callbacks/CB-AAAA")).status_code == 403
    async with client(app) as c:
        assert (await c.get("/callbacks")).status_code == 303
        assert (await c.get("/api/v1/callbacks")).status_code == 401
        await sign_in(c, "duty")
        assert (await c.get("/callbacks/CB-AAAA")).status_code == 404
        assert (await c.get("/referrals/RF-AAAA")).status_code == 404


async def test_forms_without_the_csrf_token_are_refused(app: AppContext, school: int) -> None:
    ref = await new_callback(app, PARENT, school)
    rf = await new_referral(app, PUPIL, school)
    async with client(app) as c:
        await sign_in(c, "duty")
        for path, data in (
            (f"/callbacks/{ref}/claim", {}),
            (f"/callbacks/{ref}/attempt", {"outcome": "done"}),
            (f"/callbacks/{ref}/note", {"note": "x"}),
            (f"/callbacks/{ref}/cancel", {}),
            (f"/referrals/{rf}/triage", {"decision": "accepted"}),
            (f"/referrals/{rf}/note", {"note": "x"}),
        ):
            assert (await c.post(path, data=data)).status_code == 403, path
            assert (await c.post(path, data={**data, "csrf": "forged"})).status_code == 403, path
    async with app.db.session() as session:
        cb = await callbacks.get(session, ref)
        assert cb.status == "new" and cb.claimed_by is None
        assert (await referrals.get(session, rf)).status == "new"
    assert await actions(app, "callback.claimed") == []


async def test_a_referral_is_read_noted_and_triaged(app: AppContext, school: int, clock: FixedClock) -> None:
    rf = await new_referral(app, PUPIL, school)
    clock.advance(days=10)
    async with client(app) as c:
        await sign_in(c, "prac")
        listed = (await c.get("/referrals")).text
        assert rf in listed and "overdue by" in listed and STORY not in listed
        page = await c.get(f"/referrals/{rf}")
        assert STORY in page.text and "Oak Academy" in page.text and "By text" in page.text
        assert "Yes: they agreed" in page.text
        refused = await _post(c, f"/referrals/{rf}", "triage", decision="declined")
        assert (
            refused.status_code == 400
            and "needs a reason." in refused.text
            and "--reason" not in refused.text
        )
        no_where = await _post(c, f"/referrals/{rf}", "triage", decision="signposted")
        assert no_where.status_code == 400 and "say where it was signposted" in no_where.text
        noted = await _post(c, f"/referrals/{rf}", "note", note="Spoke to head of year.")
        assert noted.status_code == 303
        done = await _post(c, f"/referrals/{rf}", "triage", decision="signposted", where="Kooth online")
        assert done.status_code == 303
        shown = (await c.get(done.headers["location"])).text
        assert "The referral is triaged" in shown and "They were sent a text." in shown
        assert "Kooth online" in shown and "Spoke to head of year." in shown and "Save decision" not in shown
        assert rf not in (await c.get("/referrals")).text
        assert rf in (await c.get("/referrals?show=signposted")).text
    texts = await _texts(app, "referral_outcome_signposted")
    assert len(texts) == 1 and "Kooth online" in texts[0].body
    events = await _steps(app, "prac", "referral.")
    assert "practitioner:prac referral.triaged" in events and "practitioner:prac referral.noted" in events
    assert "head of year" not in str(await _audit_details(app))


async def test_a_referral_to_be_told_by_phone_books_a_call_back(app: AppContext, school: int) -> None:
    rf = await new_referral(app, PUPIL, school, contact_by="call")
    async with client(app) as c:
        await sign_in(c, "duty")
        done = await _post(c, f"/referrals/{rf}", "triage", decision="accepted")
        shown = (await c.get(done.headers["location"])).text
        assert "A call-back was booked to tell them: CB-" in shown
        assert "CB-" in (await c.get("/callbacks")).text


async def test_a_referral_by_call_says_plainly_what_we_may_say(app: AppContext, school: int) -> None:
    not_safe = await new_referral(app, PUPIL, school, contact_by="call", safe=(False, False, "given"))
    safe = await new_referral(app, PARENT, school, contact_by="call", safe=(True, True, "given"))
    unknown = await new_referral(app, STRANGER, school, contact_by="call", safe=(False, False, "not known"))
    by_text = await new_referral(app, "+447700900015", school)
    async with client(app) as c:
        await sign_in(c, "duty")
        page = (await c.get(f"/referrals/{not_safe}")).text
        assert "If someone else answers" in page and "Do not say who we are. No voicemail." in page
        assert "say-no" in page and "Ask for the person only." in page
        page = (await c.get(f"/referrals/{safe}")).text
        assert "You may say who we are. Voicemail is OK." in page and "say-ok" in page
        assert "Do not say who we are" not in page
        page = (await c.get(f"/referrals/{unknown}")).text
        assert "They did not answer. Do not say who we are. No voicemail." in page and "say-no" in page
        page = (await c.get(f"/referrals/{by_text}")).text
        assert "If someone else answers" not in page
        listed = (await c.get("/referrals")).text
        assert listed.count("Do not say who we are. No voicemail.") == 2
        assert listed.count("You may say who we are. Voicemail is OK.") == 1
    async with app.db.session() as session:
        token = await new_api_token(session, "duty", actor="cli", now=app.now())
        await session.commit()
    auth = {"authorization": f"Bearer {token}"}
    async with client(app) as c:
        rows = {r["ref"]: r for r in (await c.get("/api/v1/referrals", headers=auth)).json()}
        detail = (await c.get(f"/api/v1/referrals/{not_safe}", headers=auth)).json()
    said = {
        ref: (r["safe_to_say"], r["voicemail"], r["safe_answer"], r["safe_ok"]) for ref, r in rows.items()
    }
    assert said == {
        not_safe: (False, False, "given", False),
        safe: (True, True, "given", True),
        unknown: (False, False, "not known", False),
        by_text: (None, None, None, False),
    }
    assert detail["if_someone_else_answers"] == "Do not say who we are. No voicemail."
    assert rows[by_text]["if_someone_else_answers"] is None


async def test_the_api_lists_and_shows_with_a_token(app: AppContext, school: int) -> None:
    ref = await new_callback(app, PARENT, school)
    rf = await new_referral(app, PUPIL, school)
    async with app.db.session() as session:
        token = await new_api_token(session, "duty", actor="cli", now=app.now())
        await session.commit()
    auth = {"authorization": f"Bearer {token}"}
    async with client(app) as c:
        items = (await c.get("/api/v1/callbacks", headers=auth)).json()
        assert [i["ref"] for i in items] == [ref] and items[0]["safe_to_say"] is False
        assert PARENT not in str(items) and "son will not" not in str(items)
        one = (await c.get(f"/api/v1/callbacks/{ref}", headers=auth)).json()
        assert one["phone"] == PARENT and one["attempts"] == [] and one["open"] is True
        assert (await c.get("/api/v1/callbacks?show=nonsense", headers=auth)).status_code == 422
        assert (await c.get("/api/v1/callbacks?show=done", headers=auth)).json() == []
        rows = (await c.get("/api/v1/referrals", headers=auth)).json()
        assert [r["ref"] for r in rows] == [rf] and STORY not in str(rows)
        detail = (await c.get(f"/api/v1/referrals/{rf}", headers=auth)).json()
        assert detail["story"] == STORY and detail["consent"] is True and detail["triage_due"]
    assert "practitioner:duty callback.viewed" in await _steps(app, "duty", "callback.viewed")
    assert "practitioner:duty referral.viewed" in await _steps(app, "duty", "referral.viewed")
    async with client(app) as c:
        await sign_in(c, "admin")
        paths = (await c.get("/openapi.json")).json()["paths"]
        for path in (
            "/api/v1/callbacks",
            "/api/v1/callbacks/{ref}",
            "/api/v1/referrals",
            "/api/v1/referrals/{ref}",
        ):
            assert path in paths, path
        assert "/callbacks" not in paths


async def test_the_audit_log_filters_by_call_back_or_referral_reference(app: AppContext, school: int) -> None:
    ref = await new_callback(app, PARENT, school)
    rf = await new_referral(app, PUPIL, school)
    async with client(app) as c:
        await sign_in(c, "duty")
        await _post(c, f"/callbacks/{ref}", "claim")
        await _post(c, f"/referrals/{rf}", "triage", decision="accepted")
    async with client(app) as c:
        await sign_in(c, "admin")
        log = (await c.get(f"/audit?case={ref.lower().replace('-', ' ')}")).text
        assert "callback.claimed" in log and f'href="/callbacks/{ref}"' in log and "referral." not in log
        log = (await c.get(f"/audit?case={rf}")).text
        assert "referral.triaged" in log and "callback." not in log
