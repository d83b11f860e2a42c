"""A ticket as JSON: what ``layso ticket … --json`` prints and the API returns."""

from __future__ import annotations

from typing import Any

from shared.clock import local
from shared.views import TicketView


def ticket_json(view: TicketView) -> dict[str, Any]:
    """The ticket's fields; while it waits, ``estimated_wait_low``/``_high`` are the range
    (minutes) meant to hold about 80 % of actual waits around ``estimated_wait_minutes``."""
    return {
        "id": view.id, "number": view.number, "service": view.service,
        "service_name": view.service_name, "priority": str(view.priority),
        "status": str(view.status), "counter": view.counter,
        "people_ahead": view.people_ahead, "estimated_wait_minutes": view.estimated_wait_minutes,
        "estimated_wait_low": view.estimated_wait_low,
        "estimated_wait_high": view.estimated_wait_high,
        "issued_at": local(view.issued_at).isoformat(),
        "called_at": local(view.called_at).isoformat() if view.called_at else None,
        "outcome": str(view.outcome) if view.outcome else None,
    }
