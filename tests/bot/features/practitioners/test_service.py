"""The product's password hasher: argon2id at full cost (the other in-process tests use a cheap one, see
tests/fast_passwords.py), and a password hashed at that cost is checked whichever hasher is in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from argon2 import Type, extract_parameters

from bot.features.practitioners import service
from bot.storage.models.users import Practitioner
from tests.fast_passwords import PRODUCTION_HASHER, TEST_HASHER, use_production_hasher, use_test_hasher


def _person(password_hash: str) -> Practitioner:
    return Practitioner(
        username="ana",
        display_name="Ana",
        alert_address="+447700900501",
        created_at=dt.datetime(2026, 11, 17, 10, tzinfo=dt.UTC),
        password_hash=password_hash,
    )


@pytest.fixture
def production_hasher() -> Iterator[None]:
    use_production_hasher()
    yield
    use_test_hasher()


def test_the_product_hashes_with_argon2id_at_least_at_the_owasp_cost() -> None:
    # OWASP's password storage floor for argon2id: 19 MiB of memory, 2 passes, 1 lane.
    assert PRODUCTION_HASHER.type is Type.ID
    assert PRODUCTION_HASHER.memory_cost >= 19 * 1024
    assert PRODUCTION_HASHER.time_cost >= 2
    assert PRODUCTION_HASHER.parallelism >= 1
    assert TEST_HASHER is not PRODUCTION_HASHER


def test_a_full_cost_hash_round_trips(production_hasher: None) -> None:
    assert service._hasher is PRODUCTION_HASHER
    stored = service.hash_password("a long test password")
    made = extract_parameters(stored)
    assert (made.type, made.memory_cost, made.time_cost) == (
        Type.ID,
        PRODUCTION_HASHER.memory_cost,
        PRODUCTION_HASHER.time_cost,
    )
    person = _person(stored)
    assert service.verify_password(person, "a long test password")
    assert not service.verify_password(person, "a long test passwore")
    use_test_hasher()  # a hash at full cost still verifies with the cheap hasher in place
    assert service.verify_password(person, "a long test password")
    assert not service.verify_password(person, "wrong")


def test_the_in_process_tests_hash_cheaply_but_still_with_argon2id() -> None:
    assert service._hasher is TEST_HASHER
    stored = service.hash_password("a long test password")
    assert stored.startswith("$argon2id$")
    person = _person(stored)
    assert service.verify_password(person, "a long test password")
    assert not service.verify_password(person, "wrong")
