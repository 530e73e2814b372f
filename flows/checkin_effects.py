"""What the check-in flows ask of the shell (``bot/features/checkins/wiring.py``): kinds, queries, effects.

* Scheduled kind ``checkin``: the shell's job handler decides whether a check-in goes now (plan active,
  contact not mid-conversation, not quiet hours), writes the answer row and wakes :data:`CHECKIN_FLOW`
  with a :class:`Trigger` whose payload is a :data:`CheckinPayload`.
* Query ``checkins_control`` ``{"action": "pause" | "resume"}`` -> ``{"changed": int, "plans": int,
  "next": "Mon 7 Dec at 4pm" | None}``: pauses or restarts this contact's check-in plans (PAUSE, RESUME).
* Query ``checkins_request`` ``{}`` -> ``{"request_id": int, "already": bool, "has_plan": bool}``: files a
  request for the team to approve ("can u check in on me every week").
* Effect :class:`RecordCheckin`: store one part of an answer (``score``, ``goal``, ``note``, ``tip``); the
  shell decides whether it puts the contact on the review list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.engine import Effect

CHECKIN_KIND = "checkin"
CHECKIN_FLOW = "checkin"
CONTROL_FLOW = "checkins_control"
REQUEST_FLOW = "checkin_request"
CONTROL_QUERY = "checkins_control"
REQUEST_QUERY = "checkins_request"

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
