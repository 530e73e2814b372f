"""The Telegram rate limiter (fake clock, no waiting), error mapping, keyboards and update classification."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

import pytest
from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

from bot.channels.telegram import keyboard_for, retry_seconds, to_send_error
from bot.channels.telegram_commands import routing_text, start_text
from bot.channels.telegram_limits import TelegramRateLimiter
from bot.channels.telegram_updates import (
    IgnoredUpdate,
    NonTextUpdate,
    NotAnUpdate,
    TextUpdate,
    classify,
    parse_update,
)
from tests.bot.channels.conftest_telegram import FakeMonotonic, payload

NOW = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)


async def test_global_limit_spaces_sends_to_many_chats() -> None:
    clock = FakeMonotonic()
    limiter = TelegramRateLimiter(25, clock=clock, sleep=clock.sleep)
    start = clock.now
    for i in range(50):
        await limiter.wait(f"chat-{i}")
    # 50 sends to 50 chats at 25 a second: the last goes 49/25 s after the first
    assert clock.now - start == pytest.approx(49 / 25)
    assert len(clock.slept) == 49


async def test_per_chat_limit_is_one_a_second_and_other_chats_are_not_held_up() -> None:
    clock = FakeMonotonic()
    limiter = TelegramRateLimiter(25, clock=clock, sleep=clock.sleep)
    assert await limiter.wait("a") == 0
    assert await limiter.wait("a") == pytest.approx(1.0)
    assert await limiter.wait("b") == pytest.approx(1 / 25)
    clock.now += 5  # quiet for a while: no waiting at all
    assert await limiter.wait("a") == 0


def test_limiter_refuses_a_zero_rate() -> None:
    with pytest.raises(ValueError):
        TelegramRateLimiter(0)


@pytest.mark.parametrize("ptb_timedelta", ["true", "false"])
def test_retry_after_in_seconds_either_way(monkeypatch: pytest.MonkeyPatch, ptb_timedelta: str) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", ptb_timedelta)
    with pytest.warns(PTBDeprecationWarning) if ptb_timedelta == "false" else nullcontext():
        exc = RetryAfter(7)
    assert retry_seconds(exc) == 7.0


@pytest.mark.parametrize(
    ("exc", "transient", "opted_out", "unreachable"),
    [
        (Forbidden("Forbidden: bot was blocked by the user"), False, True, False),
        (Forbidden("Forbidden: user is deactivated"), False, True, False),
        (Forbidden("Forbidden: bot can't initiate conversation with a user"), False, False, True),
        (BadRequest("Bad Request: chat not found"), False, False, True),
        (BadRequest("Bad Request: message is too long"), False, False, False),
        (TimedOut(), True, False, False),
        (NetworkError("Bad Gateway"), True, False, False),
    ],
)
def test_error_mapping(exc: Exception, transient: bool, opted_out: bool, unreachable: bool) -> None:
    mapped = to_send_error(exc)  # type: ignore[arg-type]
    assert (mapped.transient, mapped.opted_out, mapped.unreachable) == (transient, opted_out, unreachable)


def test_keyboard_buttons_match_the_numbered_lines() -> None:
    markup = keyboard_for(("Find support", "Help"))
    assert markup.to_dict() == {
        "keyboard": [[{"text": "1 Find support"}], [{"text": "2 Help"}]],
        "one_time_keyboard": True,
        "resize_keyboard": True,
    }
    assert keyboard_for(()).to_dict() == {"remove_keyboard": True}


@pytest.mark.parametrize(
    ("payload_text", "opted_out", "expected"),
    [("", False, "MENU"), ("DEMO1", False, "DEMO1"), ("demo1", False, "DEMO1"), ("DEMO1", True, "START"),
     ("not a code!", False, "MENU"), ("a" * 40, False, "MENU")],
)  # fmt: skip
def test_start_payloads(payload_text: str, opted_out: bool, expected: str) -> None:
    assert start_text(payload_text, opted_out) == expected


@pytest.mark.parametrize(
    ("text", "opted_out", "expected"),
    [
        ("/help", False, "HELP"),
        ("/menu@waymark_test_bot", False, "MENU"),
        ("/stop", False, "STOP"),
        (" /STOP ", False, "STOP"),
        ("/help@waymark_test_bot", False, "HELP"),
        ("/unknown x", False, "/unknown x"),
        ("/start", False, "MENU"),
        ("/start", True, "START"),
        ("/start DEMO1", False, "DEMO1"),
        ("/start@waymark_test_bot demo1", False, "DEMO1"),
        ("/start DEMO1", True, "START"),
        ("/start not-a-code-but-a-token", False, "MENU"),
        ("/start DEMO1@x", False, "MENU"),
        # a command followed by other words is those words, never the command
        ("/stop i am going to kill myself tonight", False, "i am going to kill myself tonight"),
        ("/stop talking to me", False, "talking to me"),
        ("/help i took 30 pills", False, "i took 30 pills"),
        ("/help@waymark_test_bot i took 30 pills", False, "i took 30 pills"),
        ("/menu where can i get help", False, "where can i get help"),
        ("/start i want to die", False, "i want to die"),
        ("/start i want to die", True, "i want to die"),
        ("/stop\nnot coping", False, "not coping"),
        ("hello /stop", False, "hello /stop"),
    ],
)
def test_commands_are_read_from_the_whole_text_at_routing(text: str, opted_out: bool, expected: str) -> None:
    assert routing_text("telegram", text, {"update_id": 1}, opted_out) == expected


@pytest.mark.parametrize(
    ("channel", "meta"),
    [("sms", {}), ("telegram", {"kind": "caption"}), ("telegram", {"kind": "edited_message"}),
     ("telegram", {"kind": "callback_query"}), ("telegram", {"forwarded": True})],
)  # fmt: skip
def test_only_a_typed_telegram_text_is_a_command(channel: str, meta: dict[str, object]) -> None:
    assert routing_text(channel, "/stop", meta, False) == "/stop"


@pytest.mark.parametrize("text", ["/help", "/stop i am going to kill myself tonight", "/start DEMO1", "hi"])
def test_the_adapter_stores_the_whole_text(text: str) -> None:
    data = payload("text")
    data["message"]["text"] = text
    found = classify(parse_update(data), bot_id="1", now=NOW)
    assert isinstance(found, TextUpdate) and found.inbound.text == text


def test_classification_of_recorded_shapes() -> None:
    def kind(name: str) -> object:
        return classify(parse_update(payload(name)), bot_id="1", now=NOW)

    assert isinstance(kind("text"), TextUpdate)
    start = kind("start")
    assert isinstance(start, TextUpdate) and start.inbound.text == "/start"
    sticker = kind("sticker")
    assert isinstance(sticker, NonTextUpdate) and sticker.reply == "telegram_text_only"
    edited = kind("edited")
    assert isinstance(edited, NonTextUpdate) and edited.reply == "telegram_no_edits"
    assert isinstance(kind("group"), IgnoredUpdate)


def test_a_callback_query_in_a_private_chat_gets_the_text_only_reply() -> None:
    data = {
        "update_id": 9,
        "callback_query": {
            "id": "4382bfdwdsb323b2d9",
            "from": {"id": 5112233445, "is_bot": False, "first_name": "Sam"},
            "chat_instance": "-8210928318823",
            "data": "1",
            "message": {
                "message_id": 30,
                "date": 1795428000,
                "chat": {"id": 5112233445, "type": "private", "first_name": "Sam"},
                "text": "Pick one",
            },
        },
    }
    found = classify(Update.de_json(data, None), bot_id="1", now=NOW)
    assert isinstance(found, NonTextUpdate) and found.inbound.meta["kind"] == "callback_query"


@pytest.mark.parametrize("data", [None, [], {}, {"update_id": "1"}, {"update_id": True}])
def test_not_an_update(data: object) -> None:
    with pytest.raises(NotAnUpdate):
        parse_update(data)
