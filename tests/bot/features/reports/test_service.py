"""The report's figures on a hand-built week (tests/bot/features/reports/support.py): exact numbers, the
school filters, suppression of the whole report, and the audit event."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.app.context import AppContext
from bot.features.reports.periods import week
from bot.features.reports.service import audit_report, build_report
from bot.features.reports.suppress import display
from bot.storage.models import AuditEvent
from tests.bot.features.reports.support import WEEK, seed

EXPECTED = {
    "contacts.people": 2,
    "contacts.conversations": 2,
    "contacts.texts_in": 4,
    "contacts.texts_out": 2,
    "joined.total": 2,
    "joined.sms_code": 1,
    "joined.sms_direct": 0,
    "joined.telegram_code": 0,
    "joined.telegram_direct": 1,
    "joined.other": 0,
    "cases.alerts": 3,
    "cases.immediate": 1,
    "cases.high": 2,
    "cases.review": 1,
    "cases.acknowledged": 2,
    "cases.ack_median": 25.0,
    "cases.acknowledged_immediate": 1,
    "cases.ack_median_immediate": 40.0,
    "cases.ack_worst_immediate": 40.0,
    "cases.acknowledged_high": 1,
    "cases.ack_median_high": 10.0,
    "cases.in_time": 1,
    "cases.in_time_share": pytest.approx(100 / 3),
    "cases.ack_worst": 40.0,
    "cases.out_of_hours": 2,
    "cases.out_of_hours_share": pytest.approx(200 / 3),
    "callbacks.requested": 2,
    "callbacks.called": 1,
    "callbacks.first_median": 60.0,
    "callbacks.first_worst": 60.0,
    "callbacks.on_time": 1,
    "callbacks.on_time_share": 50.0,
    "callbacks.done": 1,
    "callbacks.no_answer": 0,
    "callbacks.cancelled": 0,
    "callbacks.open": 1,
    "referrals.total": 2,
    "referrals.new": 1,
    "referrals.accepted": 1,
    "referrals.signposted": 0,
    "referrals.declined": 0,
    "referrals.triaged": 1,
    "referrals.triage_median": 120.0,
    "appts.total": 3,
    "appts.reminded": 3,
    "appts.confirmed": 1,
    "appts.confirm_rate": pytest.approx(100 / 3),
    "appts.cancelled": 1,
    "appts.attended": 1,
    "appts.dna": 1,
    "appts.outcome_known": 2,
    "appts.dna_rate": 50.0,
    "checkins.sent": 3,
    "checkins.answered": 2,
    "checkins.missed": 1,
    "checkins.closed": 3,
    "checkins.response_rate": pytest.approx(200 / 3),
    "checkins.with_change": 1,
    "checkins.up": 1,
    "checkins.same": 0,
    "checkins.down": 0,
    "checkins.mean_change": 3.0,
    "signposting.total": 2,
    "signposting.yes": 1,
    "signposting.no": 0,
    "signposting.help": 0,
    "signposting.none": 1,
    "reach.schools": 2,
    "reach.schools_reached": 2,
}


async def test_every_figure_for_the_week_is_exact(app: AppContext) -> None:
    oak, elm = await seed(app)
    async with app.db.session() as session:
        report = await build_report(
            session, app.service, week(WEEK, "Europe/London"), now=app.now(), suppressed=False
        )
    got = {k: f.value for k, f in report.overall.figures().items()}
    assert {k: got[k] for k in EXPECTED} == EXPECTED
    assert got[f"reach.school_{oak}"] == 1 and got[f"reach.school_{elm}"] == 1
    assert "reach.no_school" not in got  # nobody without a school texted this week
    assert [s.name for s in report.schools] == ["Ash Academy", "Elm School"]
    oak_figures = {k: f.value for k, f in report.schools[0].figures().items()}
    assert oak_figures["contacts.people"] == 1 and oak_figures["cases.alerts"] == 2
    assert oak_figures["contacts.conversations"] == 2 and oak_figures["appts.attended"] == 1
    assert oak_figures["joined.total"] == 1  # the Telegram contact joined no school


async def test_the_period_bounds_are_local_days(app: AppContext) -> None:
    await seed(app)
    async with app.db.session() as session:
        later = await build_report(
            session, app.service, week("2026-W47", "Europe/London"), now=app.now(), suppressed=False
        )
    figures = later.overall.figures()
    assert figures["contacts.texts_in"].value == 1  # Monday 16 Nov's text, in the next week
    assert figures["cases.ack_median"].value is None and display(figures["cases.ack_median"]) == "none"


async def test_a_school_lead_view_is_their_schools_only_and_suppressed(app: AppContext) -> None:
    oak, _ = await seed(app)
    async with app.db.session() as session:
        report = await build_report(
            session, app.service, week(WEEK, "Europe/London"), now=app.now(), schools=[oak], suppressed=True
        )
    assert [s.name for s in report.scopes] == ["Your schools", "Ash Academy"]
    figures = report.overall.figures()
    assert display(figures["contacts.texts_in"]) == "<5"
    assert display(figures["cases.ack_median"]) == "suppressed"
    assert display(figures["joined.sms_direct"]) == "0"
    assert all(not k.startswith("reach.school_") or k == f"reach.school_{oak}" for k in figures)
    with pytest.raises(LookupError):
        async with app.db.session() as session:
            await build_report(
                session,
                app.service,
                week(WEEK, "Europe/London"),
                now=app.now(),
                schools=[oak],
                school=oak + 1,
                suppressed=True,
            )


async def test_viewing_a_report_is_audited_without_figures(app: AppContext) -> None:
    async with app.db.session() as session:
        await audit_report(
            session,
            now=app.now(),
            actor="practitioner:lead",
            period=week(WEEK, "Europe/London"),
            school=3,
            form="csv",
            suppressed=True,
        )
        await session.commit()
        event = (await session.exec(select(AuditEvent))).one()
    assert (event.action, event.subject_id, event.actor) == ("report.exported", WEEK, "practitioner:lead")
    assert event.details == {"school_id": 3, "form": "csv", "suppressed": True}
