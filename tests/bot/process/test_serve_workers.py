"""`waymark serve --workers 2` on PostgreSQL: two processes answer on one port, and a burst of texts from
many numbers is stored and processed once each (issue 17). On SQLite, `--workers 2` is refused at once
with a message that says why."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.bot.channels.fake_twilio import FakeTwilio, serve_fake_twilio
from tests.bot.process.serve_support import ROOT, Burst, counts, fire, waymark_serve
from tests.pg import database_url_for

COUNT = 200
START_SECONDS = 240.0
# Only the burst's senders (their texts' MessageSids start with the burst's zero-padded prefix): the demo
# data holds weeks of earlier activity, with reminders that repeat on purpose.
DUPLICATE_REPLIES = (
    "SELECT count(*) FROM (SELECT contact_id, body FROM message WHERE direction = 'out' "
    "AND contact_id IN (SELECT contact_id FROM message WHERE direction = 'in' "
    "AND provider_id LIKE 'SM000000000000000000000000%') "
    "GROUP BY contact_id, body HAVING count(*) > 1) AS twice"
)


@pytest.fixture(scope="module")
def fake_twilio() -> Iterator[FakeTwilio]:
    with serve_fake_twilio() as fake:
        yield fake


def _port(base_url: str) -> int:
    return int(base_url.rsplit(":", 1)[1])


def _listening(proc: psutil.Process, port: int) -> bool:
    try:
        return any(
            c.status == psutil.CONN_LISTEN and c.laddr.port == port for c in proc.net_connections("tcp")
        )
    except psutil.Error:
        return False


class ConnectionWatch:
    """Records which of the processes held an open connection on the port while it ran (a thread polls)."""

    def __init__(self, procs: list[psutil.Process], port: int) -> None:
        self.procs, self.port = procs, port
        self.served: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for proc in self.procs:
                try:
                    conns = proc.net_connections("tcp")
                except psutil.Error:
                    continue
                if any(c.status == psutil.CONN_ESTABLISHED and c.laddr.port == self.port for c in conns):
                    self.served.add(proc.pid)
            self._stop.wait(0.01)

    def __enter__(self) -> ConnectionWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


async def _pg_value(url: str, sql: str) -> int:
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        return int(await conn.fetchval(sql))
    finally:
        await conn.close()


def _servers(parent: psutil.Process) -> list[psutil.Process]:
    """The server processes `parent` started (`waymark serve` children), not its second-look worker or
    multiprocessing's resource tracker."""
    found = []
    for child in parent.children():
        try:
            if "serve" in child.cmdline():
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


@pytest.mark.postgres
def test_two_workers_share_the_port_and_process_each_text_once(
    tmp_path: Path, fake_twilio: FakeTwilio
) -> None:
    url = database_url_for("postgres", tmp_path)
    with waymark_serve(url, fake_twilio.base_url, tmp_path, extra_args=("--workers", "2")) as server:
        port = _port(server.base_url)
        parent = psutil.Process(server.process.pid)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:  # the second process starts (and loads the screen) after the first
            children = _servers(parent)  # (the parent's other children: its second-look worker)
            if children and _listening(children[0], port):
                break
            time.sleep(0.2)  # a real process starting up: there is no clock to inject here
        else:
            pytest.fail(f"the second worker did not listen in {START_SECONDS} s:\n{server.log()}")
        workers = [parent, children[0]]
        with ConnectionWatch(workers, port) as watch:
            burst: Burst = asyncio.run(fire(server.base_url, COUNT, numbers=COUNT))
        end = time.monotonic() + 300
        while time.monotonic() < end:
            found = counts(url, burst.crisis_sid)
            if found.get("in_processed", 0) >= COUNT:
                break
            time.sleep(0.5)  # the servers work in their own processes; poll their database
        twice = asyncio.run(_pg_value(url, DUPLICATE_REPLIES))
        log = server.log()
    assert {code for code in burst.status.values()} == {200}, log[-3000:]
    assert watch.served == {p.pid for p in workers}, "both processes answered webhooks"
    assert found == {"in_processed": COUNT, "escalations": 1, "crisis_replies": 1}, found
    # (an attempt that failed, e.g. no pooled connection in time, is rolled back and retried: not twice)
    assert twice == 0, "no text was processed twice: no contact got the same reply twice"
    # SIGTERM to the first process stops the others too (uvicorn raised the signal again after its shutdown,
    # which killed the first before it stopped its workers: they were left serving the port)
    second = workers[1]
    try:
        second.wait(timeout=30)
    except psutil.TimeoutExpired:
        second.kill()
        pytest.fail("the second worker was still running after the first was stopped")
    assert server.process.returncode == 128 + signal.SIGTERM


def test_sqlite_refuses_more_than_one_worker_at_once(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WAYMARK_ENV": "development",
        "WAYMARK_DATABASE_URL": f"sqlite:///{tmp_path / 'waymark.db'}",
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_SECRET_KEY": "a-test-secret-key-that-is-long-enough-0123",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve", "--workers", "2", "--port", "0"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "--workers above 1 needs PostgreSQL" in done.stderr
    assert not (tmp_path / "waymark.db").exists(), "refused before touching the database"
