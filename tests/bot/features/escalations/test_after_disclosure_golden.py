"""Golden transcripts of what happens after a disclosure: the crisis hold, one case per person, honest
out-of-hours replies, the ladder that never goes quiet, and wording for someone helping a friend.

The cases are data (tests/bot/golden/after_disclosure.yml) a clinician can read; each writes its transcript
to tests/bot/golden/after_disclosure/<name>.txt. Regenerate with WAYMARK_WRITE_GOLDEN=1 and have a
clinician review the diff. The reference is random, so it is written as REF.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.messaging.jobs import run_due_items
from safeguarding.escalations import timeline
from tests.bot.escalation_support import (
    ANA,
    BEN,
    MO,
    YOUNG_PERSON,
    escalations,
    staffed_app,  # noqa: F401 (the app fixture)
)
from tests.support import Chat, RecordingSender
from tests.transcripts import london

HERE = Path(__file__).parents[2] / "golden"
CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "after_disclosure.yml").read_text(encoding="utf-8"))
NAMES = {ANA: "ana", BEN: "ben", MO: "mo", YOUNG_PERSON: "contact"}
NUMBERS = {name: number for number, name in NAMES.items()}
LONDON = ZoneInfo("Europe/London")


def _local(text: str) -> dt.datetime:
    return london(text).astimezone(dt.UTC)


class Transcript:
    def __init__(self, app: AppContext) -> None:
        sender = app.senders["sms"]
        assert isinstance(sender, RecordingSender)
        self.app, self.sender, self.seen, self.lines = app, sender, 0, []

    async def ref(self) -> str:
        found = await escalations(self.app)
        return found[0].ref if found else "REF"

    async def collect(self) -> None:
        ref = await self.ref()
        for m in self.sender.sent[self.seen :]:
            self.lines.append(f"< to {NAMES.get(m.to, m.to)} ({m.kind}): {m.text.replace(ref, 'REF')}")
        self.seen = len(self.sender.sent)

    async def summary(self) -> None:
        cases = await escalations(self.app)
        self.lines.append(f"= cases for the contact: {len(cases)}")
        async with self.app.db.session() as session:
            for esc in cases:
                rows = await timeline(session, esc)
                self.lines.append(
                    f"= REF {esc.kind} {esc.severity} {esc.status} about={esc.about} "
                    f"timeline={len(rows)} alerted={','.join(esc.alerted) or '-'}"
                )


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
async def test_after_disclosure_golden(
    app: AppContext, chat: Chat, clock: FixedClock, case: dict[str, Any]
) -> None:
    clock.set(_local(case["start"]))
    await chat.say("hi")  # a known contact; the welcome is another test's business
    log = Transcript(app)
    log.seen = len(log.sender.sent)
    log.lines.append(f"({case['start']} {clock.now().astimezone(LONDON):%a})")
    for step in case["steps"]:
        if "say" in step:
            log.lines.append(f"> contact: {step['say']}")
            await chat.say(step["say"])
        elif "staff" in step:
            who, text = step["staff"]
            text = text.replace("REF", await log.ref())
            log.lines.append(f"> {who}: {text.replace(await log.ref(), 'REF')}")
            await chat.as_(NUMBERS[who]).say(text)
        else:
            clock.set(_local(step["at"]))
            log.lines.append(f"({step['at']})")
            await run_due_items(app)
            await chat.flush()
        await log.collect()
    await log.summary()
    got = "\n".join(log.lines) + "\n"
    path = HERE / "after_disclosure" / f"{case['name']}.txt"
    if os.environ.get("WAYMARK_WRITE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), got
