"""A scheduler leader busy with a long run of due items leaves the sending to the other workers.

Each live worker sends at an equal share of the deployment's send limits (bot/messaging/send_share.py). The
leader that runs 10,000 due reminders spends its CPU on them, so its share went mostly unused while the
others were held to theirs: on PostgreSQL x2 (issue 17) the deployment sent at about half its limit until
the reminders were all queued. Now, once a run of due items is long (a whole batch claimed), the leader
stops claiming outbox rows, lets its sends in flight end, and says it stopped (``stopped_at``, as a
process that exits does): the others count it gone at their next share refresh (within
SHARE_REFRESH_SECONDS) and send at the whole limit. When the run ends it comes back as a joining worker
does: it heartbeats and claims nothing for JOIN_WAIT_SECONDS while the others lower their shares.

The limit stays the deployment's: the leader stops sending before the others raise their shares, and the
others lower theirs before it sends again. It steps aside only while another worker is alive, and each
dispatch tick while it is aside checks that one still is: if none is, it comes back at once (a crisis
reply must never wait for the end of a run with nobody sending). With one process (SQLite) it never
steps aside.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.messaging.send_share import rejoin
from bot.messaging.workers import live_worker_ids, stopped

if TYPE_CHECKING:
    from bot.app.context import AppContext
    from bot.messaging.workers import Worker

log = logging.getLogger(__name__)
# how long the run waits for this worker's sends in flight to end before it goes on without stepping aside
# (a provider slow to answer must not hold up the due items)
IDLE_WAIT_SECONDS = 2.0


@dataclass
class SendAside:
    """One worker's state: sending (the usual), asked to stop claiming, or aside (said it stopped)."""

    app: AppContext
    me: Worker
    asked: bool = False  # dispatch calls stop claiming rows while this is set
    aside: bool = False  # ``stopped_at`` written: the others have (or will have) taken its share
    # set while no dispatch call of this worker runs (the background loop clears it around each tick)
    idle: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.idle.set()

    async def others_alive(self) -> bool:
        return bool(await live_worker_ids(self.app, self.me) - {self.me.id})

    async def step_aside(self) -> bool:
        """Stop claiming, wait until this worker's sends in flight are recorded, then say it stopped, if
        another worker is alive to send. True when it is aside now."""
        if self.aside:
            return True
        if not await self.others_alive():
            return False
        self.asked = True
        try:  # the dispatch calls running now end once their sends in flight are recorded
            await asyncio.wait_for(self.idle.wait(), IDLE_WAIT_SECONDS)
        except TimeoutError:
            self.asked = False
            return False
        if not self.asked:  # came back meanwhile (nobody else alive)
            return False
        await stopped(self.app, self.me)
        self.aside = True
        log.info("scheduled run: worker %s leaves sending to the others until it ends", self.me.id[:8])
        return True

    async def still_aside(self) -> bool:
        """For each dispatch tick while asked: True to skip the tick; comes back when nobody else is alive."""
        if not self.asked:
            return False
        if await self.others_alive():
            return True
        log.warning("no other worker is sending: worker %s sends again at once", self.me.id[:8])
        self.come_back()
        return False

    def come_back(self) -> None:
        """Claim rows again: the next dispatch call heartbeats (clearing ``stopped_at``) and, while other
        workers are alive, waits JOIN_WAIT_SECONDS before its first claim (bot/messaging/send_share.py)."""
        if self.aside:
            rejoin(self.app, self.me)
            log.info("scheduled run ended: worker %s sends again", self.me.id[:8])
        self.asked = self.aside = False
