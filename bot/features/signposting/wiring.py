"""Signposting in the shell: the queries the find-support flows ask, and the effects only they use.

Flows stay channel-blind and database-free: the search answer holds the texts ready to send on this
contact's channel (``signposting.format_sms``: SMS text, plus the website on Telegram). Installed from
``bot/app/plugins.py`` with :func:`install`. Query and effect contracts: ``flows/signposting_effects.py``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.escalations.alerts import audit_note
from bot.messaging.effects import Run, handles
from flows.signposting_effects import (
    AreaAnswer,
    AreaQuery,
    AskPractitioner,
    RecordAnswer,
    RecordFollowupAnswer,
    RecordQuery,
    SearchAnswer,
    SearchQuery,
)
from safeguarding.escalations import open_escalation
from signposting import format_sms, resolve_area, search
from signposting.db import execute
from signposting.models import service_table
from signposting.records import record_followup_answer, record_signposting, services_sent_since

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
S = service_table.c
REVIEW_SEVERITY = "concern"
"""``open_escalation`` files a ``concern`` as a ``review`` item: the practitioners' review list, no paging."""


async def signpost_area(run: Run, query: AreaQuery) -> AreaAnswer:
    """The local authority for what the person typed, or None (the text is never logged or stored)."""
    found = await resolve_area(run.session, query.text)
    return AreaAnswer(found.local_authority_name if found is not None else None)


async def _all_age(session: AsyncSession, ids: list[str]) -> bool:
    """True when none of these services has an age range (they take any age)."""
    if not ids:
        return True
    rows = await execute(
        session,
        select(S.id).where(S.id.in_(ids), (S.min_age.is_not(None)) | (S.max_age.is_not(None))).limit(1),
    )
    return rows.first() is None


async def signpost_search(run: Run, query: SearchQuery) -> SearchAnswer:
    """A page of ranked services as texts for this contact's channel, with what the flow must say."""
    session, contact, now = run.session, run.contact, run.now
    need, age, area, offset, limit = query.need, query.age, query.area, query.offset, query.limit
    since = query.exclude_sent_since
    assert contact.id is not None
    exclude = await services_sent_since(session, contact.id, since) if since is not None else frozenset()
    found = await search(session, need, age, area, now, limit=limit, offset=offset, exclude=exclude)
    age_outside = False
    if age is not None and offset == 0 and await _all_age(session, [r.id for r in found.results]):
        # Only all-age lines fit: did the age rule out services that would otherwise have matched?
        any_age = await search(session, need, None, area, now, limit=0, exclude=exclude)
        age_outside = any_age.total > found.total
    open_now = [bool(r.open_now) or r.is_24_7 for r in found.results]
    closed_later = False
    if open_now and all(open_now) and found.has_more:
        # Everything on this page is open: say so if that is because closed places were ranked lower.
        start = offset + len(found.results)
        rest = await search(
            session, need, age, area, now, limit=found.total - start, offset=start, exclude=exclude
        )
        closed_later = any(not (r.open_now or r.is_24_7) for r in rest.results)
    channel = contact.channel if contact.channel in ("sms", "telegram") else "sms"
    answer = SearchAnswer(
        texts=tuple(format_sms(r, now, channel) for r in found.results),
        service_ids=tuple(r.id for r in found.results),
        names=tuple(r.name for r in found.results),
        open_now=tuple(open_now),
        closed_later=closed_later,
        total=found.total,
        has_more=found.has_more,
        age_outside=age_outside,
        unknown_area=bool(found.notes),
        explanation=tuple(
            {"id": r.id, "score": list(r.score), "reasons": list(r.reasons)} for r in found.results
        ),
    )
    log.info("signposting search contact=%s results=%d total=%d", contact.id, len(found.results), found.total)
    return answer


async def signpost_record(run: Run, query: RecordQuery) -> RecordAnswer:
    """Store the signposting (contact, services, need, now) and return its id."""
    assert run.contact.id is not None
    ids = list(query.service_ids)
    return RecordAnswer(await record_signposting(run.session, run.contact.id, query.need, ids, run.now))


@handles(RecordFollowupAnswer)
async def _record_answer(run: Run, effect: RecordFollowupAnswer) -> None:
    await record_followup_answer(run.session, effect.record_id, effect.answer, run.now)


@handles(AskPractitioner)
async def _ask_practitioner(run: Run, effect: AskPractitioner) -> None:
    """Put the request on the practitioners' review list (a ``review`` escalation) and audit it."""
    assert run.contact.id is not None
    esc, note = await open_escalation(
        run.session,
        contact_id=run.contact.id,
        message_id=None,
        severity=REVIEW_SEVERITY,
        categories=[effect.reason],
        matches=[],
        now=run.now,
    )
    await audit_note(run.session, note, actor=f"contact:{run.contact.id}", now=run.now)
    await record(
        run.session,
        at=run.now,
        actor=f"contact:{run.contact.id}",
        action="signposting.help_requested",
        subject_type="contact",
        subject_id=str(run.contact.id),
        details={"record_id": effect.record_id, "reason": effect.reason, "escalation": esc.ref},
    )


def install(app: AppContext) -> None:
    """Register the signposting queries on `app` (effect handlers register on import)."""
    app.queries[AreaQuery] = signpost_area
    app.queries[SearchQuery] = signpost_search
    app.queries[RecordQuery] = signpost_record
