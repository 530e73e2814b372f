"""Two real `waymark serve` workers on PostgreSQL: a text accepted by a worker killed with SIGKILL before it
processed the text is processed by the other worker (issue 11, item 2).

Deterministic by two test-only environment variables (honoured only with WAYMARK_ENV=test, see
bot/messaging/inbound_claims.py): the victim holds every text for a long time after claiming it
(WAYMARK_TEST_HOLD_INBOUND_SECONDS), and both use a 2-second lease (WAYMARK_TEST_INBOX_LEASE_SECONDS) so the
survivor's recovery sweep may take the text 2 s after the victim claimed it. The test waits on the
processes (polling with a deadline); it never sleeps to make time pass.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import select

from bot.messaging.inbound_claims import HOLD_ENV, LEASE_ENV
from bot.storage.db import Database
from bot.storage.models import Message
from bot.web.telegram_routes import SECRET_HEADER
from safeguarding.models import Escalation
from tests.pg import reset_schema
from tests.support import ROOT

pytestmark = pytest.mark.postgres
SECRET = "two-workers-test-secret"
CRISIS = "i am going to kill myself tonight"
START_DEADLINE = 180.0  # seconds: start-up compiles the lexicon and loads the NLU model


@pytest.fixture
def pg_url() -> str:
    url = os.environ.get("WAYMARK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("WAYMARK_TEST_POSTGRES_URL not set")
    reset_schema(url)
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def env_for(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "TELEGRAM_", "WAYMARK_TEST_"))}
    env.update(
        WAYMARK_ENV="test",
        WAYMARK_DATABASE_URL=url,
        WAYMARK_CONFIG=str(ROOT / "config.yml"),
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        **{LEASE_ENV: "2"},
        **extra,
    )
    return env


class Worker:
    def __init__(self, name: str, url: str, tmp: Path, **extra: str) -> None:
        self.port = free_port()
        self.log = tmp / f"{name}.log"
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve", "--port", str(self.port), "--log-level", "info"],
                env=env_for(url, **extra),
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def start(pg_url: str, tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"],
        env=env_for(pg_url),
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    # The demo data (its practitioners are the shipped rota's, which `serve` checks at start), loaded once
    # here: two workers started with --demo at the same moment would both try to load it.
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--demo"],
        env=env_for(pg_url),
        cwd=ROOT,
        input="",
        text=True,
        capture_output=True,
        check=True,
        timeout=120,
    )
    started: list[Worker] = []

    def make(name: str, **extra: str) -> Worker:
        worker = Worker(name, pg_url, tmp_path, **extra)
        started.append(worker)
        return worker

    yield make
    for worker in started:
        worker.stop()


async def until(check: Callable[[], Awaitable[Any]], deadline: float, what: str) -> Any:
    """Poll `check` until it returns something truthy, or fail after `deadline` seconds."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = await check()
        if value:
            return value
        await asyncio.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


async def healthy(client: httpx.AsyncClient, worker: Worker) -> bool:
    if worker.proc.poll() is not None:
        pytest.fail(f"worker exited early:\n{worker.log.read_text()[-3000:]}")
    try:
        return (await client.get(worker.base + "/healthz")).status_code == 200
    except httpx.TransportError:
        return False


async def test_a_text_accepted_by_a_killed_worker_is_processed_by_the_other(
    pg_url: str, start: Callable[..., Worker]
) -> None:
    victim = start("victim", **{HOLD_ENV: "600"})
    survivor = start("survivor")
    db = Database(pg_url)
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            for worker in (victim, survivor):
                await until(lambda w=worker: healthy(client, w), START_DEADLINE, "a worker to start")
        update = {
            "update_id": 880001,
            "message": {
                "message_id": 1,
                "date": 1795428000,
                "chat": {"id": 5550001, "type": "private", "first_name": "Sam"},
                "from": {"id": 5550001, "is_bot": False, "first_name": "Sam"},
                "text": CRISIS,
            },
        }
        # A risk text is processed inside its webhook (bot/messaging/crisis_lane.py), after it is stored:
        # the victim claims it and is killed before it answers, as a worker dying mid-request would be.
        client = httpx.AsyncClient(timeout=600)
        post = asyncio.create_task(
            client.post(victim.base + "/webhooks/telegram", json=update, headers={SECRET_HEADER: SECRET})
        )

        async def inbound() -> Message | None:
            async with db.session() as s:
                found = select(Message).where(Message.direction == "in", Message.body == CRISIS)
                return (await s.exec(found.where(Message.channel == "telegram"))).first()

        async def claimed() -> Message | None:
            msg = await inbound()
            return msg if msg is not None and msg.attempts >= 1 else None

        await until(claimed, 30, "the victim to claim the text")
        victim.proc.send_signal(signal.SIGKILL)  # accepted and claimed, never processed
        victim.proc.wait(timeout=10)
        with contextlib.suppress(httpx.TransportError):  # the provider saw no answer (and would retry)
            await post
        await client.aclose()

        async def processed() -> Message | None:
            msg = await inbound()
            return msg if msg is not None and msg.status == "processed" else None

        done = await until(processed, 30, "the survivor to process the text")
        assert done.attempts == 2, "claimed once by the victim, once by the survivor"
        async with db.session() as s:
            crisis = (
                await s.exec(
                    select(Message).where(
                        Message.direction == "out",
                        Message.priority == 0,
                        Message.contact_id == done.contact_id,
                    )
                )
            ).all()
            # this person's alerts only: the demo data holds earlier cases and review-list entries
            mine = select(Escalation).where(
                Escalation.kind == "alert", Escalation.contact_id == done.contact_id
            )
            escalations = (await s.exec(mine)).all()
        # one crisis reply; its kind says whether the team was open (real clock: "_closed" out of hours)
        assert len(crisis) == 1 and crisis[0].kind.startswith("crisis_immediate"), [m.kind for m in crisis]
        assert len(escalations) == 1 and escalations[0].severity == "immediate"
        assert "inbox sweep processed 1" in survivor.log.read_text()
    finally:
        await db.dispose()
