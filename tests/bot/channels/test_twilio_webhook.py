"""Recorded Twilio inbound forms posted through the real app: signatures, proxies, duplicates, bad forms."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from bot.app.context import AppContext
from bot.storage.models import Contact, Message
from tests.bot.channels.conftest import (
    PUBLIC_URL,
    MakeCtx,
    Webhooks,
    payload,
    sign,
    webhooks_for,
    with_channels,
)
from tests.support import make_context, prepare_database, project_config

SID = "SM" + "a" * 32


async def _count(ctx: AppContext, direction: str | None = None) -> int:
    async with ctx.db.session() as s:
        stmt = select(func.count()).select_from(Message)
        if direction:
            stmt = stmt.where(Message.direction == direction)
        return int((await s.exec(stmt)).one())


async def _inbound(ctx: AppContext) -> list[Message]:
    async with ctx.db.session() as s:
        return list((await s.exec(select(Message).where(Message.direction == "in"))).all())


async def test_signed_inbound_is_stored_processed_and_answered_with_empty_twiml(
    twilio_ctx: AppContext, webhooks: Webhooks
) -> None:
    response = await webhooks.sms(payload("twilio_inbound_sms"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert response.text == '<?xml version="1.0" encoding="UTF-8"?><Response />'
    [row] = await _inbound(twilio_ctx)
    assert (row.provider_id, row.body, row.status) == (
        payload("twilio_inbound_sms")["MessageSid"],
        "hi",
        "processed",
    )
    assert await _count(twilio_ctx, "out") >= 1  # replies wait in the outbox, not in the TwiML


async def test_redelivery_is_a_no_op_200_with_one_row(twilio_ctx: AppContext, webhooks: Webhooks) -> None:
    form = payload("twilio_inbound_sms")
    first = await webhooks.sms(form)
    replies = await _count(twilio_ctx, "out")
    again = await webhooks.sms(form)
    assert first.status_code == again.status_code == 200
    assert again.text == first.text
    assert await _count(twilio_ctx, "in") == 1
    assert await _count(twilio_ctx, "out") == replies


@pytest.mark.parametrize(
    ("case", "kwargs"),
    [
        ("missing", {"signature": ""}),
        (
            "wrong token",
            {"signature": sign(f"{PUBLIC_URL}/webhooks/twilio/sms", payload("twilio_inbound_sms"), "x")},
        ),
        ("wrong url", {"signed_for": "https://elsewhere.example.org/webhooks/twilio/sms"}),
        ("garbage", {"signature": "bm90IGEgc2lnbmF0dXJl"}),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
async def test_bad_signature_is_403_and_nothing_stored(
    twilio_ctx: AppContext, webhooks: Webhooks, case: str, kwargs: dict[str, str]
) -> None:
    response = await webhooks.sms(payload("twilio_inbound_sms"), **kwargs)
    assert response.status_code == 403, case
    assert await _count(twilio_ctx) == 0


async def test_a_changed_field_breaks_the_signature(twilio_ctx: AppContext, webhooks: Webhooks) -> None:
    form = payload("twilio_inbound_sms")
    signature = sign(f"{PUBLIC_URL}/webhooks/twilio/sms", form)
    response = await webhooks.sms({**form, "Body": "something else"}, signature=signature)
    assert response.status_code == 403
    assert await _count(twilio_ctx) == 0


def _without(key: str) -> dict[str, str]:
    form = payload("twilio_inbound_sms")
    del form[key]
    return form


@pytest.mark.parametrize(
    "form",
    [
        _without("MessageSid"),
        _without("From"),
        _without("Body"),
        _without("To"),
        payload("twilio_inbound_sms", MessageSid="not-a-sid"),
        payload("twilio_inbound_sms", From=""),
        payload("twilio_inbound_sms", NumMedia="lots"),
    ],
    ids=["no-sid", "no-from", "no-body", "no-to", "bad-sid", "empty-from", "bad-nummedia"],
)
async def test_incomplete_or_malformed_form_is_400_and_nothing_stored(
    twilio_ctx: AppContext, webhooks: Webhooks, form: dict[str, str]
) -> None:
    response = await webhooks.sms(form)
    assert response.status_code == 400
    assert await _count(twilio_ctx) == 0


async def test_json_body_is_400(twilio_ctx: AppContext, webhooks: Webhooks) -> None:
    url = f"{PUBLIC_URL}/webhooks/twilio/sms"
    response = await webhooks.client.post(
        "/webhooks/twilio/sms",
        json=payload("twilio_inbound_sms"),
        headers={"X-Twilio-Signature": sign(url, {})},
    )
    assert response.status_code == 400
    assert await _count(twilio_ctx) == 0


PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "waymark.example.org"}
INTERNAL = "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("trust_proxy", "signed_for", "expected"),
    [
        (True, "https://waymark.example.org/webhooks/twilio/sms", 200),
        (False, "https://waymark.example.org/webhooks/twilio/sms", 403),
        (False, f"{INTERNAL}/webhooks/twilio/sms", 200),
        (True, f"{INTERNAL}/webhooks/twilio/sms", 403),
    ],
    ids=["trusted-public", "untrusted-public", "untrusted-internal", "trusted-internal"],
)
async def test_proxy_headers_are_used_only_when_trusted(
    make_twilio_ctx: MakeCtx, trust_proxy: bool, signed_for: str, expected: int
) -> None:
    ctx = await make_twilio_ctx(with_channels(project_config(), trust_proxy=trust_proxy), public_url=None)
    hooks = webhooks_for(ctx, base_url=INTERNAL)
    async with hooks.client:
        response = await hooks.sms(
            payload("twilio_inbound_sms"), signed_for=signed_for, headers=PROXY_HEADERS
        )
    assert response.status_code == expected
    assert await _count(ctx, "in") == (1 if expected == 200 else 0)


@pytest.mark.parametrize(
    ("signed_for", "expected"),
    [
        ("https://sms.school.example/waymark/webhooks/twilio/sms", 200),
        ("https://waymark.example.org/webhooks/twilio/sms", 403),
        (f"{INTERNAL}/webhooks/twilio/sms", 403),
    ],
    ids=["public-url", "forwarded-host", "request-url"],
)
async def test_public_url_overrides_proxy_headers_and_request_url(
    make_twilio_ctx: MakeCtx, signed_for: str, expected: int
) -> None:
    ctx = await make_twilio_ctx(
        with_channels(project_config(), trust_proxy=True), public_url="https://sms.school.example/waymark/"
    )
    hooks = webhooks_for(ctx, base_url=INTERNAL)
    async with hooks.client:
        response = await hooks.sms(
            payload("twilio_inbound_sms"), signed_for=signed_for, headers=PROXY_HEADERS
        )
    assert response.status_code == expected


async def test_without_an_auth_token_webhooks_answer_503_and_store_nothing(
    database_url: str, clock: object, caplog: pytest.LogCaptureFixture
) -> None:
    ctx = make_context(database_url, clock)  # type: ignore[arg-type]
    await prepare_database(ctx)
    hooks = webhooks_for(ctx)
    try:
        async with hooks.client:
            sms = await hooks.sms(payload("twilio_inbound_sms"))
            status = await hooks.status(payload("twilio_status_delivered"))
        assert sms.status_code == status.status_code == 503
        assert await _count(ctx) == 0
        assert "TWILIO_AUTH_TOKEN is not set" in caplog.text
    finally:
        await ctx.close()


async def test_logs_carry_ids_not_numbers_or_texts(
    twilio_ctx: AppContext, webhooks: Webhooks, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO")  # (aiosqlite logs SQL parameters at DEBUG)
    form = payload("twilio_inbound_sms", Body="my secret words")
    await webhooks.sms(form)
    assert "my secret words" not in caplog.text
    assert form["From"] not in caplog.text


async def test_get_is_not_allowed(webhooks: Webhooks) -> None:
    response = await webhooks.client.get("/webhooks/twilio/sms")
    assert response.status_code == 405


async def test_contact_created_for_the_sender(twilio_ctx: AppContext, webhooks: Webhooks) -> None:
    await webhooks.sms(payload("twilio_inbound_sms", MessageSid=SID))
    async with twilio_ctx.db.session() as s:
        [contact] = (await s.exec(select(Contact))).all()
    assert (contact.channel, contact.address) == ("sms", payload("twilio_inbound_sms")["From"])
