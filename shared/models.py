"""SQLAlchemy 2 typed models: the whole schema of LấySố (the queue's tables are defined in
``shared.tables`` as Core tables, mapped here; see why there).

Rules: no logic here beyond column definitions (services in shared/ do the work); statuses
are StrEnums stored as strings; every datetime is aware and stored as UTC (``UTCDateTime``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column

from shared import tables
from shared.db.types import UTCDateTime
from shared.dossier_text import search_text

# Re-exported (pyproject's mypy override): the enums are used as shared.models' names too.
from shared.enums import (  # noqa: F401
    FINAL_TICKET_STATUSES,
    CalendarDayKind,
    Channel,
    CounterStatus,
    Delivery,
    DossierOrigin,
    DossierStatus,
    Outcome,
    Priority,
    Role,
    TicketStatus,
    TokenScope,
)
from shared.tables import BigId


class Base(DeclarativeBase):
    metadata = tables.METADATA


# Only DDL, kept out of shared.tables (their PostgreSQL options load that dialect): the
# tickets sent to a counter by a transfer (few: the index holds only those), and a clerk's
# recent failed log-ins (the lock-out window), without reading the log.
Index("ix_tickets_target", tables.TICKETS.c.target_counter_id,
      sqlite_where=text("target_counter_id IS NOT NULL"),
      postgresql_where=text("target_counter_id IS NOT NULL"))
Index("ix_events_login_failed", tables.EVENTS.c.clerk_id, tables.EVENTS.c.at,
      sqlite_where=text("kind = 'clerk.login_failed'"),
      postgresql_where=text("kind = 'clerk.login_failed'"))


class Site(Base):
    __table__ = tables.SITES

    id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    agency_name: Mapped[str]
    agency_code: Mapped[str]
    address: Mapped[str]
    place: Mapped[str]
    active: Mapped[bool]


class Service(Base):
    """A queue: one field or a group of fields, with its ticket prefix and number format."""

    __table__ = tables.SERVICES

    id: Mapped[int]
    site_id: Mapped[int]
    code: Mapped[str]
    name: Mapped[str]
    name_en: Mapped[str]
    prefix: Mapped[str]
    number_format: Mapped[str]
    start_number: Mapped[int]
    daily_cap: Mapped[int | None]
    icon: Mapped[str]
    sort_order: Mapped[int]
    active: Mapped[bool]


class ServiceField(Base):
    """Which fields ("lĩnh vực") of the catalog a service handles."""

    __tablename__ = "service_fields"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    field: Mapped[str] = mapped_column(String(200), primary_key=True)


class Clerk(Base):
    __table__ = tables.CLERKS

    id: Mapped[int]
    username: Mapped[str]
    full_name: Mapped[str]
    role: Mapped[Role]
    password_hash: Mapped[str] = deferred(tables.CLERKS.c.password_hash)
    pin_hash: Mapped[str | None] = deferred(tables.CLERKS.c.pin_hash)
    failed_logins: Mapped[int]
    locked_until: Mapped[datetime | None]
    site_id: Mapped[int | None]
    active: Mapped[bool]


class Counter(Base):
    """A desk. ``current_ticket_id`` is unique: a counter holds at most one ticket."""

    __table__ = tables.COUNTERS

    id: Mapped[int]
    site_id: Mapped[int]
    number: Mapped[int]
    name: Mapped[str]
    status: Mapped[CounterStatus]
    clerk_id: Mapped[int | None]
    current_ticket_id: Mapped[int | None]
    calls_since_priority: Mapped[int]
    active: Mapped[bool]


class CounterService(Base):
    """Which services a counter serves, in which order (position 0 first)."""

    __table__ = tables.COUNTER_SERVICES

    counter_id: Mapped[int]
    service_id: Mapped[int]
    position: Mapped[int]


class CounterDayService(Base):
    """The services a counter serves on one business day only, in order (a supervisor's
    change "for the rest of the day", ``shared.counter_day``): on that day they replace the
    counter's ``counter_services``; on any other day the row no longer matches."""

    __table__ = tables.DAY_SERVICES

    counter_id: Mapped[int]
    business_day: Mapped[date]
    service_id: Mapped[int]
    position: Mapped[int]


class TicketSequence(Base):
    """The last number issued per service and business day (updated in the issuing transaction)."""

    __table__ = tables.SEQUENCES

    service_id: Mapped[int]
    business_day: Mapped[date]
    last_number: Mapped[int]


class Ticket(Base):
    __table__ = tables.TICKETS

    id: Mapped[int]
    site_id: Mapped[int]
    service_id: Mapped[int]
    issued_service_id: Mapped[int]
    business_day: Mapped[date]
    sequence: Mapped[int]
    number: Mapped[str]
    priority: Mapped[Priority]
    status: Mapped[TicketStatus]
    issued_at: Mapped[datetime]
    queued_at: Mapped[datetime]
    called_at: Mapped[datetime | None]
    first_called_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    counter_id: Mapped[int | None]
    target_counter_id: Mapped[int | None]
    clerk_id: Mapped[int | None]
    outcome: Mapped[Outcome | None]
    procedure_code: Mapped[str | None]
    call_count: Mapped[int]
    held_at: Mapped[datetime | None]
    note: Mapped[str]
    public_token: Mapped[str | None]


