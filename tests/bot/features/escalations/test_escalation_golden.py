"""Golden transcript of every text a practitioner receives on the alert ladder, as a clinician reviews it.

The reference is random, so it is written as REF. Regenerate with WAYMARK_WRITE_GOLDEN=1 and have a
clinician review the diff (tests/bot/golden/practitioner_alerts.txt).
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.messaging.jobs import run_due_items
from tests.bot.escalation_support import (
    ANA,
    BEN,
    MO,
    escalations,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.support import Chat, RecordingSender

GOLDEN = Path(__file__).parents[2] / "golden" / "practitioner_alerts.txt"
STAFF = {ANA: "ana", BEN: "ben", MO: "mo"}


class StaffLog:
    """Collects what practitioners were sent since the last look, as transcript lines."""

    def __init__(self, app: AppContext) -> None:
        sender = app.senders["sms"]
        assert isinstance(sender, RecordingSender)
        self.sender, self.seen, self.lines = sender, 0, []

    def note(self, line: str) -> None:
        self.lines.append(line)

    def collect(self, ref: str) -> None:
        for m in self.sender.sent[self.seen :]:
            if m.to in STAFF:
                self.lines.append(f"< to {STAFF[m.to]} ({m.kind}): {m.text.replace(ref, 'REF')}")
        self.seen = len(self.sender.sent)


async def test_golden_practitioner_alert_texts(app: AppContext, chat: Chat, clock: FixedClock) -> None:
    log = StaffLog(app)
    log.note("> young person: i took all my pills")
    await chat.say("i took all my pills")
    [esc] = await escalations(app)
    log.collect(esc.ref)
    for minutes in (5, 5):
        clock.advance(minutes=minutes)
        log.note(f"(+{minutes} minutes, not acknowledged)")
        await run_due_items(app)
        await chat.flush()
        log.collect(esc.ref)
    for who, number, text in (
        ("mo", MO, f"ACK {esc.ref}"),
        ("ben", BEN, f"ack {esc.ref}"),
        ("ana", ANA, "ACK ZZZZZZ"),
    ):
        log.note(f"> {who}: {text.replace(esc.ref, 'REF')}")
        await chat.as_(number).say(text)
        log.collect(esc.ref)
    got = "\n".join(log.lines) + "\n"
    if os.environ.get("WAYMARK_WRITE_GOLDEN"):
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8"), got
    assert "dashboard" not in got.lower()  # not built yet: the texts must not send people there
