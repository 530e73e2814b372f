"""The feedback loop: resolve with a label, flag missed risk, export a labelled CSV that eval reads."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

from sqlmodel import col, select
from typer.testing import CliRunner

from bot.app.clock import FixedClock
from bot.cli.main import app as cli
from bot.storage.models import Message
from tests.bot.escalation_support import audit
from tests.bot.features.escalations.test_escalation_cli import _seed, env  # noqa: F401
from tests.conftest import OFFICE_TIME
from tests.support import make_context

runner = CliRunner()


def _inbound_id(url: str, body: str) -> int:
    async def go() -> int:
        ctx = make_context(url, FixedClock(OFFICE_TIME))
        try:
            async with ctx.db.session() as s:
                rows = await s.exec(
                    select(Message.id).where(Message.body == body, col(Message.direction) == "in")
                )
                found = rows.first()
                assert found is not None
                return found
        finally:
            await ctx.close()

    return asyncio.run(go())


def test_labels_and_missed_risk_export_as_a_csv_eval_reads(env: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    url = env["WAYMARK_DATABASE_URL"]
    real, alarm, other = _seed(
        url, ["i want to kill myself", "im going to kill myself if i fail this test lol", "my uncle hits me"]
    )
    for ref, label in ((real, ["real"]), (alarm, ["false_alarm"]), (other, ["other", "--category", "abuse"])):
        args = ["escalations", "resolve", ref, "--as", "ana", "--outcome", "advice_given", "--note", "ok"]
        done = runner.invoke(cli, [*args, "--label", *label], env=env)
        assert done.exit_code == 0, done.output
    _seed(
        url, ["call me on 07700 900123 im going to end everything tomorrow", "i ate lunch"], same_contact=True
    )
    missed = _inbound_id(url, "i ate lunch")
    flag = ["safeguarding", "feedback", "flag", str(missed), "--severity", "high", "--category", "eating"]
    assert runner.invoke(cli, [*flag, "--as", "nobody"], env=env).exit_code == 2
    flagged = runner.invoke(cli, [*flag, "--as", "ben"], env=env)
    assert flagged.exit_code == 0, flagged.output
    bad = runner.invoke(cli, [*flag[:4], "--severity", "none", "--category", "x", "--as", "ben"], env=env)
    assert bad.exit_code == 2 and "severity must be" in bad.output

    out = tmp_path / "labels.csv"
    exported = runner.invoke(cli, ["safeguarding", "feedback", "export", str(out)], env=env)
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    by_text = {r["text"]: (r["severity"], r["category"], r["source"]) for r in rows}
    assert by_text["i want to kill myself"] == ("high", "suicide", "escalation_real")
    assert by_text["im going to kill myself if i fail this test lol"][0::2] == (
        "none",
        "escalation_false_alarm",
    )
    assert by_text["my uncle hits me"] == ("high", "abuse", "escalation_other")
    assert by_text["i ate lunch"] == ("high", "eating", "missed_risk")
    text = out.read_text(encoding="utf-8")
    assert "07700" not in text and "+44" not in text and "ana" not in text.split("\n", 1)[1]
    assert list(rows[0].keys()) == ["text", "severity", "category", "source"]
    evaluated = runner.invoke(cli, ["safeguarding", "eval", str(out)], env=env)
    assert evaluated.exit_code == 0, evaluated.output

    async def events() -> list[str]:
        ctx = make_context(url, FixedClock(OFFICE_TIME))
        try:
            return [e.subject_id for e in await audit(ctx, "safeguarding.missed_risk")]
        finally:
            await ctx.close()

    assert asyncio.run(events()) == [str(missed)]


def test_scrub_takes_out_typed_numbers_and_emails() -> None:
    from bot.features.escalations.feedback import scrub

    got = scrub("call me on 07700 900123 or +44 7700 900123\nor sam@example.com, at 4pm")
    assert got == "call me on [number] or [number] or [email], at 4pm"
