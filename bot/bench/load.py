"""`waymark bench load`: the real HTTP app under load, end to end.

Starts `waymark serve` (one process, or several on one port via SO_REUSEPORT) on SQLite or PostgreSQL,
pointed at a local fake Twilio/Telegram (bot/bench/load_fake.py), then:
1. posts signed Twilio webhooks and Telegram updates from many senders, at a set concurrency (or a set
   rate), with a risk text every `risk_every` messages and a provider retry (same id) every 100;
2. waits until every stored text is processed and the outbox is drained;
3. inserts 10,000 due scheduled items (signposting follow-ups) and times the scheduler and the sends.
Figures: docs/operations.md ("What the load benchmark reports").
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from twilio.request_validator import RequestValidator

from bot.bench.load_cpu import CpuMeter, cores_needed
from bot.bench.load_db import LoadDb
from bot.bench.load_fake import FakeProvider
from bot.bench.load_servers import (
    PUBLIC_URL,
    TELEGRAM_SECRET,
    TWILIO_SID,
    TWILIO_TOKEN,
    Servers,
    bench_config,
    server_env,
)
from bot.bench.support import percentile

TWILIO_PATH = "/webhooks/twilio/sms"
TELEGRAM_PATH = "/webhooks/telegram"
TEXTS = ("hi", "menu", "2", "help", "what is this", "DEMO1", "thanks", "i feel a bit low", "ok", "1")
RISK_TEXT = "i want to kill myself tonight"


@dataclass(frozen=True)
class Sample:
    """One webhook: when it was sent (time.time), how long the answer took, and what it was."""

    at: float
    ms: float
    status: int
    channel: str
    sender: int
    risk: bool


class Driver:
    """Builds and posts the webhooks of one run."""

    def __init__(self, port: int, run: int, senders: int, telegram_every: int, risk_every: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.run, self.senders = run, senders
        self.telegram_every, self.risk_every = telegram_every, risk_every
        self.validator = RequestValidator(TWILIO_TOKEN)
        self.samples: list[Sample] = []

    def phone(self, sender: int) -> str:
        return f"+4474{self.run % 100:02d}{sender:06d}"

    def chat(self, sender: int) -> int:
        return 5200000000 + (self.run % 100) * 1_000_000 + sender

    def _request(self, i: int) -> tuple[str, str, bytes, dict[str, str], int, bool]:
        risk = self.risk_every > 0 and i % self.risk_every == self.risk_every // 2
        # a risk text comes from a number of its own: a second risk text from one contact joins the open case
        # (no new crisis reply or alert), which would be counted as missing
        sender = self.senders + i // self.risk_every if risk else (i * 7919) % self.senders
        text = RISK_TEXT if risk else TEXTS[(i // self.senders) % len(TEXTS)]
        if self.telegram_every and i % self.telegram_every == 1:
            chat = self.chat(sender)
            message = {
                "message_id": i + 1,
                "from": {"id": chat, "is_bot": False, "first_name": "Bench"},
                "chat": {"id": chat, "type": "private", "first_name": "Bench"},
                "date": int(time.time()),
                "text": text,
            }
            body = json.dumps({"update_id": self.run * 10_000_000 + i, "message": message}).encode()
            headers = {"content-type": "application/json", "x-telegram-bot-api-secret-token": TELEGRAM_SECRET}
            return "telegram", TELEGRAM_PATH, body, headers, sender, risk
        sid = f"SM{self.run:08x}{i:024x}"
        form = {
            "ToCountry": "GB",
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "SmsSid": sid,
            "SmsStatus": "received",
            "Body": text,
            "FromCountry": "GB",
            "To": "+447700900000",
            "NumSegments": "1",
            "MessageSid": sid,
            "AccountSid": TWILIO_SID,
            "From": self.phone(sender),
            "ApiVersion": "2010-04-01",
        }
        signature = self.validator.compute_signature(PUBLIC_URL + TWILIO_PATH, form)
        headers = {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": signature,
            "host": PUBLIC_URL.split("://")[1],
        }
        return "sms", TWILIO_PATH, urlencode(form).encode(), headers, sender, risk

    async def post(self, http: aiohttp.ClientSession, i: int) -> None:
        channel, path, body, headers, sender, risk = self._request(i)
        at, start = time.time(), time.perf_counter()
        try:
            async with http.post(self.base + path, data=body, headers=headers) as resp:
                await resp.read()
                status = resp.status
        except aiohttp.ClientError:
            status = 0
        self.samples.append(Sample(at, (time.perf_counter() - start) * 1000, status, channel, sender, risk))
        if i % 100 == 99:  # the provider retries this one: same id, same body; must change nothing
            async with http.post(self.base + path, data=body, headers=headers) as resp:
                await resp.read()

    async def drive(self, messages: int, concurrency: int, rate: float | None) -> float:
        """Post `messages` webhooks; returns the seconds it took."""
        connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
        async with aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=60)
        ) as http:
            began = time.perf_counter()
            if rate:
                tasks = []
                for i in range(messages):
                    delay = began + i / rate - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    tasks.append(asyncio.create_task(self.post(http, i)))
                await asyncio.gather(*tasks)
            else:
                counter = iter(range(messages))

                async def worker() -> None:
                    for i in counter:
                        await self.post(http, i)

                await asyncio.gather(*(worker() for _ in range(concurrency)))
            return time.perf_counter() - began


def _ms(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    return {
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
        "max": max(values),
    }


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


async def _wait(predicate: Any, timeout: float, every: float = 0.25) -> float:
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if await predicate():
            break
        await asyncio.sleep(every)
    return time.monotonic() - began


async def run_load(
    *,
    database_url: str | None,
    processes: int,
    messages: int,
    concurrency: int,
    rate: float | None,
    senders: int,
    telegram_every: int,
    risk_every: int,
    scheduled: int,
    sms_rate: int,
    plot: Path | None,
    config: Path,
    keep: Path | None = None,
    profile: bool = False,
) -> dict[str, Any]:
    """Run the whole benchmark; returns the figures. `keep`: a folder for the database and server logs
    (default: a temporary one, deleted after)."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() if keep is None else nullcontext(str(keep)) as tmp:
        folder = Path(tmp)
        url = database_url or f"sqlite:///{folder / 'bench.db'}"
        fake = FakeProvider()
        base = await fake.start()
        now = dt.datetime.now(dt.UTC)
        servers = Servers(
            server_env(url, bench_config(folder, config, now, sms_rate), base),
            folder,
            processes,
            profile=profile,
        )
        db = LoadDb(url)
        meter = CpuMeter(lambda: [p.pid for p in servers.procs], with_postgres=not url.startswith("sqlite"))
        watcher: asyncio.Task[None] | None = None
        try:
            started_s = await servers.start()
            watcher = asyncio.create_task(servers.watch_memory())
            run = int(time.time()) % 100_000
            driver = Driver(servers.port, run, senders, telegram_every, risk_every)
            window = await start_window(db, fake)
            began = window.began
            load_before = _load_average()
            servers.enter("webhooks")
            meter.mark("webhooks")
            seconds = await driver.drive(messages, concurrency, rate)
            accepted = [s for s in driver.samples if s.status == 200]
            servers.enter("drain")
            drain_s = await _wait(lambda: db.all_processed(began, len(accepted)), 120)
            meter.mark("processed")
            outbox_s = await _wait(lambda: db.outbox_drained(began), 60)
            inbound = await db.inbound(began)
            risk = await db.risk_times(began, [s for s in accepted if s.risk], driver)
            # every send the fake had before the read has its row sent or in flight in the read, and every
            # row the read found sent reached the fake before the read ended
            sends_in_load = len(fake.sent)
            sent_rows, in_flight = await db.sent_rows(began)
            duplicated_out, missing_out = load_sends(fake.sent, window, sends_in_load, sent_rows, in_flight)
            if keep is not None:
                _keep_sends(keep, fake.sent, window, sends_in_load, sent_rows, in_flight)
            servers.enter("scheduled")
            meter.mark("scheduled")
            sched = await _scheduler(db, fake, scheduled, driver)
            meter.mark("scheduled_done")
            load_after = _load_average()
        finally:
            if watcher is not None:
                watcher.cancel()
            servers.sample_memory()
            servers.stop()
            await fake.stop()
            await db.close()
        latencies = [s.ms for s in driver.samples]
        texts_cpu = meter.between("webhooks", "processed", len(accepted))
        replies_at = sorted(x.at for x in fake.sent[window.first : sends_in_load])
        figures: dict[str, Any] = {
            "database": "sqlite" if url.startswith("sqlite") else "postgresql",
            "processes": processes,
            "concurrency": None if rate else concurrency,
            "rate": rate,
            "messages": messages,
            "senders": senders,
            "load_average_before": load_before,
            "load_average_after": load_after,
            "server_start_s": round(started_s, 2),
            "messages_per_s": round(len(accepted) / seconds, 1),
            "processed_per_s": processed_per_s(
                inbound["processed"], driver.samples, inbound["last_processed_at"]
            ),
            "webhook_ms": _ms(latencies),
            "non_200": len(driver.samples) - len(accepted),
            "outbox_quiet_at_start": window.quiet,
            "stored": inbound["stored"],
            "processed": inbound["processed"],
            "lost": len(accepted) - inbound["stored"],
            "duplicated_in": inbound["duplicates"],
            "all_processed_after_load_s": round(drain_s, 2),
            "time_to_processed_ms": _ms(inbound["processed_ms"]),
            "risk_texts": len(risk["crisis_ms"]),
            "risk_crisis_reply_queued_ms": _ms(risk["crisis_ms"]),
            "risk_alert_queued_ms": _ms(risk["alert_ms"]),
            "risk_missing_crisis_or_alert": risk["missing"],
            "outbox_drained_after_load_s": round(outbox_s, 2),
            "outbox_sent": len(sent_rows),
            "outbox_send_rate_per_s": _rate(replies_at),
            "sms_segments_per_second_limit": sms_rate,
            "duplicated_sends": duplicated_out,
            "missing_sends": missing_out,
            **sched,
            "peak_rss_mb": [round(v / 2**20, 1) for v in servers.peak_rss.values()],
            "child_peak_rss_mb": [round(v / 2**20, 1) for v in servers.child_peak_rss.values()],
            "server_cpu_s": [round(v, 1) for v in servers.cpu_s.values()],
            "peak_rss_mb_by_phase": {
                phase: [round(v / 2**20, 1) for v in peaks.values()]
                for phase, peaks in servers.phase_rss.items()
            },
            "startup_rss_mb": servers.startup_memory(),
            "cpu_texts": texts_cpu,
            "cores_needed_for_texts_at": {str(r): cores_needed(texts_cpu, r) for r in (250, 400)},
            "cpu_scheduled": meter.between("scheduled", "scheduled_done", scheduled),
        }
        if plot is not None:
            from bot.bench.load_plot import plot_latency

            plot_latency(driver.samples, plot, figures)
        return figures


