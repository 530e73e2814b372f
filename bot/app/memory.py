"""The process's resident memory (RSS), for start-up log lines and `waymark bench memory`."""

from __future__ import annotations

import psutil

MB = 2**20


def rss_mb() -> float:
    """This process's resident set size now, in MB (2**20 bytes)."""
    return psutil.Process().memory_info().rss / MB
