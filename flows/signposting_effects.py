"""What the signposting flows ask of the shell: query names and the two effects only they use.

The shell answers the queries and applies the effects in ``bot/features/signposting/wiring.py``:

* ``signpost_area`` ``{"text"}`` -> ``{"area": str | None}``: the local authority for a postcode
  district, town or borough the person typed (``signposting.resolve_area``), or None if unknown.
* ``signpost_search`` ``{"need", "age", "area", "offset", "limit"}`` (and optionally
  ``"exclude_sent_since"``: a signposting record id; services sent to this contact in it or later are left
  out) -> :data:`SearchAnswer`: the page of results as texts ready to send on this contact's channel (SMS
  text, or SMS text plus website on Telegram), so flows stay channel-blind.
* ``signpost_record`` ``{"need", "service_ids"}`` -> ``{"record_id": int}``: stores the signposting
  (``signposting.records.record_signposting``) and returns its id for the follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.engine import Effect
from signposting.search import FIRST_PAGE

AREA_QUERY = "signpost_area"
SEARCH_QUERY = "signpost_search"
RECORD_QUERY = "signpost_record"
FOLLOWUP_KIND = "signposting_followup"
PAGE_SIZE = FIRST_PAGE
"""Services per page: the search's first page (which always holds one naming the need) is a page here."""

SearchAnswer = dict[str, Any]
"""``texts``, ``service_ids``, ``names`` (lists, in rank order); ``open_now`` (list of bool: open now or
24/7); ``closed_later`` (all on this page are open, but later ones are closed now); ``total``;
``has_more``; ``age_outside`` (no service with an age range takes this age: only all-age lines are left);
``unknown_area``; ``explanation`` (id, score and reasons per result, for the audit trail)."""


@dataclass(frozen=True)
class RecordFollowupAnswer(Effect):
    """Store the answer (``yes``, ``no`` or ``help``) to the follow-up of signposting ``record_id``."""

    record_id: int
    answer: str


@dataclass(frozen=True)
class AskPractitioner(Effect):
    """The contact asked for a person after signposting: put it on the practitioners' review list."""

    record_id: int
    reason: str = "signposting_followup_help"
