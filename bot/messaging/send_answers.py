"""Recording the provider's answers to sends: at once, several in one transaction when they come together.

The dispatcher records each answer as soon as it comes (a text the provider took must not be sent again
after a crash, docs/channels.md). With several sends in flight, answers often arrive while another
answer's transaction is being written; those wait for that write and then go together in the next
transaction (group commit). No answer waits for anything but the write before it, and a burst of answers
costs one BEGIN/COMMIT (one turn at SQLite's write gate) instead of one each.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Update, bindparam, update

from bot.storage.models import Message

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    """The provider took a row's text: its id for it, our status, when."""

    message_id: int
    status: str
    provider_id: str | None
    at: dt.datetime


@functools.cache
def _statement() -> Update:
    """Only a row with no provider id yet takes the answer: if another worker took the claim over (lease
    ended) and its send was recorded first, this send was a duplicate. Built once (a Core UPDATE on the
    table, the answer's values as parameters): building an ORM update per answer cost ~1.4 ms of CPU."""
    table = Message.__table__  # type: ignore[attr-defined]
    return (
        update(table)
        .where(table.c.id == bindparam("answer_id"), table.c.provider_id.is_(None))
        .values(
            status=bindparam("answer_status"),
            provider_id=bindparam("answer_provider_id"),
            sent_at=bindparam("answer_at"),
            attempts=table.c.attempts + 1,
            error=None,
            error_code=None,
            claimed_by=None,
            claimed_at=None,
            claimed_until=None,
            unconfirmed_since=None,
        )
    )


def _params(answer: Answer) -> dict[str, object]:
    return {
        "answer_id": answer.message_id,
        "answer_status": answer.status,
        "answer_provider_id": answer.provider_id,
        "answer_at": answer.at,
    }


async def write_answers(app: AppContext, answers: list[Answer]) -> None:
    """Record `answers` in one short transaction, logging any that came after another worker's send."""
    async with app.db.session() as session:
        conn = await session.connection()
        late = [a.message_id for a in answers if (await conn.execute(_statement(), _params(a))).rowcount != 1]
        await session.commit()
    for message_id in late:
        log.error("message id=%s was sent after another worker had sent it (a duplicate)", message_id)


class AnswerLog:
    """Group commit of answers for one dispatch run (see the module docstring)."""

    def __init__(self, app: AppContext) -> None:
        self.app = app
        self._waiting: list[tuple[Answer, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, answer: Answer) -> None:
        """Return once `answer` is committed; raise what the write raised."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((answer, done))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_waiting())
        await asyncio.shield(done)  # a caller that stops waiting leaves its answer to be written

    async def _write_waiting(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                await write_answers(self.app, [answer for answer, _ in batch])
            except BaseException as exc:  # the callers get the error (a cancelled writer: they stop too)
                for _, done in batch:
                    if done.done():
                        continue
                    if isinstance(exc, asyncio.CancelledError):
                        done.cancel()
                    else:
                        done.set_exception(exc)
                        done.exception()  # retrieved here too: a caller may have stopped waiting
                if not isinstance(exc, Exception):
                    raise
                continue
            for _, done in batch:
                done.set_result(None)
