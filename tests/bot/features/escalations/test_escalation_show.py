"""`waymark escalations show REF`: the outcome line for an open and a resolved escalation."""

from __future__ import annotations

import asyncio
import datetime as dt

from typer.testing import CliRunner

from bot.app.clock import FixedClock
from bot.cli.main import app as cli
from bot.storage.models import School, SchoolCode
from tests.bot.features.escalations.test_escalation_cli import _seed, env  # noqa: F401
from tests.support import make_context

runner = CliRunner()


def _outcome_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("outcome"))


def test_show_says_none_yet_then_the_outcome_and_note(env: dict[str, str]) -> None:  # noqa: F811
    (ref,) = _seed(env["WAYMARK_DATABASE_URL"], ["i took all my pills"])
    shown = runner.invoke(cli, ["escalations", "show", ref, "--as", "ana"], env=env)
    assert shown.exit_code == 0, shown.output
    assert _outcome_line(shown.output).split() == ["outcome", "none", "yet"]
    assert "outcome -" not in shown.output

    args = [
        "escalations",
        "resolve",
        ref,
        "--as",
        "ana",
        "--outcome",
        "emergency_services",
        "--label",
        "real",
    ]
    assert runner.invoke(cli, [*args, "--note", "999 called"], env=env).exit_code == 0
    shown = runner.invoke(cli, ["escalations", "show", ref, "--as", "ana"], env=env)
    assert _outcome_line(shown.output).split() == ["outcome", "emergency_services:", "999", "called"]


def test_show_has_the_conversation_school_and_earlier_cases(env: dict[str, str]) -> None:  # noqa: F811
    url = env["WAYMARK_DATABASE_URL"]
    (first,) = _seed(url, ["i want to kill myself"])
    args = ["escalations", "resolve", first, "--as", "ana", "--outcome", "contacted_safe"]
    assert runner.invoke(cli, [*args, "--label", "real", "--note", "called"], env=env).exit_code == 0
    asyncio.run(_school(url))
    refs = _seed(
        url, ["DEMO1", "i feel really low", "i took all my pills", "are you there"], same_contact=True
    )
    second = next(r for r in refs if r != first)
    out = runner.invoke(cli, ["escalations", "show", second, "--as", "ana"], env=env).output
    lines = out.splitlines()
    assert "school           Demo Academy" in lines
    convo = lines[lines.index(next(x for x in lines if x.startswith("conversation"))) :]
    said = [x for x in convo if " in  [" in x or " out (" in x]
    assert any("in  [immediate]  i took all my pills" in x and x.startswith(" *") for x in said)
    assert any("in  [none]  are you there" in x and x.startswith(" *") for x in said)
    assert any("out (crisis_immediate" in x for x in said) and any("out (hold_brief" in x for x in said)
    assert any(x.strip().startswith(first) and "label real" in x for x in lines)  # the earlier case
    resolve = ["escalations", "resolve", second, "--as", "ana", "--outcome", "referred_on", "--note", "x"]
    other = runner.invoke(cli, [*resolve, "--label", "other"], env=env)
    assert other.exit_code == 2 and "needs --category" in other.output
    done = runner.invoke(cli, [*resolve, "--label", "other", "--category", "Abuse"], env=env)
    assert done.exit_code == 0, done.output
    shown = runner.invoke(cli, ["escalations", "show", second, "--as", "ana"], env=env).output
    assert "label            other (abuse)" in shown.splitlines()


async def _school(url: str) -> None:
    ctx = make_context(url, FixedClock(dt.datetime(2026, 11, 17, 10, tzinfo=dt.UTC)))
    try:
        async with ctx.db.session() as session:
            school = School(name="Demo Academy", local_authority="Demo Borough", created_at=ctx.now())
            session.add(school)
            await session.flush()
            assert school.id is not None
            session.add(SchoolCode(school_id=school.id, code="DEMO1", created_at=ctx.now()))
            await session.commit()
    finally:
        await ctx.close()
