"""An overdose names the medicine, often someone else's: the lexicon's {medicine} and {relative} slots."""

from __future__ import annotations

import pytest

import safeguarding


@pytest.mark.parametrize(
    "text",
    [
        "took 40 of my nains tramadol",
        "ive taken 20 of my grandads heart tablets",
        "i took loads of my nans tramadol",
        "i swallowed 30 amitriptyline",
        "took a whole box of my mams zopiclone",
        "i took 12 of my stepdads propranolol",
        "necked 15 of my aunties co-codamol",
    ],
)
def test_a_number_of_a_named_medicine_taken_is_an_overdose(text: str) -> None:
    found = safeguarding.screen(text)
    assert found.severity == "immediate", text
    assert "suicide.attempt_now" in [m.entry_id for m in found.matches]


@pytest.mark.parametrize(
    "text",
    [
        "i took 2 paracetamol for my headache",
        "took my tramadol this morning like the doctor said",
        "my nan takes tramadol for her back",
        "had 2 ibuprofen before the match",
        "can you remind me to take my sertraline",
    ],
)
def test_an_ordinary_dose_is_not_an_overdose(text: str) -> None:
    found = safeguarding.screen(text)
    assert "suicide.attempt_now" not in [m.entry_id for m in found.matches], text


@pytest.mark.parametrize(
    "text",
    [
        "i took like 25 of my melatonin and i feel weird",
        "took 14 of the tablets from the kitchen drawer",
        "ive had 45 of my mums sertraline",
    ],
)
def test_any_count_of_five_or_more_of_someones_tablets_is_an_overdose(text: str) -> None:
    assert safeguarding.screen(text).severity == "immediate", text


def test_an_appliance_in_the_bath_is_a_method_at_hand() -> None:
    assert safeguarding.screen("im in the bath with the hairdryer, its plugged in").severity == "immediate"
    assert safeguarding.screen("dont use the hairdryer in the bath lol").severity == "none"
