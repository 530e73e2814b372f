"""What a young person (or someone helping them) is told after a disclosure, and during the crisis hold.

Every reply says how to get help now and, truthfully, what happens next: someone on duty has been told
now; the person on call has been told; or the team is closed and will read it at the next opening (the
first slot of the rota, which skips closed dates: the moment the first alert actually goes out). Copy is
in ``flows/messages/en.yml`` (``crisis_*``, ``team_*``, ``hold_*``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import col, select

from bot.features.escalations.rota_store import load_rota
from bot.storage.models import Message
from flows.context import ServiceInfo
from flows.engine import Priority, Reply
from safeguarding.hold import Request
from safeguarding.image_abuse import is_image_abuse
from safeguarding.models import OTHER

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.context import AppContext
    from bot.messaging.effects import Run

NOW, ON_CALL, CLOSED = "now", "on_call", "closed"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: A plain text in the hold this soon after a crisis or hold reply gets the one-segment ``hold_brief``:
#: the full numbers were just sent, and the same two-segment text again and again reads as a machine.
HOLD_BRIEF_WITHIN = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class TeamState:
    """Whether someone is told now (``now`` in office hours, ``on_call`` outside them) or, ``closed``,
    when the team will read it (``opens``, aware)."""

    state: str
    opens: dt.datetime | None = None


async def team_state(app: AppContext, session: AsyncSession, now: dt.datetime) -> TeamState:
    """Who is told about a disclosure at `now`: the same rota the alert ladder follows."""
    rota, service = await load_rota(session, app.config, now), app.service
    duty = rota.who_is_on(now)
    if duty is not None:
        office = duty.source != "on_call" and service.in_office_hours(now)
        return TeamState(NOW if office else ON_CALL)
    starts = rota.next_shift_start(now)
    if starts is not None:
        return TeamState(CLOSED, starts)
    if rota.manager is not None:  # no slot in three weeks: the manager is paged at once
        return TeamState(NOW if service.in_office_hours(now) else ON_CALL)
    return TeamState(CLOSED, service.next_office_open(now))


def when_words(service: ServiceInfo, when: dt.datetime) -> str:
    """'at 9am on Wed 9 Dec': a day and date a frightened reader cannot misread at 2am."""
    local = service.local(when)
    hour, suffix = local.hour % 12 or 12, "am" if local.hour < 12 else "pm"
    clock = f"{hour}{suffix}" if local.minute == 0 else f"{hour}.{local.minute:02d}{suffix}"
    return f"at {clock} on {DAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]}"


def _team_news(run: Run, team: TeamState) -> str:
    if team.state == CLOSED:
        assert team.opens is not None
        service = run.app.service
        holiday = service.closure(service.local(run.now).date()) not in (None, "closed")
        key = "team_closed_bank_holiday" if holiday else "team_closed"
        return run.ctx.t(key, next_open=when_words(service, team.opens))
    return run.ctx.t("team_now" if team.state == NOW else "team_on_call")


async def crisis_reply(run: Run, severity: str, about: str) -> Reply:
    """The crisis reply for a flagged message: immediate leads with 999; someone helping gets helper words."""
    team = await team_state(run.app, run.session, run.now)
    helper = about == OTHER
    key = f"crisis_{'other_' if helper else ''}{'immediate' if severity == 'immediate' else 'high'}"
    skip = severity == "immediate" or helper  # these texts say "call 999" on their own
    lines = run.app.service.crisis_text(skip_emergency=skip)
    text = run.ctx.t(key, crisis_lines=lines, team_news=_team_news(run, team))
    suffix = "" if team.state == NOW else f"_{team.state}"
    return Reply(text, priority=Priority.CRISIS, template=key + suffix)


#: Lexicon entries for nude images used against someone: their crisis reply is followed by what to do about
#: the images (``images_advice``).
def images_advice(run: Run, entry_ids: Iterable[str], text: str, about: str) -> Reply | None:
    """What to do about nude images used against the person (do not pay, do not send more, save the
    messages, block, Childline can help take them down), sent after the crisis reply: for a match of an
    image entry, or a flagged text whose words speak of nude images and a demand or sharing (a hit of the
    learned screen has no entry; safeguarding/image_abuse.py). None for any other disclosure."""
    if not is_image_abuse(entry_ids, text):
        return None
    key = "images_advice_other" if about == OTHER else "images_advice"
    return Reply(run.ctx.t(key), priority=Priority.CRISIS, template=key)


async def hold_reply(run: Run, request: Request | None, about: str, *, images: bool = False) -> Reply:
    """The answer to a text sent during the crisis hold: a fitting answer to a clear request, else support.
    `images`: the case is about nude images used against someone, so "what do i do" gets what to do about
    them."""
    team = await team_state(run.app, run.session, run.now)
    open_now = team.state != CLOSED
    helper = about == OTHER
    if request == "call_999":
        key = "hold_call_999"
    elif request == "who_told":
        key = "hold_told_other" if helper else "hold_told"
    elif request == "what_next":
        key = "hold_next_now" if open_now else "hold_next_closed"
    elif request == "call_me":
        key = "hold_call_now" if open_now else "hold_call_closed"
    elif request == "real_person":
        key = "hold_person_now" if open_now else "hold_person_closed"
    elif request == "what_do" and images:
        key = "hold_what_do_images_other" if helper else "hold_what_do_images"
    elif request == "what_do":
        key = "hold_what_do_other" if helper else "hold_what_do"
    elif await _numbers_sent_lately(run):
        key = "hold_brief_other" if helper else "hold_brief"
    else:
        key = "hold_support_other" if helper else "hold_support"
    # these say "call 999" on their own
    says_999 = key.startswith(("hold_support", "hold_what_do", "hold_told", "hold_next", "hold_call_999"))
    service = run.app.service
    if key.startswith("hold_brief"):
        params = {"first_crisis_line": service.crisis_text(skip_emergency=True, first=1)}
    else:
        params = {"crisis_lines": service.crisis_text(skip_emergency=says_999)}
    if team.opens is not None:
        params["next_open"] = when_words(service, team.opens)
    text = run.ctx.t(key, **params)
    return Reply(text, priority=Priority.CRISIS, template=key)


async def _numbers_sent_lately(run: Run) -> bool:
    """Whether this contact got every crisis line (a crisis reply, or a hold reply other than the brief
    one) in the last half hour. A brief reply carries one line, so after half an hour of brief replies the
    next one is full again."""
    since = run.now - HOLD_BRIEF_WITHIN
    kind = col(Message.kind)
    rows = await run.session.exec(
        select(Message.id).where(
            Message.contact_id == run.contact.id,
            Message.direction == "out",
            col(Message.created_at) >= since,
            kind.startswith("crisis_") | (kind.startswith("hold_") & ~kind.startswith("hold_brief")),
        )
    )
    return rows.first() is not None
