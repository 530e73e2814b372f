"""Command-line options shared by several commands (typer and pathlib only: cheap to import)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

#: ``--config`` of the commands that measure the screen as config.yml deploys it (`safeguarding eval`,
#: `bench safeguarding`).
ScreeningConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="config.yml whose safeguarding.model and second_look settings are measured "
        "(default: WAYMARK_CONFIG or ./config.yml).",
    ),
]
