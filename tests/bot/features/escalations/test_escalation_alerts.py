"""Escalation from a real inbound text: crisis reply, duty alert, re-alert + backup, manager, ACK by SMS."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.messaging.jobs import run_due_items
from safeguarding import Assessment
from tests.bot.escalation_support import (
    ANA,
    BEN,
    MO,
    YOUNG_PERSON,
    add_staff,
    audit,
    escalations,
    rota_config,
    sent_to,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.support import Chat, at_london, make_context, prepare_database

RISK = "i took all my pills and i am scared"


async def _tick(app: AppContext, chat: Chat) -> None:
    """What the background loop does: run due scheduled items, then dispatch."""
    await run_due_items(app)
    await chat.flush()


async def test_risk_message_opens_escalation_and_alerts_the_primary(app: AppContext, chat: Chat) -> None:
    replies = await chat.say(RISK)
    assert [r.kind for r in replies] == ["crisis_immediate"]
    [esc] = await escalations(app)
    assert (esc.kind, esc.severity, esc.status, esc.alert_level) == ("alert", "immediate", "open", 0)
    assert esc.ack_deadline == app.now() + dt.timedelta(minutes=5)
    [alert] = sent_to(app, ANA)
    assert alert.kind == "alert_new" and alert.priority == 10
    assert (
        alert.text == f"Waymark alert {esc.ref}: IMMEDIATE risk. Reply ACK {esc.ref} to take it. "
        "See the duty queue."
    )
    assert sent_to(app, BEN) == [] and sent_to(app, MO) == []


async def test_alert_text_has_no_message_words_or_number(app: AppContext, chat: Chat) -> None:
    await chat.say("my stepdad hits me and i am scared to go home tonight")
    texts = [m.text.lower() for m in sent_to(app, ANA)]
    assert texts
    for text in texts:
        for word in ("stepdad", "hits", "scared", "home", "tonight"):
            assert word not in text
        assert "900001" not in text and YOUNG_PERSON not in text


async def test_no_ack_realerts_with_backup_then_manager(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    await chat.say(RISK)
    [esc] = await escalations(app)
    clock.advance(minutes=4, seconds=59)
    await _tick(app, chat)
    assert len(sent_to(app, ANA)) == 1 and sent_to(app, BEN) == []  # not yet
    clock.advance(seconds=1)  # 5 minutes: the immediate deadline
    await _tick(app, chat)
    assert [m.kind for m in sent_to(app, ANA)] == ["alert_new", "alert_again"]
    assert [m.kind for m in sent_to(app, BEN)] == ["alert_again"]
    assert sent_to(app, MO) == []
    clock.advance(minutes=5)
    await _tick(app, chat)
    assert [m.kind for m in sent_to(app, MO)] == ["alert_manager"]
    assert esc.ref in sent_to(app, MO)[0].text
    clock.advance(minutes=30)
    await _tick(app, chat)
    assert len(sent_to(app, ANA)) == 2 and len(sent_to(app, BEN)) == 1 and len(sent_to(app, MO)) == 1
    [esc] = await escalations(app)
    assert esc.alert_level == 2 and esc.alerted == ["ana", "ana", "ben", "mo"]
    alerted = [e.details["to"] for e in await audit(app, "escalation.alerted")]
    assert alerted == ["ana", "ana", "ben", "mo"]
    planned = [
        (e.actor, e.details["level"], e.details["reason"])
        for e in await audit(app, "escalation.alert_planned")
    ]
    assert planned == [  # every timer step is audited, with why
        ("system", 0, "shift"),
        ("system", 1, "not_acknowledged"),
        ("system", 2, "not_acknowledged"),
    ]


async def test_ack_by_sms_from_the_practitioner_stops_the_ladder(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    await chat.say(RISK)
    [esc] = await escalations(app)
    clock.advance(minutes=2)
    replies = await chat.as_(ANA).say(f"ack {esc.ref.lower()}")
    assert [r.kind for r in replies] == ["ack_ok"] and esc.ref in replies[0].text
    [esc] = await escalations(app)
    assert (esc.status, esc.acknowledged_by, esc.acknowledged_at) == ("acknowledged", "ana", clock.now())
    clock.advance(minutes=20)
    await _tick(app, chat)
    assert len(sent_to(app, ANA)) == 2  # the alert and the ACK confirmation, nothing more
    assert sent_to(app, BEN) == [] and sent_to(app, MO) == []
    [event] = await audit(app, "escalation.acknowledged")
    assert event.actor == "practitioner:ana" and event.subject_id == esc.ref and event.details["via"] == "sms"
    again = await chat.as_(BEN).say(f"ACK {esc.ref}")
    assert [r.kind for r in again] == ["ack_taken"]
    [refused] = await audit(app, "escalation.refused")  # a refused ACK is audited too
    assert (refused.actor, refused.subject_id) == ("practitioner:ben", esc.ref)
    assert refused.details["action"] == "acknowledge" and "already acknowledged" in refused.details["reason"]


async def test_ack_from_a_stranger_reveals_nothing(app: AppContext, chat: Chat) -> None:
    await chat.say(RISK)
    [esc] = await escalations(app)
    replies = await chat.as_("+447700900077").say(f"ACK {esc.ref}")
    assert esc.ref not in " ".join(r.text for r in replies)
    assert all(not r.kind.startswith("ack_") for r in replies)
    [esc] = await escalations(app)
    assert esc.status == "open"
    assert await audit(app, "staff.ack_refused")
    own = await chat.say(f"ACK {esc.ref}")  # the young person themself
    assert all(not r.kind.startswith("ack_") for r in own)
    assert (await escalations(app))[0].status == "open"


async def test_ack_of_an_unknown_ref_from_a_practitioner(app: AppContext, chat: Chat) -> None:
    replies = await chat.as_(ANA).say("ACK ZZZZZZ")
    assert [r.kind for r in replies] == ["ack_unknown"]
    [refused] = await audit(app, "escalation.refused")
    assert (refused.actor, refused.subject_id) == ("practitioner:ana", "ZZZZZZ")
    assert refused.details == {"action": "acknowledge", "reason": "unknown reference", "via": "sms"}


async def test_bare_ack_from_a_practitioner_says_how(app: AppContext, chat: Chat) -> None:
    replies = await chat.as_(ANA).say("ack")
    assert [r.kind for r in replies] == ["ack_how"]
    stranger = await chat.as_("+447700900078").say("ack")
    assert all(not r.kind.startswith("ack_") for r in stranger)  # anyone else: ordinary routing


async def test_out_of_hours_waits_then_alerts_at_shift_start(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 11, 17, 22, 0))  # Tuesday night, no on-call
    replies = await chat.say("i want to kill myself")
    assert [r.kind for r in replies] == ["crisis_high_closed"]
    text = replies[0].text
    assert "We will read this when we open at 9am on Wed 18 Nov" in text and "open now" in text
    assert "told our team" not in text  # nobody is told until 9am: the reply must not say otherwise
    [esc] = await escalations(app)
    shift = at_london(2026, 11, 18, 9, 0)
    assert (esc.alert_level, esc.next_alert_at, esc.ack_deadline) == (None, shift, shift.replace(minute=30))
    assert sent_to(app, ANA) == [] and sent_to(app, MO) == []
    assert [e.action for e in await audit(app, "escalation.waiting")] == ["escalation.waiting"]
    clock.set(at_london(2026, 11, 18, 8, 59))
    await _tick(app, chat)
    assert sent_to(app, ANA) == []
    clock.set(shift)
    await _tick(app, chat)
    assert [m.kind for m in sent_to(app, ANA)] == ["alert_new"]
    [esc] = await escalations(app)
    assert esc.alert_level == 0 and esc.ack_deadline == shift.replace(minute=30)


async def test_out_of_hours_follows_the_on_call_entry(database_url: str, clock: FixedClock) -> None:
    ctx = make_context(database_url, clock, config=rota_config(on_call=True))
    await prepare_database(ctx)
    await add_staff(ctx)
    try:
        clock.set(at_london(2026, 11, 17, 22, 0))
        await Chat(ctx).say("i want to kill myself")
        assert [m.kind for m in sent_to(ctx, BEN)] == ["alert_new"]
        assert sent_to(ctx, ANA) == []
    finally:
        await ctx.close()


async def test_fail_closed_screening_opens_an_escalation(
    app: AppContext, chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(text: str, context: object = None) -> Assessment:
        raise RuntimeError("lexicon unavailable")

    monkeypatch.setattr("bot.messaging.safeguarding_stage.safeguarding.screen", broken)
    replies = await chat.say("see you at 4")
    assert [r.kind for r in replies] == ["crisis_high"]
    [esc] = await escalations(app)
    assert (esc.severity, esc.categories, esc.kind) == ("high", ["unscreened"], "alert")
    assert [m.kind for m in sent_to(app, ANA)] == ["alert_new"]


async def test_opted_out_contact_is_escalated_and_gets_the_crisis_reply(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    await chat.say("STOP")
    replies = await chat.say(RISK)
    assert [r.kind for r in replies] == ["crisis_immediate"]
    [esc] = await escalations(app)
    assert esc.severity == "immediate" and [m.kind for m in sent_to(app, ANA)] == ["alert_new"]


async def test_escalation_failure_still_sends_the_crisis_reply(
    app: AppContext, chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("escalation table missing")

    monkeypatch.setattr("bot.features.escalations.alerts.open_escalation", broken)
    replies = await chat.say(RISK)
    assert [r.kind for r in replies] == ["crisis_immediate"]
    assert await escalations(app) == []
    assert [e.action for e in await audit(app, "escalation.failed")] == ["escalation.failed"]


async def test_rota_member_without_an_account_is_audited(database_url: str, clock: FixedClock) -> None:
    ctx = make_context(database_url, clock, config=rota_config())
    await prepare_database(ctx)  # no practitioners added
    try:
        replies = await Chat(ctx).say(RISK)
        assert [r.kind for r in replies] == ["crisis_immediate"]
        failed = await audit(ctx, "escalation.alert_failed")
        assert [(e.details["to"], e.details["reason"]) for e in failed] == [("ana", "unknown user")]
    finally:
        await ctx.close()
