"""Storing check-in answers and putting a contact on the practitioners' review list when the answers say so.

Reasons (stored on the answer row and as the review item's category ``checkin_<reason>``):

* ``low_score``: a score of 0, 1 or 2;
* ``drop``: a score 3 or more below the person's last answered score (any plan);
* ``two_missed``: two check-ins in a row with no reply (marked when the second one lapses).

The review list is the ``review`` kind of escalation (no paging, no deadline): a text that screening
flags goes to the duty queue through the pipeline instead, before the flow ever sees it.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.checkins.tables import ANSWERED, ASKED, MISSED, CheckinAnswer
from bot.features.escalations.alerts import audit_note
from bot.storage.models import Message
from safeguarding.escalations import open_escalation

LOW_SCORE_MAX = 2
DROP_POINTS = 3
MISSED_IN_A_ROW = 2
ANSWER_WINDOW = dt.timedelta(hours=48)
"""A check-in with no reply this long after it was sent is missed."""


async def last_score(session: AsyncSession, contact_id: int, *, before_id: int | None = None) -> int | None:
    """The contact's most recent answered score (optionally before answer `before_id`)."""
    query = select(CheckinAnswer.score).where(
        CheckinAnswer.contact_id == contact_id, col(CheckinAnswer.score).is_not(None)
    )
    if before_id is not None:
        query = query.where(col(CheckinAnswer.id) < before_id)
    found = (await session.exec(query.order_by(col(CheckinAnswer.id).desc()).limit(1))).first()
    return int(found) if found is not None else None


def review_reason(score: int, previous: int | None) -> str | None:
    """Why this score goes on the review list, or None."""
    if score <= LOW_SCORE_MAX:
        return "low_score"
    if previous is not None and previous - score >= DROP_POINTS:
        return "drop"
    return None


async def to_review(
    session: AsyncSession, answer: CheckinAnswer, reason: str, *, now: dt.datetime, details: dict[str, object]
) -> None:
    """Put the contact on the review list with `reason`, once per answer."""
    if answer.review_reason is not None:
        return
    esc, note = await open_escalation(
        session,
        contact_id=answer.contact_id,
        message_id=None,
        severity="concern",
        categories=[f"checkin_{reason}"],
        matches=[],
        now=now,
    )
    await audit_note(session, note, actor="system", now=now)
    answer.review_reason, answer.escalation_ref = reason, esc.ref
    session.add(answer)
    await record(
        session,
        at=now,
        actor="system",
        action="checkins.review",
        subject_type="checkin_plan",
        subject_id=str(answer.plan_id),
        details={"answer_id": answer.id, "reason": reason, "escalation": esc.ref, **details},
    )


async def record_part(
    session: AsyncSession, answer_id: int, part: str, value: int | str | None, *, now: dt.datetime
) -> None:
    """Store one part of an answer; a score may put the contact on the review list."""
    answer = await session.get(CheckinAnswer, answer_id)
    if answer is None:
        return
    if part == "score" and isinstance(value, int):
        previous = await last_score(session, answer.contact_id, before_id=answer.id)
        answer.score, answer.score_at, answer.status = value, now, ANSWERED
        reason = review_reason(value, previous)
        if reason is not None:
            await to_review(session, answer, reason, now=now, details={"score": value, "previous": previous})
    elif part == "goal" and isinstance(value, int):
        answer.goal_score, answer.goal_at, answer.status = value, now, ANSWERED
    elif part == "note":
        answer.note_message_id, answer.note_at, answer.status = (
            await _last_inbound(session, answer),
            now,
            ANSWERED,
        )
    elif part == "tip" and isinstance(value, str):
        answer.tip = value
    session.add(answer)


async def _last_inbound(session: AsyncSession, answer: CheckinAnswer) -> int | None:
    """The id of the text being answered with: the contact's latest inbound message."""
    found = await session.exec(
        select(Message.id)
        .where(Message.contact_id == answer.contact_id, Message.direction == "in")
        .order_by(col(Message.id).desc())
        .limit(1)
    )
    return found.first()


async def close_answer(session: AsyncSession, answer_id: int, *, now: dt.datetime) -> None:
    """Mark a check-in with no reply as missed; the second miss in a row goes on the review list."""
    answer = await session.get(CheckinAnswer, answer_id)
    if answer is None or answer.status != ASKED:
        return
    answer.status = MISSED
    session.add(answer)
    await record(
        session,
        at=now,
        actor="system",
        action="checkins.missed",
        subject_type="checkin_plan",
        subject_id=str(answer.plan_id),
        details={"answer_id": answer.id, "sequence": answer.sequence},
    )
    recent = await session.exec(
        select(CheckinAnswer)
        .where(CheckinAnswer.plan_id == answer.plan_id, col(CheckinAnswer.sequence) <= answer.sequence)
        .order_by(col(CheckinAnswer.sequence).desc())
        .limit(MISSED_IN_A_ROW)
    )
    streak = list(recent.all())
    # A new pair of misses: a third miss after a flagged pair waits for the fourth.
    fresh = all(r.review_reason != "two_missed" for r in streak[1:])
    if len(streak) == MISSED_IN_A_ROW and all(r.status == MISSED for r in streak) and fresh:
        await to_review(session, answer, "two_missed", now=now, details={"sequence": answer.sequence})
