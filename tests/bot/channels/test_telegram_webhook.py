"""POST /webhooks/telegram through the real app with recorded update shapes; replies reach the fake API."""

# ruff: noqa: F811  (fixtures are imported from conftest_telegram and named as parameters)

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlmodel import col, select

from bot.app.context import AppContext
from bot.features.schools.service import add_code, add_school
from bot.messaging.dispatcher import dispatch_due
from bot.storage.models import Contact, Message
from bot.storage.models.messages import PROCESSED
from tests.bot.channels.conftest_telegram import (  # noqa: F401
    SECRET,
    fake_tg,
    payload,
    post_update,
    telegram_settings,
    tg_client,
    tg_ctx,
    tg_monotonic,
)
from tests.bot.channels.fake_telegram import FakeTelegram
from tests.support import Chat, RecordingSender

SAM = "5112233445"


async def _inbound(app: AppContext) -> list[Message]:
    async with app.db.session() as s:
        rows = await s.exec(select(Message).where(Message.direction == "in").order_by(col(Message.id)))
        return list(rows.all())


async def _outbound_kinds(app: AppContext) -> list[str]:
    async with app.db.session() as s:
        rows = await s.exec(select(Message.kind).where(Message.direction == "out").order_by(col(Message.id)))
        return list(rows.all())


async def _contact(app: AppContext, address: str = SAM) -> Contact | None:
    async with app.db.session() as s:
        rows = await s.exec(select(Contact).where(Contact.channel == "telegram", Contact.address == address))
        return rows.first()


async def _deliver(app: AppContext) -> None:
    while await dispatch_due(app):
        pass


