"""Several `waymark serve` processes on one port: the listening socket and the extra worker processes.

With SO_REUSEPORT the kernel spreads new connections across every process bound to the port, so N processes
use N cores without a front proxy. Each process runs its own dispatcher (outbox claims keep two workers from
sending the same row) and takes part in the scheduler's leader election (one leader runs scheduled items).
The first process upgrades the database and loads demo data before it starts the others.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys

log = logging.getLogger(__name__)


def bind_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    """A listening TCP socket on (host, port), shareable with other processes when `reuse_port`."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def start_workers(
    count: int, host: str, port: int, log_level: str, log_format: str | None
) -> list[subprocess.Popen[bytes]]:
    """Start `count` more `waymark serve --reuse-port` processes on the same port (same environment)."""
    args = [sys.executable, "-m", "bot.cli", "serve", "--host", host, "--port", str(port), "--reuse-port"]
    args += ["--log-level", log_level] + (["--log-format", log_format] if log_format else [])
    children = [subprocess.Popen(args, env=os.environ.copy()) for _ in range(count)]
    if children:
        log.info("serve: started %d more worker processes on port %d", count, port)
    return children


def stop_workers(children: list[subprocess.Popen[bytes]]) -> None:
    """Ask each worker to stop (SIGTERM: uvicorn finishes its requests), then wait for it."""
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()


def exit_on_stop_signals() -> None:
    """Make SIGTERM and SIGINT end this process with SystemExit (status 128 + signal) instead of the default
    action. uvicorn restores the handlers it found and raises the signal again after its graceful shutdown;
    with the default action that killed the first process before it could stop its workers, which were left
    running on the port. With this, the `finally` that stops them runs."""

    def stop(sig: int, frame: object) -> None:
        raise SystemExit(128 + sig)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
