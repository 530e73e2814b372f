"""JSON logs (issue 17): one object per line, the request id on lines logged inside a request, and no
message body or phone number from a webhook in any line."""

from __future__ import annotations

import io
import json
import logging

import httpx
import pytest

from bot.app import logs
from bot.app.context import AppContext
from bot.web.app import create_app


def _capture(fmt: str) -> tuple[io.StringIO, logging.Handler]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter() if fmt == "json" else logs.TextFormatter())
    return stream, handler


def test_a_json_line_has_the_fields_and_the_request_id() -> None:
    stream, handler = _capture("json")
    log = logging.getLogger("waymark.test")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    token = logs.request_id_var.set("req-12345678")
    try:
        log.info("outbox: %d queued", 3, extra={"message_id": 41})
    finally:
        logs.request_id_var.reset(token)
        log.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["message"] == "outbox: 3 queued" and line["level"] == "info"
    assert line["request_id"] == "req-12345678" and line["message_id"] == 41
    assert line["time"].endswith("+00:00")


def test_the_format_is_checked() -> None:
    assert logs.log_format("JSON") == "json"
    with pytest.raises(ValueError, match="text, json"):
        logs.log_format("xml")


def test_configure_replaces_only_its_own_handler() -> None:
    root = logging.getLogger()
    before = [h for h in root.handlers if h.get_name() != "waymark"]  # an earlier CLI test may have set ours
    logs.configure("INFO", "json")
    logs.configure("INFO", "text")
    ours = [h for h in root.handlers if h.get_name() == "waymark"]
    assert len(ours) == 1 and all(h in root.handlers for h in before)
    root.removeHandler(ours[0])


async def test_a_webhook_logs_no_body_and_no_number(app: AppContext) -> None:
    stream, handler = _capture("json")
    root = logging.getLogger()
    root.addHandler(handler)
    old = root.level
    root.setLevel(logging.DEBUG)
    body = "i feel so alone and i want to die tonight"
    try:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(app, background=False)), base_url="http://t"
        )
        async with client:
            await client.post(
                "/webhooks/telegram",
                json={
                    "update_id": 1,
                    "message": {
                        "message_id": 5,
                        "date": 1764000000,
                        "chat": {"id": 987654321, "type": "private"},
                        "from": {"id": 987654321, "is_bot": False, "first_name": "A"},
                        "text": body,
                    },
                },
            )
    finally:
        root.removeHandler(handler)
        root.setLevel(old)
    out = stream.getvalue()
    assert "want to die" not in out and "987654321" not in out
    for raw in out.splitlines():
        json.loads(raw)
