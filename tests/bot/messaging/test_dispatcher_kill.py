"""A real `waymark serve`, killed with SIGKILL while (fake) Twilio was slow to answer a crisis reply it had
already taken, then started again (issue 11, item 6). Before the fix the crisis reply waited out a 120 s
lease, then went a second time, and the child's other texts waited behind it. The same server shows that
responses carry no `server` header (item 12)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from bot.app.clock import FixedClock
from bot.messaging.outbox import enqueue
from bot.storage.migrate import upgrade
from bot.storage.models import AuditEvent, Contact, Message
from flows.engine import Priority
from tests.bot.channels.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio, Sent, serve_fake_twilio
from tests.support import ROOT, make_context

CHILD = "+447700900123"
CRISIS, REPLY = "Crisis numbers: call 999 now if you are in danger.", "A reply that waits behind it."
STARTUP_S = 240.0  # `waymark serve` compiles the lexicon and loads the NLU model first (slow on 2 cores)
AFTER_START_S = 30.0  # well inside the old 120 s lease: only the fix can send within it


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _queue(url: str) -> tuple[int, int]:
    ctx = make_context(url, FixedClock(dt.datetime.now(dt.UTC)))
    async with ctx.db.session() as s:
        contact = Contact(channel="sms", address=CHILD, first_seen=ctx.now(), last_seen=ctx.now())
        s.add(contact)
        await s.flush()
        crisis = await enqueue(
            s, contact, CRISIS, now=ctx.now(), priority=Priority.CRISIS, kind="crisis_high"
        )
        reply = await enqueue(s, contact, REPLY, now=ctx.now(), priority=Priority.REPLY)
        await s.commit()
    await ctx.close()
    assert crisis.id is not None and reply.id is not None
    return crisis.id, reply.id


async def _rows(url: str, *ids: int) -> tuple[list[Message], list[str]]:
    ctx = make_context(url, FixedClock(dt.datetime.now(dt.UTC)))
    async with ctx.db.session() as s:
        rows = [await s.get(Message, i) for i in ids]
        actions = [a.action for a in (await s.exec(select(AuditEvent))).all()]
    await ctx.close()
    return [r for r in rows if r is not None], actions


@contextmanager
def _serve(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--demo", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def _wait(fake: FakeTwilio, proc: subprocess.Popen[bytes], done: Callable[[], bool], seconds: float) -> bool:
    """Until `done()` after a request to the fake; False if the server exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if fake.wait_until(done, timeout=1.0):
            return True
    return done()


def _to_child(fake: FakeTwilio) -> list[Sent]:
    return [m for m in fake.sent if m.to == CHILD]


@pytest.fixture
def fake() -> Iterator[FakeTwilio]:
    with serve_fake_twilio() as running:
        running.now = lambda: dt.datetime.now(dt.UTC)
        yield running
        running.release()


def test_kill_9_while_twilio_is_slow_sends_the_crisis_reply_once_and_no_later(
    tmp_path: Path, fake: FakeTwilio
) -> None:
    url = f"sqlite:///{tmp_path / 'waymark.db'}"
    upgrade(url)
    crisis_id, reply_id = asyncio.run(_queue(url))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "TWILIO_", "WAYMARK_"))}
    env.update(
        WAYMARK_ENV="test",
        WAYMARK_DATABASE_URL=url,
        WAYMARK_CONFIG=str(ROOT / "config.yml"),
        WAYMARK_PUBLIC_URL="https://waymark.example.org",
        WAYMARK_TWILIO_API_BASE=fake.base_url,
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_FROM_NUMBER="+447700900000",
    )
    if os.environ.get("WAYMARK_CACHE_DIR"):
        env["WAYMARK_CACHE_DIR"] = os.environ["WAYMARK_CACHE_DIR"]
    port, log = _free_port(), tmp_path / "serve.log"

    fake.stall(accept=True)  # Twilio takes the crisis reply but has not answered yet
    with _serve(env, port, log) as first:
        assert _wait(fake, first, fake.stalled.is_set, STARTUP_S), log.read_text()[-3000:]
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    fake.release()
    (crisis, reply), _ = asyncio.run(_rows(url, crisis_id, reply_id))
    assert crisis.status == "sending" and crisis.provider_id is None and reply.status == "queued"

    with _serve(env, port, log) as second:
        # up and dispatching: it asks Twilio about the unconfirmed crisis reply (old code: waits 120 s)
        assert _wait(fake, second, lambda: fake.lookups > 0 or len(_to_child(fake)) > 1, STARTUP_S), (
            log.read_text()[-3000:]
        )
        assert _wait(fake, second, lambda: len(_to_child(fake)) >= 2, AFTER_START_S), log.read_text()[-3000:]
        health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    sent = _to_child(fake)  # (the demo data's appointment reminder may go out too, to another number)
    assert [m.body for m in sent] == [CRISIS, REPLY]  # once each: no second crisis reply
    (crisis, reply), actions = asyncio.run(_rows(url, crisis_id, reply_id))
    assert crisis.status == "sent" and crisis.provider_id == sent[0].sid
    assert reply.status == "sent" and reply.provider_id == sent[1].sid
    assert "outbox.found_sent" in actions
    # issue 11 item 12, checked here because this test already runs a real `waymark serve`
    assert health.status_code == 200 and "server" not in health.headers
    assert health.headers["x-content-type-options"] == "nosniff"
    assert health.headers["strict-transport-security"].startswith("max-age=")  # the public URL is https
