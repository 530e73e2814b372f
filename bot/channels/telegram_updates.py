"""Reading a Telegram webhook update: a text to process, something we cannot read, or nothing for us.

PTB's `Update.de_json` parses the body; this module only decides what the update means for Waymark.
- A text, or a photo's caption (words the person typed), becomes an `InboundMessage` carrying the
  WHOLE text, commands included: `/stop ...`, `/help ...` are stored as typed and screened in full like
  any text. The command is read later, when the pipeline routes the screened text
  (`bot/channels/telegram_commands.py`). A forwarded text is marked `forwarded` (never a command).
- Stickers, photos without a caption, voice notes, edited messages and button callbacks in a private chat
  get one short reply saying we can only read new text messages. An edit's new words and a button's
  data are stored, and screened before that reply (the pipeline answers it from `meta["unreadable"]`).
- `my_chat_member` (the person blocked or unblocked the bot) changes the contact's opt-out, nothing else
  (`telegram_membership`).
- Anything from a group, supergroup or channel is ignored: Waymark is one-to-one, and a group's chat id
  must never become a contact.
- Every stored text goes through `storable_text` (no NUL, no lone surrogates); a `text`, `caption` or
  callback `data` that is not a string, a chat id or `update_id` that is not a 64-bit integer, or a
  `my_chat_member` without its new status or date, is not an update (400).
The provider id is built from the bot id and `update_id`, so a redelivered update is stored once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from telegram import Chat, ChatMember, Message, Update

from bot.channels.base import InboundMessage
from bot.channels.sanitise import storable_text

CHANNEL = "telegram"
MEDIA = ("sticker", "photo", "voice", "video", "video_note", "audio", "document", "animation",
         "location", "contact", "poll", "dice", "venue")  # fmt: skip


class NotAnUpdate(ValueError):
    """The body is JSON but not a Telegram update."""


@dataclass(frozen=True)
class TextUpdate:
    """A text to store and run through the pipeline (commands included: read after the screen)."""

    inbound: InboundMessage


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
#: Telegram's ids fit in 64 bits (chat ids in 52); a larger one is not from Telegram, and would not fit the
#: contact's address or the message's provider id on PostgreSQL.
ID_LIMIT = 2**63


def parse_update(data: Any) -> Update:
    """`Update.de_json` with the checks it does not make. Raises NotAnUpdate for anything else."""
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        raise NotAnUpdate("not an update: no integer update_id")
    try:
        return Update.de_json(data, None)
    except Exception as exc:  # anything PTB cannot make an update of (RecursionError, OverflowError...)
        raise NotAnUpdate(f"not an update: {type(exc).__name__}") from exc


def provider_id(bot_id: str, update_id: int) -> str:
    """Unique per bot and update: a new bot (new token) starts its update ids again."""
    return f"tg{bot_id}:u{update_id}"


def classify(update: Update, *, bot_id: str, now: dt.datetime) -> Classified:
    """Decide what `update` means. Raises NotAnUpdate for fields of the wrong type."""
    chat = update.effective_chat
    if chat is None or chat.type != Chat.PRIVATE:
        return IgnoredUpdate("not a private chat")
    if type(chat.id) is not int or not -ID_LIMIT < chat.id < ID_LIMIT:
        raise NotAnUpdate("not an update: chat id is not a 64-bit integer")
    if not 0 <= update.update_id < ID_LIMIT:
        raise NotAnUpdate("not an update: update_id is not a 64-bit integer")
    pid = provider_id(bot_id, update.update_id)
    meta: dict[str, Any] = {"update_id": update.update_id}

    def inbound(text: str, **extra: Any) -> InboundMessage:
        return InboundMessage(CHANNEL, str(chat.id), storable_text(text), pid, now, {**meta, **extra})

    if update.my_chat_member is not None:
        change = update.my_chat_member
        status = getattr(change.new_chat_member, "status", None)
        if not isinstance(status, str) or not isinstance(change.date, dt.datetime):
            raise NotAnUpdate("not an update: a member change without its new status or date")
        return MemberUpdate(str(chat.id), status in BLOCKED_STATUSES, change.date, update.update_id)
    if update.edited_message is not None:  # the new words are kept: they are screened before the reply
        edited = _string(update.edited_message.text) or _string(update.edited_message.caption)
        return NonTextUpdate(inbound(edited, kind="edited_message"), "telegram_no_edits")
    if update.callback_query is not None:  # a button's data: stored and screened before the reply
        data = _string(update.callback_query.data)
        return NonTextUpdate(inbound(data, kind="callback_query"), "telegram_text_only")
    message = update.message
    if message is None:  # another kind of update in a private chat: keep any words it carries
        other = update.effective_message
        words = (_string(other.text) or _string(other.caption)) if other is not None else ""
        return NonTextUpdate(inbound(words, kind=_kind_of(update)), "telegram_text_only")
    forwarded = {"forwarded": True} if _forwarded(message) else {}
    text = _string(message.text)
    if text:
        return TextUpdate(inbound(text, **forwarded))
    media = next((k for k in MEDIA if getattr(message, k, None)), "other")
    caption = _string(message.caption)
    if caption:
        return TextUpdate(inbound(caption, kind="caption", media=media, **forwarded))
    return NonTextUpdate(inbound("", kind=media), "telegram_text_only")


def _string(value: object) -> str:
    """A text field: "" when absent; NotAnUpdate when it is not a string (a number, a list)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise NotAnUpdate("not an update: a text field is not a string")
    return value


def _forwarded(message: Message) -> bool:
    return message.forward_origin is not None or bool(message.is_automatic_forward)


def _kind_of(update: Update) -> str:
    kinds = ("business_message", "edited_business_message", "channel_post", "inline_query", "chat_member")
    for kind in kinds:
        if getattr(update, kind, None) is not None:
            return kind
    return "other"
