"""Escalations in the message path: concern review list, the paused flow, golden crisis transcripts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.storage.models import Contact, ConversationState
from tests.bot.escalation_support import (
    ANA,
    escalations,
    sent_to,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.support import Chat, at_london

GOLDEN = Path(__file__).parents[2] / "golden"


async def test_concern_goes_to_review_with_one_gentle_line(
    app: AppContext, chat: Chat, clock: FixedClock
) -> None:
    await chat.say("hi")
    replies = await chat.say("i am being bullied at school")
    kinds = [r.kind for r in replies]
    assert kinds[0] == "concern_support" and not any(k.startswith("crisis") for k in kinds)
    assert len(kinds) >= 2, "the flow carries on and answers too"
    [esc] = await escalations(app)
    assert (esc.kind, esc.severity, esc.status, esc.ack_deadline, esc.next_alert_at) == (
        "review",
        "concern",
        "open",
        None,
        None,
    )
    assert sent_to(app, ANA) == []  # no paging
    clock.advance(hours=1)
    again = await chat.say("everyone at school picks on me")
    assert "concern_support" not in [r.kind for r in again]  # once a week at most
    assert len(await escalations(app)) == 1  # one case per person: the second text joins it
    clock.advance(days=8)
    later = await chat.say("i feel really low all the time")
    assert later[0].kind == "concern_support"


async def _state(app: AppContext, chat: Chat) -> tuple[str | None, str | None, dict[str, object]]:
    async with app.db.session() as s:
        contact = (await s.exec(select(Contact).where(Contact.address == chat.sender))).one()
        row = await s.get(ConversationState, contact.id)
        assert row is not None
        return row.flow, row.step, dict(row.slots)


async def test_flow_is_paused_not_lost_by_a_crisis_reply(app: AppContext, chat: Chat) -> None:
    control = chat.as_("+447700900099")  # the same steps without the crisis message
    for c in (chat, control):
        await c.say("hi")
        assert [r.kind for r in await c.say("menu")] == ["menu"]
    before = await _state(app, chat)
    assert before[0] is not None, "the menu flow is waiting for a number"
    assert [r.kind for r in await chat.say("i want to kill myself")] == ["crisis_high"]
    assert await _state(app, chat) == before
    # the crisis hold: "3" gets a supportive reply, not the menu's answer, and the flow waits
    assert [r.kind for r in await chat.say("3")] == ["hold_brief"]
    assert await _state(app, chat) == before
    [esc] = await escalations(app)
    await chat.as_(ANA).say(f"ACK {esc.ref}")  # the hold ends when a practitioner takes the case
    resumed = [r.kind for r in await chat.say("3")]
    assert resumed == [r.kind for r in await control.say("3")]
    assert resumed and resumed[0] not in ("unrecognised", "flow_expired")


def _transcript(lines: list[tuple[str, list[str]]]) -> str:
    out = []
    for said, replies in lines:
        out.append(f"> {said}")
        out += [f"< {r}" for r in replies]
    return "\n".join(out) + "\n"


async def _golden_run(chat: Chat, texts: list[str]) -> str:
    return _transcript([(t, [m.text for m in await chat.say(t)]) for t in texts])


@pytest.mark.parametrize(
    ("name", "when", "texts"),
    [
        ("crisis_immediate_office_hours", (2026, 11, 17, 10), ["i took all my pills"]),
        ("crisis_high_office_hours", (2026, 11, 17, 10), ["i want to kill myself"]),
        ("crisis_high_friday_night", (2026, 11, 20, 21), ["i want to kill myself"]),
    ],
)
async def test_golden_crisis_transcripts(
    app: AppContext,
    chat: Chat,
    clock: FixedClock,
    name: str,
    when: tuple[int, int, int, int],
    texts: list[str],
) -> None:
    """The crisis reply exactly as `waymark chat` shows it (> said, < replies). Clinicians review changes."""
    clock.set(at_london(*when))
    await chat.say("hi")  # a known contact; the welcome and menu are other tests' business
    got = await _golden_run(chat, texts)
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("WAYMARK_WRITE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), got
