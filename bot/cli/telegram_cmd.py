"""`waymark telegram`: register the webhook with Telegram and check what Telegram has registered."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli.common import fail, run, settings_or_exit

if TYPE_CHECKING:
    from telegram import Bot

    from bot.app.settings import Settings

# The webhook's path (bot/web/telegram_routes.py PATH; a test checks they agree). Telegram's library and the
# web app are imported by the commands that use them, not here: every `waymark` command imports this module.
PATH = "/webhooks/telegram"

app = typer.Typer(help="Telegram set-up.", no_args_is_help=True)

# Only what the webhook handles: new messages (text or not), edits (answered politely) and my_chat_member
# (the person blocked or unblocked the bot: opted out or back in).
ALLOWED_UPDATES = ["message", "edited_message", "my_chat_member"]


def _bot(settings: Settings) -> Bot:
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        fail("TELEGRAM_BOT_TOKEN is not set. Get a token from @BotFather and put it in the environment.")
    from bot.channels.telegram import build_bot

    return build_bot(settings)


def _secret(settings: Settings) -> str:
    secret = settings.telegram_webhook_secret
    value = secret.get_secret_value() if secret else ""
    if not value:
        fail(
            "TELEGRAM_WEBHOOK_SECRET is not set. Use 1-256 letters, digits, _ or -, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )
    if len(value) > 256 or not all(c.isascii() and (c.isalnum() or c in "_-") for c in value):
        fail("TELEGRAM_WEBHOOK_SECRET may only use letters, digits, _ and - (1-256 characters).")
    return value


async def _set_webhook(bot: Bot, url: str, secret: str, drop_pending: bool) -> bool:
    async with bot:
        return await bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES, drop_pending_updates=drop_pending
        )


@app.command("set-webhook")
def set_webhook(
    url: Annotated[str, typer.Argument(help=f"The public HTTPS address of {PATH}.")],
    drop_pending: Annotated[
        bool, typer.Option("--drop-pending", help="Discard updates Telegram is still holding.")
    ] = False,
) -> None:
    """Tell Telegram to send this bot's updates to URL, signed with TELEGRAM_WEBHOOK_SECRET."""
    settings = settings_or_exit()
    secret = _secret(settings)
    if not url.startswith("https://"):
        fail("Telegram only delivers webhooks over HTTPS: the URL must start with https://")
    if not url.rstrip("/").endswith(PATH):
        typer.secho(
            f"warning: Waymark listens on {PATH}; is the URL right?", fg=typer.colors.YELLOW, err=True
        )
    from telegram.error import TelegramError

    try:
        ok = run(_set_webhook(_bot(settings), url, secret, drop_pending))
    except TelegramError as exc:
        fail(f"Telegram refused the webhook: {exc}")
    if not ok:
        fail("Telegram did not confirm the webhook.")
    typer.echo(f"webhook set: {url} (updates: {', '.join(ALLOWED_UPDATES)})")


async def _info(bot: Bot) -> dict[str, object]:
    async with bot:
        info = await bot.get_webhook_info()
        return {
            "bot": f"@{bot.username}",
            "url": info.url or "(none)",
            "pending_update_count": info.pending_update_count,
            "allowed_updates": ", ".join(info.allowed_updates or ()) or "(all)",
            "last_error_message": info.last_error_message or "(none)",
        }


@app.command("info")
def info() -> None:
    """Show the webhook Telegram has for this bot, with pending updates and the last delivery error."""
    from telegram.error import TelegramError

    settings = settings_or_exit()
    try:
        found = run(_info(_bot(settings)))
    except TelegramError as exc:
        fail(f"Telegram did not answer: {exc}")
    for key, value in found.items():
        typer.echo(f"{key}: {value}")
