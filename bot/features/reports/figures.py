"""The report's figures, computed from :class:`~bot.features.reports.data.ReportData`.

A figure is a count, a percentage, a time in minutes or a score change. A derived figure names the counts
it comes from (``base``), so suppression can hide it when one of them is small; a percentage also names
its numerator and denominator, because "95% of 20" tells you that 1 did not. Definitions: docs/reports.md.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from bot.features.reports.data import ReportData
from flows.context import ServiceInfo

Kind = Literal["count", "percent", "minutes", "change"]
CONVERSATION_GAP_MINUTES = 30
"""An inbound text starts a new conversation when the contact's previous text was longer ago than this."""


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    kind: Kind
    value: float | None
    """None: nothing to compute it from in this period (e.g. no call-back was called)."""
    base: tuple[str, ...] = ()
    """Counts this figure is derived from: hidden when any of them is suppressed."""
    ratio: tuple[str, str] | None = None
    """A percentage's (numerator, denominator) keys."""
    group: str | None = None
    """A breakdown: the key of the total its members add up to."""
    about_people: bool = True
    """False for counts that identify nobody (how many schools): never suppressed."""
    suppressed: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    figures: tuple[Figure, ...]
    notes: tuple[str, ...] = ()
    """What this section cannot say from what is stored, and period rules worth knowing."""


@dataclass(frozen=True)
class Scope:
    """The figures for all the schools in view (``school_id`` None) or for one school."""

    name: str
    school_id: int | None
    sections: tuple[Section, ...]
    suppressed: bool = False

    def figures(self) -> dict[str, Figure]:
        return {f.key: f for s in self.sections for f in s.figures}

    def with_sections(self, sections: Sequence[Section], suppressed: bool) -> Scope:
        return replace(self, sections=tuple(sections), suppressed=suppressed)


@dataclass
class _Builder:
    figures: list[Figure] = field(default_factory=list)

    def count(self, key: str, label: str, value: int, group: str | None = None, people: bool = True) -> None:
        self.figures.append(Figure(key, label, "count", value, group=group, about_people=people))

    def percent(self, key: str, label: str, num: str, den: str) -> None:
        values = {f.key: f.value for f in self.figures}
        n, d = values[num] or 0, values[den] or 0
        self.figures.append(
            Figure(key, label, "percent", 100.0 * n / d if d else None, (num, den), (num, den))
        )

    def minutes(
        self, key: str, label: str, spans: list[float], pick: Callable[[list[float]], float], base: str
    ) -> None:
        self.figures.append(Figure(key, label, "minutes", pick(spans) if spans else None, (base,)))


def _median(values: list[float]) -> float:
    return float(statistics.median(values))


def _mins(later: object, earlier: object) -> float:
    import datetime as dt

    assert isinstance(later, dt.datetime) and isinstance(earlier, dt.datetime)
    return (later - earlier).total_seconds() / 60


def contacts(data: ReportData) -> Section:
    b = _Builder()
    gap = CONVERSATION_GAP_MINUTES
    starts = [m for m in data.inbound if m.previous is None or _mins(m.at, m.previous) > gap]
    b.count("contacts.people", "People who texted us", len({m.contact for m in data.inbound}))
    b.count("contacts.conversations", "Conversations", len(starts))
    b.count("contacts.texts_in", "Texts received", len(data.inbound))
    b.count("contacts.texts_out", "Texts sent", len(data.outbound))
    return Section("Contacts and conversations", tuple(b.figures))


JOIN_ROUTES = (
    ("sms", True, "By text, with a school code"),
    ("sms", False, "By text, no school code"),
    ("telegram", True, "On Telegram, with a school code"),
    ("telegram", False, "On Telegram, no school code"),
)


def new_users(data: ReportData) -> Section:
    b = _Builder()
    b.count("joined.total", "New contacts", len(data.new_contacts))
    for channel, code, label in JOIN_ROUTES:
        n = sum(1 for c in data.new_contacts if c.channel == channel and c.by_code == code)
        b.count(f"joined.{channel}_{'code' if code else 'direct'}", label, n, group="joined.total")
    other = sum(1 for c in data.new_contacts if c.channel not in ("sms", "telegram"))
    b.count("joined.other", "Other channels (test console)", other, group="joined.total")
    return Section(
        "New contacts by how they joined",
        tuple(b.figures),
        (
            '"With a school code": joined a school within a day of the first text '
            "(a code texted or a Telegram link). Whether a Telegram link or a typed code was used "
            "is not stored.",
        ),
    )


