"""What the check-in flows ask of the shell (``bot/features/checkins/wiring.py``): kinds, queries, effects.

* Scheduled kind ``checkin``: the shell's job handler decides whether a check-in goes now (plan active,
  contact not mid-conversation, not quiet hours), writes the answer row and wakes :data:`CHECKIN_FLOW`
  with a :class:`Trigger` whose payload is a :data:`CheckinPayload`.
* :class:`ControlQuery` (``action`` pause or resume) -> :class:`ControlAnswer`: pauses or restarts this
  contact's check-in plans (PAUSE, RESUME).
* :class:`RequestQuery` -> :class:`RequestAnswer`: files a request for the team to approve ("can u check
  in on me every week").
* Effect :class:`RecordCheckin`: store one part of an answer (``score``, ``goal``, ``note``, ``tip``); the
  shell decides whether it puts the contact on the review list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.engine import Effect, Query

CHECKIN_KIND = "checkin"
CHECKIN_FLOW = "checkin"
CONTROL_FLOW = "checkins_control"
REQUEST_FLOW = "checkin_request"

CheckinPayload = dict[str, Any]
"""``plan_id``, ``answer_id``, ``plan_kind``, ``goal_name`` (between sessions), ``last_score`` (or None),
``tips_used`` (catalogue keys already sent in this plan)."""


@dataclass(frozen=True)
class RecordCheckin(Effect):
    """Store `part` (``score``, ``goal``, ``note``, ``tip``, ``unanswered``) of check-in answer `answer_id`.

    ``value`` is the score (int), the tip's catalogue key (str) or None for a note (the shell stores a
    reference to the inbound text, never the text itself, in the answer row)."""

    answer_id: int
    part: str
    value: int | str | None = None


@dataclass(frozen=True)
class ControlAnswer:
    """How many live plans the contact has, how many changed, and the next check-in ('Mon 7 Dec at 4pm')."""

    changed: int
    plans: int
    next: str | None = None


@dataclass(frozen=True)
class ControlQuery(Query[ControlAnswer]):
    """PAUSE (``action="pause"``) or RESUME (``"resume"``) this contact's check-ins."""

    action: str


@dataclass(frozen=True)
class RequestAnswer:
    request_id: int | None
    already: bool = False
    has_plan: bool = False


@dataclass(frozen=True)
class RequestQuery(Query[RequestAnswer]):
    """File a check-in request for the team (not a plan)."""
