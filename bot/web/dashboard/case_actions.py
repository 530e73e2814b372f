"""The case actions the dashboard calls: the shared service that SMS (``ACK``), the CLI and the web all use
(``bot/features/escalations/actions.py``; one audit event per action, refusals audited too)."""

from __future__ import annotations

from bot.features.escalations.actions import (
    ActionRefused,
    Actor,
    acknowledge,
    add_note,
    resolve,
    view,
)

__all__ = ["ActionRefused", "Actor", "acknowledge", "add_note", "resolve", "view"]
