"""config.yml validation names the key and line; secrets come only from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.config import ConfigError, load_config, parse_config
from bot.app.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parents[3]
GOOD = (ROOT / "config.yml").read_text()


def test_shipped_config_is_valid() -> None:
    cfg = load_config(ROOT / "config.yml")
    assert cfg.service.timezone == "Europe/London"
    assert cfg.crisis_numbers[0].number == "999"


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('start: "09:00"', 'start: "9am"', "office_hours.start"),
        ("timezone: Europe/London", "timezone: Europe/Londn", "service.timezone"),
        ("segments_per_second: 1", "segments_per_second: -1", "channels.sms.segments_per_second"),
        ("engine: embedded", "engine: bert", "nlu.engine"),
        ("max_attempts: 8", "max_attempts: lots", "outbox.max_attempts"),
        ("timezone: Europe/London", "timezone: Europe", "service.timezone"),  # a folder: was an OSError
        ("window_seconds: 60", "window_seconds: 0", "flood.window_seconds"),
        ("max_replies: 12", "max_replies: 0", "flood.max_replies"),
        ("max_replies: 12", "max_replies: some", "flood.max_replies"),
    ],
)
def test_bad_value_names_key_and_line(old: str, new: str, key: str) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if new in row)
    with pytest.raises(ConfigError) as err:
        parse_config(text)
    assert f"config.yml:{line}: {key}" in str(err.value)


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"config.yml:\d+: service.colour"):
        parse_config(GOOD.replace("  name: Waymark", "  name: Waymark\n  colour: blue", 1))


def test_rasa_engine_needs_url() -> None:
    with pytest.raises(ConfigError, match="rasa_url"):
        parse_config(GOOD.replace("engine: embedded", "engine: rasa", 1))


def test_broken_yaml_names_line() -> None:
    with pytest.raises(ConfigError, match=r"config.yml:\d+: not valid YAML"):
        parse_config("service:\n  name: [unclosed\n")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path / "nope.yml")


@pytest.mark.parametrize("value", [None, "changeme", "short"])
def test_placeholder_secret_key_refused_in_production(value: str | None) -> None:
    settings = Settings(env="production", secret_key=value)  # type: ignore[call-arg]
    with pytest.raises(SettingsError, match="WAYMARK_SECRET_KEY"):
        settings.require_secret_key()


def test_development_mode_allows_missing_secret() -> None:
    assert Settings(env="development").require_secret_key()  # type: ignore[call-arg]


def test_real_secret_accepted() -> None:
    key = "k" * 40
    assert Settings(env="production", secret_key=key).require_secret_key() == key  # type: ignore[call-arg]


def test_settings_read_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAYMARK_DATABASE_URL", "postgresql://x@127.0.0.1/db")
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC123")
    s = Settings()  # type: ignore[call-arg]
    assert s.database_url == "postgresql://x@127.0.0.1/db" and s.twilio_account_sid == "AC123"
