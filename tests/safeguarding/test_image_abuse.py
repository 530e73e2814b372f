"""Which flagged disclosures are about nude images used against someone (safeguarding/image_abuse.py): they
get what to do about the images after the crisis reply."""

from __future__ import annotations

import pytest

from safeguarding.image_abuse import about_image_abuse, is_image_abuse


@pytest.mark.parametrize(
    "text",
    [
        "he has my nudes and says pay 200 or he sends them to my mum",
        "someone made a fake nude of me, its going round year 10",
        "a girl online got me to send pics and now she wants \u00a3100",
        "my son is being blackmailed over naked photos",
        "this account has screenshots of my naked pics and wants 300 pounds by tonight",
        "theyve got a deepfake of my daughter and are threatening to post it",
    ],
)
def test_nude_images_with_a_demand_a_threat_or_sharing(text: str) -> None:
    assert about_image_abuse(text)


@pytest.mark.parametrize(
    "text",
    [
        "i want to kill myself",
        "they shared a video of me getting beaten up",  # images, but not nude: the crisis reply alone
        "my dad took my money and punched me",
        "he keeps asking me for nudes",  # asking, with no demand or threat: grooming advice is not this
    ],
)
def test_other_disclosures_are_not_about_images(text: str) -> None:
    assert not about_image_abuse(text)


def test_an_image_entry_decides_without_the_words() -> None:
    assert is_image_abuse(["exploitation.sextortion"], "")
    assert is_image_abuse(["exploitation.fake_nudes", "suicide.plan"], "")
    assert not is_image_abuse(["suicide.plan"], "i want to die")