async def test_text_update_with_the_secret_is_stored_processed_and_answered(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    response = await post_update(tg_client, payload("text"))
    assert response.status_code == 200
    [row] = await _inbound(tg_ctx)
    assert row.channel == "telegram" and row.body == "hello" and row.status == PROCESSED
    assert row.provider_id == "tg123456789:u734120001"
    contact = await _contact(tg_ctx)
    assert contact is not None and contact.id == row.contact_id
    await _deliver(tg_ctx)
    sent = fake_tg.sent()
    assert sent and all(s["chat_id"] == int(SAM) for s in sent)
    assert sent[0]["text"].startswith("Hi, this is Waymark")  # first contact: the welcome comes first


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x", "s3cret-token_for-tests"])
async def test_missing_or_wrong_secret_is_refused_and_nothing_stored(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, secret: str | None
) -> None:
    response = await post_update(tg_client, payload("text"), secret=secret)
    assert response.status_code == 403
    assert await _inbound(tg_ctx) == []


async def test_without_a_configured_secret_the_webhook_answers_503(
    tg_ctx: AppContext, database_url: str, fake_tg: FakeTelegram
) -> None:
    from bot.web.app import create_app

    tg_ctx.settings = telegram_settings(database_url, fake_tg.base_url, telegram_webhook_secret=None)
    transport = httpx.ASGITransport(app=create_app(tg_ctx, background=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await post_update(client, payload("text"))
    assert response.status_code == 503
    assert await _inbound(tg_ctx) == []


async def test_a_redelivered_update_is_a_no_op(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    first = await post_update(tg_client, payload("text"))
    await _deliver(tg_ctx)
    replies = len(fake_tg.sent())
    again = await post_update(tg_client, payload("text"))
    await _deliver(tg_ctx)
    assert first.status_code == again.status_code == 200
    assert len(await _inbound(tg_ctx)) == 1
    assert len(fake_tg.sent()) == replies > 0


async def test_update_ids_are_a_unique_key_not_a_high_water_mark(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient
) -> None:
    later, earlier = payload("text"), payload("text")
    earlier["update_id"] = later["update_id"] - 5  # arrives late, out of order
    earlier["message"]["text"] = "are you there"
    assert (await post_update(tg_client, later)).status_code == 200
    assert (await post_update(tg_client, earlier)).status_code == 200
    assert [m.body for m in await _inbound(tg_ctx)] == ["hello", "are you there"]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "",
        "[]",
        '"update"',
        "{}",
        '{"update_id": "734120001", "message": {}}',
        '{"update_id": 1, "message": {"message_id": 1}}',
        '{"update_id": 1, "message": {"message_id": 1, "date": 1, "chat": {"id": 5}}}',
    ],
)
async def test_malformed_bodies_are_400_and_nothing_is_stored(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, body: str
) -> None:
    response = await post_update(tg_client, body)
    assert response.status_code == 400
    assert await _inbound(tg_ctx) == []


async def test_start_is_first_contact_welcome_privacy_and_the_menu_as_a_keyboard(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    assert (await post_update(tg_client, payload("start"))).status_code == 200
    await _deliver(tg_ctx)
    kinds = await _outbound_kinds(tg_ctx)
    assert kinds[:3] == ["welcome", "privacy", "menu"]
    welcome, privacy, menu = fake_tg.sent()[:3]
    assert welcome["reply_markup"] == privacy["reply_markup"] == {"remove_keyboard": True}
    buttons = [row[0]["text"] for row in menu["reply_markup"]["keyboard"]]
    assert buttons and menu["reply_markup"]["one_time_keyboard"] is True
    assert menu["text"].splitlines()[-len(buttons) :] == buttons


async def test_the_same_flow_output_is_a_keyboard_on_telegram_and_numbered_lines_on_sms(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    await post_update(tg_client, payload("text"))
    await _deliver(tg_ctx)
    fake_tg.calls.clear()
    menu = payload("text")
    menu["update_id"] += 100
    menu["message"]["text"] = "MENU"
    await post_update(tg_client, menu)
    await _deliver(tg_ctx)
    [on_telegram] = fake_tg.sent()
    sms = Chat(tg_ctx, "+447700900123", "sms")
    await sms.say("hi")
    [on_sms] = await sms.say("MENU")
    assert isinstance(tg_ctx.senders["sms"], RecordingSender)
    assert on_sms.text == on_telegram["text"]  # the same words, numbered lines included
    labels = [row[0]["text"] for row in on_telegram["reply_markup"]["keyboard"]]
    assert [f"{i} {c}" for i, c in enumerate(on_sms.choices, start=1)] == labels
    # pressing a button sends its label back; the flow reads the number
    press = payload("text")
    press["update_id"] += 101
    press["message"]["text"] = labels[0]
    fake_tg.calls.clear()
    await post_update(tg_client, press)
    await _deliver(tg_ctx)
    sms_reply = await sms.say(labels[0])
    assert [s["text"] for s in fake_tg.sent()] == [m.text for m in sms_reply]


async def test_start_with_a_school_code_joins_that_school(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    async with tg_ctx.db.session() as s:
        school = await add_school(
            s, name="Demo Academy", local_authority="Demo Borough", team_contact=None, now=tg_ctx.now()
        )
        assert school.id is not None
        await add_code(s, school.id, "DEMO1", tg_ctx.now())
        await s.commit()
    await post_update(tg_client, payload("start_payload"))
    await _deliver(tg_ctx)
    kinds = await _outbound_kinds(tg_ctx)
    assert kinds[:2] == ["welcome", "privacy"] and "join_ok" in kinds
    contact = await _contact(tg_ctx, "6223344556")
    assert contact is not None and contact.school_id == school.id
    assert any("Demo Academy" in s["text"] for s in fake_tg.sent())


@pytest.mark.parametrize(("name", "kind"), [("sticker", "sticker"), ("photo", "photo"), ("voice", "voice")])
async def test_non_text_gets_one_polite_text_only_reply(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram, name: str, kind: str
) -> None:
    await post_update(tg_client, payload("text"))
    await _deliver(tg_ctx)
    fake_tg.calls.clear()
    for _ in range(2):  # the second is Telegram redelivering the same update
        assert (await post_update(tg_client, payload(name))).status_code == 200
    await _deliver(tg_ctx)
    [reply] = fake_tg.sent()
    assert reply["text"] == tg_ctx.catalogue.render("telegram_text_only")
    rows = await _inbound(tg_ctx)
    assert len(rows) == 2 and rows[1].meta["kind"] == kind and rows[1].status == PROCESSED


async def test_a_sticker_as_first_contact_still_gets_the_welcome_and_privacy_first(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    await post_update(tg_client, payload("sticker"))
    await _deliver(tg_ctx)
    assert await _outbound_kinds(tg_ctx) == ["welcome", "privacy", "telegram_text_only"]


async def test_an_edited_message_is_not_processed_but_answered_once(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    await post_update(tg_client, payload("text"))
    await post_update(tg_client, payload("edited"))
    await post_update(tg_client, payload("edited"))
    await _deliver(tg_ctx)
    kinds = await _outbound_kinds(tg_ctx)
    assert kinds.count("telegram_no_edits") == 1
    assert fake_tg.sent()[-1]["text"] == tg_ctx.catalogue.render("telegram_no_edits")


async def test_a_photo_caption_is_read_as_text(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    await post_update(tg_client, payload("text"))
    await post_update(tg_client, payload("photo_caption"))  # caption: "menu"
    rows = await _inbound(tg_ctx)
    assert rows[1].body == "menu" and rows[1].meta["kind"] == "caption"
    assert (await _outbound_kinds(tg_ctx))[-1] == "menu"


async def test_group_messages_are_ignored_and_never_become_contacts(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    assert (await post_update(tg_client, payload("group"))).status_code == 200
    assert await _inbound(tg_ctx) == []
    async with tg_ctx.db.session() as s:
        assert (await s.exec(select(Contact))).all() == []


async def test_blocked_then_start_again_opts_back_in(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    await post_update(tg_client, payload("start"))
    fake_tg.failures.append("blocked")
    await _deliver(tg_ctx)
    contact = await _contact(tg_ctx)
    assert contact is not None and contact.opted_out
    fake_tg.calls.clear()
    # while blocked-and-opted-out, a sticker gets nothing back
    await post_update(tg_client, payload("sticker"))
    await _deliver(tg_ctx)
    assert fake_tg.sent() == []
    # the person unblocks the bot and presses Start: Telegram sends /start again, with a new update id
    again: dict[str, Any] = payload("start")
    again["update_id"] += 1000
    await post_update(tg_client, again)
    await _deliver(tg_ctx)
    contact = await _contact(tg_ctx)
    assert contact is not None and not contact.opted_out
    assert (await _outbound_kinds(tg_ctx))[-1] == "restarted"
    assert fake_tg.sent()[-1]["text"] == tg_ctx.catalogue.render("restarted", service_name="Waymark")


async def test_logs_carry_ids_never_texts_chat_ids_or_the_token(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from bot.cli.common import setup_logging
    from tests.bot.channels.conftest_telegram import TOKEN

    names = ("httpx", "httpcore", "telegram", "aiosqlite", "sqlalchemy", "apscheduler", "asyncpg")
    before = {name: logging.getLogger(name).level for name in names}
    setup_logging("DEBUG")  # the levels `waymark serve --log-level debug` would use
    caplog.set_level("DEBUG")
    try:
        update = payload("text")
        update["message"]["text"] = "my secret words"
        await post_update(tg_client, update)
        fake_tg.failures.append("blocked")
        await _deliver(tg_ctx)
        await post_update(tg_client, payload("group"))
        assert "telegram send failed for message id=" in caplog.text  # something was logged
        for secret in ("my secret words", SAM, TOKEN, "-1002233445566"):
            assert secret not in caplog.text
    finally:
        for name, level in before.items():
            logging.getLogger(name).setLevel(level)


async def test_install_senders_uses_telegram_only_with_a_token(database_url: str, clock: object) -> None:
    from bot.app.context import build_context
    from bot.channels.console import ConsoleSender
    from bot.channels.registry import install_senders
    from bot.channels.telegram import TelegramSender
    from tests.support import project_config

    with_token = build_context(
        telegram_settings(database_url, "http://127.0.0.1:9"), config=project_config(), use_nlu=False
    )
    without = build_context(
        telegram_settings(database_url, "http://127.0.0.1:9", telegram_bot_token=None),
        config=project_config(),
        use_nlu=False,
    )
    try:
        install_senders(with_token)
        install_senders(without)
        sender = with_token.senders["telegram"]
        assert isinstance(sender, TelegramSender)
        assert sender.limiter.global_interval == pytest.approx(1 / 25)
        assert isinstance(without.senders["telegram"], ConsoleSender)
    finally:
        await with_token.close()
        await without.close()


async def test_webhook_is_not_mounted_when_telegram_is_disabled(tg_ctx: AppContext) -> None:
    from bot.app.config import ChannelsConfig, TelegramChannelConfig
    from bot.web.app import create_app

    channels = ChannelsConfig(telegram=TelegramChannelConfig(enabled=False))
    tg_ctx.config = tg_ctx.config.model_copy(update={"channels": channels})
    transport = httpx.ASGITransport(app=create_app(tg_ctx, background=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await post_update(client, payload("text"))
    assert response.status_code == 404
    assert await _inbound(tg_ctx) == []


async def test_an_edit_that_adds_risk_gets_the_crisis_reply_not_the_edit_notice(
    tg_ctx: AppContext, tg_client: httpx.AsyncClient, fake_tg: FakeTelegram
) -> None:
    await post_update(tg_client, payload("text"))
    edit = payload("edited")
    edit["edited_message"]["text"] = "i want to kill myself"
    await post_update(tg_client, edit)
    await _deliver(tg_ctx)
    kinds = await _outbound_kinds(tg_ctx)
    assert "telegram_no_edits" not in kinds
    assert any(k.startswith("crisis_") for k in kinds)
    [_, edited] = await _inbound(tg_ctx)
    assert edited.body == "i want to kill myself" and edited.meta["severity"] in ("high", "immediate")
