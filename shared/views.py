"""Frozen values the services return. Widgets and the CLI see these, never ORM objects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from shared.enums import CounterStatus, Outcome, Priority, Role, TicketStatus


def to_json(value: Any) -> Any:
    """A view (or list of views) as JSON-ready data: datetimes in ISO 8601 with offset."""
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {key: to_json(item) for key, item in asdict(value).items()}
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, datetime):
        from shared.clock import local

        return local(value).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class SiteView:
    id: int
    code: str
    name: str
    agency_name: str
    agency_code: str
    address: str
    #: The place of a form's date line ("Phường Bến Thành"); see shared.center.place_name.
    place: str = ""


@dataclass(frozen=True)
class ServiceView:
    id: int
    site_code: str
    code: str
    name: str
    name_en: str
    prefix: str
    number_format: str
    daily_cap: int | None
    icon: str
    fields: tuple[str, ...] = ()
    active: bool = True
    start_number: int = 1


@dataclass(frozen=True)
class TicketView:
    id: int
    number: str
    site_code: str
    service: str  # service code
    service_name: str
    service_name_en: str
    priority: Priority
    status: TicketStatus
    business_day: date
    issued_at: datetime
    called_at: datetime | None = None
    finished_at: datetime | None = None
    counter: int | None = None  # counter number (serving, or last served at)
    outcome: Outcome | None = None
    call_count: int = 0
    people_ahead: int | None = None
    #: The central wait estimate in minutes, and a range meant to hold about 80 % of actual
    #: waits (``shared.wait_estimate``); None when not waiting or when nobody can tell.
    estimated_wait_minutes: int | None = None
    #: The phone page's token (``/t/<token>``); None for tickets from before the web service.
    public_token: str | None = None
    estimated_wait_low: int | None = None
    estimated_wait_high: int | None = None


@dataclass(frozen=True)
class CounterState:
    id: int
    site_code: str
    number: int
    name: str
    status: CounterStatus
    services: tuple[str, ...]  # service codes, in the counter's order
    clerk_username: str | None = None
    clerk_name: str | None = None
    current: TicketView | None = None
    #: False for a counter taken out of use (``layso counter set N --active no``).
    active: bool = True


@dataclass(frozen=True)
class Called:
    """What call_next / call_ticket / recall return: the ticket and the counter now serving it."""

    ticket: TicketView
    counter: CounterState
    recall: bool = False


@dataclass(frozen=True)
class WaitingEntry:
    """One line of a counter's waiting list."""

    ticket: TicketView
    waited_minutes: int


@dataclass(frozen=True)
class ClerkView:
    id: int
    username: str
    full_name: str
    role: Role
    site_code: str | None
    active: bool


@dataclass(frozen=True)
class QueueSummary:
    """Waiting and served counts per service for a site's business day."""

    site_code: str
    business_day: date
    waiting: dict[str, int] = field(default_factory=dict)
    served: dict[str, int] = field(default_factory=dict)
    no_show: dict[str, int] = field(default_factory=dict)
    #: Services that have issued their daily cap of numbers today (from any kiosk).
    sold_out: frozenset[str] = frozenset()
