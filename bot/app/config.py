"""`config.yml`: behaviour settings parsed into validated pydantic models.

Errors name the key path and the line of the file, e.g.
``config.yml:14: office_hours.start: value is not a valid time (got '9am')``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ConfigError(Exception):
    """Raised when config.yml cannot be read or fails validation. The message is ready for people."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServiceConfig(_Model):
    name: str = "Waymark"
    team_name: str = "the school mental health team"
    timezone: str = "Europe/London"
    default_language: str = "en"

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # OSError: "Europe" is a folder
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class OfficeHours(_Model):
    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS[:5]))
    start: dt.time = dt.time(9, 0)
    end: dt.time = dt.time(17, 0)
    closed_dates: list[dt.date] = Field(default_factory=list)
    # Whose bank holidays close the team (from the ``holidays`` library; flows/calendar.py).
    bank_holidays: Literal["england-and-wales", "scotland", "northern-ireland", "none"] = "england-and-wales"

    @model_validator(mode="after")
    def _start_before_end(self) -> OfficeHours:
        if self.start >= self.end:
            raise ValueError("start must be before end")
        return self


class QuietHours(_Model):
    start: dt.time = dt.time(20, 0)
    end: dt.time = dt.time(8, 0)


class CrisisNumber(_Model):
    name: str
    number: str
    how: Literal["call", "text"] = "call"
    keyword: str | None = None
    option: int | None = None


AckSeverity = Literal["immediate", "high"]
Username = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,39}$")]


def _default_ack_minutes() -> dict[AckSeverity, int]:
    return {"immediate": 5, "high": 30}


class RotaSlotConfig(_Model):
    """A weekly shift or an on-call entry. An end not after the start runs past midnight."""

    days: list[Weekday] = Field(min_length=1)
    start: dt.time
    end: dt.time
    primary: Username
    backup: Username | None = None

    @model_validator(mode="after")
    def _sane(self) -> RotaSlotConfig:
        if self.start == self.end:
            raise ValueError("start and end must differ")
        if self.backup == self.primary:
            raise ValueError("backup must be someone other than the primary")
        return self


class RotaOverrideConfig(_Model):
    """A dated slot; the overrides on a date replace that date's weekly shifts."""

    date: dt.date
    start: dt.time = dt.time(0, 0)
    end: dt.time = dt.time(0, 0)
    primary: Username
    backup: Username | None = None


class RotaConfig(_Model):
    manager: Username | None = None
    shifts: list[RotaSlotConfig] = Field(default_factory=list)
    overrides: list[RotaOverrideConfig] = Field(default_factory=list)
    on_call: list[RotaSlotConfig] = Field(default_factory=list)


class SafeguardingModelConfig(_Model):
    """The learned second screen (``safeguarding/model/``). It raises the lexicon's severity (to ``immediate``
    on any text when P(immediate) reaches ``immediate_threshold``), and lowers a
    ``high`` hit of a category the clinicians allow (``model_may_lower``) to ``concern`` when it is confident
    the message is everyday (``everyday_threshold``); it never lowers ``immediate``. On a message the lexicon
    calls ``concern`` it makes ``high`` from P(flagged) >= ``lexicon_concern_threshold`` (a lower bar).

    ``path`` null is the packaged model; a threshold left null is the one recorded in the model file.
    """

    enabled: bool = True
    path: Path | None = None
    high_threshold: float | None = Field(None, gt=0, lt=1)
    concern_threshold: float | None = Field(None, gt=0, lt=1)
    everyday_threshold: float | None = Field(None, gt=0, lt=1)
    immediate_threshold: float | None = Field(None, gt=0, lt=1)
    lexicon_concern_threshold: float | None = Field(None, gt=0, lt=1)

    @model_validator(mode="after")
    def _concern_not_above_high(self) -> SafeguardingModelConfig:
        high, concern = self.high_threshold, self.concern_threshold
        if high is not None and concern is not None and concern > high:
            raise ValueError(f"concern_threshold ({concern}) must not be above high_threshold ({high})")
        return self


class SafeguardingSecondLookConfig(_Model):
    """The second look (``safeguarding.second_look``): a joint n-gram + sentence-embedding model that reads
    only the texts the first look left below ``high`` with P(flagged) >= ``band_floor``, and makes them
    ``high`` when its own P(flagged) reaches ``high_threshold``. It can only raise. When it is on, the first
    look's ``high`` threshold (``safeguarding.model.high_threshold``) is replaced by
    ``first_look_high_threshold``: the measured design pairs a stricter first look with the second look at
    the same everyday budget. ``path`` null is the packaged head file; a value left null is the one
    recorded in that file.
    """

    enabled: bool = False
    path: Path | None = None
    band_floor: float | None = Field(None, gt=0, lt=1)
    high_threshold: float | None = Field(None, gt=0, lt=1)
    first_look_high_threshold: float | None = Field(None, gt=0, lt=1)
    #: How long a text waits for the second look's worker before the first look decides alone (review at
    #: least: ``bot/messaging/second_look.py``). Covers a worker that is starting or has crashed.
    timeout_seconds: float = Field(2.0, gt=0, le=30)


