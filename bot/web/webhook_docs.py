"""How the webhooks appear in `/openapi.json`: the Twilio forms, the Telegram update, the signature and
secret headers, and every answer each route can give.

Description only. The routes read their raw bodies themselves, in their own order (the secret or
signature first, then a capped body, then the parse; a bad request is 400 or 403, never FastAPI's 422),
so nothing here validates a request: these models become the routes' `openapi_extra`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: Telegram's ids fit in 64 bits (bot/channels/telegram_updates.py refuses larger ones with 400).
_ID = Field(ge=-(2**63) + 1, le=2**63 - 1)


class TwilioInboundSms(BaseModel):
    """The fields of Twilio's incoming-message webhook that Waymark reads (Twilio sends more; they are
    signed and ignored)."""

    model_config = ConfigDict(title="Twilio incoming SMS")

    MessageSid: str = Field(pattern=r"^(SM|MM)[0-9a-fA-F]{32}$", description="de-duplicates redeliveries")
    From: str = Field(min_length=1, max_length=64, description="the sender's number")
    To: str = Field(min_length=1, max_length=64, description="our number")
    Body: str = Field(description="the text, kept whole (the request is capped at 64 KiB)")
    NumMedia: str | None = Field(default=None, pattern=r"^[0-9]+$")
    NumSegments: str | None = Field(default=None, pattern=r"^[0-9]+$")
    AccountSid: str | None = None


class TwilioStatus(BaseModel):
    """Twilio's status callback for a text we sent."""

    model_config = ConfigDict(title="Twilio status callback")

    MessageSid: str = Field(pattern=r"^(SM|MM)[0-9a-fA-F]{32}$")
    MessageStatus: Literal[
        "accepted", "scheduled", "queued", "sending", "sent", "delivered", "undelivered", "failed",
        "read", "canceled", "partially_delivered",
    ]  # fmt: skip
    ErrorCode: str | None = Field(default=None, pattern=r"^[0-9]+$")
    AccountSid: str | None = None


class TelegramUser(BaseModel):
    model_config = ConfigDict(title="Telegram User")

    id: int = _ID
    is_bot: bool
    first_name: str


class TelegramChat(BaseModel):
    model_config = ConfigDict(title="Telegram Chat")

    id: int = _ID
    type: Literal["private", "group", "supergroup", "channel"] = Field(
        description="only private chats are read; the rest are ignored (200)"
    )


class TelegramMessage(BaseModel):
    model_config = ConfigDict(title="Telegram Message")

    message_id: int
    date: int = Field(ge=0, description="Unix time")
    chat: TelegramChat
    from_: TelegramUser | None = Field(default=None, alias="from")
    text: str | None = Field(default=None, max_length=4096)
    caption: str | None = Field(default=None, max_length=1024)


class TelegramChatMember(BaseModel):
    model_config = ConfigDict(title="Telegram ChatMember")

    status: Literal["member", "kicked", "left", "administrator", "creator", "restricted"]
    user: TelegramUser


class TelegramChatMemberUpdated(BaseModel):
    model_config = ConfigDict(title="Telegram ChatMemberUpdated")

    chat: TelegramChat
    from_: TelegramUser = Field(alias="from")
    date: int = Field(ge=0)
    old_chat_member: TelegramChatMember
    new_chat_member: TelegramChatMember


class TelegramUpdate(BaseModel):
    """The parts of a Telegram `Update` Waymark reads (https://core.telegram.org/bots/api#update): a
    text (or a caption) in a private chat is stored and answered; an edit or other message gets a short
    "text only" reply; `my_chat_member` (blocked or unblocked) changes the opt-out; other kinds are
    acknowledged and ignored."""

    model_config = ConfigDict(title="Telegram Update")

    update_id: int = Field(ge=0, le=2**63 - 1)
    message: TelegramMessage | None = None
    edited_message: TelegramMessage | None = None
    my_chat_member: TelegramChatMemberUpdated | None = None


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """`model`'s JSON schema with its `$defs` written in place (a route's `openapi_extra` cannot add
    components). The models above are not recursive."""
    schema = model.model_json_schema(by_alias=True)
    defs: dict[str, Any] = schema.pop("$defs", {})

    def expand(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return expand(defs[ref.removeprefix("#/$defs/")])
            return {key: expand(value) for key, value in node.items()}
        if isinstance(node, list):
            return [expand(item) for item in node]
        return node

    expanded: dict[str, Any] = expand(schema)
    return expanded


def plain(description: str) -> dict[str, Any]:
    """A documented answer with a short plain-text body."""
    return {"description": description, "content": {"text/plain": {"schema": {"type": "string"}}}}


def _header(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "header", "required": True, "description": description,
            "schema": {"type": "string"}}  # fmt: skip


def _body(media_type: str, model: type[BaseModel]) -> dict[str, Any]:
    return {"required": True, "content": {media_type: {"schema": inline_schema(model)}}}


_TWILIO_REFUSALS: dict[int | str, dict[str, Any]] = {
    400: plain("not a form, or a form without the fields above; nothing stored"),
    403: plain("missing or wrong X-Twilio-Signature; nothing stored"),
    413: plain("body over 64 KiB; nothing stored"),
    503: plain("TWILIO_AUTH_TOKEN is not set, or the database is unavailable (Retry-After); nothing stored"),
}
_TWILIO_SIGNATURE = _header(
    "X-Twilio-Signature",
    "HMAC-SHA1 of the public URL and the sorted form fields with TWILIO_AUTH_TOKEN (Twilio's scheme)",
)

TWILIO_SMS: dict[str, Any] = {
    "openapi_extra": {
        "parameters": [_TWILIO_SIGNATURE],
        "requestBody": _body("application/x-www-form-urlencoded", TwilioInboundSms),
    },
    "responses": {
        200: {
            "description": "stored (once per MessageSid); empty TwiML: replies go out through the outbox",
            "content": {"text/xml": {"schema": {"type": "string"}}},
        },
        **_TWILIO_REFUSALS,
    },
}

TWILIO_STATUS: dict[str, Any] = {
    "openapi_extra": {
        "parameters": [_TWILIO_SIGNATURE],
        "requestBody": _body("application/x-www-form-urlencoded", TwilioStatus),
    },
    "status_code": 204,
    "responses": {204: {"description": "the sent text's status recorded"}, **_TWILIO_REFUSALS},
}

TELEGRAM: dict[str, Any] = {
    "openapi_extra": {
        "parameters": [
            _header(
                "X-Telegram-Bot-Api-Secret-Token",
                "the secret given to setWebhook (TELEGRAM_WEBHOOK_SECRET), compared in constant time",
            )
        ],
        "requestBody": _body("application/json", TelegramUpdate),
    },
    "responses": {
        200: {"description": "stored once per update_id, or acknowledged and ignored; no body"},
        400: plain("not JSON, not an update, or a field of the wrong type; nothing stored"),
        403: plain("missing or wrong secret token; nothing stored"),
        413: plain("body over 256 KiB; nothing stored"),
        503: plain(
            "TELEGRAM_WEBHOOK_SECRET is not set, or the database is unavailable (Retry-After); nothing stored"
        ),
    },
}
