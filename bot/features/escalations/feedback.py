"""The feedback loop: practitioners' labels on what screening did, exported as a labelled CSV.

Two sources: a resolved escalation's label (``real`` risk, ``false_alarm``, or ``other``: risk of another
kind, with its category) applies to the messages on that case that screening flagged; and a practitioner
can flag any stored inbound message as **missed risk** (``RiskFeedback``). The export
(``text,severity,category,source``) is ready for ``waymark safeguarding eval`` and for training. It holds
message text only: never a phone number, a name or a contact id, and phone numbers or email addresses
typed inside a message are replaced with ``[number]`` / ``[email]``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.storage.models import Message
from safeguarding.assessment import SEVERITY_ORDER
from safeguarding.models import RESOLVED, Escalation, EscalationMessage, RiskFeedback

MISSED = "missed_risk"
RISK_LEVELS = ("concern", "high", "immediate")
_PHONE = re.compile(r"(?:\+|\b)\d[\d ()-]{6,}\d\b")
_EMAIL = re.compile(r"\b\S+@\S+\.\w+\b")


class FeedbackError(Exception):
    """A flag the feedback store cannot take; the message is ready for people."""


@dataclass(frozen=True)
class Row:
    text: str
    severity: str
    category: str
    source: str


def scrub(text: str) -> str:
    """One line of message text with typed phone numbers and email addresses taken out."""
    one_line = " ".join(text.split())
    return _PHONE.sub("[number]", _EMAIL.sub("[email]", one_line))


async def flag_missed(
    session: AsyncSession, message_id: int, *, severity: str, category: str, by: str, now: dt.datetime
) -> RiskFeedback:
    """Label a stored inbound message as risk that screening missed (again: the new label replaces it)."""
    if severity not in RISK_LEVELS:
        raise FeedbackError(f"severity must be one of: {', '.join(RISK_LEVELS)}")
    if not category.strip():
        raise FeedbackError("a category is required, e.g. suicide, self_harm, abuse")
    message = await session.get(Message, message_id)
    if message is None or message.direction != "in":
        raise FeedbackError(f"no stored inbound message {message_id}")
    rows = await session.exec(select(RiskFeedback).where(RiskFeedback.message_id == message_id))
    row = rows.first() or RiskFeedback(
        message_id=message_id, severity=severity, category="", flagged_by=by, created_at=now
    )
    row.severity, row.category, row.flagged_by, row.created_at = severity, category.strip().lower(), by, now
    session.add(row)
    details = {"severity": severity, "category": row.category, "screened": message.meta.get("severity")}
    await record(
        session, at=now, actor=f"practitioner:{by}", action="safeguarding.missed_risk",
        subject_type="message", subject_id=str(message_id), details=details,
    )  # fmt: skip
    return row


async def _labelled(session: AsyncSession) -> dict[int, Row]:
    """Rows from resolved, labelled escalations: the messages on each case that screening flagged."""
    cases = await session.exec(
        select(Escalation).where(Escalation.status == RESOLVED, col(Escalation.label).is_not(None))
    )
    out: dict[int, Row] = {}
    for esc in cases.all():
        attached = await session.exec(
            select(EscalationMessage.message_id).where(
                EscalationMessage.escalation_id == esc.id, col(EscalationMessage.severity) != "none"
            )
        )
        ids = [i for i in [esc.message_id, *attached.all()] if i is not None]
        for message_id in ids:
            message = await session.get(Message, message_id)
            if message is None:
                continue
            screened = str(message.meta.get("severity") or esc.severity)
            if esc.label == "false_alarm":
                severity, category = "none", ""
            else:
                severity = screened if screened in SEVERITY_ORDER and screened != "none" else esc.severity
                category = esc.label_category or (esc.categories[0] if esc.categories else "")
            out[message_id] = Row(scrub(message.body), severity, category, f"escalation_{esc.label}")
    return out


async def export_rows(session: AsyncSession) -> list[Row]:
    """Every labelled message, once each (a missed-risk flag wins over a case label), oldest first."""
    rows = await _labelled(session)
    flags = await session.exec(select(RiskFeedback).order_by(col(RiskFeedback.id)))
    for flag in flags.all():
        message = await session.get(Message, flag.message_id)
        if message is not None:
            rows[flag.message_id] = Row(scrub(message.body), flag.severity, flag.category, MISSED)
    return [rows[k] for k in sorted(rows)]


def write_csv(path: Path, rows: list[Row]) -> None:
    """``text,severity,category,source``, UTF-8, one row per message."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "severity", "category", "source"])
        for row in rows:
            writer.writerow([row.text, row.severity, row.category, row.source])
