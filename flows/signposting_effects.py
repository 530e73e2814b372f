"""What the signposting flows ask of the shell: typed queries with typed answers, and two effects.

The shell answers the queries and applies the effects in ``bot/features/signposting/wiring.py``:

* :class:`AreaQuery` -> :class:`AreaAnswer`: the local authority for a postcode district, town or borough
  the person typed (``signposting.resolve_area``), or None if unknown.
* :class:`SearchQuery` -> :class:`SearchAnswer`: a page of results as texts ready to send on this
  contact's channel (SMS text, or SMS text plus website on Telegram), so flows stay channel-blind.
* :class:`RecordQuery` -> :class:`RecordAnswer`: stores the signposting
  (``signposting.records.record_signposting``) and returns its id for the follow-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flows.engine import Effect, Query

FOLLOWUP_KIND = "signposting_followup"
PAGE_SIZE = 3
"""Services per page: the search's first page (``signposting.search.FIRST_PAGE``, which always holds one
naming the need) is a page here; tests/flows check the two agree."""


@dataclass(frozen=True)
class AreaAnswer:
    area: str | None


@dataclass(frozen=True)
class AreaQuery(Query[AreaAnswer]):
    """Where is `text` (never logged or stored)?"""

    text: str


@dataclass(frozen=True)
class SearchAnswer:
    """One page of results, in rank order. ``open_now``: open now or 24/7, per result; ``closed_later``:
    all on this page are open but later ones are closed now; ``age_outside``: no service with an age range
    takes this age (only all-age lines are left); ``explanation``: id, score and reasons per result, for
    the audit trail."""

    texts: tuple[str, ...] = ()
    service_ids: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    open_now: tuple[bool, ...] = ()
    closed_later: bool = False
    total: int = 0
    has_more: bool = False
    age_outside: bool = False
    unknown_area: bool = False
    explanation: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class SearchQuery(Query[SearchAnswer]):
    """A page of services for a need (None: any), an age and an area. `exclude_sent_since`: a signposting
    record id; services sent to this contact in it or later are left out."""

    need: str | None
    age: int | None
    area: str | None
    offset: int = 0
    limit: int = PAGE_SIZE
    exclude_sent_since: int | None = None


@dataclass(frozen=True)
class RecordAnswer:
    record_id: int


@dataclass(frozen=True)
class RecordQuery(Query[RecordAnswer]):
    """Store that these services were sent to this contact for this need."""

    need: str | None
    service_ids: tuple[str, ...]


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
