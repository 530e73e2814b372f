"""The pipeline: one stored inbound message, processed once, in the brief's order.

1. safeguarding screen (always first)   2. global keywords and school codes
3. the active flow resumes              4. the NLU picks a flow
Before 2, a contact sending texts too fast gets no reply (bot/messaging/flood.py); the screen and any
crisis reply come first regardless.
All effects (state, outbox rows, audit) commit in one transaction with the message marked processed.

One contact's texts are processed one at a time, in the order they arrived (``process_contact``); each
attempt holds a lease on the text (bot/messaging/inbound_claims.py), and a failed attempt is retried
with backoff
by the recovery sweep (bot/messaging/recovery.py) until it succeeds, so an accepted text is never left
unprocessed.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, bindparam, update
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.channels.telegram_commands import routing_text
from bot.features.escalations.staff import handle_staff
from bot.messaging.contact_order import contact_lock, lock_contact_in_transaction
from bot.messaging.effects import Run, write_replies
from bot.messaging.flood import FLAG, held_back
from bot.messaging.inbound_claims import (
    RecoveryPolicy,
    claim_earliest,
    contact_of,
    policy_for,
    release_for_retry,
    waiting_after,
)
from bot.messaging.pipeline_pg import lock_with_recent, mark_processed_and_ask
from bot.messaging.runner import flow_context, load_state, run_flow, state_of, view_of, write_state
from bot.messaging.safeguarding_stage import handle_screening, screen_safely
from bot.messaging.second_look import second_look
from bot.storage.db_errors import is_transient
from bot.storage.models import Contact, ConversationState, Message, School, SchoolCode
from bot.storage.models.messages import PROCESSED, RECEIVED
from bot.storage.plain import plain
from flows.engine import IDLE, FlowState, Priority, Reply, UserText
from flows.keywords import looks_like_code
from flows.router import FIND_SUPPORT, Route, claimed, route_intent, route_keyword
from safeguarding.escalations import has_open_case

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)

UNREADABLE = "unreadable"
"""Inbound ``meta`` key a channel sets on what we cannot read; the value is the reply's catalogue key."""
WELCOME_PRIORITY = Priority.WELCOME
"""A first contact's welcome and privacy texts go out first: before the gentle line a concern gets
(``REPLY - 1``, see ``bot/messaging/safeguarding_stage.py``) and before the reply to what they asked."""
MAX_TEXTS_PER_TURN = 50
"""At most this many of one contact's waiting texts in one call; the sweep takes any left."""
FIRST_TEXT_MENU_INTENTS: frozenset[str | None] = frozenset({"greet", None, "out_of_scope", "confidentiality"})
"""On a contact's first text, these intents show the menu after the welcome (unless a need is named)."""


async def process_inbound(app: AppContext, message_id: int) -> bool:
    """Process one stored inbound message exactly once, after any earlier text of the same contact that is
    still waiting. Returns True if this call processed `message_id` (False if it was already processed,
    is another worker's, or failed and waits for its retry). Never raises: a text that cannot be processed
    now keeps status ``received`` with a retry time, and the recovery sweep (bot/messaging/recovery.py)
    takes it."""
    try:
        contact_id = await contact_of(app, message_id)
    except Exception as exc:
        log.warning("message id=%s not processed now (%s); left to the sweep", message_id, error_name(exc))
        return False
    if contact_id is None:
        return False
    return message_id in await process_contact(app, contact_id)


async def process_contact(
    app: AppContext, contact_id: int, policy: RecoveryPolicy | None = None, *, claimed: int | None = None
) -> list[int]:
    """Process the contact's waiting texts one at a time in arrival (id) order; returns the ids processed.

    Stops at the first text that is not ours to work (another worker holds it, or its retry is not due):
    a later text never overtakes an earlier one. The in-process contact lock keeps two tasks of this
    process apart; on PostgreSQL the advisory lock in each transaction keeps workers apart.
    `claimed`: a text the inbox claimed for us as it stored it (attempt 1; no other text of the contact
    was waiting then): it is processed first, without a claim of its own."""
    policy = policy or policy_for(app)
    done: list[int] = []
    async with contact_lock(app, contact_id):
        for _ in range(MAX_TEXTS_PER_TURN):
            if claimed is not None:
                next_id, attempt, claimed = claimed, 1, None
            else:
                try:
                    found = await claim_earliest(app, contact_id, policy)
                except Exception as exc:
                    log.warning(
                        "contact id=%s not processed now (%s); left to the sweep", contact_id, error_name(exc)
                    )
                    break
                if found is None:
                    break
                next_id, attempt = found
            if policy.hold:
                await asyncio.sleep(policy.hold)  # test-only hook (bot/messaging/inbound_claims.py HOLD_ENV)
            more = await _attempt(app, contact_id, next_id, attempt, policy)
            if more is None:
                break
            done.append(next_id)
            if not more:  # usually nothing else waits
                break
            # On SQLite a text's transactions run without a pause (bot/storage/sqlite_driver.py): let the
            # webhooks waiting on the event loop go before this contact's next text.
            await asyncio.sleep(0)
    return done


