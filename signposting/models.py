"""SQLModel tables for the service directory and signposting records.

Shaped after Open Referral UK / HSDS 3: an organisation runs services; a service has
phones, schedules, service areas, taxonomy terms (mapped to our needs) and languages.
Every service carries ``source`` and ``verified_at``. Table names start with
``directory_`` (the directory) or ``signposting_`` (what we told whom).

Migrations are written from these classes by the ``bot`` package; tell its owner when
anything here changes.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Column, DateTime, Index, Table
from sqlmodel import Field, SQLModel


class Organisation(SQLModel, table=True):
    """An organisation that runs one or more services."""

    __tablename__ = "directory_organisation"

    id: str = Field(primary_key=True, max_length=200)
    name: str = Field(max_length=300)
    description: str = ""
    website: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=300)


class Service(SQLModel, table=True):
    """One service: what it offers, for whom, where, and where the data came from."""

    __tablename__ = "directory_service"
    __table_args__ = (
        Index("ix_directory_service_national_status", "is_national", "status"),
        Index("ix_directory_service_general_status", "is_general", "status"),
    )

    id: str = Field(primary_key=True, max_length=200)
    organisation_id: str = Field(foreign_key="directory_organisation.id", index=True, max_length=200)
    name: str = Field(max_length=300)
    description: str = ""
    sms_description: str = Field(default="", max_length=160)
    eligibility_description: str = ""
    min_age: int | None = None
    max_age: int | None = None
    website: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=300)
    status: str = Field(default="active", max_length=40)
    is_free: bool | None = None
    cost_description: str = ""
    is_national: bool = False
    is_general: bool = False
    is_24_7: bool = False
    need_count: int = 0
    source: str = Field(max_length=500)
    verified_at: date
    phones_cache: str = ""
    schedule_cache: str = ""
    """JSON copies of this service's phones and schedules, written by the importer so that
    search needs one query; ``directory_phone`` and ``directory_schedule`` stay the record."""


class Phone(SQLModel, table=True):
    """A number to call or text. ``kind`` is ``voice`` or ``text`` (others are kept, not shown)."""

    __tablename__ = "directory_phone"

    id: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(foreign_key="directory_service.id", index=True, max_length=200)
    number: str = Field(max_length=40)
    kind: str = Field(default="voice", max_length=20)
    text_keyword: str | None = Field(default=None, max_length=40)
    description: str = ""
    position: int = 0


class Schedule(SQLModel, table=True):
    """A weekly opening rule: days (RFC 5545 BYDAY codes) and local times in ``timezone``.

    ``closes_at`` at or before ``opens_at`` means the service closes the next day;
    ``opens_at == closes_at == 00:00`` means open all day.
    """

    __tablename__ = "directory_schedule"

    id: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(foreign_key="directory_service.id", index=True, max_length=200)
    byday: str = Field(default="MO,TU,WE,TH,FR,SA,SU", max_length=40)
    opens_at: time | None = None
    closes_at: time | None = None
    timezone: str = Field(default="Europe/London", max_length=64)
    valid_from: date | None = None
    valid_to: date | None = None
    description: str = ""


class ServiceArea(SQLModel, table=True):
    """Where a service is offered: ``national``, ``local_authority``, ``postcode_district`` or ``other``.

    ``area_key`` is the normalised name or code used for matching (see ``areas.area_key``).
    """

    __tablename__ = "directory_service_area"
    __table_args__ = (Index("ix_directory_service_area_key_service", "area_key", "service_id"),)

    id: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(foreign_key="directory_service.id", index=True, max_length=200)
    kind: str = Field(max_length=30)
    area_key: str = Field(max_length=200)
    name: str = Field(default="", max_length=300)


class TaxonomyTerm(SQLModel, table=True):
    """A taxonomy term as imported; ``needs`` is a comma list of need values (empty if unknown)."""

    __tablename__ = "directory_taxonomy_term"

    id: str = Field(primary_key=True, max_length=200)
    taxonomy: str = Field(default="", max_length=200)
    code: str = Field(default="", max_length=200)
    name: str = Field(default="", max_length=300)
    needs: str = Field(default="", max_length=300)


class ServiceTaxonomy(SQLModel, table=True):
    """Link from a service to a taxonomy term."""

    __tablename__ = "directory_service_taxonomy"

    service_id: str = Field(foreign_key="directory_service.id", primary_key=True, max_length=200)
    term_id: str = Field(foreign_key="directory_taxonomy_term.id", primary_key=True, max_length=200)


class ServiceNeed(SQLModel, table=True):
    """A need a service names explicitly (derived from its taxonomy terms). Indexed by need."""

    __tablename__ = "directory_service_need"
    __table_args__ = (Index("ix_directory_service_need_need_service", "need", "service_id"),)

    service_id: str = Field(foreign_key="directory_service.id", primary_key=True, max_length=200)
    need: str = Field(primary_key=True, max_length=40)


ANY_NEED = "~any"
GENERAL_NEED = "~general"
NATIONAL_AREA = "~national"


class ServiceSearchKey(SQLModel, table=True):
    """The search index: one row per (need token, area token) pair a service answers to.

    Derived by the importer from the service's needs and areas (like ``phones_cache``), so
    a search reads only the rows for its need and area from the primary key instead of
    checking every service in the area and every national one. Need tokens: each need the
    service names, ``~general`` for a general service, and ``~any`` (searches with no need).
    Area tokens: each service-area key, and ``~national`` for a national service.
    ``directory_service_need`` and ``directory_service_area`` stay the record.
    """

    __tablename__ = "directory_search_key"

    need: str = Field(primary_key=True, max_length=40)
    area_key: str = Field(primary_key=True, max_length=200)
    service_id: str = Field(foreign_key="directory_service.id", primary_key=True, index=True, max_length=200)


class Language(SQLModel, table=True):
    """A language a service is offered in (ISO 639 code where known)."""

    __tablename__ = "directory_language"

    id: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(foreign_key="directory_service.id", index=True, max_length=200)
    code: str = Field(default="", max_length=20)
    name: str = Field(default="", max_length=100)


class Area(SQLModel, table=True):
    """Area lookup row: a local authority, or a postcode district and the authority it lies in."""

    __tablename__ = "directory_area"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    code_key: str = Field(index=True, max_length=40)
    name_key: str = Field(index=True, max_length=200)
    local_authority_code: str = Field(index=True, max_length=40)
    local_authority_name: str = Field(max_length=200)


class SignpostingRecord(SQLModel, table=True):
    """One signposting: which services we sent to which contact, for what need, and when."""

    __tablename__ = "signposting_record"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(index=True)
    need: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    followup_answer: str | None = Field(default=None, max_length=20)
    followup_answered_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class SignpostingRecordService(SQLModel, table=True):
    """A service sent in a signposting, in the order shown. No FK: records outlive directory edits."""

    __tablename__ = "signposting_record_service"

    record_id: int = Field(foreign_key="signposting_record.id", primary_key=True)
    position: int = Field(primary_key=True)
    service_id: str = Field(index=True, max_length=200)


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


organisation_table = _table(Organisation)
service_table = _table(Service)
phone_table = _table(Phone)
schedule_table = _table(Schedule)
service_area_table = _table(ServiceArea)
taxonomy_term_table = _table(TaxonomyTerm)
service_taxonomy_table = _table(ServiceTaxonomy)
service_need_table = _table(ServiceNeed)
search_key_table = _table(ServiceSearchKey)
language_table = _table(Language)
area_table = _table(Area)
record_table = _table(SignpostingRecord)
record_service_table = _table(SignpostingRecordService)

DIRECTORY_TABLES: tuple[Table, ...] = (
    organisation_table,
    service_table,
    phone_table,
    schedule_table,
    service_area_table,
    taxonomy_term_table,
    service_taxonomy_table,
    service_need_table,
    search_key_table,
    language_table,
    area_table,
    record_table,
    record_service_table,
)
"""Every table this package owns (Core ``Table`` objects), for ``metadata.create_all(tables=...)``
and for typed Core queries."""
