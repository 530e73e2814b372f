"""Which sender serves which channel in `waymark serve`. The channels issue adds Twilio and Telegram."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.channels.console import ConsoleSender

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)


def install_senders(ctx: AppContext) -> None:
    """Register a sender per enabled channel. Without provider settings, texts are logged by id only."""
    _install_twilio(ctx)
    _install_telegram(ctx)
    for name in ("sms", "telegram"):
        if name not in ctx.senders:
            log.warning(
                "no provider configured for %s: outbound texts are written to the log (ids only)", name
            )
            ctx.senders[name] = ConsoleSender(name, write=lambda line: log.info("console send %s", len(line)))


def _install_twilio(ctx: AppContext) -> None:
    """TwilioSmsSender for "sms" when TWILIO_* is set; SettingsError naming what is missing if partly set."""
    from bot.channels.twilio_setup import build_twilio_sender

    sender = None if "sms" in ctx.senders else build_twilio_sender(ctx.settings, ctx.config)
    if sender is not None:
        ctx.senders["sms"] = sender
        log.info("sms: sending through Twilio")


def _install_telegram(ctx: AppContext) -> None:
    """TelegramSender when TELEGRAM_BOT_TOKEN is set (python-telegram-bot's Bot, rate-limited)."""
    token = ctx.settings.telegram_bot_token
    if "telegram" in ctx.senders or token is None or not token.get_secret_value():
        return
    from bot.channels.telegram import build_sender

    ctx.senders["telegram"] = build_sender(ctx.settings, ctx.config.channels.telegram.messages_per_second)