async def _attempt(
    app: AppContext, contact_id: int, message_id: int, attempt: int, policy: RecoveryPolicy
) -> bool | None:
    """One claimed attempt: the whole pipeline; safe mode after an unexpected error (or a database error from
    attempt `policy.safe_mode_after` on); otherwise a retry with backoff. None when the text is not done;
    else whether another text of the contact waits (asked in the same transaction: no session of its own).
    A text stored after that question has its own webhook task, which waits for the contact's lock."""
    try:
        async with app.db.session() as session:
            await lock_contact_in_transaction(session, contact_id, is_sqlite=app.db.is_sqlite)
            await _process(app, session, message_id)
            more = await waiting_after(session, contact_id, message_id)
            await session.commit()
        return more
    except Exception as exc:
        if is_transient(exc) and attempt < policy.safe_mode_after:
            log.warning(
                "message id=%s attempt %s failed (%s); will retry", message_id, attempt, error_name(exc)
            )
            await release_for_retry(app, message_id, attempt, policy)
            return None
        if is_transient(exc):
            log.warning(
                "message id=%s attempt %s failed (%s); safe mode", message_id, attempt, error_name(exc)
            )
        else:
            log.exception("pipeline failed for message id=%s; running safe mode", message_id)
    try:
        async with app.db.session() as session:
            await lock_contact_in_transaction(session, contact_id, is_sqlite=app.db.is_sqlite)
            await _safe_mode(app, session, message_id)
            more = await waiting_after(session, contact_id, message_id)
            await session.commit()
        return more
    except Exception as exc:
        log.error(
            "safe mode for message id=%s attempt %s failed (%s); will retry",
            message_id,
            attempt,
            error_name(exc),
        )
        await release_for_retry(app, message_id, attempt, policy)
        return None


def error_name(exc: BaseException) -> str:
    """The error's type (and the driver's, for a database error): never its text, which may hold a body."""
    orig = getattr(exc, "orig", None)
    return f"{type(exc).__name__}/{type(orig).__name__}" if orig is not None else type(exc).__name__


async def process_in(app: AppContext, session: AsyncSession, message_id: int) -> bool:
    """Process the claimed text `message_id` in the caller's transaction, which holds its contact's lock
    (the SQLite batch worker, ``bot/messaging/inbound_worker.py``); False when it is no longer waiting.
    The caller commits; if anything raises, it rolls back and processes the text alone."""
    return await _process(app, session, message_id)


async def _lock_message(session: AsyncSession, message_id: int) -> Message | None:
    """The inbound text `message_id`, row-locked (PostgreSQL), if it still waits; else None.

    Read as a plain row into a ``Message`` that is not in the session (no ORM load, nothing to flush):
    the pipeline only reads it, and :func:`_mark_processed` writes its outcome. Never ``session.add`` it."""
    row = (await plain(session, _lock_statement(), {"message_id": message_id})).first()
    if row is None or row.direction != "in" or row.status != RECEIVED:
        return None
    return Message(**row._mapping)


@functools.cache
def _lock_statement() -> Any:
    """The text by id, with every column, locked for this transaction (FOR UPDATE; SQLite ignores it)."""
    columns = Message.__table__.columns  # type: ignore[attr-defined]
    return sa_select(*columns).where(col(Message.id) == bindparam("message_id")).with_for_update()


@functools.cache
def _processed_statement() -> Any:
    """Mark an inbound text processed, with its outcome in ``meta``: built once."""
    return (
        update(Message)
        .where(col(Message.id) == bindparam("message_id"))
        .values(status=PROCESSED, processed_at=bindparam("at"), meta=bindparam("outcome"))
    )


