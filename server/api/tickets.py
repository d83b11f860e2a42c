"""``/api/v1/sites/{site}/tickets``: issue a number (kiosk scope) and read one (any scope)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request

from server.api.schemas import IssueRequest, TicketOut, ticket_out
from server.auth import actor, require
from server.state import server_state
from shared.api_tokens import TokenView
from shared.errors import NotFound

router = APIRouter(prefix="/api/v1/sites/{site}/tickets", tags=["tickets"])


def base_url(request: Request) -> str:
    """Where phones reach this server: ``server.public_url``, else the address asked for."""
    return server_state(request).public_url() or str(request.base_url).rstrip("/")


@router.post("", status_code=201, response_model=TicketOut,
             summary="Cấp số (issue a ticket)")
def issue(site: str, body: IssueRequest, request: Request,
          token: Annotated[TokenView, require("issue")]) -> dict[str, Any]:
    view = server_state(request).queue(actor(token)).issue_ticket(site, body.service, body.priority)
    return ticket_out(view, base_url(request))


@router.get("/{ticket_id}", response_model=TicketOut, summary="Một số (a ticket)")
def show(site: str, ticket_id: int, request: Request,
         token: Annotated[TokenView, require("read")]) -> dict[str, Any]:
    view = server_state(request).queue().ticket(ticket_id)
    if view.site_code != site:
        raise NotFound("Không tìm thấy số thứ tự này.", "No such ticket.")
    return ticket_out(view, base_url(request))
