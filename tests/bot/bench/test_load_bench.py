"""`waymark bench load`: its requests pass the real signature check, its config moves quiet hours and the
rota, the fake provider answers like Twilio and Telegram, and sends are compared honestly."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
from pathlib import Path
from urllib.parse import parse_qsl

import aiohttp
import pytest
import yaml
from twilio.request_validator import RequestValidator

from bot.app.context import AppContext
from bot.bench.load import Driver, _compare_sends, load_sends, start_window
from bot.bench.load_db import LoadDb
from bot.bench.load_fake import FakeProvider, Sent
from bot.bench.load_servers import PUBLIC_URL, TWILIO_TOKEN, bench_config, startup_memory
from bot.cli.serve_workers import bind_socket
from bot.storage.models import Contact, Message
from tests.pg import BOTH, database_url_for

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The tests that read a database run on SQLite and, when WAYMARK_TEST_POSTGRES_URL is set, PostgreSQL."""
    return database_url_for(request.param, tmp_path)


def test_twilio_requests_carry_a_valid_signature_and_many_numbers() -> None:
    driver = Driver(port=1, run=7, senders=50, telegram_every=4, risk_every=10)
    validator = RequestValidator(TWILIO_TOKEN)
    numbers = set()
    for i in (0, 2, 3, 15):
        channel, path, body, headers, _, risk = driver._request(i)
        assert channel == "sms"
        form = dict(parse_qsl(body.decode()))
        assert validator.validate(PUBLIC_URL + path, form, headers["x-twilio-signature"])
        numbers.add(form["From"])
        assert risk == (i == 15)
    assert len(numbers) == 4
    channel, _, body, _, _, _ = driver._request(1)
    assert channel == "telegram" and json.loads(body)["message"]["chat"]["id"] == driver.chat(
        driver._request(1)[4]
    )


def test_bench_config_moves_quiet_hours_and_covers_every_hour(tmp_path: Path) -> None:
    now = dt.datetime(2026, 12, 5, 3, 50, tzinfo=dt.UTC)
    data = yaml.safe_load(bench_config(tmp_path, ROOT / "config.yml", now, sms_rate=40).read_text())
    assert data["quiet_hours"] == {"start": "15:50", "end": "15:51"}
    assert data["channels"]["sms"]["segments_per_second"] == 40
    rotas = [v["rota"] for v in data.values() if isinstance(v, dict) and "rota" in v]
    assert len(rotas[0]["shifts"][0]["days"]) == 7 and rotas[0]["overrides"] == []


def test_compare_sends_counts_duplicates_and_missing() -> None:
    fake = [
        Sent(0, "sms", "+447700900001", "hi"),
        Sent(0, "sms", "+447700900001", "hi"),
        Sent(0, "telegram", "5", "menu"),
    ]
    rows = [("sms", "+447700900001", "hi"), ("telegram", "5", "menu"), ("telegram", "6", "gone")]
    assert _compare_sends(fake, rows) == (1, 1)
    # a second "hi" whose row is still being sent (the provider has it, the answer is not recorded yet)
    in_flight = [("sms", "+447700900001", "hi")]
    assert _compare_sends(fake, rows, in_flight) == (0, 1)
    # "gone" was recorded as sent while the rows were read: the provider had it by the end of the read
    after = [*fake, Sent(0, "telegram", "6", "gone")]
    assert _compare_sends(fake, rows, in_flight, after) == (0, 0)


def test_fake_provider_answers_twilio_and_telegram() -> None:
    async def go() -> list[Sent]:
        fake = FakeProvider()
        base = await fake.start()
        try:
            async with aiohttp.ClientSession() as http:
                url = f"{base}/2010-04-01/Accounts/AC1/Messages.json"
                async with http.post(url, data={"To": "+447700900001", "Body": "hi"}) as resp:
                    assert resp.status == 201 and (await resp.json())["sid"].startswith("SM")
                async with http.post(f"{base}/bot1:x/sendMessage", json={"chat_id": 5, "text": "yo"}) as resp:
                    assert (await resp.json())["result"]["chat"]["id"] == 5
                async with http.post(f"{base}/bot1:x/getMe") as resp:
                    assert (await resp.json())["result"]["is_bot"] is True
        finally:
            await fake.stop()
        return fake.sent

    sent = asyncio.run(go())
    assert [(s.channel, s.to, s.text) for s in sent] == [
        ("sms", "+447700900001", "hi"),
        ("telegram", "5", "yo"),
    ]


def test_two_sockets_share_a_port_with_reuse_port() -> None:
    first = bind_socket("127.0.0.1", 0, reuse_port=True)
    port = first.getsockname()[1]
    second = bind_socket("127.0.0.1", port, reuse_port=True)
    try:
        assert second.getsockname()[1] == port
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    finally:
        first.close()
        second.close()


