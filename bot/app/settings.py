"""Environment settings (secrets and deployment facts), built by a factory and passed in.

Nothing here runs at import time: call :func:`load_settings` at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "secret", "dev", "development", "xxx"})


class SettingsError(Exception):
    """A deployment setting is missing or unsafe."""


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class Settings(BaseSettings):
    """Values from the environment. Secrets only ever come from here, never from config.yml."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    env: Literal["development", "test", "production"] = Field(
        "production", validation_alias=_env("WAYMARK_ENV")
    )
    database_url: str = Field("sqlite:///./waymark.db", validation_alias=_env("WAYMARK_DATABASE_URL"))
    config_path: Path = Field(Path("./config.yml"), validation_alias=_env("WAYMARK_CONFIG"))
    secret_key: SecretStr | None = Field(None, validation_alias=_env("WAYMARK_SECRET_KEY"))
    public_url: str | None = Field(None, validation_alias=_env("WAYMARK_PUBLIC_URL"))
    twilio_account_sid: str | None = Field(None, validation_alias=_env("TWILIO_ACCOUNT_SID"))
    twilio_auth_token: SecretStr | None = Field(None, validation_alias=_env("TWILIO_AUTH_TOKEN"))
    twilio_from_number: str | None = Field(None, validation_alias=_env("TWILIO_FROM_NUMBER"))
    twilio_messaging_service_sid: str | None = Field(
        None, validation_alias=_env("TWILIO_MESSAGING_SERVICE_SID")
    )
    twilio_api_base: str | None = Field(None, validation_alias=_env("WAYMARK_TWILIO_API_BASE"))
    telegram_bot_token: SecretStr | None = Field(None, validation_alias=_env("TELEGRAM_BOT_TOKEN"))
    telegram_webhook_secret: SecretStr | None = Field(None, validation_alias=_env("TELEGRAM_WEBHOOK_SECRET"))
    telegram_api_base: str | None = Field(None, validation_alias=_env("WAYMARK_TELEGRAM_API_BASE"))

    @property
    def development(self) -> bool:
        return self.env in ("development", "test")

    def require_secret_key(self) -> str:
        """Return the secret key, refusing a missing or placeholder one outside development mode."""
        value = self.secret_key.get_secret_value() if self.secret_key else ""
        if value.strip().lower() in PLACEHOLDER_SECRETS or len(value) < 16:
            if self.development:
                return value or "development-only-secret-key"
            raise SettingsError(
                "WAYMARK_SECRET_KEY is missing or a placeholder. Set it to a long random value, e.g. "
                "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`, "
                "or set WAYMARK_ENV=development for local use."
            )
        return value


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment (and explicit overrides, used by tests and the CLI)."""
    return Settings(**overrides)  # type: ignore[arg-type]
