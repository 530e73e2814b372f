"""Escalations in the leaf package: open, forward-only transitions, outcomes, queue order, alert plan."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from safeguarding import escalations
from safeguarding.alerting import AGAIN, MANAGER, NEW, REPEAT_WITHOUT_ROTA, apply_step, first_step, next_step
from safeguarding.escalations import EscalationError, NotFound, TransitionError
from safeguarding.models import Escalation
from safeguarding.rota import Rota, Shift

NOW = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)  # a Tuesday, 10am London
ACK = dt.timedelta(minutes=5)
ROTA = Rota(
    shifts=(Shift(("mon", "tue", "wed", "thu", "fri"), dt.time(9), dt.time(17), "ana", "ben"),), manager="mo"
)


@pytest.fixture
async def session(tmp_path: Path) -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'esc.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all, tables=[Escalation.__table__])  # type: ignore[attr-defined]
    async with AsyncSession(engine, expire_on_commit=False) as s:
        yield s
    await engine.dispose()


_refs = (f"REF{i:03d}" for i in itertools.count())


async def _open(session: AsyncSession, severity: str = "high", at: dt.datetime = NOW) -> Escalation:
    esc, _ = await escalations.open_escalation(
        session,
        contact_id=1,
        message_id=7,
        severity=severity,
        categories=["self_harm"],
        matches=[{"entry_id": "sh1"}],
        now=at,
        make_ref=lambda: next(_refs),
    )
    return esc


async def test_open_records_kind_and_audit_note(session: AsyncSession) -> None:
    esc, note = await escalations.open_escalation(
        session, contact_id=3, message_id=9, severity="concern", categories=["bullying"], matches=[], now=NOW
    )
    assert esc.kind == "review" and esc.status == "open" and esc.ack_deadline is None
    assert len(esc.ref) == 6 and set(esc.ref) <= set(escalations.REF_ALPHABET)
    assert note.action == "escalation.opened" and note.ref == esc.ref and note.details["message_id"] == 9


async def test_refs_are_unique_even_when_the_generator_repeats(session: AsyncSession) -> None:
    first = await _open(session)
    again = iter([first.ref, first.ref, "FRESH1"])
    second, _ = await escalations.open_escalation(
        session,
        contact_id=1,
        message_id=8,
        severity="high",
        categories=[],
        matches=[],
        now=NOW,
        make_ref=lambda: next(again),
    )
    assert second.ref == "FRESH1"


async def test_acknowledge_then_resolve_forward_only(session: AsyncSession) -> None:
    esc = await _open(session)
    later = NOW + dt.timedelta(minutes=3)
    _, note = await escalations.acknowledge(session, esc.ref.lower(), by="ana", now=later)
    assert (esc.status, esc.acknowledged_by, esc.acknowledged_at) == ("acknowledged", "ana", later)
    assert note.details == {"by": "ana", "after_deadline": False}
    with pytest.raises(TransitionError, match="already acknowledged"):
        await escalations.acknowledge(session, esc.ref, by="ben", now=later)
    _, note = await escalations.resolve(
        session, esc.ref, by="ana", outcome="contacted_safe", note="Spoke to her; safety plan.", now=later
    )
    assert (esc.status, esc.outcome, esc.resolved_by) == ("resolved", "contacted_safe", "ana")
    with pytest.raises(TransitionError, match="already resolved"):
        await escalations.resolve(session, esc.ref, by="ana", outcome="false_alarm", note="x", now=later)
    with pytest.raises(TransitionError):
        await escalations.acknowledge(session, esc.ref, by="ana", now=later)


async def test_resolve_needs_a_known_outcome_and_a_note(session: AsyncSession) -> None:
    esc = await _open(session)
    with pytest.raises(EscalationError, match="unknown outcome"):
        await escalations.resolve(session, esc.ref, by="ana", outcome="sorted", note="x", now=NOW)
    with pytest.raises(EscalationError, match="note is required"):
        await escalations.resolve(session, esc.ref, by="ana", outcome="false_alarm", note="  ", now=NOW)
    await escalations.resolve(session, esc.ref, by="ana", outcome="false_alarm", note="song lyrics", now=NOW)
    assert esc.acknowledged_by == "ana"  # resolving an open one counts as taking it


async def test_unknown_ref(session: AsyncSession) -> None:
    with pytest.raises(NotFound):
        await escalations.acknowledge(session, "NOPE42", by="ana", now=NOW)


async def test_queue_order_open_first_then_severity_then_age(session: AsyncSession) -> None:
    old_high = await _open(session, "high", NOW)
    concern = await _open(session, "concern", NOW - dt.timedelta(hours=2))
    new_immediate = await _open(session, "immediate", NOW + dt.timedelta(minutes=5))
    newer_high = await _open(session, "high", NOW + dt.timedelta(minutes=1))
    taken = await _open(session, "immediate", NOW - dt.timedelta(hours=1))
    done = await _open(session, "immediate", NOW - dt.timedelta(hours=3))
    await escalations.acknowledge(session, taken.ref, by="ana", now=NOW)
    await escalations.resolve(session, done.ref, by="ana", outcome="referred_on", note="CAMHS", now=NOW)
    queue = [e.ref for e in await escalations.list_queue(session)]
    assert queue == [new_immediate.ref, old_high.ref, newer_high.ref, concern.ref, taken.ref]
    everything = [e.ref for e in await escalations.list_queue(session, include_closed=True)]
    assert everything == [*queue, done.ref]


async def test_alert_ladder_primary_then_backup_then_manager(session: AsyncSession) -> None:
    esc = await _open(session, "immediate")
    step = first_step(ROTA, NOW, ACK)
    assert (step.level, step.targets, step.template, step.next_alert_at) == (0, ("ana",), NEW, NOW + ACK)
    apply_step(esc, step)
    assert next_step(esc, ROTA, NOW + ACK - dt.timedelta(seconds=1), ACK) is None  # not due yet
    again = next_step(esc, ROTA, NOW + ACK, ACK)
    assert again is not None and (again.level, again.targets, again.template) == (1, ("ana", "ben"), AGAIN)
    apply_step(esc, again)
    manager = next_step(esc, ROTA, NOW + 2 * ACK, ACK)
    assert manager is not None and (manager.level, manager.targets, manager.template) == (2, ("mo",), MANAGER)
    apply_step(esc, manager)
    assert esc.alerted == ["ana", "ana", "ben", "mo"]
    # it never goes quiet: the whole ladder again from the next shift's start
    shift = ROTA.next_shift_start(NOW + 2 * ACK)
    assert shift is not None and esc.next_alert_at == shift
    assert next_step(esc, ROTA, shift - dt.timedelta(seconds=1), ACK) is None
    repeat = next_step(esc, ROTA, shift, ACK)
    assert repeat is not None and (repeat.level, repeat.targets, repeat.template) == (0, ("ana",), AGAIN)


async def test_acknowledged_escalation_stops_the_ladder(session: AsyncSession) -> None:
    esc = await _open(session, "high")
    apply_step(esc, first_step(ROTA, NOW, ACK))
    await escalations.acknowledge(session, esc.ref, by="ana", now=NOW + dt.timedelta(minutes=1))
    assert next_step(esc, ROTA, NOW + ACK, ACK) is None


async def test_out_of_hours_waits_for_the_next_shift() -> None:
    friday_night = dt.datetime(2026, 11, 20, 22, 0, tzinfo=dt.UTC)
    step = first_step(ROTA, friday_night, ACK)
    monday_9am = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    assert (step.level, step.targets, step.next_alert_at, step.ack_deadline) == (
        None,
        (),
        monday_9am,
        monday_9am + ACK,
    )


async def test_no_rota_goes_to_the_manager_at_once() -> None:
    step = first_step(Rota(manager="mo"), NOW, ACK)
    assert (step.level, step.targets, step.template) == (2, ("mo",), MANAGER)
    assert step.next_alert_at == NOW + REPEAT_WITHOUT_ROTA  # and again every hour until someone takes it
