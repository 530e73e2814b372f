"""Through the real app and the real Twilio client against the fake: opt-out words, a provider outage
during a crisis reply, and `waymark serve`'s wiring from environment variables."""

from __future__ import annotations

import itertools

import pytest
from sqlmodel import select

from bot.app.clock import FixedClock
from bot.app.context import AppContext, build_context
from bot.app.settings import SettingsError, load_settings
from bot.channels.console import ConsoleSender
from bot.channels.registry import install_senders
from bot.channels.twilio_sms import TwilioSmsSender
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.outbox import enqueue
from bot.storage.models import Contact, Message
from flows.engine import Priority
from tests.bot.channels import fake_twilio as fakes
from tests.bot.channels.conftest import FROM_NUMBER, PUBLIC_URL, Webhooks, payload, webhooks_for
from tests.bot.channels.fake_twilio import FakeTwilio
from tests.support import ROOT, prepare_database, project_config

YOUNG_PERSON = "+447700900123"
_sids = itertools.count(1)


async def text(hooks: Webhooks, body: str, sender: str = YOUNG_PERSON) -> None:
    """One inbound SMS through the signed webhook (processed by the background task)."""
    sid = f"SM{next(_sids):032x}"
    response = await hooks.sms(
        payload("twilio_inbound_sms", Body=body, From=sender, MessageSid=sid, SmsSid=sid)
    )
    assert response.status_code == 200


async def _contact(ctx: AppContext, address: str = YOUNG_PERSON) -> Contact:
    async with ctx.db.session() as s:
        return (await s.exec(select(Contact).where(Contact.address == address))).one()


async def _drain(ctx: AppContext) -> None:
    while await dispatch_due(ctx) > 0:
        pass


@pytest.mark.parametrize(
    "word", ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", " stop ", "Stop."]
)
async def test_twilio_opt_out_words_opt_the_contact_out(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio, word: str
) -> None:
    await text(webhooks, "hi")
    await _drain(twilio_ctx)
    before = len(fake_twilio.sent)
    await text(webhooks, word)
    await _drain(twilio_ctx)
    assert (await _contact(twilio_ctx)).opted_out
    assert len(fake_twilio.sent) == before  # Twilio sends its own STOP confirmation; we send nothing
    await text(webhooks, "hello?")
    await _drain(twilio_ctx)
    assert len(fake_twilio.sent) == before


@pytest.mark.parametrize("word", ["START", "YES", "UNSTOP"])
async def test_twilio_opt_in_words_opt_the_contact_back_in(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio, word: str
) -> None:
    await text(webhooks, "STOP")
    await _drain(twilio_ctx)
    await text(webhooks, word)
    await _drain(twilio_ctx)
    assert not (await _contact(twilio_ctx)).opted_out
    async with twilio_ctx.db.session() as s:
        restarted = (await s.exec(select(Message).where(Message.kind == "restarted"))).one()
    assert restarted.status == "sent" and restarted.provider_id == fake_twilio.sent[-1].sid
    assert fake_twilio.sent[-1].body == restarted.body


@pytest.mark.parametrize("word", ["HELP", "INFO"])
async def test_help_words_get_the_help_text(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio, word: str
) -> None:
    await text(webhooks, "hi")
    await _drain(twilio_ctx)
    await text(webhooks, word)
    await _drain(twilio_ctx)
    async with twilio_ctx.db.session() as s:
        last = (await s.exec(select(Message).where(Message.kind == "help"))).one()
    assert last.status == "sent" and last.provider_id == fake_twilio.sent[-1].sid
    assert not (await _contact(twilio_ctx)).opted_out