def processed_per_s(processed: int, samples: list[Sample], last_processed_at: dt.datetime | None) -> float:
    """End-to-end throughput: texts processed (stored, screened, routed, replies queued) per second, from
    the first webhook sent to the last text processed (the server's processed_at). Unlike the intake
    figure (`messages_per_s`), a backlog left after the last webhook counts against it."""
    if not samples or last_processed_at is None or processed == 0:
        return 0.0
    seconds = last_processed_at.timestamp() - min(s.at for s in samples)
    return round(processed / seconds, 1) if seconds > 0 else 0.0


def _rate(times: list[float]) -> float:
    if len(times) < 2 or times[-1] == times[0]:
        return 0.0
    return round((len(times) - 1) / (times[-1] - times[0]), 1)


def _parts(rows: list[tuple[str, str, str]]) -> Counter[tuple[str, str]]:
    from bot.channels.sms_text import split_for_sending, to_gsm7

    found: Counter[tuple[str, str]] = Counter()
    for channel, to, body in rows:
        parts = split_for_sending(to_gsm7(body)) if channel == "sms" else (body,)
        found.update((to, part) for part in parts)
    return found


@dataclass(frozen=True)
class SendWindow:
    """Where the load phase starts: in time (its rows are those created from `began`) and in the fake
    provider's record (its sends are ``fake.sent[first:]``). Taken once the outbox is quiet, so a text the
    servers queued before the load (the demo data's due appointment reminder, queued and sent at start-up)
    is on neither side; counting its send against the load's rows made it a duplicate."""

    began: dt.datetime
    first: int  # sends from here on are the load's
    earliest: int  # the record's length at `began`: a row of the load may have been sent from here
    quiet: bool  # False: the outbox never went quiet before the time-out (a send may be miscounted)


