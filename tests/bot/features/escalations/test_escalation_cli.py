"""`waymark escalations ...` and `waymark users ...` through typer's CliRunner on a migrated SQLite file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.app.clock import FixedClock
from bot.cli.main import app as cli
from bot.storage.migrate import upgrade
from bot.storage.models import Contact
from bot.storage.models.users import Practitioner
from tests.bot.escalation_support import add_staff, audit, escalations, rota_config
from tests.conftest import OFFICE_TIME
from tests.support import ROOT, Chat, make_context

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    return {
        "WAYMARK_DATABASE_URL": url,
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_ENV": "development",
    }


def _seed(
    url: str, texts: list[str], *, opt_out_first: bool = False, same_contact: bool = False
) -> list[str]:
    """Staff plus young people's texts (one each), processed by the real pipeline. Returns the refs."""

    async def go() -> list[str]:
        ctx = make_context(url, FixedClock(OFFICE_TIME), config=rota_config())
        try:
            async with ctx.db.session() as session:
                staffed = (await session.exec(select(Practitioner.id))).first() is not None
            if not staffed:
                await add_staff(ctx)
            chat = Chat(ctx)
            if opt_out_first:
                await chat.say("hi")
                await chat.say("STOP")
            for i, text in enumerate(texts):  # one young person per text (unless same_contact)
                await (chat if i == 0 or same_contact else chat.as_(f"+4477009001{i:02d}")).say(text)
            return [e.ref for e in await escalations(ctx)]
        finally:
            await ctx.close()

    return asyncio.run(go())


def _events(url: str, prefix: str) -> list[tuple[str, str, str]]:
    async def go() -> list[tuple[str, str, str]]:
        ctx = make_context(url, FixedClock(OFFICE_TIME))
        try:
            return [(e.actor, e.action, e.subject_id) for e in await audit(ctx, prefix)]
        finally:
            await ctx.close()

    return asyncio.run(go())


