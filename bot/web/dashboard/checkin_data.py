"""What the check-ins pages show: plans (who, schedule, state), the review list with its reasons in
plain words, requests made by text, and one contact's answers; each limited to what the person may see
(bot/web/dashboard/care_scope.py). Contacts are named by id and the last digits of their number only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from bot.features.checkins.answers import LOW_SCORE_MAX, last_score
from bot.features.checkins.tables import CheckinAnswer, CheckinPlan, CheckinRequest
from bot.features.checkins.views import next_due
from bot.storage.models import Contact
from bot.storage.models.users import Practitioner
from bot.web.dashboard.care_scope import masked, school_filter, sees_everyone
from flows.calendar import clock_text
from flows.context import ServiceInfo
from safeguarding.models import RESOLVED, Escalation

KIND_LABELS = {
    "waiting_well": "waiting well",
    "between_sessions": "between sessions",
    "after_discharge": "after discharge",
    "custom": "custom",
}
DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}


def who(contact: Contact | None) -> str:
    return f"Contact {contact.id} ({masked(contact.address)})" if contact else "Contact (gone)"


@dataclass(frozen=True)
class PlanRow:
    plan: CheckinPlan
    who: str
    kind: str
    schedule: str
    ends: str
    next_due: str

    @property
    def id(self) -> int:
        assert self.plan.id is not None
        return self.plan.id


def schedule_text(plan: CheckinPlan) -> str:
    """ "weekly, Mon 4pm" (", not in holidays" when it skips them)."""
    skip = ", not in holidays" if plan.skip_holidays else ""
    return (
        f"{plan.frequency}, {DAY_NAMES.get(plan.weekday, plan.weekday)} {clock_text(plan.local_time)}{skip}"
    )


def ends_text(plan: CheckinPlan) -> str:
    if plan.end_after is not None:
        return f"after {plan.end_after} check-ins"
    if plan.end_on is not None:
        return f"on {plan.end_on:%d %b %Y}"
    return "at the first appointment"


def _plans_query(person: Practitioner) -> Select[CheckinPlan, Contact]:
    query = select(CheckinPlan, Contact).join(Contact, col(Contact.id) == col(CheckinPlan.contact_id))
    if not sees_everyone(person):
        query = query.where(or_(school_filter(person), col(CheckinPlan.owner) == person.username))
    return query


async def plan_rows(
    session: AsyncSession, person: Practitioner, service: ServiceInfo, *, contact_id: int | None = None,
    live_only: bool = False,
) -> list[PlanRow]:  # fmt: skip
    """The plans `person` may see (of one contact, or all), live ones first, then newest."""
    query = _plans_query(person)
    if contact_id is not None:
        query = query.where(col(CheckinPlan.contact_id) == contact_id)
    if live_only:
        query = query.where(col(CheckinPlan.status) != "ended")
    found = (
        await session.exec(query.order_by(col(CheckinPlan.status) == "ended", col(CheckinPlan.id).desc()))
    ).all()
    rows = []
    for plan, contact in found:
        due = await next_due(session, plan)
        rows.append(
            PlanRow(
                plan=plan,
                who=who(contact),
                kind=KIND_LABELS.get(plan.kind, plan.kind),
                schedule=schedule_text(plan),
                ends=ends_text(plan),
                next_due=service.local(due).strftime("%a %d %b %H:%M") if due else "-",
            )
        )
    return rows


async def visible_plan(
    session: AsyncSession, person: Practitioner, plan_id: int
) -> tuple[CheckinPlan, Contact] | None:
    found = (await session.exec(_plans_query(person).where(col(CheckinPlan.id) == plan_id))).first()
    return (found[0], found[1]) if found else None


@dataclass(frozen=True)
class ReviewRow:
    answer: CheckinAnswer
    plan_id: int
    who: str
    reason: str
    why: str
    case_ref: str | None
    case_status: str | None


async def why(session: AsyncSession, answer: CheckinAnswer) -> str:
    """The reason in plain words, with the numbers behind it."""
    if answer.review_reason == "low_score":
        return f"Scored {answer.score} out of 10 (0 to {LOW_SCORE_MAX} is low)."
    if answer.review_reason == "drop":
        before = await last_score(session, answer.contact_id, before_id=answer.id)
        was = f"from {before} " if before is not None else ""
        return f"Score dropped {was}to {answer.score} out of 10."
    if answer.review_reason == "two_missed":
        return "Two check-ins in a row with no reply."
    return str(answer.review_reason)


async def review_rows(
    session: AsyncSession, person: Practitioner, *, include_closed: bool = False
) -> list[ReviewRow]:
    """Answers that put a contact on the review list, newest first; by default only those whose review
    case is not resolved yet."""
    query = (
        select(CheckinAnswer, CheckinPlan, Contact, Escalation)
        .join(CheckinPlan, col(CheckinPlan.id) == col(CheckinAnswer.plan_id))
        .join(Contact, col(Contact.id) == col(CheckinAnswer.contact_id))
        .join(Escalation, col(Escalation.ref) == col(CheckinAnswer.escalation_ref), isouter=True)
        .where(col(CheckinAnswer.review_reason).is_not(None))
    )
    if not sees_everyone(person):
        query = query.where(or_(school_filter(person), col(CheckinPlan.owner) == person.username))
    if not include_closed:
        query = query.where(or_(col(Escalation.id).is_(None), col(Escalation.status) != RESOLVED))
    found = (
        await session.exec(query.order_by(col(CheckinAnswer.asked_at).desc(), col(CheckinAnswer.id).desc()))
    ).all()
    rows = []
    for answer, plan, contact, esc in found:
        assert plan.id is not None
        rows.append(
            ReviewRow(
                answer=answer,
                plan_id=plan.id,
                who=who(contact),
                reason=str(answer.review_reason).replace("_", " "),
                why=await why(session, answer),
                case_ref=esc.ref if esc else None,
                case_status=esc.status if esc else None,
            )
        )
    return rows


async def answers_of(session: AsyncSession, contact_id: int) -> list[CheckinAnswer]:
    rows = await session.exec(
        select(CheckinAnswer)
        .where(CheckinAnswer.contact_id == contact_id)
        .order_by(col(CheckinAnswer.asked_at))
    )
    return list(rows.all())


async def request_rows(session: AsyncSession, person: Practitioner) -> list[tuple[CheckinRequest, str]]:
    """Requests made by text that wait for the team (a practitioner: their schools' contacts)."""
    query = (
        select(CheckinRequest, Contact)
        .join(Contact, col(Contact.id) == col(CheckinRequest.contact_id))
        .where(col(CheckinRequest.status) == "pending")
    )
    if not sees_everyone(person):
        query = query.where(school_filter(person))
    found = (await session.exec(query.order_by(col(CheckinRequest.id)))).all()
    return [(request, who(contact)) for request, contact in found]


def summary(answers: list[CheckinAnswer], service: ServiceInfo) -> str:
    """The chart in words (its alt text): how many answered and missed, the latest score and when."""
    scored = [a for a in answers if a.score is not None]
    missed = sum(1 for a in answers if a.status == "missed")
    if not answers:
        return "No check-ins sent yet."
    text = f"{len(answers)} check-ins sent, {len(scored)} answered, {missed} missed."
    if scored:
        last = scored[-1]
        scores = ", ".join(str(a.score) for a in scored)
        when = service.local(last.asked_at).strftime("%a %d %b")
        text += f" Scores in order: {scores}. Latest {last.score} out of 10 on {when}."
    return text
