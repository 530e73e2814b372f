"""Golden transcripts: each flow as a readable case in tests/flows/transcripts/*.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.app.context import AppContext
from bot.channels.sms_text import is_gsm7, measure
from bot.features.schools.service import add_code, add_school, retire_code
from tests.support import Chat

CASES_DIR = Path(__file__).parent / "transcripts"


def _cases() -> list[Any]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        for case in yaml.safe_load(path.read_text()):
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


async def _schools(app: AppContext) -> None:
    async with app.db.session() as session:
        demo = await add_school(
            session, name="Demo Academy", local_authority="Demo Borough", team_contact=None, now=app.now()
        )
        oak = await add_school(
            session, name="Oak Hill School", local_authority="Demo Borough", team_contact=None, now=app.now()
        )
        assert demo.id and oak.id
        await add_code(session, demo.id, "DEMO1", app.now())
        await add_code(session, oak.id, "OAK7", app.now())
        await add_code(session, oak.id, "OLD1", app.now())
        await retire_code(session, "OLD1", app.now())
        await session.commit()


@pytest.mark.parametrize("case", _cases())
async def test_transcript(app: AppContext, chat: Chat, case: dict[str, Any]) -> None:
    await _schools(app)
    for step in case["steps"]:
        replies = await chat.say(step["say"])
        text = "\n".join(r.text for r in replies)
        if "replies" in step:
            assert [r.kind for r in replies] == step["replies"], f"after {step['say']!r}: {text}"
        for needle in step.get("contains", []):
            assert needle in text, f"after {step['say']!r}: {needle!r} not in {text!r}"
        for reply in replies:
            assert is_gsm7(reply.text), reply.text
            budget = app.catalogue.template(reply.kind).budget
            assert measure(reply.text).segments <= budget, f"{reply.kind} over budget: {reply.text!r}"
