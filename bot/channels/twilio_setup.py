"""Building the Twilio sender from settings (TWILIO_* in the environment) and config.yml at start-up."""

from __future__ import annotations

import logging

from bot.app.config import AppConfig
from bot.app.settings import Settings, SettingsError
from bot.channels.rate_limit import TokenBucket
from bot.channels.twilio_http import DEFAULT_TIMEOUT_S
from bot.channels.twilio_sms import STATUS_PATH, TwilioSmsSender, twilio_client

log = logging.getLogger(__name__)


def twilio_configured(settings: Settings) -> bool:
    """True when any TWILIO_* variable is set: then all the needed ones must be."""
    return any(
        (
            settings.twilio_account_sid,
            settings.twilio_auth_token and settings.twilio_auth_token.get_secret_value(),
            settings.twilio_from_number,
            settings.twilio_messaging_service_sid,
        )
    )


def missing_twilio_settings(settings: Settings) -> list[str]:
    """Names of the environment variables still needed to send through Twilio."""
    missing = []
    if not settings.twilio_account_sid:
        missing.append("TWILIO_ACCOUNT_SID")
    if not (settings.twilio_auth_token and settings.twilio_auth_token.get_secret_value()):
        missing.append("TWILIO_AUTH_TOKEN")
    if not (settings.twilio_from_number or settings.twilio_messaging_service_sid):
        missing.append("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
    return missing


def status_callback_url(settings: Settings) -> str | None:
    """Where Twilio posts delivery receipts: WAYMARK_PUBLIC_URL + /webhooks/twilio/status."""
    if not settings.public_url:
        return None
    return settings.public_url.rstrip("/") + STATUS_PATH


def build_twilio_sender(
    settings: Settings, config: AppConfig, *, timeout: float = DEFAULT_TIMEOUT_S
) -> TwilioSmsSender | None:
    """The Twilio sender, or None when no TWILIO_* variable is set.

    Raises SettingsError naming what is missing when Twilio is only partly configured.
    """
    if not twilio_configured(settings):
        return None
    missing = missing_twilio_settings(settings)
    if missing:
        raise SettingsError(
            "Twilio is partly configured: set " + ", ".join(missing) + " (or unset every TWILIO_* variable "
            "to log outbound texts instead of sending them)."
        )
    assert settings.twilio_account_sid and settings.twilio_auth_token
    callback = status_callback_url(settings)
    if callback is None:
        log.warning("WAYMARK_PUBLIC_URL is not set: Twilio will not send delivery receipts")
    sms = config.channels.sms
    return TwilioSmsSender(
        client=twilio_client(
            settings.twilio_account_sid,
            settings.twilio_auth_token.get_secret_value(),
            settings.twilio_api_base,
            timeout,
        ),
        from_number=settings.twilio_from_number,
        messaging_service_sid=settings.twilio_messaging_service_sid,
        status_callback=callback,
        limiter=TokenBucket(sms.segments_per_second),
        provider_confirms_opt_out=sms.provider_confirms_opt_out,
    )
