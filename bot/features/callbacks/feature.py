"""The call-backs feature: CALL and "can someone ring me", the call-back queue, its overdue alert and
`waymark callbacks` (``bot/app/feature.py``; wiring in ``wiring.py``)."""

from __future__ import annotations

from bot.app.feature import Command, Feature
from bot.features.callbacks import cli, wiring
from bot.features.callbacks.demo import load_demo_callbacks
from bot.features.callbacks.jobs import callback_overdue
from bot.features.callbacks.service import OVERDUE_KIND
from flows.callback import BookCallbackQuery, CancelCallbackQuery, OpenCallbackQuery

FEATURE = Feature(
    name="callbacks",
    flows=wiring.FLOWS,
    menu=wiring.MENU,
    intents=wiring.INTENTS,
    queries={
        OpenCallbackQuery: wiring.callback_open,
        BookCallbackQuery: wiring.callback_book,
        CancelCallbackQuery: wiring.callback_cancel,
    },
    jobs={OVERDUE_KIND: callback_overdue},
    commands=(Command("callbacks", cli.app, "The call-back queue."),),
    demo=(load_demo_callbacks,),  # also the demo referrals (they share demo contacts)
    tables=("bot.features.callbacks.models",),
)
