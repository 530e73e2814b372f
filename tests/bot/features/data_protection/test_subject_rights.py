"""Subject access export and erasure, through the service functions and `waymark contacts`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.cli.main import app as cli
from bot.features.data_protection.subject_rights import (
    SubjectRightsError,
    erase_contact,
    export_contact,
    find_contact,
)
from bot.storage.migrate import upgrade
from bot.storage.models import AuditEvent, Contact, Message
from safeguarding import escalations as esc_service
from safeguarding.models import Escalation
from tests.bot.escalation_support import add_staff, rota_config
from tests.conftest import OFFICE_TIME
from tests.support import ROOT, Chat, make_context

ACTOR = "practitioner:test"


async def _contact(app: AppContext, number: str = "+447700900001") -> Contact:
    async with app.db.session() as session:
        return await find_contact(session, "sms", number)


async def test_find_contact_takes_any_uk_format(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    assert (await _contact(app, "07700 900001")).address == "+447700900001"
    with pytest.raises(SubjectRightsError):
        await _contact(app, "07700 900999")


async def test_export_holds_everything_and_is_audited(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    await chat.say("i feel anxious")
    contact = await _contact(app)
    async with app.db.session() as session:
        data = await export_contact(app, session, contact, ACTOR)
        await session.commit()
    texts = [m["text"] for m in data["messages"]]
    assert "i feel anxious" in texts and any(m["direction"] == "to you" for m in data["messages"])
    assert data["contact"]["address"] == "+447700900001"
    assert data["safeguarding_cases"] and data["safeguarding_cases"][0]["severity"] == "concern"
    json.dumps(data)  # JSON-ready
    async with app.db.session() as session:
        audit = (await session.exec(select(AuditEvent).where(AuditEvent.action == "contact.exported"))).one()
    assert "anxious" not in json.dumps(audit.details) and "+44" not in json.dumps(audit.details)


async def test_erase_without_cases_deletes_the_contact(app: AppContext, chat: Chat) -> None:
    await chat.say("hi")
    await chat.say("menu")
    contact = await _contact(app)
    async with app.db.session() as session:
        result = await erase_contact(app, session, contact, ACTOR)
        await session.commit()
    assert result.contact_deleted and result.messages_deleted >= 2 and result.messages_kept == 0
    async with app.db.session() as session:
        assert (await session.exec(select(Contact))).first() is None
        assert (await session.exec(select(Message))).first() is None
        actions = (await session.exec(select(AuditEvent.action))).all()
    assert "contact.erased" in actions


async def test_erase_refused_while_a_case_is_open(app: AppContext, chat: Chat) -> None:
    await chat.say("i want to kill myself")
    contact = await _contact(app)
    async with app.db.session() as session:
        with pytest.raises(SubjectRightsError, match="still open"):
            await erase_contact(app, session, contact, ACTOR)


async def test_erase_keeps_a_closed_case_record(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    await chat.say("hi")
    clock.advance(days=3)
    await chat.say("i want to kill myself")
    async with app.db.session() as session:
        case = (await session.exec(select(Escalation))).one()
        await esc_service.resolve(
            session, case.ref, by=ACTOR, outcome=esc_service.OUTCOMES[0], note="safe", now=clock.now()
        )
        await session.commit()
    clock.advance(days=10)
    await chat.say("menu")
    contact = await _contact(app)
    async with app.db.session() as session:
        result = await erase_contact(app, session, contact, ACTOR)
        await session.commit()
    assert not result.contact_deleted and result.kept_for_cases == [case.ref]
    async with app.db.session() as session:
        bodies = (await session.exec(select(Message.body).where(Message.direction == "in"))).all()
        kept = await session.get(Contact, contact.id)
    assert bodies == ["i want to kill myself"]  # "hi" (3 days before) and "menu" (after) are gone
    assert kept is not None and kept.opted_out


def test_cli_export_and_erase(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)

    async def seed() -> None:
        ctx = make_context(url, FixedClock(OFFICE_TIME), config=rota_config())
        try:
            await add_staff(ctx)
            await Chat(ctx).say("hi there")
        finally:
            await ctx.close()

    asyncio.run(seed())
    env = {
        "WAYMARK_DATABASE_URL": url,
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_ENV": "development",
    }
    runner = CliRunner()
    out = tmp_path / "sar.json"
    res = runner.invoke(cli, ["contacts", "export", "07700900001", "--as", "ana", "--out", str(out)], env=env)
    assert res.exit_code == 0, res.output
    assert "hi there" in out.read_text()
    res = runner.invoke(cli, ["contacts", "export", "07700900001", "--as", "nobody"], env=env)
    assert res.exit_code == 2 and "not an active practitioner" in res.output
    res = runner.invoke(cli, ["contacts", "erase", "07700900001", "--as", "ana", "--yes"], env=env)
    assert res.exit_code == 0 and "contact is deleted" in res.output, res.output
    res = runner.invoke(cli, ["retention", "purge", "--dry-run", "--json"], env=env)
    assert res.exit_code == 0 and json.loads(res.output)["dry_run"] is True
