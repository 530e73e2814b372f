"""Pipeline stage 1: screen every inbound text, before anything else, in every state.

Fails closed: if screening raises, the message is treated as flagged (``high``, ``unscreened``).
A flagged message gets the crisis reply at once (ahead of everything in the outbox;
``bot/features/escalations/crisis_replies.py``:
honest about who is told and when, with helper wording for a disclosure about someone else); the contact's
flow is left as it was (paused, not lost). A contact has one case
(``bot/features/escalations/alerts.py``): the first
concern, high or immediate message opens it, later ones attach to it and may raise it. High/immediate page
the duty rota and start a crisis hold (``safeguarding/hold.py``): until a practitioner acknowledges or
``safeguarding.crisis_hold_hours`` pass, every text joins the case and gets a supportive reply, never a
menu. A concern outside a hold goes to the review list with a gentle line, at most once a week.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import col, select

import safeguarding
from bot.features.escalations.alerts import CaseChange
from bot.features.escalations.crisis_replies import crisis_reply, hold_reply, images_advice
from bot.messaging.effects import Run, queue_reply
from bot.storage.models import Message
from flows.engine import Audit, Priority
from flows.keywords import detect_keyword
from safeguarding.escalations import attach, open_case
from safeguarding.hold import QUESTIONS_ABOUT_US, hold_active, request_in
from safeguarding.image_abuse import about_image_abuse, is_image_abuse
from safeguarding.models import SELF, Escalation
from safeguarding.subject import subject_of

log = logging.getLogger(__name__)
SUPPORT_EVERY = dt.timedelta(days=7)


@dataclass(frozen=True)
class Screened:
    assessment: safeguarding.Assessment
    failed_closed: bool = False

    @property
    def flagged(self) -> bool:
        return self.assessment.severity in ("high", "immediate")


def screen_safely(text: str, context: Sequence[str]) -> Screened:
    """Run safeguarding.screen; any exception becomes a ``high`` / ``unscreened`` assessment."""
    try:
        return Screened(safeguarding.screen(text, context=list(context)))
    except Exception:
        log.exception("safeguarding screen raised; failing closed")
        return Screened(safeguarding.Assessment(severity="high", categories=["unscreened"], matches=[]), True)


async def record_safely(
    run: Run, message: Message, assessment: safeguarding.Assessment, case: Escalation | None, about: str
) -> CaseChange | None:
    """Open the case or attach to it, in a savepoint. If that fails, it is audited; the reply still goes."""
    from bot.features.escalations.alerts import escalate
    from bot.messaging.effects import apply_effect

    try:
        async with run.session.begin_nested():
            return await escalate(run.app, run.session, message, assessment, run.now, case=case, about=about)
    except Exception:
        log.exception("could not record the escalation for message id=%s", message.id)
        await apply_effect(run, Audit("escalation.failed", {"message_id": message.id}))
        return None


async def _case_safely(run: Run) -> Escalation | None:
    """The contact's open case; None (a new one will be opened) if it cannot be read."""
    assert run.contact.id is not None
    try:
        async with run.session.begin_nested():
            return await open_case(run.session, run.contact.id)
    except Exception:
        log.exception("could not read the open case of contact id=%s", run.contact.id)
        return None


async def _attach_held(run: Run, message: Message, case: Escalation, severity: str) -> None:
    """A held contact's text with no risk in it still joins the case's timeline (in a savepoint)."""
    from bot.features.escalations.alerts import SYSTEM, audit_note
    from bot.messaging.effects import apply_effect

    assert message.id is not None
    try:
        async with run.session.begin_nested():
            _change, note = await attach(
                run.session, case, message_id=message.id, severity=severity, categories=[], matches=[],
                now=run.now,
            )  # fmt: skip
            await audit_note(run.session, note, actor=SYSTEM, now=run.now)
    except Exception:
        log.exception("could not attach message id=%s to its case", message.id)
        await apply_effect(run, Audit("escalation.failed", {"message_id": message.id}))


async def _passes_hold(run: Run, text: str) -> bool:
    """STOP (and START after a STOP) and a practitioner's ACK still work during a crisis hold."""
    from bot.features.escalations.staff import is_staff_command

    keyword = detect_keyword(text, run.ctx.service.opt_out_words)
    if keyword is not None and (
        keyword.kind == "opt_out" or (keyword.kind == "opt_in" and run.contact.opted_out)
    ):
        return True
    return await is_staff_command(run, text)


