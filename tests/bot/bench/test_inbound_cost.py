"""`waymark bench cost`: the per-text counts come from a real run of signed webhooks through the app."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bot.bench.inbound_cost import PHASE_NUMBERS, RISK_EVERY, SENDERS, _run, sms_form
from tests.pg import reset_schema


def test_the_form_follows_the_load_bench_mix() -> None:
    assert sms_form(0)["Body"] == "hi" and sms_form(SENDERS)["Body"] == "menu"
    assert sms_form(RISK_EVERY - 1)["Body"] != sms_form(RISK_EVERY)["Body"]
    assert sms_form(0)["From"] == sms_form(SENDERS)["From"] != sms_form(1)["From"]
    other = sms_form(0, PHASE_NUMBERS)  # the phase pass: the same text from a new number, a new id
    assert other["Body"] == sms_form(0)["Body"] and other["From"] != sms_form(0)["From"]
    assert other["MessageSid"] != sms_form(0)["MessageSid"]


async def test_counts_statements_connections_and_calls_per_text(tmp_path: Path) -> None:
    result = await _run(12, f"sqlite:///{tmp_path / 'cost.db'}")
    assert result["status_200"] == 12
    kinds = result["statements_by_kind_per_text"]
    assert kinds["INSERT INTO message"] >= 1  # each text stored (and its replies queued)
    assert abs(sum(kinds.values()) - result["statements_per_text"]) < 0.1
    assert result["connections_checked_out_per_text"] >= 1
    assert result["python_calls_per_text"] > 0 and result["cpu_ms_per_text"] > 0


async def test_cpu_by_phase_puts_each_step_where_it_ran_and_puts_the_functions_back(tmp_path: Path) -> None:
    from bot.messaging import pipeline
    from bot.web import twilio_routes

    before = (twilio_routes.ingest, pipeline._process, pipeline.write_replies)
    result = await _run(12, f"sqlite:///{tmp_path / 'phases.db'}")
    webhook = result["cpu_ms_per_text_by_phase"]["webhook, to the answer"]
    processing = result["cpu_ms_per_text_by_phase"]["processing, after the answer"]
    assert webhook["store (ingest)"] > 0 and "store (ingest)" not in processing  # stored before the answer
    assert processing["pipeline, one text"] > 0 and processing["  replies written (one statement)"] > 0
    assert processing["all"] >= processing["pipeline, one text"]  # the part's whole time covers its phases
    assert (twilio_routes.ingest, pipeline._process, pipeline.write_replies) == before


@pytest.mark.postgres
async def test_on_postgresql_round_trips_are_counted_before_and_after_the_answer() -> None:
    url = os.environ.get("WAYMARK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("WAYMARK_TEST_POSTGRES_URL not set")
    await asyncio.to_thread(reset_schema, url)
    result = await _run(12, url)
    trips = result["round_trips_per_text"]
    # the store is one statement in autocommit (bot/messaging/inbox_pg.py); none of these 12 is a risk text
    assert trips["webhook, to the answer"] == 1.0
    # BEGIN, the advisory lock, ..., COMMIT: at least the statements counted, plus BEGIN and COMMIT
    assert trips["processing, after the answer"] >= result["statements_per_text"] - 1 + 2
    assert trips["all"] == trips["webhook, to the answer"] + trips["processing, after the answer"]


async def test_sqlite_has_no_round_trips_to_count(tmp_path: Path) -> None:
    result = await _run(3, f"sqlite:///{tmp_path / 'trips.db'}")
    assert result["round_trips_per_text"] is None
