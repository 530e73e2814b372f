"""Cheap argon2 for the in-process tests.

The product hashes passwords with argon2id at the library's default cost (64 MiB, 3 passes, 4 lanes):
right for a real sign-in, but most of a dashboard test's set-up when it makes five staff accounts, and far
more on a shared, loaded machine. Tests that create accounts check who may sign in, not how slow a guess
is, so `tests/conftest.py` puts a cheap argon2id hasher in the product's place for the whole session. A
hash is still a real argon2id hash, and `verify` reads the cost from the hash itself, so a hash made at
full cost still verifies. `tests/bot/features/practitioners/test_service.py` checks the product's own
hasher (its cost, and one round trip at that cost). Subprocess tests (`waymark ...`) use the real one.
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type

from bot.features.practitioners import service

#: The hasher the product uses, captured before any test replaces it.
PRODUCTION_HASHER: PasswordHasher = service._hasher
#: argon2id with the smallest cost: one pass over 64 KiB in one lane.
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1, type=Type.ID)


def use_test_hasher() -> None:
    service._hasher = TEST_HASHER


def use_production_hasher() -> None:
    service._hasher = PRODUCTION_HASHER
