"""Where the CPU of `waymark bench load` goes: the servers, PostgreSQL and the bench itself, by phase.

On a small machine every part of the run shares the same cores: the `waymark serve` processes, PostgreSQL's
backends (when the database is PostgreSQL) and the bench process, which both drives the signed webhooks and
plays the fake provider. A rate the servers cannot reach may be a limit of the machine, not of the code; the
CPU each part spends per text says which. ``CpuMeter.mark(label)`` samples each part's CPU seconds (user +
system) and the wall clock; :meth:`CpuMeter.between` gives the seconds each part used between two marks and
what that comes to per text and in cores.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import psutil

PARTS = ("servers", "postgres", "bench")


def _cpu_of(processes: Iterable[psutil.Process]) -> float:
    """CPU seconds (user + system) the readable ones of `processes` have used so far."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def _cpu(process: psutil.Process) -> float:
    """A server's CPU seconds with its children's: those that exited (``children_*``) and those still
    running (its second-look worker, bot/messaging/second_look.py), which is work done for its texts.
    Raises psutil.Error when the server itself has exited."""
    times = process.cpu_times()
    own = times.user + times.system + times.children_user + times.children_system
    return float(own) + _cpu_of(process.children())


def postgres_cpu(database: str | None = None) -> float:
    """CPU seconds used so far by the processes named ``postgres`` on this machine: all of them (the server
    and its backends), or with `database` only the backends serving that database. 0 when there is none or
    they cannot be read. A backend that exits between two readings takes its seconds with it, so this
    counts low, never high."""
    chosen = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info.get("name") != "postgres":
            continue
        if database is not None:  # a backend's title: "postgres: <user> <database> <client> <state>"
            line = " ".join(process.info.get("cmdline") or [])
            if not (line.startswith("postgres: ") and f" {database} " in f"{line} "):
                continue
        chosen.append(process)
    return _cpu_of(chosen)


@dataclass
class CpuMeter:
    """Marks in time with each part's CPU seconds so far."""

    server_pids: Callable[[], Iterable[int]]
    with_postgres: bool
    marks: dict[str, tuple[float, dict[str, float]]] = field(default_factory=dict)
    _last_server: dict[int, float] = field(default_factory=dict)

    def _servers(self) -> float:
        for pid in self.server_pids():
            try:
                self._last_server[pid] = _cpu(psutil.Process(pid))
            except psutil.Error:  # exited: keep its last reading
                continue
        return sum(self._last_server.values())

    def mark(self, label: str) -> None:
        """Record the wall clock and each part's CPU seconds under `label`."""
        own = psutil.Process(os.getpid())
        self.marks[label] = (
            time.monotonic(),
            {
                "servers": self._servers(),
                "postgres": postgres_cpu() if self.with_postgres else 0.0,
                "bench": float(own.cpu_times().user + own.cpu_times().system),
            },
        )

    def between(self, start: str, end: str, texts: int) -> dict[str, float]:
        """CPU seconds of each part from `start` to `end`, per text (ms) and as cores (CPU s / wall s).
        Empty when a mark is missing."""
        if start not in self.marks or end not in self.marks:
            return {}
        (t0, cpu0), (t1, cpu1) = self.marks[start], self.marks[end]
        wall = max(t1 - t0, 1e-9)
        out: dict[str, float] = {"wall_s": round(wall, 2)}
        for part in PARTS:
            used = max(cpu1[part] - cpu0[part], 0.0)
            out[f"{part}_cpu_s"] = round(used, 2)
            out[f"{part}_ms_per_text"] = round(1000 * used / texts, 2) if texts else 0.0
            out[f"{part}_cores"] = round(used / wall, 2)
        total = sum(max(cpu1[p] - cpu0[p], 0.0) for p in PARTS)
        out["all_ms_per_text"] = round(1000 * total / texts, 2) if texts else 0.0
        out["all_cores"] = round(total / wall, 2)
        return out


def cores_needed(per_text: dict[str, float], rate: float) -> dict[str, float]:
    """How many cores `rate` texts a second would take at the measured CPU per text, by part and in all."""
    return {
        part: round(per_text.get(f"{part}_ms_per_text", 0.0) * rate / 1000, 2) for part in (*PARTS, "all")
    }