def test_processed_per_s_runs_from_the_first_webhook_to_the_last_text_processed() -> None:
    from bot.bench.load import Sample, processed_per_s

    t0 = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC).timestamp()
    samples = [Sample(t0 + 1.0, 5.0, 200, "sms", 1, False), Sample(t0, 5.0, 200, "sms", 2, False)]
    last = dt.datetime(2026, 12, 5, 9, 0, 10, tzinfo=dt.UTC)  # 10 s after the first webhook was sent
    assert processed_per_s(500, samples, last) == 50.0
    assert processed_per_s(0, samples, last) == 0.0
    assert processed_per_s(500, samples, None) == 0.0


def test_startup_memory_reads_text_and_json_log_lines() -> None:
    log = "\n".join(
        [
            "2026-12-05 11:18:40,051 INFO bot.cli.serve: memory: 177.4 MB after the demo data",
            "2026-12-05 11:18:41,000 INFO bot.cli.serve: directory: 12 timetables ready",
            '{"time": "t", "level": "info", "logger": "bot.cli.serve", '
            '"message": "memory: 196.5 MB at start-up\'s end (heap frozen)"}',
            "{not json",
        ]
    )
    assert startup_memory(log) == {"after the demo data": 177.4, "at start-up's end (heap frozen)": 196.5}


async def _sent_now(app: AppContext, fake: FakeProvider, message_id: int, address: str, body: str) -> None:
    """What a server does for one row: the provider takes the text, then the answer is recorded."""
    fake.sent.append(Sent(0, "sms", address, body))
    async with app.db.session() as s:
        row = await s.get(Message, message_id)
        assert row is not None
        row.status, row.sent_at, row.provider_id = "sent", dt.datetime.now(dt.UTC), f"SM{message_id:032x}"
        s.add(row)
        await s.commit()


async def _row(app: AppContext, contact: Contact, body: str, status: str = "queued") -> int:
    async with app.db.session() as s:
        row = Message(
            contact_id=contact.id,
            direction="out",
            channel="sms",
            body=body,
            status=status,
            created_at=dt.datetime.now(dt.UTC),
        )
        s.add(row)
        await s.commit()
        assert row.id is not None
        return row.id


async def test_a_text_queued_before_the_load_and_sent_during_it_is_not_a_duplicate(
    app: AppContext, database_url: str
) -> None:
    """The demo data's due reminder is queued at start-up and sent as the load begins (PostgreSQL x2 said
    `duplicated_sends: 1` in every run): its send must count on neither side, and a text of the load sent
    twice must still count once."""
    fake, db = FakeProvider(), LoadDb(database_url)
    try:
        async with app.db.session() as s:
            contact = Contact(
                channel="sms", address="+447700900077", first_seen=app.now(), last_seen=app.now()
            )
            s.add(contact)
            await s.commit()
        reminder = await _row(app, contact, "Reminder: your appointment is tomorrow")

        async def send_reminder() -> None:  # a server sends it while the bench gets ready
            await asyncio.sleep(0.3)
            await _sent_now(app, fake, reminder, contact.address, "Reminder: your appointment is tomorrow")

        sending = asyncio.create_task(send_reminder())
        window = await start_window(db, fake, timeout=10)
        assert window.quiet
        reply = await _row(app, contact, "Thanks for your message")
        await _sent_now(app, fake, reply, contact.address, "Thanks for your message")
        await sending  # the load lasts: by the time the figures are read the reminder has gone
        rows, in_flight = await db.sent_rows(window.began)
        assert load_sends(fake.sent, window, len(fake.sent), rows, in_flight) == (0, 0)
        fake.sent.append(Sent(0, "sms", contact.address, "Thanks for your message"))  # the same row again
        assert load_sends(fake.sent, window, len(fake.sent), rows, in_flight) == (1, 0)
    finally:
        await db.close()


async def test_the_outbox_is_quiet_with_nothing_due_or_being_sent(app: AppContext, database_url: str) -> None:
    db, now = LoadDb(database_url), dt.datetime.now(dt.UTC)
    try:
        async with app.db.session() as s:
            contact = Contact(channel="sms", address="+447700900078", first_seen=now, last_seen=now)
            s.add(contact)
            await s.commit()
        held = await _row(app, contact, "After quiet hours")
        async with app.db.session() as s:
            row = await s.get(Message, held)
            assert row is not None
            row.next_attempt_at = now + dt.timedelta(hours=1)  # held: not due during the run
            s.add(row)
            await s.commit()
        assert await db.outbox_quiet(now)
        await _row(app, contact, "Being sent", status="sending")
        assert not await db.outbox_quiet(now)
    finally:
        await db.close()
