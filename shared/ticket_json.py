"""A ticket as JSON: what ``layso ticket … --json`` prints and the API returns."""

from __future__ import annotations

from typing import Any

from shared.clock import local
from shared.views import TicketView


def ticket_json(view: TicketView) -> dict[str, Any]:
    return {
        "id": view.id, "number": view.number, "service": view.service,
        "service_name": view.service_name, "priority": str(view.priority),
        "status": str(view.status), "counter": view.counter,
        "people_ahead": view.people_ahead, "estimated_wait_minutes": view.estimated_wait_minutes,
        "issued_at": local(view.issued_at).isoformat(),
        "called_at": local(view.called_at).isoformat() if view.called_at else None,
        "outcome": str(view.outcome) if view.outcome else None,
    }
