"""Reading a Telegram webhook update: a text to process, something we cannot read, or nothing for us.

PTB's `Update.de_json` parses the body; this module only decides what the update means for Waymark.
- A text (or a photo's caption: words the person typed) becomes an `InboundMessage`.
- Bot commands are mapped to our keywords: `/start` is first contact (MENU, or the school code in
  `/start DEMO1`, or START for someone who had blocked the bot and came back), `/help`, `/menu`, `/stop`.
- Stickers, photos without a caption, voice notes, edited messages and button callbacks in a private chat
  get one short reply saying we can only read new text messages. An edit's new words are stored, and
  screened before that reply (see `telegram_inbox`).
- `my_chat_member` (the person blocked or unblocked the bot) changes the contact's opt-out, nothing else
  (`telegram_membership`).
- Anything from a group, supergroup or channel is ignored: Waymark is one-to-one, and a group's chat id
  must never become a contact.
The provider id is built from the bot id and `update_id`, so a redelivered update is stored once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from telegram import Chat, ChatMember, Update

from bot.channels.base import InboundMessage
from flows.keywords import looks_like_code

CHANNEL = "telegram"
_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
COMMANDS = {"help": "HELP", "menu": "MENU", "stop": "STOP"}
MEDIA = ("sticker", "photo", "voice", "video", "video_note", "audio", "document", "animation",
         "location", "contact", "poll", "dice", "venue")  # fmt: skip


class NotAnUpdate(ValueError):
    """The body is JSON but not a Telegram update."""


@dataclass(frozen=True)
class TextUpdate:
    """A text to store and run through the pipeline. `start` is set for /start (first contact)."""

    inbound: InboundMessage
    start: bool = False


@dataclass(frozen=True)
class NonTextUpdate:
    """Something we cannot read; `reply` is the catalogue key of the short answer."""

    inbound: InboundMessage
    reply: Literal["telegram_text_only", "telegram_no_edits"]


@dataclass(frozen=True)
class IgnoredUpdate:
    reason: str


@dataclass(frozen=True)
class MemberUpdate:
    """The person blocked (`blocked`) or unblocked the bot: `my_chat_member` in a private chat."""

    sender: str
    blocked: bool
    at: dt.datetime
    update_id: int


Classified = TextUpdate | NonTextUpdate | IgnoredUpdate | MemberUpdate
BLOCKED_STATUSES = (ChatMember.BANNED, ChatMember.LEFT)  # "kicked" is what a private chat's block sends


def parse_update(data: Any) -> Update:
    """`Update.de_json` with the checks it does not make. Raises NotAnUpdate for anything else."""
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        raise NotAnUpdate("not an update: no integer update_id")
    try:
        return Update.de_json(data, None)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise NotAnUpdate(f"not an update: {type(exc).__name__}") from exc


def provider_id(bot_id: str, update_id: int) -> str:
    """Unique per bot and update: a new bot (new token) starts its update ids again."""
    return f"tg{bot_id}:u{update_id}"


def start_text(payload: str, opted_out: bool) -> str:
    """What `/start [payload]` means: come back (START), join a school (the code), or see the menu."""
    if opted_out:
        return "START"
    code = looks_like_code(payload) if _PAYLOAD.match(payload) else None
    return code or "MENU"


def classify(update: Update, *, bot_id: str, now: dt.datetime, opted_out: bool = False) -> Classified:
    """Decide what `update` means. `opted_out` is whether the sender's contact has opted out."""
    chat = update.effective_chat
    if chat is None or chat.type != Chat.PRIVATE:
        return IgnoredUpdate("not a private chat")
    pid = provider_id(bot_id, update.update_id)
    meta: dict[str, Any] = {"update_id": update.update_id}

    def inbound(text: str, **extra: Any) -> InboundMessage:
        return InboundMessage(CHANNEL, str(chat.id), text, pid, now, {**meta, **extra})

    if update.my_chat_member is not None:
        change = update.my_chat_member
        blocked = change.new_chat_member.status in BLOCKED_STATUSES
        return MemberUpdate(str(chat.id), blocked, change.date, update.update_id)
    if update.edited_message is not None:  # the new words are kept: they are screened before the reply
        edited = update.edited_message.text or update.edited_message.caption or ""
        return NonTextUpdate(inbound(edited, kind="edited_message"), "telegram_no_edits")
    message = update.message
    if message is None:
        return NonTextUpdate(inbound("", kind=_kind_of(update)), "telegram_text_only")
    if message.text:
        return _text(message.text, inbound, opted_out)
    media = next((k for k in MEDIA if getattr(message, k, None)), "other")
    if message.caption:
        return TextUpdate(inbound(message.caption, kind="caption", media=media))
    return NonTextUpdate(inbound("", kind=media), "telegram_text_only")


def command_text(text: str, opted_out: bool = False) -> tuple[str, str | None]:
    """A typed Telegram line as Waymark reads it: `(text, command)`.

    `/start DEMO1` -> `("DEMO1", "start")`, `/help` -> `("HELP", "help")`; anything that is not one of
    our commands comes back unchanged with `command` None. The webhook and `waymark chat --channel
    telegram` both use this, so the console behaves like the real bot.
    """
    stripped = text.strip()
    if not stripped.startswith("/"):
        return text, None
    head, _, rest = stripped.partition(" ")
    command = head[1:].split("@", 1)[0].lower()
    if command == "start":
        return start_text(rest.strip(), opted_out), command
    if command in COMMANDS:
        return COMMANDS[command], command
    return text, None


def _text(text: str, inbound: Any, opted_out: bool) -> TextUpdate:
    mapped, command = command_text(text, opted_out)
    if command is None:
        return TextUpdate(inbound(text))
    return TextUpdate(inbound(mapped, command=command), start=command == "start")


def _kind_of(update: Update) -> str:
    for kind in ("callback_query", "channel_post", "inline_query", "my_chat_member", "chat_member"):
        if getattr(update, kind, None) is not None:
            return kind
    return "other"
