"""The NLU's public value types: the fixed intent and need names, :class:`Entity` and :class:`Parse`.

These names are a contract: flows start from an intent and read the ``need`` entity, so they never change
without a migration of the flows that use them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

INTENTS: tuple[str, ...] = (
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "menu",
    "find_support",
    "request_callback",
    "appointment_query",
    "appointment_cancel",
    "appointment_reschedule",
    "talk_to_someone",
    "confidentiality",
    "opt_out",
    "out_of_scope",
)
"""The fixed intent names, in a stable order (used for model outputs and reports)."""

NEEDS_FILE = Path(__file__).resolve().parents[1] / "signposting" / "data" / "needs.json"
"""The one list of needs, shared with the service directory (``signposting/needs.py`` reads it too). Read
by path, not imported: this package imports nothing of ours."""

NEEDS: tuple[str, ...] = tuple(
    str(n["value"]) for n in json.loads(NEEDS_FILE.read_text(encoding="utf-8"))["needs"]
)
"""The fixed values of the ``need`` entity."""

OUT_OF_SCOPE = "out_of_scope"
NEED = "need"


@dataclass(frozen=True)
class Entity:
    """One entity found in a text; ``start``/``end`` are character offsets into it when known."""

    entity: str
    value: str
    start: int | None = None
    end: int | None = None
    extractor: str = ""


@dataclass(frozen=True)
class Parse:
    """The result of parsing one text.

    ``confidence`` is the model's probability for its best intent. When that is below the engine's
    threshold the intent is ``out_of_scope`` while ``confidence`` and ``ranking`` still show what the model
    thought, so a caller can see how close it was. ``ranking`` is sorted, most likely first.
    """

    intent: str
    confidence: float
    entities: list[Entity] = field(default_factory=list)
    ranking: list[tuple[str, float]] = field(default_factory=list)

    def entity(self, name: str) -> str | None:
        """The value of the first entity called `name` (in text order), or None."""
        for found in self.entities:
            if found.entity == name:
                return found.value
        return None


class Parser(Protocol):
    """Anything that turns a text into a :class:`Parse` (the embedded engine, the Rasa adapter)."""

    async def parse(self, text: str) -> Parse:
        """Parse one text."""
        ...