async def _hold_reply(
    run: Run, text: str, about: str, case: Escalation | None, *, flagged: bool = False
) -> None:
    """The hold's answer. A text that is itself a disclosure (`flagged`: a high in the same case) is not
    answered as a question about us ("am i in trouble i stabbed him", "dont tell my mum or ill kill myself"):
    it gets support, or the answer to a plea for a call or for what to do."""
    from bot.messaging.effects import apply_effect

    if run.contact.opted_out:
        return  # they said STOP: respected; the case stays open and their texts still join it
    request = request_in(text)
    if flagged and request in QUESTIONS_ABOUT_US:
        request = None
    images = request == "what_do" and await _about_images(run, case, text)
    await apply_effect(run, await hold_reply(run, request, about, images=images))


async def _about_images(run: Run, case: Escalation | None, text: str) -> bool:
    """Whether the held case is about nude images used against someone: an image entry in its matches, or
    the words of the message that opened it (or of this one). Read only for "what do i do"."""
    if about_image_abuse(text):
        return True
    if case is None:
        return False
    ids = [str(m.get("entry_id", "")) for m in case.matches]
    opening = await run.session.get(Message, case.message_id) if case.message_id is not None else None
    return is_image_abuse(ids, opening.body if opening is not None else "")


async def offer_support(run: Run) -> None:
    """For a concern: one gentle line before this turn's replies, at most once a week per contact."""
    if run.contact.opted_out:
        return
    since = run.now - SUPPORT_EVERY
    rows = await run.session.exec(
        select(Message.id).where(
            Message.contact_id == run.contact.id,
            Message.direction == "out",
            Message.kind == "concern_support",
            col(Message.created_at) >= since,
        )
    )
    if rows.first() is not None:
        return
    text = run.ctx.t("concern_support")
    # REPLY - 1: it goes just before the replies this same message produces (often a question from
    # the find-support flow), so the person reads the acknowledgement first and the question last.
    await queue_reply(run, text, priority=Priority.REPLY - 1, kind="concern_support")


async def handle_screening(run: Run, message: Message, screened: Screened, *, case_open: bool = True) -> bool:
    """Apply the outcome of screening. Returns True when the pipeline must stop here: a flagged message
    (crisis reply sent), or any text during a crisis hold (a supportive reply, no flow runs: the pending
    flow state is kept for when the hold ends). STOP, and START after it, still pass through.
    `case_open=False`: the caller read, in this transaction and under the contact's lock, that the contact
    has no unresolved case, so it is not read again (no savepoint, no query)."""
    from bot.messaging.effects import apply_effect

    a = screened.assessment
    case = await _case_safely(run) if case_open else None
    held = hold_active(case, run.now)
    passes = held and await _passes_hold(run, message.body)
    if a.severity == "none":
        if not held:
            return False
        assert case is not None
        await _attach_held(run, message, case, "none")
        if passes:
            return False
        await _hold_reply(run, message.body, case.about, case)
        return True
    details = {"message_id": message.id, "failed_closed": screened.failed_closed, **a.to_audit()}
    await apply_effect(run, Audit(f"safeguarding.{a.severity}", details))
    about = subject_of(message.body, a) if screened.flagged else SELF
    about_before = case.about if case is not None else None
    change = await record_safely(run, message, a, case, about)
    if held and not passes:
        # (after a failed savepoint the case row is expired: use what was read before)
        held_about = change.esc.about if change is not None else (about_before or SELF)
        # a concern, or another high text in the same case: the hold's reply (no second crisis text);
        # anything immediate ("i took all my pills") always gets the full crisis reply, 999 first
        same = change is not None and not change.raised and held_about == about_before
        if not screened.flagged or (same and a.severity != "immediate"):
            await _hold_reply(run, message.body, held_about, case, flagged=screened.flagged)
            return True
    if not screened.flagged:
        await offer_support(run)
        return False
    esc_about = change.esc.about if change is not None else about
    await apply_effect(run, await crisis_reply(run, a.severity, esc_about))
    ids = [m.entry_id for m in a.matches if m.severity != "none"]
    advice = images_advice(run, ids, message.body, esc_about)
    if advice is not None:
        await apply_effect(run, advice)
    return True
