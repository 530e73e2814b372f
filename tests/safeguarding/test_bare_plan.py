"""Bare plans: a message that is only a day or a time and a place to fall or drown from is read as a plan
(high; immediate when the time is now). A day out that says what it is for, who is going, or asks a question
is not. Twins below differ only by those words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from safeguarding.lexicon import DEFAULT_LEXICON_DIR, LexiconError
from safeguarding.screening import Screener, load_lexicon, screen


@pytest.mark.parametrize(
    "text",
    [
        "friday. the gorge.",
        "sat. iffley lock",
        "Sunday. The tor. x",
        "weds. cliffs at marsden",
        "tomorrow 6am. the tracks behind asda",
        "fri. m62 footbridge.",
        "tmrw @ 5 the quarry x",
        "allington lock, sunday, when its dark early",
        "sat 3am top floor of the multi storey",
        "the 28th. orwell bridge. sorted",
        "THURS 11PM. HUMBER BRIDGE",
        "half 11 monday. the viaduct",
        "new years eve. the pier. x",
    ],
)
def test_a_day_and_a_drop_and_nothing_else_is_high(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "high", found
    assert "suicide" in found.categories
    assert any(m.entry_id == "screen:bare_plan" and m.kind == "bare_plan" for m in found.matches)


@pytest.mark.parametrize("text", ["tonight. the bridge", "the viaduct. right now", "today. the quarry. x"])
def test_a_bare_plan_for_now_is_immediate(screener: Screener, text: str) -> None:
    assert screener.screen(text).severity == "immediate"


@pytest.mark.parametrize(
    ("plan", "outing"),
    [
        ("friday. the gorge.", "friday. the gorge for the climbing club"),
        ("sat. the lake", "sat at the lake with nan?"),
        ("sunday. the canal", "sunday. canal walk"),
        ("friday. the bridge", "bridge street friday"),
        ("tues. the river", "tues. the river cafe"),
        ("sat 2pm. the pier", "sat 2pm. the pier. chips after"),
        ("monday. the railway line", "monday. the railway line is shut so ill be late"),
        ("thursday. the quarry", "thursday. quarry park"),
        ("sat. the viaduct", "sat. the viaduct with my dad"),
        ("friday. the cliffs", "friday. the cliffs, fossil hunting"),
        ("sunday. the weir", "sunday. the weir for fishing"),
        ("tomorrow. the reservoir", "tomorrow. the reservoir? is it open"),
    ],
)
def test_a_day_out_says_what_it_is_for(screener: Screener, plan: str, outing: str) -> None:
    assert screener.screen(plan).severity == "high"
    found = screener.screen(outing)
    assert not any(m.entry_id == "screen:bare_plan" for m in found.matches), found


@pytest.mark.parametrize(
    "text",
    [
        "the bridge",  # a place with no time
        "friday",  # a time with no place
        "see you friday",
        "friday 3pm",
        "my appointment is friday at 2pm",
        "the lock on the bathroom door is broken",
    ],
)
def test_a_place_or_a_time_alone_is_not_a_bare_plan(screener: Screener, text: str) -> None:
    assert not any(m.entry_id == "screen:bare_plan" for m in screener.screen(text).matches)


def test_a_long_message_is_never_bare(screener: Screener) -> None:
    text = "friday the bridge " + " ".join(["the"] * 20)
    assert not any(m.entry_id == "screen:bare_plan" for m in screener.screen(text).matches)


def test_the_learned_screen_does_not_lower_a_bare_plan() -> None:
    # the model may only raise; a bare plan is a lexicon-level decision
    for text in ("friday. the gorge.", "sat. iffley lock", "sunday. the tor. x"):
        assert screen(text).severity in ("high", "immediate")


def test_the_escalation_shows_why(screener: Screener) -> None:
    match = next(m for m in screener.screen("weds. cliffs at marsden").matches if m.kind == "bare_plan")
    assert match.matched == "weds / cliffs"
    assert "day or time and a place" in match.note


@pytest.mark.parametrize(
    "text",
    [
        "sunday. tyne.",
        "Friday 5am. The Usk",
        "sat. the wharfe x",
        "tomorrow. the river wensum",
        "thurs. river kelvin",  # any one word after "river" names it
        "sun. the river wear",  # an everyday word, listed in after_river
        "friday. the tweed. forgive me",  # closing words say nothing of a day out
        "monday. the ouse. im done",
        "weds night. the taff at pontypridd",
        "MONDAY. MERSEY",
    ],
)
def test_a_river_is_a_place_to_drown_from(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert found.severity == "high", found
    assert any(m.entry_id == "screen:bare_plan" for m in found.matches)


@pytest.mark.parametrize(
    "text",
    [
        "saturday. frome.",  # a town, maybe where the match is: a river only after "river"
        "sat. neath",
        "22nd june - windrush",  # Windrush Day
        "sat 10am. nottingham trent",  # a university open day
        "sunday. shannon",  # a name
        "friday. the river walk",  # an everyday word after "river" says what it is for
        "sunday. the tyne for the rowing",
        "saturday, the severn. fishing with dad",
        "the dee?",
        "tyne",
    ],
)
def test_a_town_a_name_or_a_day_out_by_a_river_is_not_bare(screener: Screener, text: str) -> None:
    assert not any(m.entry_id == "screen:bare_plan" for m in screener.screen(text).matches)


def test_every_listed_river_reads_as_itself_in_a_message() -> None:
    """A river the message normaliser repairs to another word ("itchen" to "kitchen") would make that word a
    place: "friday. kitchen." a plan. The loader cannot see message-level repair, so this test does."""
    import yaml

    lexicon = load_lexicon()
    data = yaml.safe_load((DEFAULT_LEXICON_DIR / "_bare_plans.yml").read_text())
    assert len(data["rivers"]) >= 80
    for river in data["rivers"]:
        assert lexicon.normaliser.normalise(f"friday. the {river}.").text.split() == ["friday", "the", river]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON_DIR, target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("  - gorge\n", "  - Gorge\n", "lower-case words"),
        ("  - gorge\n", "  - on\n", "lower-case words"),  # YAML reads a bare on as true
        ("  - gorge\n", "  - gorge\n  - gorge\n", "listed twice"),
        ("now:\n  - tonight\n", "now:\n  - tonight\n  - whenever\n", "must be listed in times too"),
        ("fillers:\n", "filler:\n  - x\nfillers:\n", "unknown key"),
        ("  - gorge\n", "  - gorge\n  - the\n", "both a place and a time or filler"),
        ("rivers:\n", "rivers:\n  - wear\n", "everyday English word"),
        ("rivers:\n", "rivers:\n  - river dee\n", "must be one word"),
    ],
)
def test_a_bad_word_list_stops_start_up(copy: Path, old: str, new: str, problem: str) -> None:
    path = copy / "_bare_plans.yml"
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(LexiconError, match=problem) as raised:
        load_lexicon(copy, check_examples=False)
    assert "_bare_plans.yml" in str(raised.value)


def test_a_lexicon_without_the_file_has_no_bare_plans(copy: Path) -> None:
    (copy / "_bare_plans.yml").unlink()
    lexicon = load_lexicon(copy, check_examples=False)
    assert lexicon.bare_plans is None
    assert Screener(lexicon).screen("friday. the gorge.").severity == "none"


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("sat by the river x", "sat before a word of position is sitting"),
        ("am at the canal x", "am before a word of position is I'm"),
        ("sun on the lake", "a photo caption"),
        ("bike lock monday", "an everyday word before a place is not a name"),
        ("dental bridge fri 9am", "an everyday word before a place is not a name"),
        ("weir 3", "a bare number is a score, not a time"),
        ("lock 7 sunday", "a number right after a place is part of its name"),
        ("the quarry one x, friday", "a number word is a choice"),
        ("half 3 by the canal", "a meeting point"),
        ("tues 4pm outside the multi storey", "a meeting point"),
        ("mum. canal. friday", "a name and its place in different sentences"),
        ("sunday. the lake 🦆", "a picture that says what the day is for"),
        ("tonight. the canal 🎆", "a picture that says what the day is for"),
    ],
)
def test_everyday_words_that_look_like_a_bare_plan(screener: Screener, text: str, why: str) -> None:
    found = screener.screen(text)
    assert not any(m.entry_id == "screen:bare_plan" for m in found.matches), (why, found)


@pytest.mark.parametrize(
    "text",
    [
        "at 4, the viaduct",  # text-speak reads a lone 4 as "for"
        "half 4. the bridge.",
        "23:00 the railway",
        "thurs, 11pm, the footbridge over the motorway",  # a place over a place is not a meeting point
        "this friday. the old quarry x",
        "friday. the gorge. dont tell anyone",
        "monday. the river. sorry mum",
        "top of the multi storey car park, tomorrow",
        "friday. the gorge 💔",  # a feeling keeps it bare
    ],
)
def test_bare_plans_in_other_forms(screener: Screener, text: str) -> None:
    found = screener.screen(text)
    assert any(m.entry_id == "screen:bare_plan" for m in found.matches), found


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ('pupil told me "sat, the tracks" and walked off', "high"),
        ('my daughter just texted me "tonight, the river" and now her phone is off', "immediate"),
    ],
)
def test_a_report_that_quotes_a_bare_plan(screener: Screener, text: str, severity: str) -> None:
    found = screener.screen(text)
    assert found.severity == severity
    assert any(m.entry_id == "screen:bare_plan" for m in found.matches)


def test_a_quoted_title_is_not_a_plan(screener: Screener) -> None:
    found = screener.screen('we read "the bridge" in english on friday')
    assert not any(m.entry_id == "screen:bare_plan" for m in found.matches)


def test_location_reports_are_left_to_the_lexicon(screener: Screener) -> None:
    # "at the bridge now" is where someone is: the lexicon's presence cues read those, not the bare-plan rule
    found = screener.screen("on the motorway now x")
    assert not any(m.entry_id == "screen:bare_plan" for m in found.matches)
