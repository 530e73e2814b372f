"""Recording the provider's answers to sends: at once, several in one transaction when they come together.

The dispatcher records each answer as soon as it comes (a text the provider took must not be sent again
after a crash, docs/channels.md). With several sends in flight, answers often arrive while another
answer's transaction is being written; those wait for that write and then go together in the next
transaction (group commit). No answer waits for anything but the write before it, and a burst of answers
costs one BEGIN/COMMIT (one turn at SQLite's write gate) instead of one each.

A write that fails for a passing reason (no pooled connection within the pool time-out, a lost connection)
is tried again until it is recorded (:func:`record_answers`): the provider has taken those texts, and an
answer that is not recorded leaves its row ``sending`` until its lease ends; another worker then takes it
back and, on a channel that cannot say what it has (Telegram), sends a crisis reply or alert again. Under
load on PostgreSQL x2 with a small pool that was a duplicated crisis reply (docs/operations.md).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, Integer, String, TextClause, Update, bindparam, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.db_errors import is_transient
from bot.storage.models import Message

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
RETRY_FIRST_S = 0.05  # the first wait before an answer is written again; doubled each time, up to:
RETRY_MAX_S = 2.0


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


@functools.cache
def _many_statement() -> TextClause:
    """PostgreSQL: a whole batch of answers in one UPDATE, the rows that took their answer returned (the
    same condition as :func:`_statement`, so a late duplicate is still seen: its id is not returned). On
    SQLite each answer stays one UPDATE (its round trip is a hop to aiosqlite's thread, not the network)."""
    return text(
        "UPDATE message SET status = v.status, provider_id = v.provider_id, sent_at = v.at,"
        " attempts = message.attempts + 1, error = NULL, error_code = NULL, claimed_by = NULL,"
        " claimed_at = NULL, claimed_until = NULL, unconfirmed_since = NULL"
        " FROM unnest(:ids, :statuses, :provider_ids, :ats) AS v(id, status, provider_id, at)"
        " WHERE message.id = v.id AND message.provider_id IS NULL RETURNING message.id"
    ).bindparams(
        bindparam("ids", type_=ARRAY(Integer)),
        bindparam("statuses", type_=ARRAY(String)),
        bindparam("provider_ids", type_=ARRAY(String)),
        bindparam("ats", type_=ARRAY(DateTime(timezone=True))),
    )


def _many_params(answers: list[Answer]) -> dict[str, object]:
    return {
        "ids": [a.message_id for a in answers],
        "statuses": [a.status for a in answers],
        "provider_ids": [a.provider_id for a in answers],
        "ats": [a.at.astimezone(dt.UTC) for a in answers],
    }


def _params(answer: Answer) -> dict[str, object]:
    return {
        "answer_id": answer.message_id,
        "answer_status": answer.status,
        "answer_provider_id": answer.provider_id,
        "answer_at": answer.at,
    }


async def write_answers(app: AppContext, answers: list[Answer]) -> None:
    """Record `answers` in one short transaction, logging any that came after another worker's send.
    On PostgreSQL, when the write is one statement (one answer, or several for distinct rows), it runs in
    autocommit: the statement is its own transaction, without the BEGIN and COMMIT round trips."""
    distinct = len({a.message_id for a in answers}) == len(answers)
    if not app.db.is_sqlite and distinct:
        async with app.db.autocommit() as conn:
            late = await _write(conn, answers, many=len(answers) > 1)
    else:
        async with app.db.session() as session:
            conn = await session.connection()
            late = await _write(conn, answers, many=False)  # SQLite, or the same row twice: one each
            await session.commit()
    for answer in late:
        log.error("message id=%s was sent after another worker had sent it (a duplicate)", answer.message_id)


async def _write(conn: AsyncConnection, answers: list[Answer], *, many: bool) -> list[Answer]:
    """Write `answers` on `conn` (`many`: in one statement, PostgreSQL); the ones that came after another
    worker's send of the same row."""
    if many:
        took = {r[0] for r in (await conn.execute(_many_statement(), _many_params(answers))).all()}
        late = [a for a in answers if a.message_id not in took]
    else:
        late = [a for a in answers if (await conn.execute(_statement(), _params(a))).rowcount != 1]
    if late:  # rare: an earlier try of this very write may have committed before its error came
        table = Message.__table__  # type: ignore[attr-defined]
        ids = [a.message_id for a in late]
        stmt = select(table.c.id, table.c.provider_id).where(table.c.id.in_(ids))
        recorded = {r[0]: r[1] for r in (await conn.execute(stmt)).all()}
        late = [a for a in late if a.provider_id is None or recorded.get(a.message_id) != a.provider_id]
    return late


async def record_answers(app: AppContext, answers: list[Answer]) -> None:
    """:func:`write_answers`, tried again after a passing database error until it is written (see the
    module docstring); any other error is raised."""
    wait, tries = RETRY_FIRST_S, 0
    while True:
        try:
            await write_answers(app, answers)
            return
        except Exception as exc:
            if not is_transient(exc):
                raise
            tries += 1
            if tries == 1 or tries % 10 == 0:
                log.warning(
                    "recording %s send answers failed (%s, try %s); writing them again",
                    len(answers),
                    type(exc).__name__,
                    tries,
                )
        await asyncio.sleep(wait)
        wait = min(wait * 2, RETRY_MAX_S)


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
                await record_answers(self.app, [answer for answer, _ in batch])
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
