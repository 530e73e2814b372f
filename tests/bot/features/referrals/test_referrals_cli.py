"""`waymark referrals list / show` say plainly, for a referral by call, what we may say if someone else
answers."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bot.cli.in_process import waymark

INTAKE = (
    "i want to refer myself\n14\nskip\ni cant sleep and i cry at school every day\n2\nthis number\nno\nyes\n"
)


def test_a_referral_by_call_says_do_not_say_who_we_are(tmp_path: Path) -> None:
    chat = waymark(["chat", "--demo"], tmp_path, INTAKE)
    assert chat.returncode == 0, chat.stderr
    assert "is it OK for us to say who we are and leave a voicemail? Reply YES or NO." in chat.stdout
    rows = json.loads(waymark(["referrals", "list", "--as", "demo.duty", "--json"], tmp_path).stdout)
    # ours: a 14-year-old for themself (the demo's referral by call is a parent's, for a child of 9)
    [ours] = [r for r in rows if r["contact_by"] == "call" and r["for"] == "self" and r["age"] == 14]
    assert ours["safe_answer"] == "given"
    assert (ours["safe_to_say"], ours["voicemail"]) == (False, False)
    assert ours["if_someone_else_answers"] == "Do not say who we are. No voicemail."
    assert all(r["if_someone_else_answers"] is None for r in rows if r["contact_by"] != "call")
    listed = waymark(["referrals", "list", "--as", "demo.duty"], tmp_path).stdout
    assert "if someone else answers: Do not say who we are. No voicemail." in listed
    shown = waymark(["referrals", "show", ours["ref"], "--as", "demo.duty"], tmp_path).stdout
    assert "if someone else answers: Do not say who we are. No voicemail." in shown
