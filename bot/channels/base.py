"""The channel seam. Adapters turn provider requests into InboundMessage and send OutboundMessage.

Carrier and provider quirks stay in the adapter; flows never know which channel they run on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class InboundMessage:
    """One text from a person, as a channel adapter parsed it."""

    channel: str
    sender: str
    text: str
    provider_id: str
    received_at: dt.datetime
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class OutboundMessage:
    """One stored outbox row, ready to send. `text` already has numbered choices in it."""

    message_id: int
    channel: str
    to: str
    text: str
    choices: tuple[str, ...] = ()
    kind: str = "reply"
    priority: int = 20


@dataclass(frozen=True)
class SendResult:
    provider_id: str | None
    status: str = "sent"


class SendError(Exception):
    """A send failed. `transient` errors are retried with backoff; others fail the message finally."""

    def __init__(
        self,
        message: str,
        *,
        transient: bool,
        code: str | None = None,
        retry_after: float | None = None,
        opted_out: bool = False,
        unreachable: bool = False,
    ) -> None:
        super().__init__(message)
        self.transient = transient
        self.code = code
        self.retry_after = retry_after
        self.opted_out = opted_out
        self.unreachable = unreachable


class OutboundChannel(Protocol):
    """What the dispatcher needs from a channel: a name and send_text."""

    name: str

    async def send_text(self, message: OutboundMessage) -> SendResult: ...
