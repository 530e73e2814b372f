"""Helpers for the escalation tests: a config with a known rota, practitioners, and what was sent to whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.config import AppConfig, RotaConfig, RotaSlotConfig
from bot.app.context import AppContext
from bot.channels.base import OutboundMessage
from bot.features.practitioners.service import create_practitioner
from bot.storage.models import AuditEvent
from safeguarding.models import Escalation
from tests.support import RecordingSender, make_context, prepare_database, project_config

ANA, BEN, MO = "+447700900501", "+447700900502", "+447700900503"
YOUNG_PERSON = "+447700900001"
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]


def rota_config(*, on_call: bool = False) -> AppConfig:
    """The project config with a known rota: ana (backup ben) 9-5 weekdays, mo the manager."""
    slots = [RotaSlotConfig(days=WEEKDAYS, start=dt.time(9), end=dt.time(17), primary="ana", backup="ben")]
    nights = (
        [RotaSlotConfig(days=WEEKDAYS, start=dt.time(17), end=dt.time(9), primary="ben")] if on_call else []
    )
    rota = RotaConfig(manager="mo", shifts=slots, on_call=nights)
    cfg = project_config()
    return cfg.model_copy(update={"safeguarding": cfg.safeguarding.model_copy(update={"rota": rota})})


async def add_staff(app: AppContext) -> None:
    async with app.db.session() as session:
        for username, role, phone in (
            ("ana", "duty_clinician", ANA),
            ("ben", "practitioner", BEN),
            ("mo", "manager", MO),
        ):
            await create_practitioner(
                session,
                username=username,
                display_name=username.title(),
                role=role,
                channel="sms",
                address=phone,
                now=app.now(),
            )
        await session.commit()


def sent_to(app: AppContext, number: str) -> list[OutboundMessage]:
    sender = app.senders["sms"]
    assert isinstance(sender, RecordingSender)
    return [m for m in sender.sent if m.to == number]


async def escalations(app: AppContext) -> list[Escalation]:
    async with app.db.session() as s:
        return list((await s.exec(select(Escalation).order_by(col(Escalation.id)))).all())


async def audit(app: AppContext, prefix: str = "escalation") -> list[AuditEvent]:
    async with app.db.session() as s:
        rows = await s.exec(
            select(AuditEvent).where(col(AuditEvent.action).startswith(prefix)).order_by(col(AuditEvent.id))
        )
        return list(rows.all())


@pytest.fixture(name="app")
async def staffed_app(database_url: str, clock: FixedClock) -> AsyncIterator[AppContext]:
    """The `app` fixture for escalation tests: the test rota and three practitioners (import it by name)."""
    ctx = make_context(database_url, clock, config=rota_config())
    await prepare_database(ctx)
    await add_staff(ctx)
    yield ctx
    await ctx.close()
