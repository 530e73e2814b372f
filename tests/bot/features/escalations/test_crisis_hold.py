"""The crisis hold and one case per person, through the real pipeline (see also the golden transcripts in
tests/bot/features/escalations/test_after_disclosure_golden.py)."""

from __future__ import annotations

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.messaging.jobs import run_due_items
from safeguarding.escalations import timeline
from tests.bot.escalation_support import (
    ANA,
    BEN,
    MO,
    add_staff,
    audit,
    escalations,
    rota_config,
    sent_to,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.support import Chat, at_london, make_context, prepare_database


async def _timeline_len(app: AppContext) -> int:
    [esc] = await escalations(app)
    async with app.db.session() as session:
        return len(await timeline(session, esc))


async def test_stop_still_opts_out_during_a_hold_and_the_case_stays_open(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    await chat.say("i want to kill myself")
    assert [r.kind for r in await chat.say("STOP")] == ["stopped"]
    assert await chat.say("nobody listens anyway") == []  # respected: nothing sent
    [esc] = await escalations(app)
    assert esc.status == "open" and await _timeline_len(app) == 2
    assert [r.kind for r in await chat.say("START")] == ["restarted"]


async def test_hold_ends_after_the_configured_hours(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    await chat.say("hi")
    await chat.say("i want to kill myself")
    clock.advance(hours=23)
    assert [r.kind for r in await chat.say("menu")] == ["hold_support"]
    clock.advance(hours=2)
    assert [r.kind for r in await chat.say("menu")] == ["menu"]  # flows resume
    [esc] = await escalations(app)
    assert esc.status == "open"  # the case is still in the queue


async def test_requests_during_a_hold_get_answers_that_fit(app: AppContext, chat: Chat) -> None:
    await chat.say("i want to kill myself")
    for text, kind in (
        ("can someone call me", "hold_call_now"),
        ("what should i do", "hold_what_do"),
        ("are you a real person", "hold_person_now"),
        ("what happens now", "hold_next_now"),
        ("will you tell my mum", "hold_told"),
        ("no one cares anyway", "hold_brief"),  # the full numbers went out minutes ago
        ("15", "hold_brief"),
    ):
        assert [r.kind for r in await chat.say(text)] == [kind], text
    assert await _timeline_len(app) == 7


async def test_the_hold_line_is_brief_soon_after_the_numbers_and_full_again_later(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    await chat.say("i want to kill myself")
    [brief] = await chat.say("im not joking")
    assert brief.kind == "hold_brief"
    assert "call 999" in brief.text and "SHOUT to 85258" in brief.text and "Samaritans" not in brief.text
    assert [r.kind for r in await chat.say("no one cares")] == ["hold_brief"]
    clock.advance(minutes=31)  # half an hour since the last full list of numbers
    [full] = await chat.say("still here")
    assert full.kind == "hold_support" and "Samaritans" in full.text
    assert [r.kind for r in await chat.say("ok")] == ["hold_brief"]


async def test_a_concern_case_becomes_an_alert_when_a_high_text_follows(app: AppContext, chat: Chat) -> None:
    await chat.say("i am being bullied at school")
    assert sent_to(app, ANA) == []
    assert [r.kind for r in await chat.say("i want to kill myself")] == ["crisis_high"]
    [esc] = await escalations(app)
    assert (esc.kind, esc.severity) == ("alert", "high")
    assert [m.kind for m in sent_to(app, ANA)] == ["alert_new"]


async def test_rising_to_immediate_on_an_acknowledged_case_tells_who_took_it(
    app: AppContext, chat: Chat
) -> None:
    await chat.say("i want to kill myself")
    [esc] = await escalations(app)
    await chat.as_(BEN).say(f"ACK {esc.ref}")
    assert [r.kind for r in await chat.say("i took all my pills")] == ["crisis_immediate"]
    assert [m.kind for m in sent_to(app, BEN)] == ["ack_ok", "alert_raised"]
    [esc] = await escalations(app)
    assert (esc.severity, esc.status) == ("immediate", "acknowledged")
    assert [m.kind for m in sent_to(app, ANA)] == ["alert_new"]  # no second ladder


async def test_a_practitioner_in_a_hold_can_still_acknowledge(app: AppContext, chat: Chat) -> None:
    await chat.say("i took all my pills")
    [esc] = await escalations(app)
    await chat.as_(ANA).say("i want to die")  # a staff member's own text opens their own case
    assert [r.kind for r in await chat.as_(ANA).say(f"ACK {esc.ref}")] == ["ack_ok"]


async def test_the_ladder_repeats_at_each_shift_start_until_acknowledged(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 12, 11, 16, 50))  # a Friday, near the end of the shift
    await chat.say("i want to kill myself")
    for when in ((12, 11, 17, 20), (12, 11, 17, 50), (12, 14, 9, 0), (12, 14, 9, 30), (12, 14, 10, 0)):
        clock.set(at_london(2026, *when))
        await run_due_items(app)
        await chat.flush()
    assert [m.kind for m in sent_to(app, MO)] == ["alert_manager", "alert_manager"]
    assert [m.kind for m in sent_to(app, ANA)] == ["alert_new", "alert_again", "alert_again", "alert_again"]
    alerted = [e for e in await audit(app, "escalation.alerted")]
    assert len(alerted) == len(sent_to(app, ANA)) + len(sent_to(app, BEN)) + len(sent_to(app, MO))
    [esc] = await escalations(app)
    assert esc.next_alert_at == at_london(2026, 12, 15, 9, 0)  # and again on Tuesday: never quiet


async def test_on_call_reply_says_the_person_on_call_is_told(database_url: str, clock: FixedClock) -> None:
    ctx = make_context(database_url, clock, config=rota_config(on_call=True))
    await prepare_database(ctx)
    await add_staff(ctx)
    try:
        clock.set(at_london(2026, 12, 8, 22, 0))
        [reply] = await Chat(ctx).say("i want to kill myself")
        assert reply.kind == "crisis_high_on_call" and "told the person on call now" in reply.text
    finally:
        await ctx.close()


async def test_closed_date_skips_the_shift_and_the_reply_says_so(
    database_url: str, clock: FixedClock
) -> None:
    cfg = rota_config()
    hours = cfg.office_hours.model_copy(update={"closed_dates": [at_london(2026, 12, 25, 12).date()]})
    ctx = make_context(database_url, clock, config=cfg.model_copy(update={"office_hours": hours}))
    await prepare_database(ctx)
    await add_staff(ctx)
    try:
        # Thursday night; Friday 25th is closed, Monday 28th is the Boxing Day bank holiday (observed)
        clock.set(at_london(2026, 12, 24, 22, 0))
        [reply] = await Chat(ctx).say("i want to kill myself")
        assert "when we open at 9am on Tue 29 Dec" in reply.text
        [esc] = await escalations(ctx)
        assert esc.next_alert_at == at_london(2026, 12, 29, 9, 0)
    finally:
        await ctx.close()


async def test_nude_images_used_against_someone_get_what_to_do_after_the_crisis_reply(chat: Chat) -> None:
    replies = await chat.say("someone made a fake nude of me and says send 100 quid or it goes to my dad")
    assert [r.kind for r in replies] == ["crisis_high", "images_advice"]
    assert "Do not pay" in replies[1].text and "0800 1111" in replies[1].text


async def test_a_parent_telling_of_sextortion_gets_the_helpers_words(chat: Chat) -> None:
    replies = await chat.say("my son says someone is threatening to share the pics unless he pays them")
    assert [r.kind for r in replies][-1] == "images_advice_other"
    assert replies[-1].text.startswith("Tell them not to pay")


async def test_a_learned_screen_hit_about_nude_images_gets_what_to_do_too(chat: Chat) -> None:
    # no lexicon entry reads this: the learned screen flags it, and its words say it is about nude images
    text = "this account i was talking to has screenshots of my naked pics and wants 300 pounds by tonight"
    replies = await chat.say(text)
    assert replies[0].kind.startswith("crisis_")
    assert [r.kind for r in replies][-1] == "images_advice"


async def test_what_do_i_do_in_a_case_about_images_says_what_to_do_about_them(chat: Chat) -> None:
    await chat.say("someone made a fake nude of me and says send 100 quid or it goes to my dad")
    [reply] = await chat.say("what do i do")
    assert reply.kind == "hold_what_do_images"
    assert reply.text.startswith("Right now: do not pay and do not send more pics.")
    assert "999" in reply.text and "0800 1111" in reply.text


async def test_what_do_i_do_in_another_case_gets_the_usual_answer(chat: Chat) -> None:
    await chat.say("i want to kill myself")
    [reply] = await chat.say("what do i do")
    assert reply.kind == "hold_what_do"


async def test_other_disclosures_get_no_images_advice(chat: Chat) -> None:
    replies = await chat.say("i want to kill myself")
    assert [r.kind for r in replies] == ["crisis_high"]
