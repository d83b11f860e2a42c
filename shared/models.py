"""SQLAlchemy 2 typed models: the whole schema of LấySố.

Rules: no logic here beyond column definitions (services in shared/ do the work); statuses
are StrEnums stored as strings; every datetime is aware and stored as UTC (``UTCDateTime``).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from shared.db.types import UTCDateTime
from shared.dossier_text import search_text

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Priority(StrEnum):
    """Priority classes of DOMAIN.md; NONE is the ordinary queue."""

    NONE = "none"
    ELDERLY = "elderly"
    DISABLED = "disabled"
    PREGNANT = "pregnant"
    MERIT = "merit"  # người có công, thương binh


class TicketStatus(StrEnum):
    WAITING = "waiting"
    SERVING = "serving"
    #: Put aside by its counter's clerk (the citizen went to make a copy); the counter serves
    #: others meanwhile and takes it back later (``QueueService.hold`` / ``take_back``).
    ON_HOLD = "on_hold"
    FINISHED = "finished"  # final
    NO_SHOW = "no_show"  # final
    CANCELLED = "cancelled"  # final: expired at the end of the day, or withdrawn


FINAL_TICKET_STATUSES = frozenset(
    {TicketStatus.FINISHED, TicketStatus.NO_SHOW, TicketStatus.CANCELLED}
)


class Outcome(StrEnum):
    DOSSIER_RECEIVED = "dossier_received"
    GUIDED = "guided"
    RESULT_RETURNED = "result_returned"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    REFUSED = "refused"
    OTHER = "other"


class CounterStatus(StrEnum):
    OPEN = "open"
    PAUSED = "paused"  # on break
    CLOSED = "closed"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    POST = "post"


class DossierStatus(StrEnum):
    RECEIVED = "received"  # in progress
    SUPPLEMENT_REQUESTED = "supplement_requested"
    REFUSED = "refused"
    RESOLVED = "resolved"  # result ready for pickup
    RETURNED = "returned"  # result handed to the citizen
    STOPPED = "stopped"
    WITHDRAWN = "withdrawn"  # the citizen withdrew the dossier ("rút hồ sơ"); final


class DossierOrigin(StrEnum):
    """Where a dossier's code comes from (``shared.dossier_codes``)."""

    LOCAL = "local"  # made here in the national format: marked "mã nội bộ" where it shows
    PROVINCE = "province"  # the provincial one-stop system's, typed or scanned at receipt
    IMPORT = "import"  # a row of the province's exported dossier list


class Delivery(StrEnum):
    COUNTER = "counter"
    POST = "post"


