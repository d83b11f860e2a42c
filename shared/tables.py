"""The queue's tables as SQLAlchemy Core ``Table`` objects: sites, services, clerks, counters
and their services, the day's number sequences, tickets and the event log.

Why apart from ``shared.models``: the ORM (``sqlalchemy.orm`` and the declarative mapping of
every model) costs about 0.1 s to import, a third of ``layso ticket issue``'s whole run. The
queue's hot paths are Core statements (``shared.queue_sql``), so they need only these tables;
``shared.models`` maps its typed classes onto the same ``Table`` objects (``__table__``), one
definition for both. The rest of the schema stays declarative in ``shared.models``.

What is only DDL stays in ``shared.models`` too: the two partial indexes (``…_where``) whose
PostgreSQL options load SQLAlchemy's PostgreSQL dialect, which a SQLite PC never needs
otherwise. They are attached to these tables when ``shared.models`` is imported, as Alembic's
migrations and the schema check (``tests/shared/test_migrations.py``) do.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from shared.db.types import UTCDateTime
from shared.enums import CounterStatus, Priority, Role, TicketStatus
from shared.ticket_numbers import MAX_LENGTH

#: The whole schema's metadata (``shared.models.Base.metadata`` is this one).
METADATA = MetaData()

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")

SITES = Table(
    "sites", METADATA,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("agency_name", String(200), nullable=False, default=""),
    Column("agency_code", String(64), nullable=False, default=""),
    Column("address", String(300), nullable=False, default=""),
    # The place name of a form's date line ("Phường Bến Thành, ngày …"); "" = from the
    # agency name.
    Column("place", String(200), nullable=False, default=""),
    Column("active", Boolean, nullable=False, default=True),
)

# A queue: one field or a group of fields, with its ticket prefix and number format.
SERVICES = Table(
    "services", METADATA,
    Column("id", Integer, primary_key=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("code", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("name_en", String(200), nullable=False, default=""),
    Column("prefix", String(8), nullable=False, default=""),
    # str.format pattern over {prefix} and {n}; "{prefix}{n:03d}" gives A012.
    Column("number_format", String(40), nullable=False, default="{prefix}{n:03d}"),
    Column("start_number", Integer, nullable=False, default=1),
    Column("daily_cap", Integer, nullable=True),
    Column("icon", String(64), nullable=False, default=""),
    Column("sort_order", Integer, nullable=False, default=0),
    Column("active", Boolean, nullable=False, default=True),
    UniqueConstraint("site_id", "code"),
)

CLERKS = Table(
    "clerks", METADATA,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("full_name", String(200), nullable=False),
    Column("role", String(16), nullable=False, default=Role.CLERK),
    # Deferred in the ORM (shared.models): the display's PostgreSQL role may not read them.
    Column("password_hash", String(255), nullable=False),
    Column("pin_hash", String(255), nullable=True),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=True),
    Column("active", Boolean, nullable=False, default=True),
)

# A desk. ``current_ticket_id`` is unique: a counter holds at most one ticket.
COUNTERS = Table(
    "counters", METADATA,
    Column("id", Integer, primary_key=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("name", String(200), nullable=False, default=""),
    Column("status", String(16), nullable=False, default=CounterStatus.CLOSED),
    Column("clerk_id", Integer, ForeignKey("clerks.id"), nullable=True, unique=True),
    Column("current_ticket_id", BigId,
           ForeignKey("tickets.id", use_alter=True, name="fk_counters_current_ticket"),
           nullable=True, unique=True),
    # Priority policy bookkeeping: ordinary tickets called since the last priority one.
    Column("calls_since_priority", Integer, nullable=False, default=0),
    Column("active", Boolean, nullable=False, default=True),
    UniqueConstraint("site_id", "number"),
)

# Which services a counter serves, in which order (position 0 first).
COUNTER_SERVICES = Table(
    "counter_services", METADATA,
    Column("counter_id", Integer, ForeignKey("counters.id"), primary_key=True),
    Column("service_id", Integer, ForeignKey("services.id"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
)

# The services a counter serves on one business day only, in order (shared.counter_day).
DAY_SERVICES = Table(
    "counter_day_services", METADATA,
    Column("counter_id", Integer, ForeignKey("counters.id"), primary_key=True),
    Column("business_day", Date, primary_key=True),
    Column("service_id", Integer, ForeignKey("services.id"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
)

# The last number issued per service and business day (updated in the issuing transaction).
SEQUENCES = Table(
    "ticket_sequences", METADATA,
    Column("service_id", Integer, ForeignKey("services.id"), primary_key=True),
    Column("business_day", Date, primary_key=True),
    Column("last_number", Integer, nullable=False, default=0),
)

TICKETS = Table(
    "tickets", METADATA,
    Column("id", BigId, primary_key=True),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=False),
    Column("service_id", Integer, ForeignKey("services.id"), nullable=False),
    # The service it was issued for (a transfer changes service_id, never this).
    Column("issued_service_id", Integer, ForeignKey("services.id"), nullable=False),
    Column("business_day", Date, nullable=False),
    Column("sequence", Integer, nullable=False),
    Column("number", String(MAX_LENGTH), nullable=False),
    Column("priority", String(16), nullable=False, default=Priority.NONE),
    Column("status", String(16), nullable=False, default=TicketStatus.WAITING),
    Column("issued_at", UTCDateTime, nullable=False),
    # Place in the queue: the issue time; a transfer keeps it.
    Column("queued_at", UTCDateTime, nullable=False),
    Column("called_at", UTCDateTime, nullable=True),
    Column("first_called_at", UTCDateTime, nullable=True),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("counter_id", Integer, ForeignKey("counters.id"), nullable=True),
    # Set by a transfer to a specific counter: only that counter may call it.
    Column("target_counter_id", Integer, ForeignKey("counters.id"), nullable=True),
    Column("clerk_id", Integer, ForeignKey("clerks.id"), nullable=True),
    Column("outcome", String(32), nullable=True),
    Column("procedure_code", String(64), nullable=True),
    Column("call_count", Integer, nullable=False, default=0),
    # When it was put on hold (status ``on_hold``); NULL otherwise (migration 0011).
    Column("held_at", UTCDateTime, nullable=True),
    Column("note", Text, nullable=False, default=""),
    # The random, unguessable token of the citizen's phone page (``/t/<token>``); never the
    # id or the number. NULL for tickets issued before migration 0004.
    Column("public_token", String(32), nullable=True),
    UniqueConstraint("issued_service_id", "business_day", "sequence"),
    Index("ix_tickets_service_finished", "service_id", "finished_at"),
    # The call order of one service and class (shared/queue_pick.py): read from its start.
    Index("ix_tickets_queue", "site_id", "status", "business_day", "service_id",
          "priority", "queued_at", "id"),
    Index("ix_tickets_day", "site_id", "business_day"),
    Index("uq_tickets_public_token", "public_token", unique=True),
)

# Append-only log of who did what, when. Its ids are the change feed's versions.
EVENTS = Table(
    "events", METADATA,
    Column("id", BigId, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("site_id", Integer, ForeignKey("sites.id"), nullable=True),
    Column("kind", String(48), nullable=False),
    Column("ticket_id", BigId, nullable=True),
    Column("counter_id", Integer, nullable=True),
    Column("clerk_id", Integer, nullable=True),
    Column("dossier_id", BigId, nullable=True),
    Column("data", JSON, nullable=False, default=dict),
    Index("ix_events_site", "site_id", "id"),
)

# A setting the center set from the console for one site (shared/center_settings.py), which
# wins over each PC's layso.toml: here because issuing reads the site's priority policy.
SITE_SETTINGS = Table(
    "site_settings", METADATA,
    Column("site_id", Integer, ForeignKey("sites.id"), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("updated_at", UTCDateTime, nullable=True),
    Column("updated_by", String(64), nullable=False, default=""),
)
