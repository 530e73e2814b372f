"""Issue 11, item 1: every word a person sends is stored and screened first, on every path.

"/stop i am going to kill myself tonight" was stored as STOP, screened as none, got no crisis reply and
opted the child out. Through the real app (webhooks with the Telegram and Twilio fakes, and the console
of `waymark chat --channel telegram`): the whole text is stored, screened, escalated, and a command is
only a command when nothing follows it.
"""

# ruff: noqa: F811  (fixtures are imported from conftest_telegram and named as parameters)

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.app.context import AppContext
from bot.cli.chat import send_line
from bot.storage.models.messages import PROCESSED
from tests.bot.channels.conftest import Webhooks
from tests.bot.channels.conftest import payload as twilio_payload
from tests.bot.channels.conftest_telegram import (  # noqa: F401
    fake_tg,
    payload,
    post_update,
    tg_client,
    tg_ctx,
    tg_monotonic,
)
from tests.bot.channels.inbound_checks import (
    assert_crisis_handled,
    contact,
    escalations,
    inbound,
    outbound_kinds,
)

SAM = "5112233445"
RISKY_COMMANDS = [
    "/stop i am going to kill myself tonight",
    "/help i took 30 pills",
    "/start i want to kill myself",
    "/menu i want to end my life",
    "/help@waymark_test_bot i took 30 pills",
    "/stop@waymark_test_bot\ni want to die",
]


def text_update(text: str, update_id: int = 734120100, **message: Any) -> dict[str, Any]:
    data = payload("text")
    data["update_id"] = update_id
    data["message"]["text"] = text
    data["message"].update(message)
    return data


async def say_hello(client: httpx.AsyncClient) -> None:
    """A first text, so the contact exists and is not new (no welcome in the way)."""
    assert (await post_update(client, payload("text"))).status_code == 200


@pytest.mark.parametrize("text", RISKY_COMMANDS)
async def test_a_command_with_risk_words_is_stored_whole_screened_and_escalated(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, text: str
) -> None:
    await say_hello(tg_client)
    assert (await post_update(tg_client, text_update(text))).status_code == 200
    [_, row] = await inbound(tg_ctx)
    assert row.body == text and row.status == PROCESSED
    await assert_crisis_handled(tg_ctx, row)
    person = await contact(tg_ctx, "telegram", SAM)
    assert not person.opted_out  # never acted on as STOP


