"""A real `waymark serve` in a subprocess (free port, its own database, Twilio signatures checked against
the fake Twilio on 127.0.0.1) and a burst of signed webhooks from many numbers, timed per request."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.bot.channels.conftest import FROM_NUMBER, payload, sign
from tests.bot.channels.fake_twilio import ACCOUNT_SID, AUTH_TOKEN

ROOT = Path(__file__).resolve().parents[3]
START_SECONDS = 240.0  # first start on a cold machine trains the NLU model
CRISIS = "i am going to kill myself tonight"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def waymark_serve(
    database_url: str,
    twilio_api: str,
    tmp_path: Path,
    config: Path = ROOT / "config.yml",
    extra_args: tuple[str, ...] = (),
) -> Iterator[Server]:
    """Start `waymark serve --demo` (with `extra_args`) on a free port; wait for /healthz; stop it (SIGTERM)
    at the end."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "WAYMARK_ENV": "development",
        "WAYMARK_DATABASE_URL": database_url,
        "WAYMARK_CONFIG": str(config),
        "WAYMARK_PUBLIC_URL": base,
        "WAYMARK_CACHE_DIR": os.environ.get("WAYMARK_CACHE_DIR", str(ROOT / ".cache" / "nlu")),
        "WAYMARK_TWILIO_API_BASE": twilio_api,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
    }
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TWILIO_MESSAGING_SERVICE_SID"):
        env.pop(name, None)
    log_path = tmp_path / f"serve-{port}.log"
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot.cli",
                "serve",
                "--demo",
                "--port",
                str(port),
                "--log-level",
                "warning",
                *extra_args,
            ],
            env=env,
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(base, process, log_path)
    try:
        _wait_healthy(server)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"waymark serve exited with {server.process.returncode}:\n{server.log()}")
        try:
            if httpx.get(f"{server.base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)  # a real process starting up: there is no clock to inject here
    raise RuntimeError(f"waymark serve did not answer /healthz in {START_SECONDS} s:\n{server.log()}")


@dataclass
class Burst:
    """What a burst of webhooks got back: status and seconds per MessageSid, in sending order."""

    sids: list[str] = field(default_factory=list)
    status: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    crisis_sid: str = ""
    elapsed: float = 0.0
    retried: int = 0  # first answers that were 503 (the text was sent again, as Twilio would)

    def percentile(self, p: float) -> float:
        values = sorted(self.seconds.values())
        return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def fire(base_url: str, count: int, *, concurrency: int = 16, numbers: int = 100) -> Burst:
    """POST `count` signed Twilio webhooks, `concurrency` at a time, from `numbers` numbers; one of them,
    in the middle, is a crisis text. A 503 is sent again, as Twilio would (up to three times)."""
    burst = Burst()
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for n in range(count):
        sid = f"SM{n:032x}"
        body = CRISIS if n == count // 2 else f"hi there number {n}"
        sender = f"+4477009{n % numbers:05d}"
        queue.put_nowait(payload("twilio_inbound_sms", Body=body, From=sender, MessageSid=sid, SmsSid=sid))
        burst.sids.append(sid)
    burst.crisis_sid = burst.sids[count // 2]
    url = f"{base_url}/webhooks/twilio/sms"
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            form = queue.get_nowait()
            sid = form["MessageSid"]
            for _attempt in range(4):
                started = time.perf_counter()
                response = await client.post(url, data=form, headers={"X-Twilio-Signature": sign(url, form)})
                burst.seconds[sid] = time.perf_counter() - started
                burst.status[sid] = response.status_code
                if response.status_code != 503:
                    break
                burst.retried += 1

    started = time.perf_counter()
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    burst.elapsed = time.perf_counter() - started
    return burst


# Only the burst's own texts (its MessageSids are "SM" and 32 zero-padded hex digits); the demo data holds
# weeks of earlier texts for the reports.
BY_STATUS = (
    "SELECT status, count(*) FROM message WHERE direction = 'in' "
    "AND provider_id LIKE 'SM000000000000000000000000%' GROUP BY status"
)
ESCALATIONS = (
    "SELECT count(*) FROM escalation e JOIN message m ON m.id = e.message_id WHERE m.provider_id = {p}"
)
# The crisis reply itself: the sender's later texts in the burst get crisis-hold lines (also priority 0).
CRISIS_REPLIES = (
    "SELECT count(*) FROM message o JOIN message m ON m.contact_id = o.contact_id "
    "WHERE m.provider_id = {p} AND o.direction = 'out' AND o.priority = 0 AND o.kind LIKE 'crisis%'"
)


def counts(database_url: str, crisis_sid: str) -> dict[str, int]:
    """Inbound rows by status, escalations for the crisis text, and crisis replies queued or sent."""
    if database_url.startswith("sqlite:///"):
        path = database_url[len("sqlite:///") :]
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as db:
            found = {f"in_{status}": n for status, n in db.execute(BY_STATUS)}
            for key, sql in (("escalations", ESCALATIONS), ("crisis_replies", CRISIS_REPLIES)):
                found[key] = db.execute(sql.format(p="?"), (crisis_sid,)).fetchone()[0]
        return found
    return asyncio.run(_pg_counts(database_url, crisis_sid))


async def _pg_counts(database_url: str, crisis_sid: str) -> dict[str, int]:
    import asyncpg

    conn = await asyncpg.connect(database_url)
    try:
        found = {f"in_{status}": n for status, n in await conn.fetch(BY_STATUS)}
        for key, sql in (("escalations", ESCALATIONS), ("crisis_replies", CRISIS_REPLIES)):
            found[key] = await conn.fetchval(sql.format(p="$1"), crisis_sid)
        return found
    finally:
        await conn.close()
