"""The second look in the message path (bot/messaging/second_look.py): a text the first screen is unsure of
is read again in the worker process, is raised to a crisis reply and a case when the second look says so,
goes to the urgent lane, and is never left unscreened when the worker cannot answer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

import bot.messaging.second_look as second_look_stage
from bot.app.context import AppContext
from bot.messaging.crisis_lane import needs_urgent
from bot.messaging.safeguarding_stage import screen_safely
from bot.messaging.second_look import SecondLookPool
from bot.storage.models import Message
from flows.engine import Priority
from safeguarding.models import Escalation
from safeguarding.second_look import needs_second_look
from tests.bot.messaging.second_look_targets import crashing_judge
from tests.support import Chat

# In the band with the shipped models (first look: P(flagged) between the band floor and the paired high
# threshold); the second look raises RAISED and not KEPT. If a retrained model moves them, pick others the
# same way (tests/safeguarding/test_second_look.py checks the band itself); screen-v22 flags "maybe its time
# to stop trying", the text used until the nineteenth session, at the first look.
RAISED = "i cant keep doing this"
KEPT = "said bye to everyone at school today"


@pytest.fixture(autouse=True)
def _second_look_on(app: AppContext) -> None:
    assert app.config.safeguarding.second_look.enabled, "config.yml ships the second look on"


async def _cases(app: AppContext) -> list[Escalation]:
    async with app.db.session() as s:
        return list((await s.exec(select(Escalation))).all())


def test_the_texts_are_in_the_band() -> None:
    for text in (RAISED, KEPT):
        first = screen_safely(text, []).assessment
        assert needs_second_look(first), text


async def test_a_text_the_second_look_raises_gets_the_crisis_reply_and_a_case(app: AppContext) -> None:
    assert needs_urgent(app, RAISED)  # processed in its webhook, not behind a backlog
    await Chat(app).say(RAISED)
    async with app.db.session() as s:
        out = list((await s.exec(select(Message).where(Message.direction == "out"))).all())
    assert next(m.kind for m in out if m.priority == Priority.CRISIS).startswith("crisis")
    [case] = await _cases(app)
    assert case.severity == "high"
    assert any(m.get("entry_id", "").startswith("second-look.") for m in case.matches)


async def test_a_text_the_second_look_does_not_raise_keeps_the_first_looks_verdict(app: AppContext) -> None:
    await Chat(app).say(KEPT)
    cases = await _cases(app)
    assert all(case.severity == "concern" for case in cases)
    assert not any(m.get("entry_id", "").startswith("second-look.") for c in cases for m in c.matches)


@pytest.fixture
def broken(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    dead = SecondLookPool(crashing_judge)
    monkeypatch.setattr(second_look_stage, "pool", lambda app: dead)
    yield
    dead.close()


@pytest.mark.usefixtures("broken")
async def test_when_the_worker_cannot_answer_the_text_goes_for_review(app: AppContext) -> None:
    await Chat(app).say(RAISED)
    [case] = await _cases(app)
    assert case.severity in ("concern", "high")  # never nothing; high when the first look alone says so
    entry_ids = [m.get("entry_id") for m in case.matches]
    assert "second_look:unavailable" in entry_ids