async def _mark_processed(session: AsyncSession, msg: Message, at: Any, meta: dict[str, Any]) -> None:
    """Write the text's outcome (one plain UPDATE) and keep `msg` in step. On PostgreSQL the same statement
    also asks whether another text of the contact waits after it (``bot/messaging/pipeline_pg.py``)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await mark_processed_and_ask(session, msg, at, meta)
    else:
        await plain(session, _processed_statement(), {"message_id": msg.id, "at": at, "outcome": meta})
    msg.status, msg.processed_at, msg.meta = PROCESSED, at, meta


@functools.cache
def _recent_statement() -> Any:
    """The contact's last ``n`` inbound texts before ``before_id``, newest first: built once."""
    return (
        select(Message.body)
        .where(
            Message.contact_id == bindparam("of_contact"),
            Message.direction == "in",
            col(Message.id) < bindparam("before_id"),
        )
        .order_by(col(Message.id).desc())
        .limit(bindparam("n", type_=Integer))
    )


async def _recent_texts(app: AppContext, session: AsyncSession, msg: Message) -> tuple[list[str], bool]:
    """The contact's last texts before `msg` (the screen's context, oldest first) and whether `msg` is their
    first: one query for both (at least one row is read, so a first text is known even with no context)."""
    n = app.config.safeguarding.recent_context_messages
    params = {"of_contact": msg.contact_id, "before_id": msg.id, "n": max(n, 1)}
    earlier = list((await plain(session, _recent_statement(), params)).scalars())
    return list(reversed(earlier[:n])), not earlier


async def _is_first(session: AsyncSession, msg: Message) -> bool:
    rows = await session.exec(
        select(Message.id)
        .where(Message.contact_id == msg.contact_id, Message.direction == "in", col(Message.id) < msg.id)
        .limit(1)
    )
    return rows.first() is None


async def _code_exists(session: AsyncSession, text: str) -> bool:
    code = looks_like_code(text)
    if code is None:
        return False
    return (await plain(session, _code_statement(), {"code": code})).first() is not None


@functools.cache
def _code_statement() -> Any:
    """A school code in use, by its code: built once."""
    return select(SchoolCode.id).where(
        col(SchoolCode.code) == bindparam("code"), col(SchoolCode.retired_at).is_(None)
    )


@functools.cache
def _contact_statement() -> Any:
    """The contact, whether they have an unresolved case, their conversation state row and their school
    (None if they have none): one query for the four, built once."""
    return (
        select(Contact, has_open_case(col(Contact.id)), ConversationState, School)
        .outerjoin(ConversationState, col(ConversationState.contact_id) == col(Contact.id))
        .outerjoin(School, col(School.id) == col(Contact.school_id))
        .where(col(Contact.id) == bindparam("of_contact"))
    )


@dataclass
class Started:
    """A text's run, with what was read beside its contact (in this transaction, under its lock)."""

    run: Run
    case_open: bool
    state_row: ConversationState | None


async def _start_run(app: AppContext, session: AsyncSession, msg: Message, first: bool) -> Started:
    params = {"of_contact": msg.contact_id}
    contact, case_open, state_row, school = (await session.exec(_contact_statement(), params=params)).one()
    now = app.now()
    view = view_of(contact, school, is_new=first)
    run = Run(app, session, contact, now, flow_context(app, view, now), outbox=[])  # written by the caller
    return Started(run, bool(case_open), state_row)


async def _process(app: AppContext, session: AsyncSession, message_id: int) -> bool:
    if app.db.is_sqlite:
        msg = await _lock_message(session, message_id)
        if msg is None:
            return False
        recent, first = await _recent_texts(app, session, msg)
        flood_earlier = None  # counted by the flood check, if it runs
    else:  # the text, its context and the flood count: one round trip (bot/messaging/pipeline_pg.py)
        n = app.config.safeguarding.recent_context_messages
        locked = await lock_with_recent(session, message_id, n, app.config.flood)
        if locked is None:
            return False
        msg, recent, first, flood_earlier = locked.message, locked.recent, locked.first, locked.flood_earlier
    started = await _start_run(app, session, msg, first)
    run = started.run
    text = msg.body.strip()
    # 1. safeguarding, always first
    screened = await second_look(app, text, recent, screen_safely(text, recent))
    stop = await handle_screening(run, msg, screened, case_open=started.case_open)
    unreadable = msg.meta.get(UNREADABLE)
    flooded = False
    if stop:
        pass  # the crisis reply, or the crisis hold's: never held back
    elif unreadable and screened.assessment.severity == "none":
        flooded = await held_back(run, msg, "", flood_earlier)
        if not flooded:
            await _answer_unreadable(run, str(unreadable), first)  # a sticker, an edit: no words to route
    elif not await handle_staff(run, msg, text):  # staff commands (ACK <ref>) before keywords
        routed = routing_text(msg.channel, text, msg.meta, run.contact.opted_out)  # "/help" -> "HELP"
        flooded = await held_back(
            run, msg, routed, flood_earlier
        )  # too many texts too fast: stored, screened, no reply
        if not flooded:
            await _route(app, session, run, started.state_row, routed, first)
    await write_replies(run)  # the text's replies, in the order they were queued: one statement
    outcome = {**msg.meta, "severity": screened.assessment.severity, **({FLAG: True} if flooded else {})}
    await _mark_processed(session, msg, run.now, outcome)
    return True


