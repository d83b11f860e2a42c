"""``/api/v1/sites/{site}/counters/{number}/…``: call next, recall, no-show, finish, transfer
(counter scope). Each write is an event naming the token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request

from server.api.schemas import FinishRequest, TicketOut, TransferRequest, ticket_out
from server.api.tickets import base_url
from server.auth import actor, require
from server.state import server_state
from shared.api_tokens import TokenView
from shared.queue import QueueService

router = APIRouter(prefix="/api/v1/sites/{site}/counters/{number}", tags=["counters"])

Counter = Annotated[TokenView, require("counter")]


def _queue(request: Request, token: TokenView) -> QueueService:
    return server_state(request).queue(actor(token))


def _counter_id(queue: QueueService, site: str, number: int) -> int:
    return queue.counter_id(site, number)


@router.post("/call-next", response_model=TicketOut | None,
             summary="Gọi số tiếp theo (call the next ticket; null when nobody waits)")
def call_next(site: str, number: int, request: Request, token: Counter) -> dict[str, Any] | None:
    queue = _queue(request, token)
    called = queue.call_next(_counter_id(queue, site, number))
    return ticket_out(called.ticket, base_url(request)) if called else None


@router.post("/recall", response_model=TicketOut, summary="Gọi lại (call the current again)")
def recall(site: str, number: int, request: Request, token: Counter) -> dict[str, Any]:
    queue = _queue(request, token)
    return ticket_out(queue.recall(_counter_id(queue, site, number)).ticket, base_url(request))


@router.post("/no-show", response_model=TicketOut, summary="Vắng mặt (no-show)")
def no_show(site: str, number: int, request: Request, token: Counter) -> dict[str, Any]:
    queue = _queue(request, token)
    return ticket_out(queue.no_show(_counter_id(queue, site, number)), base_url(request))


@router.post("/finish", response_model=TicketOut, summary="Hoàn thành (finish with an outcome)")
def finish(site: str, number: int, body: FinishRequest, request: Request,
           token: Counter) -> dict[str, Any]:
    queue = _queue(request, token)
    view = queue.finish(_counter_id(queue, site, number), body.outcome, body.procedure)
    return ticket_out(view, base_url(request))


@router.post("/transfer", response_model=TicketOut,
             summary="Chuyển sang dịch vụ/quầy khác (transfer)")
def transfer(site: str, number: int, body: TransferRequest, request: Request,
             token: Counter) -> dict[str, Any]:
    queue = _queue(request, token)
    view = queue.transfer(_counter_id(queue, site, number), to_service=body.service,
                          to_counter=body.counter)
    return ticket_out(view, base_url(request))
