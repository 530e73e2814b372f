"""Dispatcher workers: one row per running process that sends outbox rows, kept fresh by a heartbeat.

A claim on an outbox row names its worker (``message.claimed_by``), so a claim whose worker is gone can be
taken back at once instead of waiting for its lease (bot/messaging/workers.py says how "gone" is decided).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime


class DispatchWorker(SQLModel, table=True):
    __tablename__ = "dispatch_worker"

    id: str = Field(primary_key=True, max_length=32)
    # hostname | boot id | pid namespace: two workers with the same key can see each other's processes
    host_key: str = Field(max_length=200)
    pid: int
    # the process's start time in clock ticks (/proc/<pid>/stat), so a reused pid is not taken for it
    pid_started: str | None = Field(default=None, max_length=32)
    started_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    heartbeat_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    stopped_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
