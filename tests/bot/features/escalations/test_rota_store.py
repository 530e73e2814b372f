"""The duty rota kept in the database: seeded from config.yml, read by everything through `load_rota`,
edited by checked, audited service functions; an edited rota changes who is alerted and what a young
person is told."""

from __future__ import annotations

import pytest

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.escalations.rota_check import rota_problems
from bot.features.escalations.rota_store import (
    RotaError,
    add_slot,
    is_seeded,
    load_rota,
    remove_slot,
    seed_rota,
    set_manager,
    stored_rota,
)
from bot.messaging.jobs import run_due_items
from tests.bot.escalation_support import (
    ANA,
    BEN,
    MO,
    audit,
    escalations,
    sent_to,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.support import Chat

RISK = "i took all my pills and i am scared"
ACTOR = "practitioner:admin"


def _slot(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "kind": "shift", "days": ["mon", "tue", "wed", "thu", "fri"], "on_date": "", "start": "09:00",
        "end": "17:00", "primary": "ben", "backup": "ana", "actor": ACTOR,
    }  # fmt: skip
    return {**base, **changes}


async def test_before_seeding_the_rota_is_config_and_seeding_copies_it_once(app: AppContext) -> None:
    async with app.db.session() as session:
        assert not await is_seeded(session)
        before = await load_rota(session, app.config, app.now())
        assert [s.primary for s in before.shifts] == ["ana"] and before.manager == "mo"
        assert await seed_rota(session, app.config, app.now())
        assert not await seed_rota(session, app.config, app.now())
        await session.commit()
        after = await load_rota(session, app.config, app.now())
    assert after.shifts == before.shifts and after.manager == before.manager
    assert after.who_is_on(app.now()) == before.who_is_on(app.now())
    assert [e.action for e in await audit(app, "rota.")] == ["rota.seeded"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"primary": "nobody"}, "primary 'nobody' is not a practitioner here"),
        ({"primary": ""}, "choose the primary"),
        ({"backup": "ben"}, "the backup must be someone other than the primary"),
        ({"start": "25:00"}, "start time '25:00' is not HH:MM"),
        ({"end": "09:00"}, "the start and end times must differ"),
        ({"days": []}, "choose at least one day"),
        ({"days": ["mon", "funday"]}, "unknown day 'funday'"),
        ({"kind": "override", "on_date": "soon"}, "give the date of the change as YYYY-MM-DD"),
        ({"kind": "holiday"}, "choose a weekly shift, an on-call entry or a dated change"),
    ],
)
async def test_a_slot_is_checked_before_it_is_stored(
    app: AppContext, changes: dict[str, object], message: str
) -> None:
    async with app.db.session() as session:
        with pytest.raises(RotaError, match=message):
            await add_slot(session, app.config, now=app.now(), **_slot(**changes))  # type: ignore[arg-type]
        assert not await is_seeded(session)  # a refused change stores nothing, not even the seed
    assert await audit(app, "rota.") == []


async def test_an_edited_rota_changes_who_is_alerted(app: AppContext, clock: FixedClock) -> None:
    async with app.db.session() as session:
        _setting, slots = await stored_rota(session, app.config, app.now())
        for slot in slots:
            assert slot.id is not None
            await remove_slot(session, app.config, slot.id, actor=ACTOR, now=app.now())
        await add_slot(session, app.config, now=app.now(), **_slot())  # type: ignore[arg-type]
        await set_manager(session, app.config, "ana", actor=ACTOR, now=app.now())
        await session.commit()
    chat = Chat(app)
    await chat.say(RISK)
    [esc] = await escalations(app)
    assert [m.kind for m in sent_to(app, BEN)] == ["alert_new"] and sent_to(app, ANA) == []
    clock.advance(minutes=5)  # unacknowledged: the backup (now ana) is alerted too
    await run_due_items(app)
    await chat.flush()
    assert [m.kind for m in sent_to(app, ANA)] == ["alert_again"]
    clock.advance(minutes=5)  # then the manager: now ana, no longer mo
    await run_due_items(app)
    await chat.flush()
    assert [m.kind for m in sent_to(app, ANA)] == ["alert_again", "alert_manager"] and sent_to(app, MO) == []
    actions = [e.action for e in await audit(app, "rota.")]
    assert actions == ["rota.seeded", "rota.slot_removed", "rota.slot_added", "rota.manager_set"]
    assert esc.ref


async def test_an_empty_rota_tells_the_young_person_the_team_is_closed(app: AppContext) -> None:
    async with app.db.session() as session:
        _setting, slots = await stored_rota(session, app.config, app.now())
        for slot in slots:
            assert slot.id is not None
            await remove_slot(session, app.config, slot.id, actor=ACTOR, now=app.now())
        await set_manager(session, app.config, "", actor=ACTOR, now=app.now())
        await session.commit()
        problems = await rota_problems(session, app.config)
    assert "the rota has no shifts: every escalation goes straight to the manager" in problems
    assert "the rota has no manager: unacknowledged alerts stop after the backup" in problems
    replies = await Chat(app).say(RISK)
    assert [r.kind for r in replies] == ["crisis_immediate_closed"]
    assert sent_to(app, ANA) == [] and sent_to(app, BEN) == [] and sent_to(app, MO) == []


async def test_a_dated_change_replaces_that_days_shifts(app: AppContext) -> None:
    today = app.service.local(app.now()).date().isoformat()
    async with app.db.session() as session:
        await add_slot(
            session, app.config, now=app.now(),
            **_slot(kind="override", days=[], on_date=today, start="00:00", end="00:00", backup=""),  # type: ignore[arg-type]
        )  # fmt: skip
        await session.commit()
        rota = await load_rota(session, app.config, app.now())
    duty = rota.who_is_on(app.now())
    assert duty is not None and (duty.primary, duty.source) == ("ben", "override")


async def test_removing_a_row_that_is_gone_is_a_clear_error(app: AppContext) -> None:
    async with app.db.session() as session:
        with pytest.raises(RotaError, match="not there any more"):
            await remove_slot(session, app.config, 9999, actor=ACTOR, now=app.now())


async def test_the_manager_must_be_an_active_practitioner(app: AppContext) -> None:
    async with app.db.session() as session:
        with pytest.raises(RotaError, match="manager 'ghost' is not a practitioner here"):
            await set_manager(session, app.config, "ghost", actor=ACTOR, now=app.now())
