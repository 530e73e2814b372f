"""The optional Rasa engine: an async client for a Rasa server's ``POST /model/parse``.

Rasa's answer is mapped into the same :class:`~nlu.types.Parse` as the embedded engine gives:
``nlu_fallback`` (Rasa's FallbackClassifier) and any intent outside :data:`INTENTS` become
``out_of_scope``, and ``need`` values outside :data:`NEEDS` are dropped. If the server is down, slow or
answers nonsense, the text is parsed by the fallback (the embedded engine) instead; each fallback is
logged (never with the text) and counted, and the server is left alone for ``retry_after_s`` so that a
dead server does not add a timeout to every message.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from nlu.types import INTENTS, NEED, NEEDS, OUT_OF_SCOPE, Entity, Parse, Parser

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

RASA_FALLBACK_INTENT = "nlu_fallback"
RASA_EXTRACTOR = "rasa"


def parse_rasa_response(payload: Mapping[str, Any]) -> Parse:
    """Map the JSON body of Rasa 3's ``/model/parse`` to a :class:`Parse`.

    Raises ``ValueError`` if the body is not shaped like a Rasa answer.
    """
    intent = payload.get("intent")
    if not isinstance(intent, Mapping):
        raise ValueError("Rasa answer has no 'intent' object")
    ranking = [
        (str(item["name"]), float(item["confidence"]))
        for item in payload.get("intent_ranking") or []
        if isinstance(item, Mapping) and item.get("name") in INTENTS
    ]
    name = intent.get("name")
    confidence = float(intent.get("confidence") or 0.0)
    if name == RASA_FALLBACK_INTENT:
        # Rasa reports the fallback threshold as the confidence; report the model's own best guess instead.
        confidence = ranking[0][1] if ranking else 0.0
    if name not in INTENTS:
        name = OUT_OF_SCOPE
    entities = sorted(
        (entity for item in payload.get("entities") or [] if (entity := _entity(item)) is not None),
        key=lambda entity: entity.start if entity.start is not None else -1,
    )
    return Parse(str(name), confidence, entities, ranking)


def _entity(item: Any) -> Entity | None:
    if not isinstance(item, Mapping) or "entity" not in item or "value" not in item:
        return None
    name, value = str(item["entity"]), str(item["value"])
    if name == NEED and value not in NEEDS:
        return None
    start, end = item.get("start"), item.get("end")
    return Entity(
        name,
        value,
        start if isinstance(start, int) else None,
        end if isinstance(end, int) else None,
        str(item.get("extractor") or RASA_EXTRACTOR),
    )


class RasaUnavailable(RuntimeError):
    """Raised by :class:`NoFallback`: the Rasa server failed and nothing may stand in for it."""


class NoFallback:
    """A fallback that refuses: for evaluating or benchmarking Rasa itself, where a silent switch to the
    embedded engine would report the wrong engine's figures."""

    async def parse(self, text: str) -> Parse:
        """Always raises :class:`RasaUnavailable`."""
        raise RasaUnavailable("the Rasa server did not answer (see the warning above for why)")


class RasaParser:
    """A :class:`~nlu.types.Parser` backed by a Rasa server, with a fallback parser for when it fails."""

    def __init__(
        self,
        url: str,
        fallback: Parser,
        *,
        timeout_s: float = 2.0,
        retry_after_s: float = 30.0,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url.rstrip("/")
        self.fallback = fallback
        self.timeout_s = timeout_s
        self.retry_after_s = retry_after_s
        self._client = client
        self._owns_client = client is None
        self._clock = clock
        self._skip_until = float("-inf")
        self.fallbacks: Counter[str] = Counter()
        """Why texts went to the fallback: the exception's class name, or ``"cooling_off"``."""
        self.answered = 0
        """Texts Rasa answered."""

    @property
    def client(self) -> httpx.AsyncClient:
        """The HTTP client (created on first use unless one was passed in)."""
        if self._client is None:
            import httpx  # imported here so that the embedded engine alone does not load it (~15 MB)

            self._client = httpx.AsyncClient()
        return self._client

    async def parse(self, text: str) -> Parse:
        """Ask Rasa; on any failure, parse with the fallback engine."""
        import httpx

        if self._clock() < self._skip_until:
            self.fallbacks["cooling_off"] += 1
            return await self.fallback.parse(text)
        try:
            response = await self.client.post(
                f"{self.url}/model/parse", json={"text": text}, timeout=self.timeout_s
            )
            response.raise_for_status()
            body = response.json()
            if not isinstance(body, Mapping):
                raise ValueError("Rasa answer is not a JSON object")
            result = parse_rasa_response(body)
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            reason = type(exc).__name__
            self.fallbacks[reason] += 1
            self._skip_until = self._clock() + self.retry_after_s
            log.warning(
                "Rasa server at %s failed (%s); using the embedded NLU for %.0f s (fallbacks so far: %d)",
                self.url,
                reason,
                self.retry_after_s,
                sum(self.fallbacks.values()),
            )
            return await self.fallback.parse(text)
        self.answered += 1
        return result

    async def aclose(self) -> None:
        """Close the HTTP client if this parser created it."""
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None
