"""The Rasa adapter against a fake server returning Rasa 3.6 /model/parse JSON, and its fallback.

``rasa36_parse_callback.json`` and ``rasa36_parse_unmapped_need.json`` were recorded from Rasa 3.6.21
(``make rasa``, nlu/rasa/config.yml). The trained DIET model never fell back on anything tried, so
``rasa36_parse_fallback.json`` is built to the FallbackClassifier's documented output: ``nlu_fallback``
with the threshold as its confidence, inserted at the top of the ranking.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import httpx
import pytest

from nlu.rasa_adapter import RasaParser, parse_rasa_response
from nlu.types import Entity, Parse

DATA = Path(__file__).parent / "data"
SECRET_TEXT = "my number is 07700900123 and i feel awful"


def recorded(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((DATA / name).read_text())
    return loaded


class FakeEngine:
    """Stands in for the embedded engine; records what it was asked."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    async def parse(self, text: str) -> Parse:
        self.texts.append(text)
        return Parse("greet", 1.0, [], [("greet", 1.0)])


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeRasa:
    """A fake Rasa server: answers /model/parse from `answer`, counting requests."""

    def __init__(self, answer: httpx.Response | Exception) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def make(server: FakeRasa, clock: FakeClock | None = None) -> tuple[RasaParser, FakeEngine]:
    fallback = FakeEngine()
    client = httpx.AsyncClient(transport=httpx.MockTransport(server))
    parser = RasaParser(
        "http://rasa.test:5005/", fallback, timeout_s=0.5, client=client, clock=clock or FakeClock()
    )
    return parser, fallback


def test_maps_intent_ranking_and_entities() -> None:
    result = parse_rasa_response(recorded("rasa36_parse_callback.json"))
    assert result.intent == "request_callback"
    assert result.confidence == pytest.approx(1.0)
    assert result.ranking[0] == ("request_callback", pytest.approx(1.0))
    assert len(result.ranking) == 10
    assert [name for name, _ in result.ranking][1] == "find_support"
    assert result.entities == [Entity("need", "anxiety", 27, 34, "DIETClassifier")]
    assert result.entity("need") == "anxiety"


def test_rasa_fallback_becomes_out_of_scope_with_the_models_own_confidence() -> None:
    result = parse_rasa_response(recorded("rasa36_parse_fallback.json"))
    assert result.intent == "out_of_scope"
    assert result.confidence == pytest.approx(0.312, abs=1e-3)
    assert [name for name, _ in result.ranking] == ["find_support", "out_of_scope", "menu"]


def test_need_values_outside_the_fixed_list_are_dropped() -> None:
    payload = recorded("rasa36_parse_unmapped_need.json")  # DIET tagged "anxius" but no synonym mapped it
    assert [e["value"] for e in payload["entities"]] == ["anxius"]  # type: ignore[index, union-attr]
    result = parse_rasa_response(payload)
    assert result.intent == "find_support"
    assert result.entities == []


def test_unknown_intents_and_empty_answers() -> None:
    odd = parse_rasa_response({"intent": {"name": "chitchat", "confidence": 0.9}, "entities": []})
    assert (odd.intent, odd.confidence) == ("out_of_scope", 0.9)
    empty = parse_rasa_response({"text": "", "intent": {"name": None, "confidence": 0.0}, "entities": []})
    assert (empty.intent, empty.entities, empty.ranking) == ("out_of_scope", [], [])
    with pytest.raises(ValueError):
        parse_rasa_response({"entities": []})


async def test_posts_the_text_to_model_parse() -> None:
    server = FakeRasa(httpx.Response(200, json=recorded("rasa36_parse_callback.json")))
    parser, fallback = make(server)
    result = await parser.parse("can some1 ring me about my anxiety")
    assert result.intent == "request_callback"
    [request] = server.requests
    assert request.method == "POST" and str(request.url) == "http://rasa.test:5005/model/parse"
    assert json.loads(request.content) == {"text": "can some1 ring me about my anxiety"}
    assert parser.answered == 1 and not parser.fallbacks and fallback.texts == []


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (httpx.ConnectError("connection refused"), "ConnectError"),
        (httpx.ReadTimeout("timed out"), "ReadTimeout"),
        (httpx.Response(500, text="Internal Server Error"), "HTTPStatusError"),
        (httpx.Response(200, text="<html>not json</html>"), "JSONDecodeError"),
        (httpx.Response(200, json=["not", "an", "object"]), "ValueError"),
    ],
)
async def test_failures_fall_back_to_the_embedded_engine(
    answer: httpx.Response | Exception, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    parser, fallback = make(FakeRasa(answer))
    with caplog.at_level(logging.WARNING, logger="nlu.rasa_adapter"):
        result = await parser.parse(SECRET_TEXT)
    assert result.intent == "greet" and fallback.texts == [SECRET_TEXT]
    assert parser.fallbacks == {reason: 1}
    assert "embedded NLU" in caplog.text and reason in caplog.text
    assert "07700900123" not in caplog.text and "awful" not in caplog.text  # never log the text


async def test_a_failed_server_is_left_alone_until_the_retry_time() -> None:
    clock = FakeClock()
    server = FakeRasa(httpx.ConnectError("connection refused"))
    parser, fallback = make(server, clock)
    await parser.parse("one")
    clock.now += 29.0
    await parser.parse("two")
    assert len(server.requests) == 1 and parser.fallbacks == {"ConnectError": 1, "cooling_off": 1}
    server.answer = httpx.Response(200, json=recorded("rasa36_parse_callback.json"))
    clock.now += 1.5
    assert (await parser.parse("three")).intent == "request_callback"
    assert len(server.requests) == 2 and fallback.texts == ["one", "two"]


async def test_owned_client_is_closed() -> None:
    parser = RasaParser("http://rasa.test", FakeEngine())
    client = parser.client
    await parser.aclose()
    assert client.is_closed


@pytest.mark.rasa
async def test_live_rasa_server() -> None:
    """Against a real Rasa 3.6 server (``make rasa``); skipped unless WAYMARK_RASA_URL is set."""
    url = os.environ.get("WAYMARK_RASA_URL")
    if not url:
        pytest.skip("WAYMARK_RASA_URL is not set")
    fallback = FakeEngine()
    parser = RasaParser(url, fallback, timeout_s=10.0)
    try:
        result = await parser.parse("can someone ring me back please")
    finally:
        await parser.aclose()
    assert fallback.texts == [], f"Rasa failed: {dict(parser.fallbacks)}"
    assert result.intent == "request_callback"
    assert result.ranking and result.ranking[0][0] == "request_callback"
