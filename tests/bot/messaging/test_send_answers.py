"""Provider answers are recorded at once, and answers that come together share one transaction."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from bot.app.context import AppContext
from bot.messaging import send_answers
from bot.messaging.outbox import enqueue
from bot.messaging.send_answers import Answer, AnswerLog
from bot.storage.models import Contact, Message
from bot.storage.models.messages import SENDING, SENT
from flows.engine import Priority
from tests.pg import BOTH, database_url_for


@pytest.fixture(params=BOTH)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url_for(request.param, tmp_path)


async def _claimed_rows(app: AppContext, n: int) -> list[int]:
    async with app.db.session() as s:
        rows = []
        for i in range(n):
            c = Contact(
                channel="sms", address=f"+4477009001{i:02d}", first_seen=app.now(), last_seen=app.now()
            )
            s.add(c)
            await s.flush()
            rows.append(await enqueue(s, c, f"text {i}", now=app.now(), priority=Priority.REPLY))
        await s.flush()
        ids = [r.id for r in rows if r.id is not None]
        await s.exec(update(Message).where(col(Message.id).in_(ids)).values(status=SENDING, claimed_by="w"))
        await s.commit()
        return ids


async def test_answers_that_come_together_share_one_transaction(
    app: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = await _claimed_rows(app, 3)
    batches: list[int] = []
    write = send_answers.write_answers

    async def counted(app: AppContext, answers: list[Answer]) -> None:
        batches.append(len(answers))
        await write(app, answers)

    monkeypatch.setattr(send_answers, "write_answers", counted)
    answers = AnswerLog(app)
    await asyncio.gather(*(answers.record(Answer(i, SENT, f"SM{i}", app.now())) for i in ids))

    assert batches == [3]
    async with app.db.read_session() as s:
        rows = (await s.exec(select(Message.status, Message.provider_id, Message.claimed_by))).all()
    assert sorted(rows) == sorted((SENT, f"SM{i}", None) for i in ids)


async def test_a_second_answer_for_a_row_keeps_the_first(
    app: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    (row,) = await _claimed_rows(app, 1)
    answers = AnswerLog(app)
    await answers.record(Answer(row, SENT, "SMfirst", app.now()))
    with caplog.at_level(logging.ERROR):
        await answers.record(Answer(row, SENT, "SMsecond", app.now()))
    async with app.db.read_session() as s:
        assert (await s.exec(select(Message.provider_id).where(Message.id == row))).one() == "SMfirst"
    assert f"message id={row} was sent after another worker had sent it" in caplog.text


async def test_an_answer_written_again_is_no_duplicate_but_another_sends_is(
    app: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    """A write tried again after an error may find its own answer committed: not a duplicate. An answer
    with another provider id for a row already recorded is one."""
    (message_id,) = await _claimed_rows(app, 1)
    first = Answer(message_id, SENT, "SM-first", app.now())
    await send_answers.write_answers(app, [first])
    with caplog.at_level(logging.ERROR, logger="bot.messaging.send_answers"):
        await send_answers.write_answers(app, [first])
        assert not [r for r in caplog.records if "duplicate" in r.getMessage()]
        await send_answers.write_answers(app, [Answer(message_id, SENT, "SM-second", app.now())])
        assert [r for r in caplog.records if "duplicate" in r.getMessage()]
    async with app.db.session() as s:
        row = await s.get(Message, message_id)
        assert row is not None and row.provider_id == "SM-first"
