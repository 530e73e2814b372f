"""`waymark telegram set-webhook` and `info` against the fake Bot API (the CLI runs in a worker thread, so
the fake keeps serving in the test's event loop)."""

# ruff: noqa: F811  (fixtures are imported from conftest_telegram and named as parameters)

from __future__ import annotations

import asyncio

from click.testing import Result
from typer.testing import CliRunner

from bot.cli.main import app
from tests.bot.channels.conftest_telegram import SECRET, TOKEN, fake_tg  # noqa: F401
from tests.bot.channels.fake_telegram import FakeTelegram

URL = "https://waymark.example.org/webhooks/telegram"


async def _invoke(args: list[str], env: dict[str, str | None]) -> Result:
    runner = CliRunner()
    return await asyncio.to_thread(runner.invoke, app, ["telegram", *args], env=env)


def _env(fake: FakeTelegram, **extra: str | None) -> dict[str, str | None]:
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "WAYMARK_TELEGRAM_API_BASE": fake.base_url,
        **extra,
    }


async def test_set_webhook_registers_url_secret_and_allowed_updates(fake_tg: FakeTelegram) -> None:
    result = await _invoke(["set-webhook", URL, "--drop-pending"], _env(fake_tg))
    assert result.exit_code == 0, result.output
    [call] = fake_tg.calls_to("setWebhook")
    assert call.token == TOKEN
    assert call.params["url"] == URL and call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ["message", "edited_message", "my_chat_member"]
    assert call.params["drop_pending_updates"] is True
    assert "webhook set" in result.output


async def test_info_shows_what_telegram_has(fake_tg: FakeTelegram) -> None:
    await _invoke(["set-webhook", URL], _env(fake_tg))
    result = await _invoke(["info"], _env(fake_tg))
    assert result.exit_code == 0, result.output
    assert f"url: {URL}" in result.output and "bot: @waymark_test_bot" in result.output
    assert "allowed_updates: message, edited_message, my_chat_member" in result.output


async def test_missing_token_or_secret_is_a_clear_error_and_nothing_is_called(fake_tg: FakeTelegram) -> None:
    no_token = await _invoke(["set-webhook", URL], _env(fake_tg, TELEGRAM_BOT_TOKEN=None))
    assert no_token.exit_code == 2 and "TELEGRAM_BOT_TOKEN is not set" in no_token.output
    no_secret = await _invoke(["set-webhook", URL], _env(fake_tg, TELEGRAM_WEBHOOK_SECRET=None))
    assert no_secret.exit_code == 2 and "TELEGRAM_WEBHOOK_SECRET is not set" in no_secret.output
    bad_secret = await _invoke(["set-webhook", URL], _env(fake_tg, TELEGRAM_WEBHOOK_SECRET="has spaces!"))
    assert bad_secret.exit_code == 2 and "may only use" in bad_secret.output
    assert fake_tg.calls == []


async def test_plain_http_url_is_refused(fake_tg: FakeTelegram) -> None:
    result = await _invoke(["set-webhook", "http://waymark.example.org/webhooks/telegram"], _env(fake_tg))
    assert result.exit_code == 2 and "HTTPS" in result.output
    assert fake_tg.calls_to("setWebhook") == []


async def test_a_wrong_token_is_reported(fake_tg: FakeTelegram) -> None:
    result = await _invoke(["info"], _env(fake_tg, TELEGRAM_BOT_TOKEN="999:not-this-bot"))
    assert result.exit_code == 2 and "Telegram did not answer" in result.output
