"""Server processes for `waymark bench load`: `waymark serve` on a free port, one or several processes
(SO_REUSEPORT), their environment pointed at the fake provider, and their peak memory (psutil)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import yaml

PUBLIC_URL = "https://bench.waymark.invalid"
TWILIO_TOKEN = "bench-auth-token-not-a-secret"
TWILIO_SID = "AC" + "0" * 32
TELEGRAM_SECRET = "bench-webhook-secret-not-a-secret"
TELEGRAM_TOKEN = "123456:bench-bot-token-not-a-secret"
READY_LINE = "Application startup complete"
STARTUP_MEMORY = re.compile(r"memory: (?P<mb>[0-9.]+) MB (?P<stage>.+)$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_config(folder: Path, source: Path, now: dt.datetime, sms_rate: int) -> Path:
    """config.yml with quiet hours moved to a minute twelve hours away (so scheduled texts go out now) and
    the SMS send limit set to `sms_rate` segments a second (the fake provider has no limit of its own)."""
    data = yaml.safe_load(source.read_text())
    data.setdefault("channels", {}).setdefault("sms", {})["segments_per_second"] = sms_rate
    start = (now + dt.timedelta(hours=12)).replace(second=0, microsecond=0)
    end = start + dt.timedelta(minutes=1)
    data["quiet_hours"] = {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
    for section in data.values():  # alert someone at any hour, so every risk text's alert is timed
        if isinstance(section, dict) and isinstance(section.get("rota"), dict):
            rota = section["rota"]
            every_day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            primary, backup = rota["shifts"][0]["primary"], rota["shifts"][0]["backup"]
            rota["shifts"] = [
                {"days": every_day, "start": "00:00", "end": "23:59", "primary": primary, "backup": backup}
            ]
            rota["overrides"], rota["on_call"] = [], []
    path = folder / "config.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def server_env(database_url: str, config: Path, provider: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "WAYMARK_ENV": "development",
            "WAYMARK_DATABASE_URL": database_url,
            "WAYMARK_CONFIG": str(config),
            "WAYMARK_SECRET_KEY": "bench-secret-key-not-for-production",
            "WAYMARK_PUBLIC_URL": PUBLIC_URL,
            "TWILIO_ACCOUNT_SID": TWILIO_SID,
            "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
            "TWILIO_FROM_NUMBER": "+447700900000",
            "WAYMARK_TWILIO_API_BASE": provider,
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
            "WAYMARK_TELEGRAM_API_BASE": provider,
        }
    )
    return env


def startup_memory(log: str) -> dict[str, float]:
    """{stage: MB} from a server log's `memory: N MB <stage>` lines, in text or JSON log format."""
    stages: dict[str, float] = {}
    for line in log.splitlines():
        if line.startswith("{"):
            try:
                line = str(json.loads(line).get("message", ""))
            except ValueError:
                continue
        match = STARTUP_MEMORY.search(line)
        if match:
            stages[match["stage"]] = float(match["mb"])
    return stages


def _children(process: psutil.Process) -> list[psutil.Process]:
    """`process`'s live children that can be read (multiprocessing's resource tracker is tiny: kept)."""
    found = []
    for child in process.children():
        try:
            child.memory_info()
        except psutil.Error:
            continue
        found.append(child)
    return found


@dataclass
class Servers:
    """`processes` copies of `waymark serve` on one port; the first loads demo data and migrates."""

    env: dict[str, str]
    folder: Path
    processes: int = 1
    port: int = field(default_factory=free_port)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    peak_rss: dict[int, int] = field(default_factory=dict)
    cpu_s: dict[int, float] = field(default_factory=dict)  # CPU seconds (user + system) each has used
    #: Peak RSS of the servers' own child processes (the second look's worker), by pid.
    child_peak_rss: dict[int, int] = field(default_factory=dict)

    #: What the bench is doing now; the peak RSS is also kept per phase (`phase_rss`).
    phase: str = "started"
    phase_rss: dict[str, dict[int, int]] = field(default_factory=dict)
    profile: bool = False  # run each server under cProfile, writing server<N>.prof in `folder`

    def _start_one(self, index: int, first: bool) -> subprocess.Popen[bytes]:
        wrap = ["-m", "cProfile", "-o", str(self.folder / f"server{index}.prof")] if self.profile else []
        args = [
            sys.executable,
            *wrap,
            "-m",
            "bot.cli",
            "serve",
            "--port",
            str(self.port),
            "--log-level",
            "info",
        ]
        args += ["--demo"] if first else []
        args += ["--reuse-port"] if self.processes > 1 else []
        log = (self.folder / f"server{index}.log").open("wb")
        proc = subprocess.Popen(args, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    async def _ready(self, index: int, proc: subprocess.Popen[bytes], timeout: float = 180.0) -> None:
        log = self.folder / f"server{index}.log"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server {index} exited: {log.read_text()[-2000:]}")
            if READY_LINE in log.read_text(errors="replace"):
                return
            await asyncio.sleep(0.2)
        raise RuntimeError(f"server {index} not ready after {timeout:.0f} s")

    async def start(self) -> float:
        """Start every process, one after another; returns seconds until all were ready."""
        began = time.monotonic()
        for i in range(self.processes):
            proc = self._start_one(i, first=i == 0)
            await self._ready(i, proc)
        return time.monotonic() - began

    def sample_memory(self) -> None:
        for proc in self.procs:
            try:
                process = psutil.Process(proc.pid)
                rss, cpu = process.memory_info().rss, process.cpu_times()
            except psutil.Error:
                continue
            self.cpu_s[proc.pid] = cpu.user + cpu.system
            self.peak_rss[proc.pid] = max(self.peak_rss.get(proc.pid, 0), rss)
            for child in _children(process):  # its second-look worker: a process of its own, kept apart
                self.child_peak_rss[child.pid] = max(
                    self.child_peak_rss.get(child.pid, 0), child.memory_info().rss
                )
            phase = self.phase_rss.setdefault(self.phase, {})
            phase[proc.pid] = max(phase.get(proc.pid, 0), rss)

    def enter(self, phase: str) -> None:
        """Sample once more for the phase that ends, then count samples towards `phase`."""
        self.sample_memory()
        self.phase = phase
        self.sample_memory()

    def startup_memory(self) -> list[dict[str, float]]:
        """Each server's `memory: N MB <stage>` start-up log lines (bot/cli/serve.py), as {stage: MB}."""
        return [
            startup_memory((self.folder / f"server{index}.log").read_text(errors="replace"))
            for index in range(len(self.procs))
        ]

    async def watch_memory(self, every: float = 0.25) -> None:
        while True:
            self.sample_memory()
            await asyncio.sleep(every)

    def stop(self) -> None:
        for proc in self.procs:  # under cProfile, SIGINT: uvicorn re-raises it as KeyboardInterrupt, so the
            proc.send_signal(signal.SIGINT if self.profile else signal.SIGTERM)  # profile is still written
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
