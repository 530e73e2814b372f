"""Logging set-up: plain text for a terminal, or one JSON object per line for production log shippers.

Message bodies and phone numbers never go into logs (docs/privacy): our own log calls name ids and counts
only, and the library loggers that would print SQL parameters or request bodies at DEBUG are held at
WARNING. Each JSON line carries the request id of the HTTP request it belongs to (``bot/web/request_id.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("waymark_request_id", default=None)

FORMATS = ("text", "json")
_HANDLER_NAME = "waymark"
QUIET_LIBRARIES = (
    "apscheduler",
    "aiosqlite",
    "sqlalchemy",
    "asyncpg",
    "httpx",
    "httpcore",
    "telegram",
    "twilio",
)
"""Loggers that print SQL parameters (message bodies, numbers) or request parameters at DEBUG."""

_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, request_id, and any
    ``extra=`` fields a caller passed (ids and counts only)."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = request_id_var.get()
        if rid is not None:
            out["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The terminal format, with the request id when there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        rid = request_id_var.get()
        return f"{line} [request {rid}]" if rid is not None else line


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a record is logged (a test runner or a daemon may swap it
    after set-up; a handler holding the old, closed stream would fail on every line)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


def log_format(explicit: str | None = None) -> str:
    """`explicit`, else ``WAYMARK_LOG_FORMAT``, else text. Raises ValueError for anything else."""
    chosen = (explicit or os.environ.get("WAYMARK_LOG_FORMAT") or "text").strip().lower()
    if chosen not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, not {chosen!r}")
    return chosen


def configure(level: str = "INFO", fmt: str = "text") -> None:
    """Send our logs to stderr in `fmt` at `level`; keep the chatty libraries at WARNING."""
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.set_name(_HANDLER_NAME)
    root = logging.getLogger()
    for old in list(root.handlers):  # ours from an earlier call only; a test's capture handler stays
        if old.get_name() == _HANDLER_NAME:
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