async def start_window(db: LoadDb, fake: FakeProvider, timeout: float = 60.0) -> SendWindow:
    """Wait until nothing is being sent or due, then return where the load starts. `began` is taken
    before the database is read and `first` after it: a row created before `began` was no longer queued
    or being sent when the read looked, so its answer was recorded, so the provider had it before `first`."""
    deadline = time.monotonic() + timeout
    while True:
        began, earliest = dt.datetime.now(dt.UTC), len(fake.sent)
        quiet = await db.outbox_quiet(began)
        if quiet or time.monotonic() >= deadline:
            return SendWindow(began, len(fake.sent), earliest, quiet)
        await asyncio.sleep(0.1)


def load_sends(
    sent: list[Any],
    window: SendWindow,
    end: int,
    rows: list[tuple[str, str, str]],
    in_flight: list[tuple[str, str, str]],
) -> tuple[int, int]:
    """(Duplicated, missing) sends of the load: the provider's sends from `window.first` to `end` (taken
    before `rows` and `in_flight` were read) against the rows created since `window.began` that were
    sent or being sent; a row is missing only when the provider never had it from `window.earliest` on."""
    return _compare_sends(sent[window.first : end], rows, in_flight, sent[window.earliest :])


def _compare_sends(
    fake: list[Any],
    rows: list[tuple[str, str, str]],
    in_flight: list[tuple[str, str, str]] | None = None,
    fake_after: list[Any] | None = None,
) -> tuple[int, int]:
    """(Sends beyond the rows marked sent, rows marked sent that never reached the provider). A send of a
    row still being sent when the figures were read (claimed, its answer not yet recorded) is neither.
    `fake`: the provider's sends taken before the rows were read; `fake_after`: taken after (a row
    recorded as sent during the read reached the provider before it), default `fake`."""
    expected = _parts(rows)
    got = Counter((x.to, x.text) for x in fake)
    got_after = Counter((x.to, x.text) for x in (fake if fake_after is None else fake_after))
    return sum((got - expected - _parts(in_flight or [])).values()), sum((expected - got_after).values())


