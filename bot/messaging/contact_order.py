"""One contact's work, one piece at a time: a per-contact lock in this process and in the database.

Two texts from one person (or a text and a scheduled reminder for them) must never run their flows at the
same time: both would read the same conversation state and the later save would lose the earlier one.
- In this process, :func:`contact_lock` is an asyncio lock per contact id, so awaits cannot interleave two
  messages of one contact (this is all SQLite needs: one process writes).
- Across PostgreSQL workers, :func:`lock_contact_in_transaction` takes ``pg_advisory_xact_lock`` on the
  contact id inside the processing transaction; it is released by the commit or rollback.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext
    from bot.storage.db import Database

CONTACT_LOCK_SPACE = (
    0x57434F4E  # "WCON": the first key of the two-key advisory lock; the contact id is the second
)


class ContactLocks:
    """Reference-counted asyncio locks by contact id; a lock is dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, contact_id: int) -> AsyncIterator[None]:
        lock, users = self._locks.get(contact_id, (asyncio.Lock(), 0))
        self._locks[contact_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[contact_id]
            if users <= 1:
                del self._locks[contact_id]
            else:
                self._locks[contact_id] = (lock, users - 1)

    def busy(self, contact_id: int) -> bool:
        """True while someone holds or waits for `contact_id`'s lock (otherwise :meth:`hold` takes it at
        once, without giving the event loop away)."""
        return contact_id in self._locks

    def __len__(self) -> int:
        return len(self._locks)


_registry: weakref.WeakKeyDictionary[Database, ContactLocks] = weakref.WeakKeyDictionary()


def contact_locks(app: AppContext) -> ContactLocks:
    """The lock table for `app`'s database (one per database, so tests on separate databases never share)."""
    locks = _registry.get(app.db)
    if locks is None:
        locks = _registry[app.db] = ContactLocks()
    return locks


@asynccontextmanager
async def contact_lock(app: AppContext, contact_id: int) -> AsyncIterator[None]:
    """Hold `contact_id`'s in-process lock: ``async with contact_lock(app, cid): ...``."""
    async with contact_locks(app).hold(contact_id):
        yield


async def lock_contact_in_transaction(session: AsyncSession, contact_id: int, *, is_sqlite: bool) -> None:
    """PostgreSQL: wait for, then hold until commit, the advisory lock on `contact_id`. SQLite: nothing
    (its one writing process already holds :func:`contact_lock`)."""
    if is_sqlite:
        return
    conn = await session.connection()
    await conn.execute(_LOCK_ONE, {"space": CONTACT_LOCK_SPACE, "contact": contact_id})


_LOCK_ONE = text("SELECT pg_advisory_xact_lock(:space, :contact)")


_LOCK_MANY = text(
    "SELECT count(pg_advisory_xact_lock(:space, c)) FROM"
    " (SELECT c FROM unnest(CAST(:contacts AS int[])) AS c ORDER BY c) AS ordered"
)


async def lock_contacts_in_transaction(
    session: AsyncSession, contact_ids: list[int], *, is_sqlite: bool
) -> None:
    """:func:`lock_contact_in_transaction` for several contacts in one statement, in id order (the order
    every holder of several takes them in, so two never wait for each other)."""
    if is_sqlite or not contact_ids:
        return
    conn = await session.connection()
    await conn.execute(_LOCK_MANY, {"space": CONTACT_LOCK_SPACE, "contacts": sorted(set(contact_ids))})
