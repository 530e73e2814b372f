"""The Telegram sender: python-telegram-bot's `Bot` carries the text; flows never know it is Telegram.

Numbered choices become a reply keyboard (one button per choice, labelled like the numbered line, so a
press sends "2 Find support", which `flows.choices.match_choice` understands). A text without choices
carries `ReplyKeyboardRemove`, always: the sender keeps no per-chat memory (several workers may dispatch,
and memory is lost on restart), and removing a keyboard that is not there is harmless.

Telegram errors become `SendError`s the dispatcher understands: 429 waits for `retry_after`; a user who
blocked the bot or deleted their account is opted out; an unknown chat fails finally as unreachable.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import warnings
from dataclasses import dataclass, field

from telegram import Bot, KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.app.settings import Settings
from bot.channels.base import OutboundMessage, SendError, SendResult
from bot.channels.telegram_limits import TelegramRateLimiter

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.telegram.org"
OPTED_OUT_PHRASES = ("bot was blocked by the user", "user is deactivated")
UNREACHABLE_PHRASES = ("chat not found", "bot can't initiate conversation", "bot was kicked")


def build_bot(settings: Settings, *, timeout: float = 10.0) -> Bot:
    """A PTB `Bot` for TELEGRAM_BOT_TOKEN, talking to WAYMARK_TELEGRAM_API_BASE (default api.telegram.org)."""
    if settings.telegram_bot_token is None or not settings.telegram_bot_token.get_secret_value():
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    # Opt in to PTB's timedelta time periods: without it, PTB warns (deprecation) on every 429 it parses.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    base = (settings.telegram_api_base or DEFAULT_API_BASE).rstrip("/")
    request = HTTPXRequest(
        connection_pool_size=8, connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout
    )
    return Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=f"{base}/bot",
        base_file_url=f"{base}/file/bot",
        request=request,
    )


def keyboard_for(choices: tuple[str, ...]) -> ReplyKeyboardMarkup | ReplyKeyboardRemove:
    """One button per choice ("1 Find support"), hidden after a press; or remove any earlier keyboard."""
    if not choices:
        return ReplyKeyboardRemove()
    rows = [[KeyboardButton(f"{i} {label}")] for i, label in enumerate(choices, start=1)]
    return ReplyKeyboardMarkup(rows, one_time_keyboard=True, resize_keyboard=True)


def retry_seconds(exc: RetryAfter) -> float:
    """`retry_after` in seconds, whether PTB gives an int (v21) or a timedelta (v22 with PTB_TIMEDELTA)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def to_send_error(exc: TelegramError) -> SendError:
    """Map a PTB error to what the dispatcher should do about it."""
    text = str(exc).lower()
    if isinstance(exc, RetryAfter):
        return SendError("telegram flood control", transient=True, code="429", retry_after=retry_seconds(exc))
    if isinstance(exc, Forbidden):
        if any(p in text for p in OPTED_OUT_PHRASES):
            return SendError(str(exc), transient=False, code="403", opted_out=True)
        return SendError(str(exc), transient=False, code="403", unreachable=True)
    if isinstance(exc, BadRequest):  # before NetworkError: BadRequest is a subclass of it
        unreachable = any(p in text for p in UNREACHABLE_PHRASES)
        return SendError(str(exc), transient=False, code="400", unreachable=unreachable)
    if isinstance(exc, ChatMigrated):
        return SendError("chat migrated to a supergroup", transient=False, code="chat_migrated")
    if isinstance(exc, TimedOut):
        return SendError("telegram timed out", transient=True, code="timeout")
    if isinstance(exc, InvalidToken):
        log.error("telegram rejected the bot token; check TELEGRAM_BOT_TOKEN")
        return SendError("invalid bot token", transient=True, code="invalid_token")
    if isinstance(exc, NetworkError):
        return SendError(str(exc)[:200], transient=True, code="network")
    return SendError(str(exc)[:200], transient=True, code="telegram")


@dataclass
class TelegramSender:
    """Sends outbox rows with `Bot.send_message`. The Bot is initialised (getMe) once, on first use."""

    bot: Bot
    limiter: TelegramRateLimiter
    name: str = "telegram"
    _ready: bool = field(default=False, init=False)
    _init_lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)

    async def _ensure_ready(self) -> None:
        if self._ready:
            return
        async with self._init_lock:
            if not self._ready:
                await self.bot.initialize()
                self._ready = True

    async def send_text(self, message: OutboundMessage) -> SendResult:
        try:
            chat_id = int(message.to)
        except ValueError:
            raise SendError("not a Telegram chat id", transient=False, unreachable=True) from None
        try:
            await self._ensure_ready()
            await self.limiter.wait(message.to)
            sent = await self.bot.send_message(
                chat_id=chat_id, text=message.text, reply_markup=keyboard_for(message.choices)
            )
        except TelegramError as exc:
            error = to_send_error(exc)
            log.warning("telegram send failed for message id=%s code=%s", message.message_id, error.code)
            raise error from exc
        return SendResult(provider_id=f"{chat_id}:{sent.message_id}", status="sent")

    async def aclose(self) -> None:
        """Close the Bot's HTTP connections (called when the app shuts down)."""
        if self._ready:
            await self.bot.shutdown()
            self._ready = False


def build_sender(settings: Settings, messages_per_second: float, *, timeout: float = 10.0) -> TelegramSender:
    """The sender `waymark serve` installs when TELEGRAM_BOT_TOKEN is set."""
    return TelegramSender(build_bot(settings, timeout=timeout), TelegramRateLimiter(messages_per_second))