def _keep_sends(
    folder: Path,
    sent: list[Any],
    window: SendWindow,
    end: int,
    rows: list[tuple[str, str, str]],
    in_flight: list[tuple[str, str, str]],
) -> None:
    """Write the fake provider's record of the load phase (sends.jsonl: time, channel, to, text; the
    bench's own made-up numbers and texts) and what `load_sends` counted (unmatched.json: the sends
    beyond the rows, the rows the provider never had), to look into either figure."""
    with (folder / "sends.jsonl").open("w") as out:
        for x in sent[window.first : end]:
            out.write(json.dumps({"at": x.at, "channel": x.channel, "to": x.to, "text": x.text}) + "\n")
    got = Counter((x.to, x.text) for x in sent[window.first : end])
    got_after = Counter((x.to, x.text) for x in sent[window.earliest :])
    expected, flying = _parts(rows), _parts(in_flight)
    report = {
        "beyond_rows": [[to, text, n] for (to, text), n in (got - expected - flying).items()],
        "rows_not_sent": [[to, text, n] for (to, text), n in (expected - got_after).items()],
    }
    (folder / "unmatched.json").write_text(json.dumps(report, indent=1))


async def _scheduler(db: LoadDb, fake: FakeProvider, n: int, driver: Driver) -> dict[str, Any]:
    """Insert `n` due follow-ups for `n` new contacts; time until all are handled and their texts sent."""
    if n <= 0:
        return {}
    before, prefix = len(fake.sent), f"+4475{driver.run % 100:02d}"
    inserted_at = await db.insert_due_items(n, lambda k: f"{prefix}{k:06d}")
    insert_s = (dt.datetime.now(dt.UTC) - inserted_at).total_seconds()  # due from the insert's start
    handled_s = await _wait(lambda: db.items_done(inserted_at, n), 180, every=0.5)
    handled = await db.items_done_count(inserted_at)
    sent_s = await _wait(lambda: _at_least(fake, before, prefix, n), 180 - handled_s, every=0.5)
    ours = [x for x in fake.sent[before:] if x.to.startswith(prefix)]
    to = Counter(x.to for x in ours)
    start = inserted_at.timestamp()
    per_second = Counter(int(x.at - start) for x in ours)
    return {
        "scheduled_items": n,
        "scheduled_handled": handled,
        "scheduled_handled_s": round(handled_s, 2),
        "scheduled_items_per_s": round(handled / handled_s, 1) if handled_s else 0.0,
        "scheduled_sent": len(to),
        "scheduled_sent_s": round(handled_s + sent_s, 2),  # from insert to all sent (or the 180 s cap)
        "scheduled_duplicated": sum(c - 1 for c in to.values() if c > 1),
        # where the time goes: the bench's own insert (the items are due from its start, visible from its
        # commit), the first send, then the sends in each second since the insert began
        "scheduled_insert_s": round(insert_s, 2),
        "scheduled_first_sent_s": round(min(x.at for x in ours) - start, 2) if ours else None,
        "scheduled_sends_each_second": [per_second[k] for k in range(max(per_second, default=-1) + 1)],
    }


async def _at_least(fake: FakeProvider, before: int, prefix: str, count: int) -> bool:
    """True once `count` texts to numbers starting with `prefix` were sent after the first `before` sends."""
    return len({x.to for x in fake.sent[before:] if x.to.startswith(prefix)}) >= count
