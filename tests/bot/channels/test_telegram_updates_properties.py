"""Properties of reading a Telegram update (issue 17): any JSON value at all is either refused with
`NotAnUpdate` or read into one well-formed outcome (a storable text from a private chat, something we
cannot read, a block or unblock, or ignored), never another error. Updates are recorded payloads with
fields replaced by any JSON, so the reader's every branch is reached."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.channels.telegram_updates import (
    IgnoredUpdate,
    MemberUpdate,
    NonTextUpdate,
    NotAnUpdate,
    TextUpdate,
    classify,
    parse_update,
    provider_id,
)
from tests.strategies import messy_texts

PAYLOADS = sorted((Path(__file__).parent / "payloads").glob("telegram_*.json"))
NOW = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)
BOT_ID = "123456"

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=2**62, max_value=10**140),
    st.floats(),
    messy_texts(40),
    st.sampled_from(["private", "group", "supergroup", "channel", "kicked", "member", "left", "/start"]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found.extend(_paths(inner, (*prefix, key)))
    return found


@st.composite
def updates(draw: st.DrawFn) -> Any:
    """A recorded update with some fields replaced or removed, or any JSON at all."""
    if draw(st.integers(0, 4)) == 0:
        return draw(JSON)
    data = json.loads(draw(st.sampled_from(PAYLOADS)).read_text())
    paths = _paths(data)
    for path in draw(st.lists(st.sampled_from(paths), max_size=3)):
        parent = data
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if not isinstance(parent, dict):
            continue
        if draw(st.booleans()):
            parent[path[-1]] = draw(JSON)
        else:
            parent.pop(path[-1], None)
    return data


def storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


@given(data=updates())
def test_any_json_is_refused_or_read_into_one_well_formed_outcome(data: Any) -> None:
    try:
        update = parse_update(data)
        found = classify(update, bot_id=BOT_ID, now=NOW)
    except NotAnUpdate:
        return
    if isinstance(found, IgnoredUpdate):
        assert found.reason
        return
    if isinstance(found, MemberUpdate):
        assert isinstance(found.blocked, bool) and int(found.sender) == update.effective_chat.id
        return
    assert isinstance(found, TextUpdate | NonTextUpdate)
    inbound = found.inbound
    assert inbound.channel == "telegram" and inbound.received_at == NOW
    assert int(inbound.sender) == update.effective_chat.id and len(inbound.sender) <= 64
    assert inbound.provider_id == provider_id(BOT_ID, data["update_id"])
    assert len(inbound.provider_id) <= 128
    assert storable(inbound.text)
    if isinstance(found, TextUpdate):
        assert inbound.text
    else:
        assert found.reply in ("telegram_text_only", "telegram_no_edits")
    json.dumps(inbound.meta)


@given(text=messy_texts(), chat_id=st.integers(min_value=1, max_value=2**52))
def test_a_private_text_is_read_exactly_and_stored_clean(text: str, chat_id: int) -> None:
    data = json.loads((Path(__file__).parent / "payloads" / "telegram_text.json").read_text())
    data["message"]["text"] = text
    data["message"]["chat"]["id"] = chat_id
    found = classify(parse_update(data), bot_id=BOT_ID, now=NOW)
    assert isinstance(found, TextUpdate | NonTextUpdate)
    assert found.inbound.sender == str(chat_id)
    assert storable(found.inbound.text)
    if text and storable(text):
        assert isinstance(found, TextUpdate) and found.inbound.text == text