def escalations(data: ReportData, service: ServiceInfo) -> Section:
    b = _Builder()
    alerts = [c for c in data.cases if c.kind == "alert"]
    b.count("cases.alerts", "Risk alerts (crisis reply sent, clinician alerted)", len(alerts))
    for severity in ("immediate", "high"):
        n = sum(1 for c in alerts if c.severity == severity)
        b.count(f"cases.{severity}", f"Severity {severity}", n, group="cases.alerts")
    b.count("cases.review", "Concerns for review (no alert)", sum(1 for c in data.cases if c.kind != "alert"))
    acked = [_mins(c.acknowledged, c.created) for c in alerts if c.acknowledged is not None]
    b.count("cases.acknowledged", "Alerts acknowledged", len(acked))
    b.minutes("cases.ack_median", "Time to acknowledge (median)", acked, _median, "cases.acknowledged")
    b.minutes("cases.ack_worst", "Time to acknowledge (longest)", acked, max, "cases.acknowledged")
    for severity in ("immediate", "high"):
        spans = [
            _mins(c.acknowledged, c.created)
            for c in alerts
            if c.severity == severity and c.acknowledged is not None
        ]
        key = f"cases.acknowledged_{severity}"
        b.count(key, f"Severity {severity}: acknowledged", len(spans))
        b.minutes(
            f"cases.ack_median_{severity}",
            f"Severity {severity}: time to acknowledge (median)",
            spans,
            _median,
            key,
        )
        b.minutes(
            f"cases.ack_worst_{severity}",
            f"Severity {severity}: time to acknowledge (longest)",
            spans,
            max,
            key,
        )
    in_time = sum(
        1
        for c in alerts
        if c.acknowledged is not None and c.deadline is not None and c.acknowledged <= c.deadline
    )
    b.count("cases.in_time", "Acknowledged by the deadline", in_time)
    b.percent("cases.in_time_share", "Share acknowledged by the deadline", "cases.in_time", "cases.alerts")
    b.count(
        "cases.out_of_hours",
        "Alerts out of office hours",
        sum(1 for c in alerts if not service.in_office_hours(c.created)),
    )
    b.percent(
        "cases.out_of_hours_share",
        "Share of alerts out of office hours",
        "cases.out_of_hours",
        "cases.alerts",
    )
    return Section(
        "Escalations",
        tuple(b.figures),
        (
            f"Office hours: {service.office_hours_text()} ({service.timezone}), "
            "not on closed dates or bank holidays.",
        ),
    )


def callbacks(data: ReportData) -> Section:
    b = _Builder()
    reqs = data.callbacks
    b.count("callbacks.requested", "Call-backs asked for", len(reqs))
    called = [c for c in reqs if c.first_call is not None]
    b.count("callbacks.called", "Called at least once", len(called))
    waits = [_mins(c.first_call, c.created) for c in called]
    b.minutes("callbacks.first_median", "Time to first call (median)", waits, _median, "callbacks.called")
    b.minutes("callbacks.first_worst", "Time to first call (longest)", waits, max, "callbacks.called")
    on_time = sum(1 for c in called if c.first_call is not None and c.first_call <= c.due_by)
    b.count("callbacks.on_time", "First call by the time promised", on_time)
    b.percent(
        "callbacks.on_time_share",
        "Share called by the time promised",
        "callbacks.on_time",
        "callbacks.requested",
    )
    for status, label in (("done", "Done"), ("no_answer", "No answer"), ("cancelled", "Cancelled")):
        b.count(
            f"callbacks.{status}",
            f"Outcome: {label.lower()}",
            sum(1 for c in reqs if c.status == status),
            group="callbacks.requested",
        )
    still = sum(1 for c in reqs if c.status not in ("done", "no_answer", "cancelled"))
    b.count("callbacks.open", "Outcome: still open", still, group="callbacks.requested")
    return Section("Call-backs", tuple(b.figures), ("Times are clock time, nights and weekends included.",))


REFERRAL_OUTCOMES = (
    ("new", "Waiting for triage"),
    ("accepted", "Accepted"),
    ("signposted", "Signposted elsewhere"),
    ("declined", "Declined"),
)


def referrals(data: ReportData) -> Section:
    b = _Builder()
    b.count("referrals.total", "Referrals made", len(data.referrals))
    for status, label in REFERRAL_OUTCOMES:
        n = sum(1 for r in data.referrals if r.status == status)
        b.count(f"referrals.{status}", label, n, group="referrals.total")
    triaged = [_mins(r.triaged, r.created) for r in data.referrals if r.triaged is not None]
    b.count("referrals.triaged", "Triaged", len(triaged))
    b.minutes("referrals.triage_median", "Time to triage (median)", triaged, _median, "referrals.triaged")
    return Section(
        "Referrals",
        tuple(b.figures),
        ("What happened after a referral was accepted is kept in the team's case system, not here.",),
    )


