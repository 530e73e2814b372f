"""Replies around reminders: other texts pass through, STOP right after a reminder, cancelled and moved
appointments lose their reminders, late answers."""

from __future__ import annotations

from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.appointments import service
from bot.features.appointments.models import BOOKED, CANCELLED_BY_TEAM
from bot.messaging.jobs import run_due_items
from bot.storage.models import Contact, ScheduledItem
from bot.storage.models.scheduled import CANCELLED, DONE, PENDING
from tests.bot.features.appointments.support import PERSON, book, practitioner, reload
from tests.support import Chat, at_london


async def _items(app: AppContext) -> list[tuple[str, str]]:
    async with app.db.session() as session:
        rows = await session.exec(select(ScheduledItem).order_by(col(ScheduledItem.id)))
        return [(str(i.dedupe_key), i.status) for i in rows.all()]


async def test_stop_right_after_a_reminder_says_how_to_come_back(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    await book(app, at_london(2026, 11, 19, 15, 30))
    clock.set(at_london(2026, 11, 17, 15, 30))
    await run_due_items(app)
    await chat.flush()
    texts = await chat.texts("END")
    assert texts[-1] == (
        "You will not get any more texts from us, so no reminders. Text START to come back. To cancel an"
        " appointment, text START and then N."
    )
    assert "CANCEL" not in texts[-1]
    assert [status for _key, status in await _items(app)] == [DONE, CANCELLED]


async def test_stop_at_another_time_is_the_usual_confirmation(app: AppContext, chat: Chat) -> None:
    assert (await chat.texts("STOP"))[-1].startswith("You will not get any more texts from us. Text START")


async def test_cancel_is_an_answer_when_the_account_does_not_opt_out_on_it(
    tmp_path: object, clock: FixedClock
) -> None:
    from tests.support import make_context, prepare_database, project_config

    cfg = project_config()
    channels = cfg.channels.model_copy(
        update={
            "sms": cfg.channels.sms.model_copy(update={"opt_out_words": ["STOP", "STOPALL", "UNSUBSCRIBE"]})
        }
    )
    app = make_context(
        f"sqlite:///{tmp_path}/c.db", clock, config=cfg.model_copy(update={"channels": channels})
    )
    await prepare_database(app)
    try:
        clock.set(at_london(2026, 11, 16, 9))
        await practitioner(app)
        appt = await book(app, at_london(2026, 11, 19, 15, 30))
        clock.set(at_london(2026, 11, 17, 15, 30))
        await run_due_items(app)
        chat = Chat(app)
        await chat.flush()
        texts = await chat.texts("cancel")
        assert texts[-1].startswith("OK, we have cancelled your meeting with Sam on Thu 19 Nov")
        async with app.db.session() as session:
            contact = (await session.exec(select(Contact).where(Contact.address == PERSON))).one()
        assert not contact.opted_out
        assert (await reload(app, appt.id or 0)).status == "cancelled_by_person"
    finally:
        await app.close()


async def test_other_texts_after_a_reminder_go_on_as_usual(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    appt = await book(app, at_london(2026, 11, 19, 15, 30))
    clock.set(at_london(2026, 11, 17, 15, 30))
    await run_due_items(app)
    await chat.flush()
    texts = await chat.texts("MENU")
    assert texts[-1].startswith("What would you like to do?")
    assert (await reload(app, appt.id or 0)).status == BOOKED


async def test_team_cancel_and_move_keep_reminders_in_step(app: AppContext, clock: FixedClock) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    first = await book(app, at_london(2026, 11, 19, 15, 30))
    second = await book(app, at_london(2026, 11, 20, 11))
    async with app.db.session() as session:
        await service.cancel_by_team(
            app, session, await service.get(session, first.id or 0), "practitioner:sam"
        )
        moved = await service.reschedule(
            app,
            session,
            await service.get(session, second.id or 0),
            at_london(2026, 11, 24, 11),
            "practitioner:sam",
        )
        await session.commit()
    assert (await reload(app, first.id or 0)).status == CANCELLED_BY_TEAM
    assert moved.revision == 1
    assert await _items(app) == [
        (f"appt:{first.id}:r0:48h", CANCELLED),
        (f"appt:{first.id}:r0:2h", CANCELLED),
        (f"appt:{second.id}:r0:48h", CANCELLED),
        (f"appt:{second.id}:r0:2h", CANCELLED),
        (f"appt:{second.id}:r1:48h", PENDING),
        (f"appt:{second.id}:r1:2h", PENDING),
    ]


async def test_a_reminder_for_an_opted_out_contact_is_dropped(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    await book(app, at_london(2026, 11, 19, 15, 30))
    async with app.db.session() as session:
        contact = (await session.exec(select(Contact).where(Contact.address == PERSON))).one()
        contact.opted_out = True
        session.add(contact)
        await session.commit()
    clock.set(at_london(2026, 11, 19, 14))
    await run_due_items(app)
    assert await chat.flush() == []
    assert {status for _key, status in await _items(app)} == {CANCELLED}


async def test_attended_only_after_the_start(app: AppContext, clock: FixedClock) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    appt = await book(app, at_london(2026, 11, 19, 15, 30))
    async with app.db.session() as session:
        row = await service.get(session, appt.id or 0)
        try:
            await service.mark_outcome(app, session, row, True, "practitioner:sam")
        except service.AppointmentError as exc:
            assert "has not started" in str(exc)
        else:
            raise AssertionError("marked attended before the start")
        clock.set(at_london(2026, 11, 19, 16))
        await service.mark_outcome(app, session, row, False, "practitioner:sam")
        await session.commit()
    assert (await reload(app, appt.id or 0)).status == "did_not_attend"


async def test_subject_access_export_and_erasure_include_appointments(
    app: AppContext, clock: FixedClock
) -> None:
    from bot.features.data_protection.subject_rights import erase_contact, export_contact

    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    appt = await book(app, at_london(2026, 11, 19, 15, 30))
    async with app.db.session() as session:
        contact = (await session.exec(select(Contact).where(Contact.address == PERSON))).one()
        exported = await export_contact(app, session, contact, "practitioner:sam")
        assert [a["kind"] for a in exported["appointments"]] == ["school"]
        erased = await erase_contact(app, session, contact, "practitioner:sam")
        await session.commit()
    assert erased.records_deleted["appointments"] == 1 and erased.contact_deleted
    async with app.db.session() as session:
        assert await session.get(type(appt), appt.id) is None


async def test_a_text_and_the_reminder_batch_at_once_both_finish(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    """On SQLite the batch takes the contacts' locks before the write gate, as the pipeline does."""
    import asyncio

    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    await book(app, at_london(2026, 11, 19, 15, 30))
    clock.set(at_london(2026, 11, 17, 15, 30))
    for order in (0, 1):
        jobs = [run_due_items(app), chat.say(f"hello {order}")]
        await asyncio.wait_for(asyncio.gather(*(jobs if order else reversed(jobs))), timeout=60)
    assert (await _items(app))[0][1] == DONE


async def test_yes_after_asking_to_change_plans_the_reminders_again(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    clock.set(at_london(2026, 11, 16, 9))
    await practitioner(app)
    appt = await book(app, at_london(2026, 11, 19, 15, 30))
    clock.set(at_london(2026, 11, 17, 15, 30))
    await run_due_items(app)
    await chat.flush()
    await chat.say("R")
    async with app.db.session() as session:
        row = await service.get(session, appt.id or 0)
        assert await service.answer_by_person(app, session, row, "yes", None)
        await session.commit()
    assert (await reload(app, appt.id or 0)).revision == 1
    assert (await _items(app))[-1] == (f"appt:{appt.id}:r1:2h", PENDING)