class SafeguardingConfig(_Model):
    model: SafeguardingModelConfig = Field(default_factory=SafeguardingModelConfig)
    second_look: SafeguardingSecondLookConfig = Field(default_factory=SafeguardingSecondLookConfig)
    ack_minutes: dict[AckSeverity, int] = Field(default_factory=_default_ack_minutes)
    recent_context_messages: int = Field(5, ge=0, le=50)
    crisis_hold_hours: int = Field(24, ge=1, le=168)
    rota: RotaConfig = Field(default_factory=RotaConfig)

    @field_validator("ack_minutes")
    @classmethod
    def _positive(cls, value: dict[AckSeverity, int]) -> dict[AckSeverity, int]:
        if any(minutes < 1 or minutes > 24 * 60 for minutes in value.values()):
            raise ValueError("acknowledgement minutes must be between 1 and 1440")
        return {**_default_ack_minutes(), **value}


class RemindersConfig(_Model):
    appointment_offsets_hours: list[int] = Field(default_factory=lambda: [48, 2])
    # Replies (Y / N / R) count for the appointment whose reminder went out within this many hours.
    reply_window_hours: int = Field(24, ge=1, le=168)
    # Texts name the practitioner by first name only unless this is true (safe on a shared phone).
    show_surname: bool = False

    @field_validator("appointment_offsets_hours")
    @classmethod
    def _sane_offsets(cls, value: list[int]) -> list[int]:
        if any(hours < 1 or hours > 24 * 14 for hours in value):
            raise ValueError("each offset must be between 1 and 336 hours")
        return value


class CallbacksConfig(_Model):
    """The call-back response standard, in the team's working hours (office_hours, closed dates skipped).

    ``respond_within_hours`` sets the due-by a person is promised; after a "no answer" the one retry is
    due within ``retry_within_hours``. An open call-back past its due-by alerts ``safeguarding.rota.manager``.
    """

    respond_within_hours: float = Field(8.0, ge=0.5, le=80)
    retry_within_hours: float = Field(8.0, ge=0.5, le=80)


class ReferralsConfig(_Model):
    """The triage standard: a new referral should be decided within ``triage_within_hours`` of the team's
    working hours (office_hours, closed dates skipped); past that the dashboard shows it as overdue."""

    triage_within_hours: float = Field(40.0, ge=1, le=400)


class FollowupsConfig(_Model):
    signposting_days: int = Field(7, ge=1, le=60)


class CheckinsConfig(_Model):
    weekly_day: Weekday = "mon"
    time: dt.time = dt.time(16, 0)


class RetentionConfig(_Model):
    messages_days: int = Field(365, ge=1)
    audit_days: int = Field(2920, ge=1)
    # Messages that belong to a safeguarding case are kept this long after the case is resolved
    # (NHS Records Management Code of Practice 2021, mental health records: 20 years; docs/operations.md).
    case_years: int = Field(20, ge=1)
    purge_time: dt.time = dt.time(3, 30)  # local time of the daily purge


class SmsChannelConfig(_Model):
    enabled: bool = True
    segments_per_second: float = Field(1.0, gt=0)
    # Twilio answers STOP itself and then refuses sends to the number, so our own confirmation is not sent.
    provider_confirms_opt_out: bool = True
    # The opt-out words the Twilio account acts on (Advanced Opt-Out). Twilio's defaults include CANCEL,
    # END and QUIT; remove them there AND here so "cancel" after a reminder reaches us (docs/channels.md).
    opt_out_words: list[str] = Field(
        default_factory=lambda: [
            "STOP",
            "STOPALL",
            "UNSUBSCRIBE",
            "CANCEL",
            "END",
            "QUIT",
            "OPTOUT",
            "REVOKE",
        ]
    )

    @field_validator("opt_out_words")
    @classmethod
    def _has_stop(cls, value: list[str]) -> list[str]:
        words = [w.strip().upper() for w in value if w.strip()]
        if "STOP" not in words:
            raise ValueError("STOP must stay an opt-out word (carriers require it)")
        return words


class TelegramChannelConfig(_Model):
    enabled: bool = True
    messages_per_second: float = Field(25.0, gt=0)


class ChannelsConfig(_Model):
    sms: SmsChannelConfig = Field(default_factory=SmsChannelConfig)
    telegram: TelegramChannelConfig = Field(default_factory=TelegramChannelConfig)
    trust_proxy: bool = False


