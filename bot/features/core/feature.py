"""The core feature: what every Waymark has, whatever else is installed (see ``bot/app/feature.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.app.feature import Command, Feature
from bot.cli import nlu_cmd, safeguarding_cmd, telegram_cmd
from bot.messaging.effects import CORE_EFFECTS
from flows.info import ABOUT, HELP, PRIVACY, InfoFlow
from flows.lang import LANG
from flows.menu import MenuEntry
from flows.optout import OptInFlow, OptOutFlow

if TYPE_CHECKING:
    from fastapi import FastAPI

    from bot.app.context import AppContext


def _twilio(app: FastAPI, ctx: AppContext) -> None:
    from bot.web.twilio_routes import include_twilio

    include_twilio(app, ctx)


def _telegram(app: FastAPI, ctx: AppContext) -> None:
    from bot.web.telegram_routes import include_telegram

    include_telegram(app, ctx)


FEATURE = Feature(
    name="core",
    flows=(
        HELP,
        ABOUT,
        PRIVACY,
        InfoFlow("goodbye", ("goodbye",)),
        InfoFlow("thanks", ("thanks",)),
        InfoFlow("talk_to_someone", ("talk_to_someone",)),
        InfoFlow("opt_out_check", ("opt_out_check",)),
        InfoFlow("not_yet", ("not_yet",)),
        OptOutFlow(),
        OptInFlow(),
        LANG,
    ),
    menu=(
        MenuEntry("choice_menu_about", "about", 80),
        MenuEntry("choice_menu_help", "help", 90),
        MenuEntry("choice_menu_stop", "opt_out_check", 99),
    ),
    intents={
        "greet": "menu",
        "menu": "menu",
        "goodbye": "goodbye",
        "thanks": "thanks",
        "confidentiality": "privacy",
        "talk_to_someone": "talk_to_someone",
        "opt_out": "opt_out_check",
    },
    effects=CORE_EFFECTS,
    routes=(_twilio, _telegram),
    commands=(
        Command("nlu", nlu_cmd.app, "Train and evaluate the NLU."),
        Command("safeguarding", safeguarding_cmd.app, "Safeguarding screening tools."),
        Command("telegram", telegram_cmd.app, "Telegram set-up."),
    ),
    tables=("bot.storage.models",),
)
