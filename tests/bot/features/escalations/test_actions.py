"""The shared practitioner actions: each writes exactly one audit event, and every surface calls them."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.cli.main import app as cli
from bot.features.escalations import actions
from bot.features.escalations.actions import ActionRefused, Actor
from bot.storage.migrate import upgrade
from bot.storage.models import AuditEvent
from bot.storage.models.users import Practitioner
from safeguarding import escalations as queue
from safeguarding.models import Escalation
from tests.bot.escalation_support import (
    ANA,
    add_staff,
    escalations,
    rota_config,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.conftest import OFFICE_TIME
from tests.support import ROOT, Chat, make_context

RISK = "i took all my pills and i am scared"
ANA_CLI = Actor("ana", "cli")
BEN_WEB = Actor("ben", "web")


async def _events(app: AppContext) -> list[AuditEvent]:
    async with app.db.session() as s:
        rows = await s.exec(
            select(AuditEvent)
            .where(col(AuditEvent.actor).startswith("practitioner:"))
            .order_by(col(AuditEvent.id))
        )
        return list(rows.all())


async def _case(app: AppContext) -> str:
    await Chat(app).say(RISK)
    [esc] = await escalations(app)
    return esc.ref


async def _do(app: AppContext, act: Callable[..., Awaitable[Any]], ref: str, **kw: Any) -> Any:
    """Run one action in its own transaction (committed after a refusal too, as the surfaces do)."""
    async with app.db.session() as s:
        try:
            return await act(s, ref, now=app.now(), **kw)
        finally:
            await s.commit()


async def _one_new_event(app: AppContext, before: int) -> AuditEvent:
    events = await _events(app)
    assert len(events) == before + 1, [(e.action, e.details) for e in events[before:]]
    return events[-1]


async def test_acknowledge_writes_one_event_and_a_second_is_refused(app: AppContext) -> None:
    ref = await _case(app)
    esc = await _do(app, actions.acknowledge, ref.lower(), actor=ANA_CLI)
    assert (esc.status, esc.acknowledged_by) == ("acknowledged", "ana")
    done = await _one_new_event(app, 0)
    assert (done.action, done.actor, done.subject_id) == ("escalation.acknowledged", "practitioner:ana", ref)
    assert done.details["via"] == "cli"
    with pytest.raises(ActionRefused) as refused:
        await _do(app, actions.acknowledge, ref, actor=BEN_WEB)
    assert refused.value.code == "taken" and "already acknowledged" in str(refused.value)
    event = await _one_new_event(app, 1)
    assert (event.action, event.actor) == ("escalation.refused", "practitioner:ben")
    assert event.details["action"] == "acknowledge" and event.details["via"] == "web"


async def test_unknown_reference_and_stranger_are_refused_once_each(app: AppContext) -> None:
    ref = await _case(app)
    with pytest.raises(ActionRefused) as unknown:
        await _do(app, actions.acknowledge, "zzzzzz", actor=ANA_CLI)
    assert (unknown.value.code, unknown.value.ref) == ("unknown", "ZZZZZZ")
    event = await _one_new_event(app, 0)
    assert event.details == {"action": "acknowledge", "reason": "unknown reference", "via": "cli"}
    with pytest.raises(ActionRefused) as stranger:
        await _do(app, actions.view, ref, actor=Actor("nobody", "web"))
    assert stranger.value.code == "not_allowed" and "not an active practitioner" in str(stranger.value)
    assert (await _one_new_event(app, 1)).actor == "practitioner:nobody"
    [esc] = await escalations(app)
    assert esc.status == "open"


async def test_a_role_that_may_not_work_cases_is_refused(app: AppContext) -> None:
    ref = await _case(app)
    async with app.db.session() as s:
        ben = (await s.exec(select(Practitioner).where(Practitioner.username == "ben"))).one()
        ben.role = "school_lead"
        s.add(ben)
        await s.commit()
    with pytest.raises(ActionRefused) as refused:
        await _do(app, actions.view, ref, actor=BEN_WEB)
    assert refused.value.code == "not_allowed"
    assert (await _one_new_event(app, 0)).action == "escalation.refused"


async def test_resolve_keeps_the_note_on_the_case_not_in_the_audit(app: AppContext) -> None:
    ref = await _case(app)
    with pytest.raises(ActionRefused) as bad:
        await _do(app, actions.resolve, ref, actor=ANA_CLI, outcome="sorted", label="real", note="x")
    assert bad.value.code == "invalid" and "unknown outcome" in str(bad.value)
    await _one_new_event(app, 0)
    esc = await _do(
        app, actions.resolve, ref, actor=ANA_CLI, outcome="contacted_safe", label="real", note="rang mum at 3"
    )
    assert (esc.status, esc.acknowledged_by, esc.note, esc.label) == (
        "resolved",
        "ana",
        "rang mum at 3",
        "real",
    )
    event = await _one_new_event(app, 1)
    assert event.action == "escalation.resolved" and "rang mum" not in str(event.details)


async def test_notes_are_stored_with_the_case_and_audited_without_text(app: AppContext) -> None:
    ref = await _case(app)
    note = await _do(app, actions.add_note, ref, actor=BEN_WEB, text="  spoke to the school nurse  ")
    assert (note.author, note.text) == ("ben", "spoke to the school nurse")
    event = await _one_new_event(app, 0)
    assert event.action == "escalation.noted" and event.details["length"] == len(note.text)
    assert "nurse" not in str(event.details)
    for text in ("   ", "x" * 2001):
        with pytest.raises(ActionRefused) as refused:
            await _do(app, actions.add_note, ref, actor=BEN_WEB, text=text)
        assert refused.value.code == "invalid"
    assert len(await _events(app)) == 3
    async with app.db.session() as s:
        esc = await queue.get(s, ref)
        assert [n.text for n in await queue.notes(s, esc)] == ["spoke to the school nurse"]


async def test_reassign_only_an_acknowledged_case_to_a_practitioner(app: AppContext) -> None:
    ref = await _case(app)
    with pytest.raises(ActionRefused) as still_open:
        await _do(app, actions.reassign, ref, actor=ANA_CLI, to="ben")
    assert still_open.value.code == "taken"
    await _do(app, actions.acknowledge, ref, actor=ANA_CLI)
    with pytest.raises(ActionRefused) as nobody:
        await _do(app, actions.reassign, ref, actor=ANA_CLI, to="nobody")
    assert nobody.value.code == "invalid"
    esc = await _do(app, actions.reassign, ref, actor=ANA_CLI, to="ben")
    assert (esc.status, esc.acknowledged_by) == ("acknowledged", "ben")
    events = await _events(app)
    assert [e.action for e in events] == [
        "escalation.refused",
        "escalation.acknowledged",
        "escalation.refused",
        "escalation.reassigned",
    ]
    assert events[-1].details == {"by": "ana", "to": "ben", "from": "ana", "via": "cli"}


# --- every surface calls the same function ---------------------------------------------------------


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Actor]]:
    """Record each call of actions.acknowledge / view (then run the real one)."""
    calls: list[tuple[str, Actor]] = []
    for name in ("acknowledge", "view"):
        real = getattr(actions, name)

        async def wrapped(*args: Any, _name: str = name, _real: Any = real, **kw: Any) -> Escalation:
            calls.append((_name, kw["actor"]))
            result: Escalation = await _real(*args, **kw)
            return result

        monkeypatch.setattr(actions, name, wrapped)
    return calls


async def test_sms_ack_calls_the_shared_acknowledge(app: AppContext, spy: list[tuple[str, Actor]]) -> None:
    ref = await _case(app)
    replies = await Chat(app).as_(ANA).say(f"ack {ref}")
    assert [r.kind for r in replies] == ["ack_ok"]
    assert spy == [("acknowledge", Actor("ana", "sms"))]
    assert [e.action for e in await _events(app)] == ["escalation.acknowledged"]


def test_cli_ack_and_show_call_the_shared_actions(tmp_path: Path, spy: list[tuple[str, Actor]]) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)

    async def seed() -> str:
        ctx = make_context(url, FixedClock(OFFICE_TIME), config=rota_config())
        try:
            await add_staff(ctx)
            return await _case(ctx)
        finally:
            await ctx.close()

    ref = asyncio.run(seed())
    env = {"WAYMARK_DATABASE_URL": url, "WAYMARK_CONFIG": str(ROOT / "config.yml")}
    runner = CliRunner()
    acked = runner.invoke(cli, ["escalations", "ack", ref, "--as", "ana"], env=env)
    assert acked.exit_code == 0, acked.output
    shown = runner.invoke(cli, ["escalations", "show", ref, "--as", "ben"], env=env)
    assert shown.exit_code == 0, shown.output
    noted = runner.invoke(cli, ["escalations", "note", ref, "--as", "ben", "--text", "rang home"], env=env)
    assert noted.exit_code == 0, noted.output
    again = runner.invoke(cli, ["escalations", "show", ref, "--as", "ben"], env=env)
    assert "ben: rang home" in again.output
    moved = runner.invoke(cli, ["escalations", "reassign", ref, "--as", "ana", "--to", "ben"], env=env)
    assert moved.exit_code == 0 and f"{ref} now with ben" in moved.output
    assert spy == [
        ("acknowledge", Actor("ana", "cli")),
        ("view", Actor("ben", "cli")),
        ("view", Actor("ben", "cli")),
    ]
