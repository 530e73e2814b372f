"""`waymark callbacks` and `waymark referrals` as a practitioner runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bot.cli.in_process import waymark as _waymark


def test_demo_callbacks_and_referrals(tmp_path: Path) -> None:
    chat = _waymark(
        ["chat", "--demo"], tmp_path, "can someone call me back after 3 about my daughter\nyes\nno\n"
    )
    assert chat.returncode == 0, chat.stderr
    listed = _waymark(["callbacks", "list", "--as", "demo.duty"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    lines = [line for line in listed.stdout.splitlines() if "after 3pm" in line]
    assert (
        len(lines) == 1
        and "say who we are: NO, voicemail: NO" in lines[0]
        and "parent (daughter)" in lines[0]
    )
    assert len(listed.stdout.splitlines()) == 4  # three demo call-backs and this one
    ref = lines[0].split()[0]
    shown = _waymark(["callbacks", "show", ref, "--as", "demo.duty"], tmp_path)
    assert "SAY WHO WE ARE: NO" in shown.stdout and "+447700900123" in shown.stdout
    claimed = _waymark(["callbacks", "claim", ref, "--as", "demo.backup"], tmp_path)
    assert f"{ref} claimed by demo.backup" in claimed.stdout
    outcome = _waymark(["callbacks", "outcome", ref, "no_answer", "--as", "demo.backup"], tmp_path)
    assert "they were texted" in outcome.stdout
    refused = _waymark(["callbacks", "claim", ref, "--as", "nobody"], tmp_path)
    assert refused.returncode != 0 and "not an active practitioner" in refused.stderr
    referrals = _waymark(["referrals", "list", "--as", "demo.duty"], tmp_path)
    assert referrals.stdout.count("RF-") == 2
    rf = referrals.stdout.split()[0]
    declined = _waymark(["referrals", "triage", rf, "declined", "--as", "demo.duty"], tmp_path)
    assert declined.returncode != 0 and "needs a reason" in declined.stderr
    accepted = _waymark(["referrals", "triage", rf, "accepted", "--as", "demo.duty"], tmp_path)
    assert accepted.returncode == 0 and "accepted" in accepted.stdout


def test_team_notes_on_a_call_back_and_a_referral(tmp_path: Path) -> None:
    assert _waymark(["chat", "--demo"], tmp_path).returncode == 0
    cb = json.loads(_waymark(["callbacks", "list", "--as", "demo.duty", "--json"], tmp_path).stdout)[0]["ref"]
    noted = _waymark(
        ["callbacks", "note", cb, "Dad works nights; ring after 3.", "--as", "demo.prac"], tmp_path
    )
    assert noted.returncode == 0 and f"note added to {cb}" in noted.stdout
    blank = _waymark(["callbacks", "note", cb, "  ", "--as", "demo.prac"], tmp_path)
    assert blank.returncode != 0 and "write the note first" in blank.stderr
    shown = _waymark(["callbacks", "show", cb, "--as", "demo.duty"], tmp_path)
    assert "demo.prac: Dad works nights; ring after 3." in shown.stdout
    rf = json.loads(_waymark(["referrals", "list", "--as", "demo.duty", "--json"], tmp_path).stdout)[0]["ref"]
    assert (
        _waymark(
            ["referrals", "note", rf, "Asked school for context.", "--as", "demo.duty"], tmp_path
        ).returncode
        == 0
    )
    shown = _waymark(["referrals", "show", rf, "--as", "demo.duty"], tmp_path)
    assert "demo.duty: Asked school for context." in shown.stdout
