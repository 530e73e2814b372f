"""A crisis reply that cannot be delivered shows on the escalation: `waymark escalations list/show`."""

from __future__ import annotations

import asyncio

from typer.testing import CliRunner

from bot.app.clock import FixedClock
from bot.channels.base import SendError
from bot.cli.main import app as cli
from tests.bot.escalation_support import add_staff, audit, escalations, rota_config, sent_to
from tests.bot.features.escalations.test_escalation_cli import env  # noqa: F401  (fixture)
from tests.conftest import OFFICE_TIME
from tests.support import Chat, RecordingSender, make_context

runner = CliRunner()


def _seed_with_failed_crisis_reply(url: str, failure: SendError) -> str:
    """A young person's risk text whose crisis reply the provider refuses at send time."""

    async def go() -> str:
        ctx = make_context(url, FixedClock(OFFICE_TIME), config=rota_config())
        try:
            await add_staff(ctx)
            sender = ctx.senders["sms"]
            assert isinstance(sender, RecordingSender)
            sender.fail_with = [failure]  # the first send is the crisis reply (priority 0)
            replies = await Chat(ctx).say("i want to kill myself")
            assert replies == []  # nothing reached the young person
            assert [m.kind for m in sent_to(ctx, "+447700900501")] == ["alert_new"]  # ana was still alerted
            [esc] = await escalations(ctx)
            return esc.ref
        finally:
            await ctx.close()

    return asyncio.run(go())


def test_unreachable_at_send_time_shows_on_the_escalation(env: dict[str, str]) -> None:  # noqa: F811
    url = env["WAYMARK_DATABASE_URL"]
    ref = _seed_with_failed_crisis_reply(
        url, SendError("recipient unreachable", transient=False, code="21211", unreachable=True)
    )
    listed = runner.invoke(cli, ["escalations", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    assert "contact unreachable (21211)" in listed.output
    assert "crisis reply not delivered (failed 21211)" in listed.output

    shown = runner.invoke(cli, ["escalations", "show", ref, "--as", "ana"], env=env)
    assert shown.exit_code == 0, shown.output
    history = shown.output.split("history:\n", 1)[1]
    assert "system escalation.opened" in history
    assert "system escalation.alerted to=ana level=0" in history
    assert "dispatcher:sms channel.unreachable code=21211 source=send" in history
    assert "+4477" not in history  # ids and codes only


def test_opted_out_at_send_time_shows_on_the_escalation(env: dict[str, str]) -> None:  # noqa: F811
    url = env["WAYMARK_DATABASE_URL"]
    ref = _seed_with_failed_crisis_reply(
        url, SendError("recipient opted out", transient=False, code="21610", opted_out=True)
    )
    listed = runner.invoke(cli, ["escalations", "list", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    assert "contact opted out: only crisis texts reach them" in listed.output
    assert "crisis reply not delivered (failed 21610)" in listed.output
    shown = runner.invoke(cli, ["escalations", "show", ref, "--as", "ana"], env=env).output
    assert "dispatcher:sms contact.opted_out code=21610 source=send" in shown


def test_list_audit_names_the_refs_shown(env: dict[str, str]) -> None:  # noqa: F811
    url = env["WAYMARK_DATABASE_URL"]
    ref = _seed_with_failed_crisis_reply(url, SendError("down", transient=True, code="20500"))
    assert runner.invoke(cli, ["escalations", "list"], env=env).exit_code == 0

    async def listed() -> list[dict[str, object]]:
        ctx = make_context(url, FixedClock(OFFICE_TIME))
        try:
            return [e.details for e in await audit(ctx, "escalations.listed")]
        finally:
            await ctx.close()

    assert asyncio.run(listed()) == [{"count": 1, "refs": [ref]}]
