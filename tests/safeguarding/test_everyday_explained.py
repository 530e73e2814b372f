"""Everyday texts that name a risky thing and explain it (eleventh session, the kinds of false alarm in
spent round 23): a tablet computer, hair dye, a place explained ("the roof of the bus"), a fan's joke, a film
about a death, skates that cut, "suicidal" as slang for a daring move, a scratched car, an earlier text
explained.
Each has a twin that is still risk. Every text here is new.
"""

from __future__ import annotations

import pytest

import safeguarding


def _lexicon_ids(text: str) -> list[str]:
    found = safeguarding.screen(text)
    # the lexicon's hits that counted: not the model's, not one set aside (severity none)
    return [m.entry_id for m in found.matches if m.category != "model" and m.severity != "none"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("mum has taken all our tablets off us till we tidy our rooms", None),
        ("can i dye my hair purple before the session or is that weird", None),
        ("gonna die my fringe green for the match", "benign.dye_hair"),
        ("we're on the roof of the open top bus, the view is mint", None),
        ("sat on the edge of my bed doing my homework", None),
        ("if united lose again my dad says he will jump in the canal lol", None),
        ("our english book is about a soldier who shot himself, so sad", "benign.story_about_a_death"),
        ("new football boots rubbed my heels raw and the paper cut my finger", None),
        ("coach called that backflip a suicidal move but i nailed it", "benign.daring_slang"),
        ("mums gonna kill me, i cracked her phone screen", None),
        ("ignore my last message that said i took all of them, autocorrect, i meant the biscuits", None),
    ],
)
def test_an_explained_everyday_text_is_not_flagged(text: str, rule: str | None) -> None:
    found = safeguarding.screen(text)
    assert found.severity in ("none", "concern"), (text, found.severity, [m.entry_id for m in found.matches])
    if rule is not None:
        assert rule in [m.entry_id for m in found.matches], (text, [m.entry_id for m in found.matches])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same words, still risk
        ("im on the roof of the car park and i want to jump", "immediate"),
        ("im on the edge of the bridge and i want to die", "immediate"),
        ("my last text said im going to jump. i meant it", "immediate"),
        ("i want to die. my mum took my tablet off me and i have nothing left", "high+"),
        ("my dad is going to kill me, he hit me last night and he is coming home", "immediate"),
        ("i want to kill myself, im on the bridge by the model shop", "immediate"),
        ("they said theyll hurt me if i lose the bag again, i lost the bag", "high"),
    ],
)
def test_the_same_words_with_risk_still_count(text: str, expected: str) -> None:
    found = safeguarding.screen(text)
    allowed = {"high", "immediate"} if expected == "high+" else {expected}
    assert found.severity in allowed, (text, found.severity, [m.entry_id for m in found.matches])
    assert _lexicon_ids(text), (text, "the lexicon itself should catch it")


@pytest.mark.parametrize(
    "text",
    [
        "theyre gonna kill me i lost the bag",
        "the olders will batter me cos i dropped the package",
    ],
)
def test_a_threat_over_a_lost_bag_or_a_debt_is_exploitation(text: str) -> None:
    found = safeguarding.screen(text)
    assert found.severity in ("high", "immediate"), (text, found.severity)
    assert "exploitation" in [m.category for m in found.matches], (text, [m.entry_id for m in found.matches])