async def test_a_risky_first_text_that_starts_with_start_is_still_escalated(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    await post_update(tg_client, text_update("/start i want to kill myself"))
    [row] = await inbound(tg_ctx)
    assert row.body == "/start i want to kill myself"
    await assert_crisis_handled(tg_ctx, row)


@pytest.mark.parametrize(("text", "kind"), [("/stop", "stopped"), ("/help", "help"), ("/menu", "menu")])
async def test_a_command_alone_is_still_the_command(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, text: str, kind: str
) -> None:
    await say_hello(tg_client)
    await post_update(tg_client, text_update(text))
    [_, row] = await inbound(tg_ctx)
    assert row.body == text and row.meta["severity"] == "none"
    assert (await outbound_kinds(tg_ctx))[-1] == kind
    assert (await contact(tg_ctx, "telegram", SAM)).opted_out is (text == "/stop")


async def test_a_command_followed_by_other_words_is_read_as_those_words_not_the_command(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    await say_hello(tg_client)
    await post_update(tg_client, text_update("/stop talking to me"))
    assert not (await contact(tg_ctx, "telegram", SAM)).opted_out
    assert "stopped" not in await outbound_kinds(tg_ctx)
    await post_update(tg_client, text_update("/help menu", update_id=734120101))
    assert (await outbound_kinds(tg_ctx))[-1] == "menu"  # "menu", read as a text


async def test_a_caption_with_risk_is_screened_and_escalated(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    await say_hello(tg_client)
    photo = payload("photo_caption")
    photo["message"]["caption"] = "/stop i am going to kill myself tonight"
    await post_update(tg_client, photo)
    [_, row] = await inbound(tg_ctx)
    assert row.body == "/stop i am going to kill myself tonight" and row.meta["kind"] == "caption"
    await assert_crisis_handled(tg_ctx, row)
    assert not (await contact(tg_ctx, "telegram", SAM)).opted_out


async def test_an_edit_stores_and_screens_its_new_words_even_when_they_are_harmless(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    await say_hello(tg_client)
    await post_update(tg_client, payload("edited"))
    [_, edit] = await inbound(tg_ctx)
    assert edit.body == "hello again" and edit.meta["severity"] == "none"
    edit_with_risk = payload("edited")
    edit_with_risk["update_id"] += 1
    edit_with_risk["edited_message"]["text"] = "/stop i am going to kill myself tonight"
    await post_update(tg_client, edit_with_risk)
    rows = await inbound(tg_ctx)
    assert rows[-1].body == "/stop i am going to kill myself tonight"
    await assert_crisis_handled(tg_ctx, rows[-1])
    assert not (await contact(tg_ctx, "telegram", SAM)).opted_out


FORWARD_ORIGIN = {"type": "hidden_user", "date": 1795427000, "sender_user_name": "A friend"}


async def test_forwarded_text_is_screened_and_escalated(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    await say_hello(tg_client)
    await post_update(tg_client, text_update("i want to kill myself", forward_origin=FORWARD_ORIGIN))
    [_, row] = await inbound(tg_ctx)
    assert row.body == "i want to kill myself" and row.meta["forwarded"] is True
    await assert_crisis_handled(tg_ctx, row)


async def test_a_forwarded_command_is_not_acted_on(tg_ctx: AppContext, tg_client: httpx.AsyncClient) -> None:
    await say_hello(tg_client)
    await post_update(tg_client, text_update("/stop", forward_origin=FORWARD_ORIGIN))
    assert not (await contact(tg_ctx, "telegram", SAM)).opted_out


def callback(data: str, update_id: int = 734120200) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": "4382bfdwdsb323b2d9",
            "from": {"id": int(SAM), "is_bot": False, "first_name": "Sam"},
            "chat_instance": "-8210928318823",
            "data": data,
            "message": {
                "message_id": 30,
                "date": 1795428000,
                "chat": {"id": int(SAM), "type": "private", "first_name": "Sam"},
                "text": "Pick one",
            },
        },
    }


async def test_button_data_is_stored_and_screened(tg_ctx: AppContext, tg_client: httpx.AsyncClient) -> None:
    await say_hello(tg_client)
    await post_update(tg_client, callback("1"))
    [_, button] = await inbound(tg_ctx)
    assert button.body == "1" and button.meta["kind"] == "callback_query"
    assert button.meta["severity"] == "none" and await escalations(tg_ctx) == []
    assert (await outbound_kinds(tg_ctx))[-1] == "telegram_text_only"
    await post_update(tg_client, callback("i want to kill myself", update_id=734120201))
    rows = await inbound(tg_ctx)
    assert rows[-1].body == "i want to kill myself"
    await assert_crisis_handled(tg_ctx, rows[-1])


async def test_a_twilio_media_message_with_a_body_is_stored_whole_and_screened(
    twilio_ctx: AppContext, webhooks: Webhooks
) -> None:
    form = twilio_payload(
        "twilio_inbound_sms",
        MessageSid="MM" + "b" * 32,
        SmsMessageSid="MM" + "b" * 32,
        SmsSid="MM" + "b" * 32,
        NumMedia="1",
        MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1",
        MediaContentType0="image/jpeg",
        Body="STOP i am going to kill myself tonight",
    )
    assert (await webhooks.sms(form)).status_code == 200
    [row] = await inbound(twilio_ctx)
    assert row.body == "STOP i am going to kill myself tonight" and row.meta["num_media"] == 1
    await assert_crisis_handled(twilio_ctx, row)


async def test_a_twilio_text_longer_than_one_message_is_stored_whole_and_screened(
    twilio_ctx: AppContext, webhooks: Webhooks
) -> None:
    body = "x " * 1000 + "i want to kill myself"
    assert (await webhooks.sms(twilio_payload("twilio_inbound_sms", Body=body))).status_code == 200
    [row] = await inbound(twilio_ctx)
    assert row.body == body
    await assert_crisis_handled(twilio_ctx, row)


@pytest.mark.parametrize("text", RISKY_COMMANDS[:3])
async def test_the_console_reads_telegram_commands_like_the_webhook(app: AppContext, text: str) -> None:
    await send_line(app, "telegram", SAM, "hello")
    await send_line(app, "telegram", SAM, text)
    [_, row] = await inbound(app)
    assert row.body == text
    await assert_crisis_handled(app, row)
    assert not (await contact(app, "telegram", SAM)).opted_out


async def test_the_console_still_obeys_a_bare_stop_and_start(app: AppContext) -> None:
    await send_line(app, "telegram", SAM, "/start")
    await send_line(app, "telegram", SAM, "/stop")
    assert (await contact(app, "telegram", SAM)).opted_out
    await send_line(app, "telegram", SAM, "/start")
    assert not (await contact(app, "telegram", SAM)).opted_out
    assert (await outbound_kinds(app))[-1] == "restarted"


async def test_words_in_any_other_private_update_are_stored_and_screened(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    await say_hello(tg_client)
    other = text_update("i want to kill myself", update_id=734120300)
    other["business_message"] = other.pop("message")  # a kind we do not subscribe to, with words
    other["business_message"]["business_connection_id"] = "bc1"
    assert (await post_update(tg_client, other)).status_code == 200
    rows = await inbound(tg_ctx)
    assert rows[-1].body == "i want to kill myself" and rows[-1].meta["kind"] == "business_message"
    await assert_crisis_handled(tg_ctx, rows[-1])
