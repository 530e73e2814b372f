"""Who may see which young people on the appointments and check-ins pages: the duty roles and admins
everyone; a practitioner the contacts who joined their schools (and, for appointments, their own);
school leads none of these pages (they see counts on /schools and /reports only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_
from sqlmodel import col

from bot.storage.models import Contact
from bot.storage.models.users import Practitioner
from bot.web.dashboard.render import WORKERS

CARE_ROLES = WORKERS
"""duty_clinician, practitioner (their schools), manager, admin."""


def sees_everyone(person: Practitioner) -> bool:
    return person.role != "practitioner"


def school_filter(person: Practitioner) -> Any:
    """A WHERE clause on Contact for a practitioner's schools (never true for no schools)."""
    return col(Contact.school_id).in_(person.schools or [-1])


def own_or_school(person: Practitioner, mine: Any) -> Any:
    """Their schools' contacts, or rows where `mine` (e.g. the appointment is with them)."""
    return or_(school_filter(person), mine)


def masked(address: str | None) -> str:
    """A number as the pages show it: the last three digits only ("ends 123")."""
    digits = "".join(ch for ch in address or "" if ch.isdigit())
    return f"ends {digits[-3:]}" if len(digits) >= 3 else "-"