class OutboxConfig(_Model):
    max_attempts: int = Field(8, ge=1, le=50)
    backoff_base_seconds: float = Field(5.0, gt=0)
    backoff_max_seconds: float = Field(900.0, gt=0)
    # How long a claimed row is left to its worker before another may take it (docs/channels.md,
    # "After a crash"). Crisis replies and clinician alerts get the short one; keep it above the
    # provider timeouts (Twilio 15 s, Telegram 10 s) so a slow but live send is not taken over.
    lease_seconds: float = Field(120.0, gt=0)
    crisis_lease_seconds: float = Field(20.0, gt=0)
    # A worker whose heartbeat is older than this is dead and its claims are taken back.
    worker_timeout_seconds: float = Field(30.0, ge=5)
    # Rows one worker sends at once per channel (each within the channel's rate limit; one per contact).
    send_concurrency: int = Field(8, ge=1, le=64)


class FloodConfig(_Model):
    """Per-sender flood control (``bot/messaging/flood.py``): a contact's text is answered only while fewer
    than ``max_replies`` of their texts arrived in the ``window_seconds`` before it. Every text is still
    stored and screened; crisis replies are never held back."""

    window_seconds: int = Field(60, ge=1, le=3600)
    max_replies: int = Field(12, ge=1, le=1000)


class SchoolCodesConfig(_Model):
    max_failed_attempts: int = Field(5, ge=1)
    window_minutes: int = Field(60, ge=1)


class NluConfig(_Model):
    engine: Literal["embedded", "rasa"] = "embedded"
    rasa_url: str | None = None
    timeout_seconds: float = Field(2.0, gt=0)

    @model_validator(mode="after")
    def _rasa_needs_url(self) -> NluConfig:
        if self.engine == "rasa" and not self.rasa_url:
            raise ValueError("engine 'rasa' needs rasa_url")
        return self


class DatabaseConfig(_Model):
    """Connection pool per process. On SQLite writes are serialised anyway (one writer, see
    bot/storage/db.py)."""

    pool_size: int = Field(10, ge=1, le=200)
    max_overflow: int = Field(10, ge=0, le=200)
    # The longest a webhook waits for the database (a pooled connection, or SQLite's writer) before it
    # answers 503 with Retry-After, so the provider retries or uses its fallback URL. Twilio waits 15 s.
    pool_timeout_seconds: float = Field(5.0, gt=0, le=14)


class AppConfig(_Model):
    """Everything in config.yml. Unknown keys are errors, so typos are caught."""

    service: ServiceConfig = Field(default_factory=ServiceConfig)
    office_hours: OfficeHours = Field(default_factory=OfficeHours)
    quiet_hours: QuietHours = Field(default_factory=QuietHours)
    crisis_numbers: list[CrisisNumber] = Field(min_length=1)
    safeguarding: SafeguardingConfig = Field(default_factory=SafeguardingConfig)
    reminders: RemindersConfig = Field(default_factory=RemindersConfig)
    callbacks: CallbacksConfig = Field(default_factory=CallbacksConfig)
    referrals: ReferralsConfig = Field(default_factory=ReferralsConfig)
    followups: FollowupsConfig = Field(default_factory=FollowupsConfig)
    checkins: CheckinsConfig = Field(default_factory=CheckinsConfig)
    retention: RetentionConfig = Field(default_factory=RetentionConfig)
    channels: ChannelsConfig = Field(default_factory=ChannelsConfig)
    outbox: OutboxConfig = Field(default_factory=OutboxConfig)
    school_codes: SchoolCodesConfig = Field(default_factory=SchoolCodesConfig)
    flood: FloodConfig = Field(default_factory=FloodConfig)
    nlu: NluConfig = Field(default_factory=NluConfig)
    database: DatabaseConfig = Field(default_factory=DatabaseConfig)


def _line_index(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[(*path, key)] = key_node.start_mark.line + 1
            _line_index(value_node, (*path, key), out)
            out[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_index(item, (*path, i), out)


def _line_for(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    for end in range(len(loc), -1, -1):
        found = lines.get(tuple(loc[:end]))
        if found is not None:
            return found
    return None


def parse_config(text: str, source: str = "config.yml") -> AppConfig:
    """Parse and validate config text; raise ConfigError naming the file, line and key path."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        raise ConfigError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}:1: the top level must be a mapping of keys")
    try:
        return AppConfig.model_validate(data)
    except ValidationError as exc:
        # The line numbers are worked out only for an error: composing the nodes again is as slow as
        # the load itself (the text parsed without error once, so it composes without error too).
        lines: dict[tuple[Any, ...], int] = {}
        node = yaml.compose(text)
        if node is not None:
            _line_index(node, (), lines)
        problems = []
        for err in exc.errors():
            loc = tuple(part for part in err["loc"] if not str(part).startswith("function-"))
            line = _line_for(loc, lines)
            key = ".".join(str(p) for p in loc) or "(top level)"
            got = err.get("input")
            shown = f" (got {got!r})" if got is not None and not isinstance(got, dict | list) else ""
            problems.append(f"{source}:{line or '?'}: {key}: {err['msg']}{shown}")
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(problems)) from exc


def load_config(path: Path) -> AppConfig:
    """Read config.yml from `path`; raise ConfigError if it is missing or invalid."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
    return parse_config(text, source=str(path))