def test_list_ack_resolve_show_are_audited(env: dict[str, str]) -> None:
    url = env["WAYMARK_DATABASE_URL"]
    high, immediate = _seed(url, ["i want to kill myself", "i took all my pills"])
    listed = runner.invoke(cli, ["escalations", "list", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert [r["ref"] for r in rows] == [immediate, high]  # immediate first
    assert "kill" not in listed.output and "pills" not in listed.output  # no message text in the list

    acked = runner.invoke(cli, ["escalations", "ack", immediate, "--as", "ana"], env=env)
    assert acked.exit_code == 0 and f"{immediate} acknowledged by ana" in acked.output
    twice = runner.invoke(cli, ["escalations", "ack", immediate, "--as", "ben"], env=env)
    assert twice.exit_code == 2 and "already acknowledged" in twice.output

    shown = runner.invoke(cli, ["escalations", "show", immediate, "--as", "ben"], env=env)
    assert shown.exit_code == 0 and "i took all my pills" in shown.output

    wrong = ["--outcome", "sorted", "--label", "real", "--note", "x"]
    bad = runner.invoke(cli, ["escalations", "resolve", immediate, "--as", "ana", *wrong], env=env)
    assert bad.exit_code == 2 and "unknown outcome" in bad.output
    done = runner.invoke(
        cli,
        [
            "escalations",
            "resolve",
            immediate,
            "--as",
            "ana",
            "--outcome",
            "emergency_services",
            "--label",
            "real",
            "--note",
            "999 called",
        ],
        env=env,
    )
    assert done.exit_code == 0, done.output
    open_only = json.loads(runner.invoke(cli, ["escalations", "list", "--json"], env=env).output)
    assert [r["ref"] for r in open_only] == [high]
    everything = json.loads(runner.invoke(cli, ["escalations", "list", "--all", "--json"], env=env).output)
    assert {r["ref"]: r["status"] for r in everything} == {high: "open", immediate: "resolved"}

    events = [e for e in _events(url, "escalation.") if e[2] == immediate and e[0] != "system"]
    assert events == [
        ("practitioner:ana", "escalation.acknowledged", immediate),
        ("practitioner:ben", "escalation.refused", immediate),  # the second ack
        ("practitioner:ben", "escalation.viewed", immediate),
        ("practitioner:ana", "escalation.refused", immediate),  # the unknown outcome
        ("practitioner:ana", "escalation.resolved", immediate),
    ]
    assert _events(url, "escalations.listed") == [("cli", "escalations.listed", "*")] * 3


def test_stranger_cannot_act(env: dict[str, str]) -> None:
    [ref] = _seed(env["WAYMARK_DATABASE_URL"], ["i want to kill myself"])
    result = runner.invoke(cli, ["escalations", "show", ref, "--as", "nobody"], env=env)
    assert result.exit_code == 2 and "not an active practitioner" in result.output
    assert "kill" not in result.output


def test_list_warns_about_opted_out_and_unreachable_contacts(env: dict[str, str]) -> None:
    url = env["WAYMARK_DATABASE_URL"]
    _seed(url, ["i want to kill myself"], opt_out_first=True)

    async def unreachable() -> None:
        ctx = make_context(url, FixedClock(OFFICE_TIME))
        async with ctx.db.session() as s:
            contact = (await s.exec(select(Contact).where(Contact.address == "+447700900001"))).one()
            contact.unreachable, contact.unreachable_reason = True, "30006"
            s.add(contact)
            await s.commit()
        await ctx.close()

    asyncio.run(unreachable())
    out = runner.invoke(cli, ["escalations", "list"], env=env).output
    assert "opted out" in out and "unreachable (30006)" in out


def test_rota_shows_who_is_on(env: dict[str, str]) -> None:
    day = runner.invoke(cli, ["escalations", "rota", "--at", "2026-11-17T10:00+00:00"], env=env)
    assert day.exit_code == 0 and "primary: demo.duty" in day.output and "backup:  demo.backup" in day.output
    night = runner.invoke(cli, ["escalations", "rota", "--at", "2026-11-17T22:00+00:00"], env=env)
    assert "nobody on duty" in night.output and "Wed 18 Nov 09:00" in night.output
    naive = runner.invoke(cli, ["escalations", "rota", "--at", "2026-11-17T22:00"], env=env)
    assert naive.exit_code == 2


def test_users_create_list_and_rota_check(env: dict[str, str]) -> None:
    check = runner.invoke(cli, ["escalations", "rota", "check"], env=env)
    assert check.exit_code == 1 and "'demo.duty', who is not a practitioner" in check.output
    for username, role, phone in (
        ("demo.duty", "duty_clinician", "07700 900501"),
        ("demo.backup", "practitioner", "07700 900502"),
    ):
        made = runner.invoke(
            cli, ["users", "create", username, "--role", role, "--name", username, "--phone", phone], env=env
        )
        assert made.exit_code == 0, made.output
    made = runner.invoke(
        cli,
        ["users", "create", "demo.manager", "--role", "manager", "--telegram", "123456", "--password-stdin"],
        input="correct horse battery\n",
        env=env,
    )
    assert made.exit_code == 0, made.output
    dup = runner.invoke(cli, ["users", "create", "demo.duty", "--phone", "07700 900509"], env=env)
    assert dup.exit_code == 2 and "taken" in dup.output
    bad_role = runner.invoke(
        cli, ["users", "create", "x.y", "--role", "boss", "--phone", "07700 900509"], env=env
    )
    assert bad_role.exit_code == 2
    listed = runner.invoke(cli, ["users", "list"], env=env).output
    assert "demo.manager" in listed and "telegram" in listed and "900501" not in listed
    ok = runner.invoke(cli, ["escalations", "rota", "check"], env=env)
    assert ok.exit_code == 0, ok.output