def appointments(data: ReportData) -> Section:
    b = _Builder()
    rows = data.bookings
    b.count("appts.total", "Appointments in the period", len(rows))
    b.count("appts.reminded", "Reminder sent", sum(1 for a in rows if a.reminded))
    b.count("appts.confirmed", "Confirmed by text (Y)", sum(1 for a in rows if a.reminded and a.confirmed))
    b.percent("appts.confirm_rate", "Confirmation rate", "appts.confirmed", "appts.reminded")
    b.count("appts.cancelled", "Cancelled", sum(1 for a in rows if a.status.startswith("cancelled")))
    attended = sum(1 for a in rows if a.status == "attended")
    dna = sum(1 for a in rows if a.status == "did_not_attend")
    b.count("appts.attended", "Attended", attended)
    b.count("appts.dna", "Did not attend", dna)
    b.count("appts.outcome_known", "Attended or did not attend", attended + dna)
    b.percent("appts.dna_rate", "Did-not-attend rate", "appts.dna", "appts.outcome_known")
    return Section(
        "Appointments", tuple(b.figures), ("Appointments count in the period their start time falls in.",)
    )


def checkins(data: ReportData) -> Section:
    b = _Builder()
    period = data.period
    inside = [c for c in data.checkins if period.holds(c.asked)]
    answered = sum(1 for c in inside if c.status == "answered")
    missed = sum(1 for c in inside if c.status == "missed")
    b.count("checkins.sent", "Check-ins sent", len(inside))
    b.count("checkins.answered", "Answered", answered)
    b.count("checkins.missed", "Missed", missed)
    b.count("checkins.closed", "Answered or missed", answered + missed)
    b.percent("checkins.response_rate", "Response rate", "checkins.answered", "checkins.closed")
    changes = _score_changes(data)
    b.count("checkins.with_change", "Plans with a score change to report", len(changes))
    for key, label, test in (
        ("up", "Score went up", 1),
        ("same", "Score the same", 0),
        ("down", "Score went down", -1),
    ):
        n = sum(1 for c in changes if (c > 0) - (c < 0) == test)
        b.count(f"checkins.{key}", label, n, group="checkins.with_change")
    mean = sum(changes) / len(changes) if changes else None
    b.figures.append(
        Figure(
            "checkins.mean_change", "Average change (0-10 scale)", "change", mean, ("checkins.with_change",)
        )
    )
    return Section(
        "Check-ins",
        tuple(b.figures),
        ("Score change: each plan's last score in the period minus its first score ever (plans with both).",),
    )


def _score_changes(data: ReportData) -> list[int]:
    first: dict[int, int] = {}
    last_inside: dict[int, int] = {}
    for c in data.checkins:  # ordered by plan and sequence
        if c.score is None:
            continue
        first.setdefault(c.plan, c.score)
        if data.period.holds(c.asked):
            last_inside[c.plan] = c.score
    scored: dict[int, int] = {}
    for c in data.checkins:
        if c.score is not None:
            scored[c.plan] = scored.get(c.plan, 0) + 1
    return [last_inside[p] - first[p] for p in last_inside if scored[p] >= 2]


def signposting(data: ReportData) -> Section:
    b = _Builder()
    rows = data.signposted
    b.count("signposting.total", "Times we sent local services", len(rows))
    for answer, label in (
        ("yes", 'Follow-up: "yes, it helped"'),
        ("no", 'Follow-up: "no"'),
        ("help", 'Follow-up: "I need more help"'),
    ):
        b.count(
            f"signposting.{answer}",
            label,
            sum(1 for r in rows if r.answer == answer),
            group="signposting.total",
        )
    b.count(
        "signposting.none",
        "Follow-up: no answer (yet)",
        sum(1 for r in rows if r.answer is None),
        group="signposting.total",
    )
    return Section(
        "Signposting follow-ups",
        tuple(b.figures),
        (
            "The follow-up text goes a week after the services were sent, "
            "so the last week's are often still unanswered. "
            "Whether the person went to the service is not known.",
        ),
    )


def reach(data: ReportData) -> Section:
    b = _Builder()
    people: dict[int | None, set[int]] = {}
    for m in data.inbound:
        people.setdefault(m.school, set()).add(m.contact)
    reached = [s for s in data.schools if people.get(s)]
    b.count("reach.schools", "Schools in view", len(data.schools), people=False)
    b.count("reach.schools_reached", "Schools with anyone texting", len(reached), people=False)
    for school_id, name in sorted(data.schools.items(), key=lambda kv: kv[1]):
        n = len(people.get(school_id, ()))
        b.count(f"reach.school_{school_id}", f"People texting: {name}", n, group="contacts.people")
    no_school = len(people.get(None, ()))
    if no_school:
        b.count("reach.no_school", "People texting: no school joined", no_school, group="contacts.people")
    return Section(
        "Reach into schools", tuple(b.figures), ("A person counts for the school they are joined to now.",)
    )


def sections(data: ReportData, service: ServiceInfo) -> tuple[Section, ...]:
    """Every section for the rows in `data` (unsuppressed: see :mod:`bot.features.reports.suppress`)."""
    return (
        contacts(data),
        new_users(data),
        escalations(data, service),
        callbacks(data),
        referrals(data),
        appointments(data),
        checkins(data),
        signposting(data),
        reach(data),
    )
