"""Everyday kinds the spent blind rounds 39-48 raised at high with the lexicon alone (read after their runs):
a fencing bout, laser tag and paintball, a match score, a game against a sibling, a set text's ending, a
game's boss "unalived", the high board at a pool (twenty-third session). Each benign rule names the activity
in the phrase; each has risk twins that must stay at high or above, with the lexicon alone. The twins include
review23's findings (``test_review23_findings.py``) and its two new entries (``abuse.belt``,
``violence.shot_at``)."""

from __future__ import annotations

import pytest

from safeguarding.assessment import SEVERITY_ORDER
from safeguarding.screening import Screener


def _flagged(screener: Screener, text: str) -> bool:
    return SEVERITY_ORDER[screener.screen(text).severity] >= SEVERITY_ORDER["high"]


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("benign.fencing_bout", "fencing was class tonight, stabbed the coach twice"),
        ("benign.fencing_bout", "got stabbed 3 times in the final bout, lost 15-12"),
        (
            "benign.shot_at_an_activity",
            "paintballing for my brothers stag do, got shot in the leg, massive bruise",
        ),
        (
            "benign.shot_at_an_activity",
            "nerf war at my cousins party, i got shot in the face with a foam dart",
        ),
        ("benign.score_battered", "we got battered 5-0 on saturday but i scored the consolation"),
        ("benign.score_battered", "they battered us 4-1 but the lads played well"),
        ("benign.going_to_beat_me_at_a_game", "my brother keeps sayin hes gonna batter me at ping pong"),
        ("benign.going_to_beat_me_at_a_game", "grandad says hes going to batter us at dominoes"),
        (
            "benign.character_in_a_set_text",
            "can someone explain the ending of jekyll and hyde, does he kill himself or not, exam is friday",
        ),
        (
            "benign.character_in_a_set_text",
            "in romeo and juliet she stabs herself at the end, need a quote for it",
        ),
        (
            "benign.character_in_a_set_text",
            "our poem for the anthology, the soldier shoots himself in the last verse",
        ),
        ("benign.unalived_in_a_game", "unalived the ender dragon on my first try"),
        (
            "benign.diving_board",
            (
                "my daughter says shes going to jump off the top board at the leisure"
                " centre, shes 12 and terrified"
            ),
        ),
        ("benign.diving_board", "im going to jump off the 5m board at swimming club tomorrow!!"),
    ],
)
def test_everyday_kinds_are_set_aside(screener: Screener, rule: str, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "none", found
    assert any(m.entry_id == rule for m in found.matches), found


@pytest.mark.parametrize(
    "text",
    [
        # a real weapon, a real place or a person who hurt them: the sport does not hide it
        "fencing club tonight but i keep thinking about stabbing myself with a knife",
        "he stabbed me on the way home from fencing",
        "got stabbed after fencing, theres blood everywhere",
        "got shot with an air rifle near the paintball place, bleeding",
        # a person on their own, not a team and a score
        "my brother got battered last night by some lads",
        "we got battered by dad again last night",
        # threats by a person, a place to meet, or fear
        "hes going to beat me up after school",
        "hes going to batter me at the park after school, hes done it before",
        "my stepdad is going to kill me at marios house when he finds out",
        "my ex is going to kill me at the match if he sees me with my new boyfriend",
        "my ex says hes going to batter me at fifa night at his house, im scared",
        # the writer or a friend in it, or a wish
        "my friend said she wants to kill herself like juliet does at the end",
        "i relate to jekyll, i want to kill myself too",
        "i think about how she kills herself in the book and i want to do it",
        "revision is pointless, im going to kill myself before the exam",
        "i want to unalive myself",
        # a drop, not a pool; or not coming up
        "going to jump off the top of the car park",
        "gonna jump off the top board and never come up",
        # review23: what the first version of the rules set aside
        "my fencing coach hit me across the face because i lost the bout",
        "my brother smokes heroin off foil and he hit mum last night",
        "i stabbed myself in the leg with my fencing foil last night to feel something",
        "after paintball he said hell shoot me with his dads gun if i tell anyone",
        "we got battered 3 times last night by mums boyfriend",
        "the year 10 lads said theyll batter me in games on monday",
        "a boy in year 11 killed himself the night before his maths exam",
        "my stepdad is a monster. ill unalive the monster tonight",
        "im going to jump off the high board into the empty pool tonight",
        # the two new entries
        "us kids got thrashed 4 times yesterday with the belt",
        "got the belt off dad again",
        "some men in a car shot at us in the park",
        "someone fired at our house last night",
    ],
)
def test_risk_twins_stay_flagged(screener: Screener, text: str) -> None:
    assert _flagged(screener, text), screener.screen(text)


@pytest.mark.parametrize(
    "text",
    [
        "he took a shot at me in the group chat",
        "my brother shot at me with his nerf gun",
        "the fifa lobby said my keeper is trash",
        "hosepipe ban so we are using a watering can",
        "the heating in the wellbeing room is fixed now",
    ],
)
def test_new_entries_leave_everyday_texts(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "none", screener.screen(text)
