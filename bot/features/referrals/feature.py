"""The self-referral feature: the intake by text, the triage queue and `waymark referrals`
(``bot/app/feature.py``; wiring in ``wiring.py``)."""

from __future__ import annotations

from bot.app.feature import Command, Feature
from bot.features.referrals import cli, wiring
from flows.referral import OpenReferralQuery, SendReferralQuery

FEATURE = Feature(
    name="referrals",
    flows=wiring.FLOWS,
    menu=wiring.MENU,
    intents=wiring.INTENTS,
    queries={OpenReferralQuery: wiring.referral_open, SendReferralQuery: wiring.referral_send},
    commands=(Command("referrals", cli.app, "Self-referrals for the team to triage."),),
    tables=("bot.features.referrals.models",),
)