class Procedure(Base):
    __tablename__ = "procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    name_folded: Mapped[str] = mapped_column(String(500), default="")
    field: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[str] = mapped_column(String(200), default="")
    time_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    time_unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    fee: Mapped[str] = mapped_column(Text, default="")
    online_level: Mapped[str] = mapped_column(String(64), default="")
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    steps: Mapped[list[str]] = mapped_column(JSON, default=list)
    portal_url: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class DossierSequence(Base):
    """The last dossier number per agency and day (codes <agency>-<yyMMdd>-<NNNN>)."""

    __tablename__ = "dossier_sequences"

    agency_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class RegisterSequence(Base):
    """The last entry number of an agency's dossier register book ("Quyển số" = the year)."""

    __tablename__ = "register_sequences"

    agency_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    book: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Dossier(Base):
    """A dossier; a ticket may have several (the citizen in front of the clerk files two)."""

    __tablename__ = "dossiers"
    __table_args__ = (
        Index("ix_dossiers_open", "site_id", "status", "due_at"),
        Index("ix_dossiers_received", "site_id", "received_at"),
        Index("ix_dossiers_ticket", "ticket_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    procedure_code: Mapped[str] = mapped_column(String(64))
    procedure_name: Mapped[str] = mapped_column(String(500))
    channel: Mapped[Channel] = mapped_column(String(16), default=Channel.IN_PERSON)
    status: Mapped[DossierStatus] = mapped_column(String(32), default=DossierStatus.RECEIVED)
    applicant_name: Mapped[str] = mapped_column(String(200), default="")
    applicant_address: Mapped[str] = mapped_column(String(300), default="")
    applicant_phone: Mapped[str] = mapped_column(String(32), default="")
    applicant_email: Mapped[str] = mapped_column(String(200), default="")
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    copies: Mapped[int] = mapped_column(Integer, default=1)
    fee: Mapped[str] = mapped_column(String(200), default="")
    delivery: Mapped[Delivery] = mapped_column(String(16), default=Delivery.COUNTER)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerks.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    register_book: Mapped[str] = mapped_column(String(100), default="")
    register_entry: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    #: The time limit received with (shared/dossier_limits.py): the catalog's or the
    #: clerk's; unit "date" (due date set by hand) or "unknown" (chosen "chưa xác định").
    time_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    time_unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    #: The due date before the first apology and new appointment (form 04) moved it.
    first_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: Folded code, name, phone, procedure and digits (shared/dossier_text.py), kept by
    #: the hook below: what the desk's search matches.
    search_text: Mapped[str] = mapped_column(Text, default="")
    #: Where the code comes from (migration 0007); the field the province's list gives; when
    #: an import last wrote this dossier.
    origin: Mapped[DossierOrigin] = mapped_column(String(16), default=DossierOrigin.LOCAL)
    field: Mapped[str] = mapped_column(String(200), default="")
    synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


@event.listens_for(Dossier, "before_insert")
@event.listens_for(Dossier, "before_update")
def _keep_search_text(_mapper: object, _connection: object, dossier: Dossier) -> None:
    """``search_text`` follows what it is made of, whichever code path writes the dossier."""
    dossier.search_text = search_text(dossier.code, dossier.applicant_name or "",
                                      dossier.applicant_phone or "",
                                      dossier.procedure_name or "",
                                      dossier.procedure_code or "")


class DossierImport(Base):
    """One imported file of the province's dossier list: the log of what was taken."""

    __tablename__ = "dossier_imports"
    __table_args__ = (Index("ix_dossier_imports_hash", "site_id", "file_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    file_name: Mapped[str] = mapped_column(String(300))
    file_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(64), default="")
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[str]] = mapped_column(JSON, default=list)


class ProvinceFigures(Base):
    """The last good figures of the province's statistics service for a site (OpenCPS)."""

    __tablename__ = "province_figures"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(String(500), default="")
    figures: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")


class Rating(Base):
    """A citizen's rating of a finished ticket: anonymous (no citizen data at all)."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerks.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    level: Mapped[int] = mapped_column(Integer)
    scale: Mapped[int] = mapped_column(Integer, default=3)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CalendarDay(Base):
    """A center's change to the working-time calendar for one date."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[CalendarDayKind] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(300), default="")


class Event(Base):
    """Append-only log of who did what, when. Its ids are the change feed's versions."""

    __table__ = tables.EVENTS

    id: Mapped[int]
    at: Mapped[datetime]
    site_id: Mapped[int | None]
    kind: Mapped[str]
    ticket_id: Mapped[int | None]
    counter_id: Mapped[int | None]
    clerk_id: Mapped[int | None]
    dossier_id: Mapped[int | None]
    data: Mapped[dict[str, object]]


class ApiToken(Base):
    """A bearer token for the JSON API. Only the SHA-256 of the secret is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[TokenScope] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SupervisionAlerts(Base):
    """The alerts a supervisor sets for a site's live page (``shared.supervision``): a wait
    over N minutes, a counter on break over N minutes, a service nobody serves. NULL minutes:
    that alert is off. No row: the defaults."""

    __tablename__ = "supervision_alerts"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    wait_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    break_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    unserved_service: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(64), default="")


class SiteSetting(Base):
    """A setting that belongs to the center, set from the console for one site
    (``shared.center_settings``): it wins over the same setting in each PC's layso.toml."""

    __table__ = tables.SITE_SETTINGS

    site_id: Mapped[int]
    key: Mapped[str]
    value: Mapped[object]
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[str]
