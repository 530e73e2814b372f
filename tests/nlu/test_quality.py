"""The shipped model against the held-out files and the examples the brief names.

These are accuracy floors, not timings: a change to the data or the model that drops below the targets
fails here. The figures themselves are printed by `waymark nlu test`.
"""

from __future__ import annotations

import pytest

from nlu.datasets import load_labelled
from nlu.evaluation import score
from nlu.model import TrainedModel
from nlu.text import normalise
from nlu.training_data import DATA_DIR, DEFAULT_TEST_FILE, DEFAULT_TRAINING_FILES, load_training_data

ROUNDS = ["test_round2.csv", "test_round3.csv", "test_round4.csv"]
HELD_OUT = [DEFAULT_TEST_FILE.name, "test_unseen.csv", *ROUNDS]
"""Texts never trained on (docs/nlu.md says how each was written and what its first run scored)."""


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_targets(model: TrainedModel, name: str) -> None:
    examples = load_labelled(DATA_DIR / name)
    report = score(examples, [model.parse(e.text) for e in examples], "embedded", name)
    assert report.accuracy >= 0.90
    assert report.macro_f1 >= 0.88
    assert report.need_accuracy is not None and report.need_accuracy >= 0.85


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("can some1 ring me", "request_callback"),
        ("exams are doing my head in", "find_support"),
        ("when is my appt", "appointment_query"),
        ("cant make it tmrw sorry", "appointment_cancel"),
        ("can we do a diff day", "appointment_reschedule"),
        ("will u tell my mum", "confidentiality"),
        ("stop texting me", "opt_out"),
        ("can i talk to a real person", "talk_to_someone"),
        ("ty x", "thanks"),
        ("cya", "goodbye"),
        ("hiya", "greet"),
        ("whats the capital of france", "out_of_scope"),
    ],
)
def test_everyday_texts(model: TrainedModel, text: str, intent: str) -> None:
    assert model.parse(text).intent == intent


@pytest.mark.parametrize("text", ["y", "yes", "yh", "ye", "yep", "defo", "ok", "Yeah!!", "deffo"])
def test_yes_in_all_its_forms(model: TrainedModel, text: str) -> None:
    assert model.parse(text).intent == "affirm"


@pytest.mark.parametrize("text", ["n", "no", "nah", "nope", "NO", "na", "nah ur ok"])
def test_no_in_all_its_forms(model: TrainedModel, text: str) -> None:
    assert model.parse(text).intent == "deny"


@pytest.mark.parametrize("text", ["menu", "options", "start again", "MENU pls"])
def test_menu_words(model: TrainedModel, text: str) -> None:
    assert model.parse(text).intent == "menu"


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("exams are doing my head in", "exam_stress"),
        ("my anxeity is really bad", "anxiety"),
        ("im being bullied at school", "bullying"),
        ("my mum and dad are getting divorced", "family"),
        ("i think im gay", "lgbtq"),
        ("my nan passed away", "bereavement"),
        ("i cant sleep at all", "sleep"),
        ("i get so angry", "anger"),
        ("i have no friends", "loneliness"),
        ("i smoke weed every day", "drugs_alcohol"),
        ("i keep making myself sick after i eat", "eating"),
        ("ive been really depressed", "low_mood"),
    ],
)
def test_needs(model: TrainedModel, text: str, need: str) -> None:
    result = model.parse(text)
    assert result.entity("need") == need


@pytest.mark.parametrize(
    "text",
    ["i want to kill myself", "i keep cutting myself", "i dont want to be alive anymore", "i want to die"],
)
def test_risk_texts_parse_sensibly(model: TrainedModel, text: str) -> None:
    """Safeguarding screens these first; the NLU must still not read them as anything else."""
    result = model.parse(text)
    assert result.intent in ("talk_to_someone", "find_support")
    assert result.entity("need") == "self_harm"


@pytest.mark.parametrize(("text", "intent"), [("👍🏽", "affirm"), ("thank u 🙏🏼", "thanks"), ("👎", "deny")])
def test_emoji_answers(model: TrainedModel, text: str, intent: str) -> None:
    assert model.parse(text).intent == intent


@pytest.mark.parametrize("name", ROUNDS)
def test_held_out_texts_are_never_training_texts(name: str) -> None:
    """The round files hold no exact training text (test.yml is checked in test_training_data.py)."""
    training = {normalise(e.text) for e in load_training_data(DEFAULT_TRAINING_FILES).examples}
    copies = [e.text for e in load_labelled(DATA_DIR / name) if normalise(e.text) in training]
    assert copies == []
