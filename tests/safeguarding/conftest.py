"""Shared fixtures: the packaged lexicon, loaded once per test session."""

from __future__ import annotations

import pytest

from safeguarding.lexicon import Lexicon
from safeguarding.screening import Screener, load_lexicon


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon(check_examples=False)


@pytest.fixture(scope="session")
def screener(lexicon: Lexicon) -> Screener:
    return Screener(lexicon)
