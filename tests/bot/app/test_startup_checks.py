"""Start-up refuses a lexicon that does not validate (serve and chat call lexicon_or_exit)."""

from __future__ import annotations

import pytest
import typer

import safeguarding.screening as screening
from bot.cli.common import lexicon_or_exit
from safeguarding.lexicon import LexiconError


def test_bad_lexicon_stops_start_up(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        raise LexiconError("suicide.yml", "kms", "has no examples")

    monkeypatch.setattr(screening, "_default", None)
    monkeypatch.setattr(screening, "load_lexicon", broken)
    with pytest.raises(typer.Exit) as stopped:
        lexicon_or_exit()
    assert stopped.value.exit_code == 2
    assert "suicide.yml: kms: has no examples" in capsys.readouterr().err


def test_good_lexicon_is_compiled_once() -> None:
    lexicon_or_exit()
    assert screening._default is not None
    assert screening.default_screener() is screening._default
