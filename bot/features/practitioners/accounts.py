"""Signing in and managing accounts: password check with lock-out, password change, enable/disable, role,
schools, and API tokens. Shared by the dashboard and `waymark users ...`; each change is one audit event.

Audit details hold usernames, roles and counts only (never a password, a token or a hash).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.practitioners.service import (
    PractitionerError,
    by_username,
    hash_password,
    verify_password,
)
from bot.storage.models import School
from bot.storage.models.users import ROLES, Practitioner

MAX_FAILURES = 5  # wrong passwords in a row before the account locks
LOCK_FOR = dt.timedelta(minutes=15)
MIN_PASSWORD = 12
TOKEN_PREFIX = "wmk_"


@dataclass(frozen=True)
class SignIn:
    """The result of a sign-in attempt: the practitioner, or why not (a reason safe to show people)."""

    person: Practitioner | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.person is not None


async def _audit(
    session: AsyncSession, action: str, person: Practitioner, actor: str, now: dt.datetime, **details: object
) -> None:
    await record(
        session,
        at=now,
        actor=actor,
        action=action,
        subject_type="practitioner",
        subject_id=person.username,
        details=dict(details),
    )


NOT_RECOGNISED = "That username and password do not match an active account."


async def sign_in(
    session: AsyncSession, username: str, password: str, *, now: dt.datetime, via: str = "web"
) -> SignIn:
    """Check a password. Wrong ones count towards a lock-out (:data:`MAX_FAILURES`, :data:`LOCK_FOR`);
    a locked account refuses even the right password until the lock ends. Audited either way."""
    person = await by_username(session, username.strip())
    if person is None:
        await record(
            session,
            at=now,
            actor="anonymous",
            action="signin.failed",
            subject_type="practitioner",
            subject_id=username.strip()[:40] or "-",
            details={"reason": "unknown user", "via": via},
        )
        return SignIn(None, NOT_RECOGNISED)
    actor = f"practitioner:{person.username}"
    if person.locked_until is not None and now < person.locked_until:
        await _audit(session, "signin.refused", person, actor, now, reason="locked", via=via)
        return SignIn(None, "This account is locked after repeated failed sign-ins. Try again later.")
    if not person.active or not verify_password(person, password):
        person.failed_logins += 1
        reason = "inactive" if not person.active else "wrong password"
        await _audit(
            session,
            "signin.failed",
            person,
            actor,
            now,
            reason=reason,
            failures=person.failed_logins,
            via=via,
        )
        if person.failed_logins >= MAX_FAILURES:
            person.locked_until = now + LOCK_FOR
            person.failed_logins = 0
            minutes = int(LOCK_FOR.total_seconds() // 60)
            await _audit(session, "practitioner.locked", person, "system", now, minutes=minutes, via=via)
        session.add(person)
        return SignIn(None, NOT_RECOGNISED)
    person.failed_logins, person.locked_until, person.last_login_at = 0, None, now
    session.add(person)
    await _audit(session, "signin.ok", person, actor, now, via=via)
    return SignIn(person)


def check_new_password(password: str, username: str) -> None:
    """Refuse a password that is short or is the username (PractitionerError with the reason)."""
    if len(password) < MIN_PASSWORD:
        raise PractitionerError(f"a password needs at least {MIN_PASSWORD} characters")
    if username.lower() in password.lower():
        raise PractitionerError("a password must not contain the username")


async def change_password(
    session: AsyncSession, person: Practitioner, current: str, new: str, *, now: dt.datetime
) -> None:
    """The practitioner's own change: needs the current password; clears the forced-change flag."""
    if not verify_password(person, current):
        raise PractitionerError("the current password is not right")
    if current == new:
        raise PractitionerError("choose a password different from the current one")
    check_new_password(new, person.username)
    person.password_hash, person.must_change_password = hash_password(new), False
    session.add(person)
    await _audit(session, "practitioner.password_changed", person, f"practitioner:{person.username}", now)


async def _get(session: AsyncSession, username: str) -> Practitioner:
    person = await by_username(session, username)
    if person is None:
        raise PractitionerError(f"no practitioner {username!r} (waymark users list)")
    return person


async def set_password(
    session: AsyncSession, username: str, password: str, *, actor: str, now: dt.datetime
) -> Practitioner:
    """An admin sets a password: the practitioner must choose a new one at their next sign-in."""
    person = await _get(session, username)
    check_new_password(password, person.username)
    person.password_hash, person.must_change_password = hash_password(password), True
    person.failed_logins, person.locked_until = 0, None
    session.add(person)
    await _audit(session, "practitioner.password_set", person, actor, now)
    return person


async def set_active(
    session: AsyncSession, username: str, active: bool, *, actor: str, now: dt.datetime
) -> Practitioner:
    """Disable (signed-in sessions end at their next request; alerts stop) or enable an account."""
    person = await _get(session, username)
    person.active = active
    if active:
        person.failed_logins, person.locked_until = 0, None
    session.add(person)
    await _audit(session, "practitioner.enabled" if active else "practitioner.disabled", person, actor, now)
    return person


async def set_role(
    session: AsyncSession, username: str, role: str, *, actor: str, now: dt.datetime
) -> Practitioner:
    if role not in ROLES:
        raise PractitionerError(f"role must be one of: {', '.join(ROLES)}")
    person = await _get(session, username)
    before, person.role = person.role, role
    session.add(person)
    await _audit(session, "practitioner.role_set", person, actor, now, before=before, role=role)
    return person


async def set_schools(
    session: AsyncSession, username: str, school_ids: list[int], *, actor: str, now: dt.datetime
) -> Practitioner:
    """The schools a practitioner or school lead works with (what they may see on the dashboard)."""
    person = await _get(session, username)
    for school_id in school_ids:
        if await session.get(School, school_id) is None:
            raise PractitionerError(f"no school with id {school_id} (waymark schools list)")
    person.schools = sorted(set(school_ids))
    session.add(person)
    await _audit(session, "practitioner.schools_set", person, actor, now, schools=person.schools)
    return person


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def new_api_token(session: AsyncSession, username: str, *, actor: str, now: dt.datetime) -> str:
    """A fresh API token for `username` (replacing any earlier one). Only its SHA-256 is stored, so the
    token is shown once."""
    person = await _get(session, username)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    person.api_token_hash = _digest(token)
    session.add(person)
    await _audit(session, "practitioner.token_issued", person, actor, now)
    return token


async def by_api_token(session: AsyncSession, token: str) -> Practitioner | None:
    """The active practitioner holding `token`, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    rows = await session.exec(select(Practitioner).where(Practitioner.api_token_hash == _digest(token)))
    person = rows.first()
    return person if person is not None and person.active else None