async def test_provider_outage_during_a_crisis_reply(
    twilio_ctx: AppContext, webhooks: Webhooks, fake_twilio: FakeTwilio, clock: FixedClock
) -> None:
    await text(webhooks, "hi")
    await _drain(twilio_ctx)
    contact = await _contact(twilio_ctx)
    async with twilio_ctx.db.session() as s:  # ordinary replies already waiting (queued earlier)
        for i in range(2):
            await enqueue(s, contact, f"ordinary reply {i}", now=clock.now())
        await s.commit()
    fake_twilio.fail(*[fakes.SERVER_ERROR] * 4)
    await text(webhooks, "I am going to end it tonight")
    async with twilio_ctx.db.session() as s:
        [crisis] = (await s.exec(select(Message).where(Message.priority == int(Priority.CRISIS)))).all()
    crisis_text = crisis.body
    before = len(fake_twilio.sent)
    for _ in range(10):  # the outage: each round the crisis is tried first and fails, then it recovers
        await _drain(twilio_ctx)
        clock.advance(seconds=twilio_ctx.config.outbox.backoff_max_seconds)
    delivered = [m for m in fake_twilio.sent[before:] if m.to == YOUNG_PERSON]
    assert delivered[0].body == crisis_text
    assert [m.body for m in delivered[1:3]] == ["ordinary reply 0", "ordinary reply 1"]
    assert fake_twilio.attempts - len(fake_twilio.sent) == 4  # four failed tries, all retried
    async with twilio_ctx.db.session() as s:
        rows = (await s.exec(select(Message).where(Message.direction == "out"))).all()
        crisis = (await s.exec(select(Message).where(Message.id == crisis.id))).one()
    assert crisis.attempts == 5 and crisis.status == "sent"
    assert {r.status for r in rows if r.contact_id == contact.id} <= {"sent", "skipped"}


async def test_serve_wiring_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, database_url: str, clock: FixedClock, fake_twilio: FakeTwilio
) -> None:
    """What `waymark serve` does with Twilio settings in the environment, in-process."""
    env = {
        "WAYMARK_ENV": "test",
        "WAYMARK_DATABASE_URL": database_url,
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_PUBLIC_URL": PUBLIC_URL,
        "TWILIO_ACCOUNT_SID": fakes.ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": fakes.AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "WAYMARK_TWILIO_API_BASE": fake_twilio.base_url,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    ctx = build_context(load_settings(), clock=clock, use_nlu=False)
    try:
        await prepare_database(ctx)
        install_senders(ctx)
        assert isinstance(ctx.senders["sms"], TwilioSmsSender)
        hooks = webhooks_for(ctx)
        async with hooks.client:
            await text(hooks, "hi")
            bad = await hooks.sms(payload("twilio_inbound_sms"), signature="AAAA")
        assert bad.status_code == 403
        await _drain(ctx)
        assert fake_twilio.sent and {m.to for m in fake_twilio.sent} == {YOUNG_PERSON}
        assert {m.from_ for m in fake_twilio.sent} == {FROM_NUMBER}
    finally:
        await ctx.close()


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"TWILIO_ACCOUNT_SID": fakes.ACCOUNT_SID}, "TWILIO_AUTH_TOKEN"),
        ({"TWILIO_AUTH_TOKEN": "t"}, "TWILIO_ACCOUNT_SID"),
        (
            {"TWILIO_ACCOUNT_SID": fakes.ACCOUNT_SID, "TWILIO_AUTH_TOKEN": "t"},
            "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID",
        ),
    ],
)
def test_partly_configured_twilio_is_a_clear_start_up_error(
    monkeypatch: pytest.MonkeyPatch, database_url: str, env: dict[str, str], missing: str
) -> None:
    for key in (
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_FROM_NUMBER",
        "TWILIO_MESSAGING_SERVICE_SID",
    ):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = load_settings(env="test", database_url=database_url)
    ctx = build_context(settings, config=project_config(), use_nlu=False)
    with pytest.raises(SettingsError, match=missing):
        install_senders(ctx)


def test_without_twilio_settings_sms_texts_go_to_the_log(
    monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    for key in (
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_FROM_NUMBER",
        "TWILIO_MESSAGING_SERVICE_SID",
    ):
        monkeypatch.delenv(key, raising=False)
    ctx = build_context(
        load_settings(env="test", database_url=database_url), config=project_config(), use_nlu=False
    )
    install_senders(ctx)
    assert isinstance(ctx.senders["sms"], ConsoleSender)
