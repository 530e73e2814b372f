"""The Telegram webhook's refusals say what they are in plain text (found by the schemathesis run: they went
out with a body and no content type, which the schema cannot describe)."""

from __future__ import annotations

import httpx

from bot.web.telegram_routes import PATH, SECRET_HEADER
from tests.bot.web.conftest import SECRET


async def test_each_refusal_is_plain_text(web_client: httpx.AsyncClient) -> None:
    refusals = [
        (403, {}, b"{}"),
        (403, {SECRET_HEADER: "wrong"}, b"{}"),
        (400, {SECRET_HEADER: SECRET}, b"not json"),
        (400, {SECRET_HEADER: SECRET}, b'{"update_id": "x"}'),
        (413, {SECRET_HEADER: SECRET}, b"x" * (256 * 1024 + 1)),
    ]
    for status, headers, body in refusals:
        answer = await web_client.post(PATH, content=body, headers=headers)
        assert answer.status_code == status, (status, answer.text)
        assert answer.headers["content-type"].startswith("text/plain"), status
        assert answer.text