async def _route(
    app: AppContext, session: AsyncSession, run: Run, row: ConversationState | None, text: str, first: bool
) -> None:
    """Route `text`; `row` is the contact's state row as read with the contact (nothing in between writes
    it: the screen, staff commands and the flood check never change a contact's conversation state)."""
    assert run.contact.id is not None
    state = state_of(row)
    if state.flow and state.expires_at and state.expires_at <= run.now:
        state = IDLE
    # 2. global keywords and school codes
    active = app.registry.flows.get(state.flow) if state.flow else None
    claims = claimed(active, state, text)
    code_exists = await _code_exists(session, text)
    route = route_keyword(text, run.ctx.contact, state, code_exists, claims, run.ctx.service.opt_out_words)
    if route is not None and route.flow is None:
        return  # an opted-out contact's text: screened above, nothing sent
    if first and not (route and route.flow in ("opt_out", "opt_in")):
        for key in ("welcome", "privacy"):
            await _reply(run, key, WELCOME_PRIORITY)
    parse = None
    if route is None and state.flow is not None:
        # 3. the active flow resumes
        parse = await _parse(app, text)
        route = Route(state.flow, UserText(text, parse), "active_flow")
    if route is None:
        # 4. the NLU picks a flow
        parse = parse or await _parse(app, text)
        intent = parse.intent if parse else None
        entities = {e.entity: e.value for e in parse.entities} if parse else {}
        route = route_intent(intent, entities, text, app.registry, app.find_need)
        if first and intent in FIRST_TEXT_MENU_INTENTS and route.flow != FIND_SUPPORT:
            # The welcome has just said hello and what is private: now the choices. A text that names
            # a need ("low mood") still starts the search, as it would on any later message.
            route = route_intent("menu", entities, text, app.registry, app.find_need)
    outcome = await run_flow(run, state, route.flow or "menu", route.event, interrupt=route.interrupt)
    if outcome.reroute is not None:
        parse = parse or await _parse(app, outcome.reroute)
        entities = {e.entity: e.value for e in parse.entities} if parse else {}
        intent = parse.intent if parse else None
        fresh = route_intent(intent, entities, outcome.reroute, app.registry, app.find_need)
        outcome = await run_flow(run, IDLE, fresh.flow or "menu", fresh.event)
    await write_state(session, row, run.contact.id, outcome.state, run.now)


async def _answer_unreadable(run: Run, reply_key: str, first: bool) -> None:
    """Something we cannot read (a sticker, a voice note, an edit, a button): one short text saying so,
    after the welcome on a first contact; nothing for an opted-out contact. Its words (if any) were screened
    above, and words that screen as anything but `none` are routed like a text instead."""
    if run.contact.opted_out:
        return
    if first:
        for key in ("welcome", "privacy"):
            await _reply(run, key, WELCOME_PRIORITY)
    await _reply(run, reply_key)


async def _reply(run: Run, key: str, priority: Priority = Priority.REPLY) -> None:
    from bot.messaging.effects import apply_effect

    await apply_effect(run, Reply(run.ctx.t(key), priority=priority, template=key))


async def _parse(app: AppContext, text: str):  # type: ignore[no-untyped-def]
    if app.nlu is None:
        return None
    try:
        return await app.nlu.parse(text)
    except Exception:
        log.exception("NLU failed; continuing without it")
        return None


async def _safe_mode(app: AppContext, session: AsyncSession, message_id: int) -> bool:
    """After an unexpected error: still screen and send the crisis reply; otherwise say sorry."""
    msg = await _lock_message(session, message_id)
    if msg is None:
        return False
    run = (await _start_run(app, session, msg, await _is_first(session, msg))).run
    screened = screen_safely(msg.body, [])
    if not await handle_screening(run, msg, screened):
        await _reply(run, "error_sorry")
    await write_replies(run)
    outcome = {**msg.meta, "severity": screened.assessment.severity, "error": "pipeline_failed"}
    await _mark_processed(session, msg, run.now, outcome)
    assert run.contact.id is not None
    row, _state = await load_state(session, run.contact.id)
    await write_state(session, row, run.contact.id, FlowState(), run.now)
    return True