class CalendarDayKind(StrEnum):
    DAY_OFF = "day_off"  # an added holiday, an announced swap, a local closure
    NOT_HOLIDAY = "not_holiday"  # a holiday of the `holidays` package removed for this center
    WORKING_DAY = "working_day"  # a make-up working day on a weekend


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    agency_name: Mapped[str] = mapped_column(String(200), default="")
    agency_code: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    #: The place name of a form's date line ("Phường Bến Thành, ngày …"); "" = from the
    #: agency name.
    place: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Service(Base):
    """A queue: one field or a group of fields, with its ticket prefix and number format."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("site_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    prefix: Mapped[str] = mapped_column(String(8), default="")
    #: str.format pattern over {prefix} and {n}; "{prefix}{n:03d}" gives A012.
    number_format: Mapped[str] = mapped_column(String(40), default="{prefix}{n:03d}")
    start_number: Mapped[int] = mapped_column(Integer, default=1)
    daily_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    icon: Mapped[str] = mapped_column(String(64), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ServiceField(Base):
    """Which fields ("lĩnh vực") of the catalog a service handles."""

    __tablename__ = "service_fields"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    field: Mapped[str] = mapped_column(String(200), primary_key=True)


class Clerk(Base):
    __tablename__ = "clerks"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(String(16), default=Role.CLERK)
    # Deferred: loaded only when read (a log-in), so the display's PostgreSQL role, which may
    # not read them (shared/db/roles.py), can load clerks for their names.
    password_hash: Mapped[str] = mapped_column(String(255), deferred=True)
    pin_hash: Mapped[str | None] = mapped_column(String(255), nullable=True, deferred=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Counter(Base):
    """A desk. ``current_ticket_id`` is unique: a counter holds at most one ticket."""

    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("site_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[CounterStatus] = mapped_column(String(16), default=CounterStatus.CLOSED)
    clerk_id: Mapped[int | None] = mapped_column(
        ForeignKey("clerks.id"), nullable=True, unique=True
    )
    current_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", use_alter=True, name="fk_counters_current_ticket"),
        nullable=True,
        unique=True,
    )
    #: Priority policy bookkeeping: ordinary tickets called since the last priority one.
    calls_since_priority: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CounterService(Base):
    """Which services a counter serves, in which order (position 0 first)."""

    __tablename__ = "counter_services"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class CounterDayService(Base):
    """The services a counter serves on one business day only, in order (a supervisor's
    change "for the rest of the day", ``shared.counter_day``): on that day they replace the
    counter's ``counter_services``; on any other day the row no longer matches."""

    __tablename__ = "counter_day_services"

    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    business_day: Mapped[date] = mapped_column(Date, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class TicketSequence(Base):
    """The last number issued per service and business day (updated in the issuing transaction)."""

    __tablename__ = "ticket_sequences"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    business_day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("issued_service_id", "business_day", "sequence"),
        Index("ix_tickets_service_finished", "service_id", "finished_at"),
        # The call order of one service and class (shared/queue_pick.py): read from its start.
        Index("ix_tickets_queue", "site_id", "status", "business_day", "service_id",
              "priority", "queued_at", "id"),
        # Tickets sent to a counter by a transfer (few: the index holds only those).
        Index("ix_tickets_target", "target_counter_id",
              sqlite_where=text("target_counter_id IS NOT NULL"),
              postgresql_where=text("target_counter_id IS NOT NULL")),
        Index("ix_tickets_day", "site_id", "business_day"),
        Index("uq_tickets_public_token", "public_token", unique=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    #: The service it was issued for (a transfer changes service_id, never this).
    issued_service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    business_day: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(16))
    priority: Mapped[Priority] = mapped_column(String(16), default=Priority.NONE)
    status: Mapped[TicketStatus] = mapped_column(String(16), default=TicketStatus.WAITING)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Place in the queue: the issue time; a transfer keeps it.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    first_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    #: Set by a transfer to a specific counter: only that counter may call it.
    target_counter_id: Mapped[int | None] = mapped_column(
        ForeignKey("counters.id"), nullable=True
    )
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerks.id"), nullable=True)
    outcome: Mapped[Outcome | None] = mapped_column(String(32), nullable=True)
    procedure_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    call_count: Mapped[int] = mapped_column(Integer, default=0)
    #: When it was put on hold (status ``on_hold``); NULL otherwise (migration 0011).
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    #: The random, unguessable token of the citizen's phone page (``/t/<token>``); never the
    #: id or the number. NULL for tickets issued before migration 0004.
    public_token: Mapped[str | None] = mapped_column(String(32), nullable=True)


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

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_site", "site_id", "id"),
        # A clerk's recent failed log-ins (the lock-out window), without reading the log.
        Index("ix_events_login_failed", "clerk_id", "at",
              sqlite_where=text("kind = 'clerk.login_failed'"),
              postgresql_where=text("kind = 'clerk.login_failed'")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(48))
    ticket_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    counter_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    clerk_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    dossier_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    data: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)


class TokenScope(StrEnum):
    """What an API token may do: issue numbers (kiosk), work a counter, or only read."""

    KIOSK = "kiosk"
    COUNTER = "counter"
    READ = "read"


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

    __tablename__ = "site_settings"

    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
