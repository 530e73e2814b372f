"""`--demo` loads fictional practitioners, a demo school and a demo rota: never in production."""

from __future__ import annotations

from bot.app.settings import Settings
from bot.cli.common import fail

REFUSAL = (
    "--demo loads fictional practitioners and a demo school, so it is refused when WAYMARK_ENV is "
    "production (the default). Run without --demo, or set WAYMARK_ENV=development on a machine for trying "
    "Waymark out."
)


def refuse_demo_in_production(settings: Settings, demo: bool) -> None:
    """Stop with a clear message when `--demo` is asked for in production."""
    if demo and settings.env == "production":
        fail(REFUSAL)
