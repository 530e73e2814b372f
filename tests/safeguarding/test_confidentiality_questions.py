"""Asking us to keep a secret is a confidentiality question, not grooming.

A secret someone else demands is grooming.
"""

from __future__ import annotations

import pytest

from safeguarding import screen

QUESTIONS = [
    "can you keep a secret",
    "will you keep this secret",
    "can u keep a secret if i tell u something",
    "do u keep it secret from my parents",
    "is this kept secret",
    "will this stay a secret from school",
]

DISCLOSURES = [
    "he said i have to keep it a secret",
    "my coach told me to keep it secret",
    "she makes me keep everything secret from mum",
    "its our little secret he says",
    "a man online wants me to keep our chats secret",
]


@pytest.mark.parametrize("text", QUESTIONS)
def test_asking_us_to_keep_a_secret_is_not_flagged(text: str) -> None:
    assert screen(text).severity in ("none", "concern")


@pytest.mark.parametrize("text", DISCLOSURES)
def test_a_secret_someone_else_demands_is_flagged(text: str) -> None:
    a = screen(text)
    assert a.severity in ("high", "immediate")
    assert "exploitation" in a.categories
