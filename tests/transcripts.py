"""The one golden-transcript runner: cases in YAML that a clinician can read, run through the real pipeline.

A file holds a list of cases; a case has a ``name``, optional ``at`` (London time to start at) and
``channel`` (``sms`` by default), and ``steps``. A step either says something (``say``) or moves the clock
and runs the due scheduled items (``wait``: ``{until: <London time>}`` or ``{days: 7, hours: ...}``).
Checks on a step: ``replies`` (the catalogue keys of the replies, in order), ``contains`` /
``not_contains`` (text in the replies), ``audit`` (actions recorded so far) and ``followup_answer`` (on
the first signposting record). Every reply must be GSM-7 and, on SMS, within its catalogue budget.

Used by tests/flows/test_transcripts.py (the foundation flows) and
tests/flows/test_signposting_transcripts.py (finding support, with the NLU and the directory).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.channels.base import OutboundMessage
from bot.channels.sms_text import is_gsm7, measure
from bot.messaging.jobs import run_due_items
from bot.storage.models import AuditEvent
from signposting.models import SignpostingRecord
from tests.support import Chat

LONDON = ZoneInfo("Europe/London")


def load_cases(folder: Path, prefix: str = "") -> list[Any]:
    """Every case in `folder`/*.yml as a pytest param named ``<prefix><file>: <case name>``."""
    return [
        pytest.param(case, id=f"{prefix}{path.stem}: {case['name']}")
        for path in sorted(folder.glob("*.yml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def london(text: str) -> dt.datetime:
    """A London wall-clock time such as ``2026-11-17T10:00``, aware."""
    return dt.datetime.fromisoformat(str(text)).replace(tzinfo=LONDON)


async def _wait(chat: Chat, clock: FixedClock, wait: dict[str, Any]) -> list[OutboundMessage]:
    if "until" in wait:
        clock.set(london(wait["until"]))
    else:
        clock.advance(**{k: float(v) for k, v in wait.items()})
    await run_due_items(chat.app)
    return await chat.flush()


async def _check_records(app: AppContext, step: dict[str, Any]) -> None:
    async with app.db.session() as session:
        if "audit" in step:
            actions = list((await session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id)))).all())
            for action in step["audit"]:
                assert action in actions, f"audit {action!r} not in {actions}"
        if "followup_answer" in step:
            found = await session.exec(select(SignpostingRecord).order_by(col(SignpostingRecord.id)))
            records = list(found.all())
            assert records, "no signposting recorded"
            assert records[0].followup_answer == step["followup_answer"]


async def run_case(app: AppContext, clock: FixedClock, case: dict[str, Any]) -> None:
    """Run one case, step by step, asserting each step's checks."""
    if "at" in case:
        clock.set(london(case["at"]))
    chat = Chat(app, channel=case.get("channel", "sms"))
    for step in case["steps"]:
        replies = await (chat.say(str(step["say"])) if "say" in step else _wait(chat, clock, step["wait"]))
        what = step.get("say", step.get("wait"))
        text = "\n".join(r.text for r in replies)
        if "replies" in step:
            assert [r.kind for r in replies] == step["replies"], f"after {what!r}: {text}"
        if "last_reply" in step:  # the step ends with this reply, whatever comes before it
            kinds = [r.kind for r in replies]
            assert kinds and kinds[-1] == step["last_reply"], f"after {what!r}: {kinds}: {text}"
        for needle in step.get("contains", []):
            assert needle in text, f"after {what!r}: {needle!r} not in {text!r}"
        for needle in step.get("not_contains", []):
            assert needle not in text, f"after {what!r}: {needle!r} in {text!r}"
        await _check_records(app, step)
        for reply in replies:
            assert is_gsm7(reply.text), reply.text
            if chat.channel == "sms":
                budget = app.catalogue.template(reply.kind).budget
                assert measure(reply.text).segments <= budget, f"{reply.kind} over budget: {reply.text!r}"
