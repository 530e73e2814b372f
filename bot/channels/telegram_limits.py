"""Telegram's send limits: at most one message a second to one chat, and about 25 a second overall.

Telegram answers 429 when a bot sends faster than this; spacing the sends avoids most of those. The
limiter reserves a send slot under a lock and sleeps outside it, so one slow chat does not hold the lock.
The clock and the sleep are injected so tests never wait.

The overall figure is the bot's, whichever process sends: with several dispatcher processes each takes an
equal share of it (`share(workers)`, bot/messaging/send_share.py). The one-a-second spacing per chat stays
per process: a chat's texts are sent one at a time, and the processes rarely both hold one of its texts.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

PER_CHAT_INTERVAL = 1.0  # seconds between two messages to the same chat
_PRUNE_AT = 1024  # forget idle chats once this many are remembered


class TelegramRateLimiter:
    """Reserves send slots: `await limiter.wait(chat_id)` returns when a message to `chat_id` may go."""

    def __init__(
        self,
        messages_per_second: float,
        *,
        per_chat_interval: float = PER_CHAT_INTERVAL,
        clock: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if messages_per_second <= 0:
            raise ValueError("messages_per_second must be more than 0")
        self.limit = messages_per_second  # the bot's figure, for all processes together
        self.workers = 1
        self.global_interval = 1.0 / messages_per_second
        self.per_chat_interval = per_chat_interval
        self._clock = clock
        self._sleep = sleep
        self._lock = asyncio.Lock()
        self._next_global = float("-inf")
        self._next_chat: dict[str, float] = {}

    def share(self, workers: int) -> None:
        """Send at 1/`workers` of the bot's overall rate from the next slot booked on."""
        self.workers = max(1, workers)
        self.global_interval = self.workers / self.limit

    def reserve(self, chat_id: str) -> float:
        """Book the next free slot for `chat_id`; return how many seconds to wait for it (0 if none)."""
        now = self._clock()
        slot = max(now, self._next_global, self._next_chat.get(chat_id, float("-inf")))
        self._next_global = slot + self.global_interval
        self._next_chat[chat_id] = slot + self.per_chat_interval
        if len(self._next_chat) > _PRUNE_AT:
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        return slot - now

    async def wait(self, chat_id: str) -> float:
        """Wait for the next free slot for `chat_id`. Returns the seconds waited."""
        async with self._lock:
            delay = self.reserve(chat_id)
        if delay > 0:
            await self._sleep(delay)
        return delay
