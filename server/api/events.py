"""``GET /api/v1/sites/{site}/events``: server-sent events, one per change, with its version.

Each change is a ``message`` event whose ``id`` is the event's version (the id of the event
log): a client that reconnects sends ``Last-Event-ID`` (browsers do it by themselves) and first
gets every change after it, read from the log, then the live ones. Besides, two named events
say how the stream stands: ``stale`` (the database is unreachable; changes will follow when it
is back) and ``ready`` (``{"version": N}``, sent once at the start).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from server.auth import require_stream
from server.state import server_state
from shared.api_tokens import TokenView
from shared.changes import Change, changes_after
from shared.clock import local
from shared.errors import DatabaseUnavailable

router = APIRouter(prefix="/api/v1/sites/{site}", tags=["events"])

#: How long a stream waits for a batch before checking that the server is not stopping.
POLL_SECONDS = 1.0
#: The browser's reconnection delay after a dropped connection (ms).
RETRY_MS = 2000
#: Changes read from the log at a time when a client resumes (it gets every page).
REPLAY_PAGE = 1000


def change_json(change: Change) -> dict[str, Any]:
    return {"version": change.id, "kind": change.kind, "at": local(change.at).isoformat(),
            "ticket_id": change.ticket_id, "counter_id": change.counter_id,
            "dossier_id": change.dossier_id, "data": dict(change.data)}


def _event(change: Change) -> ServerSentEvent:
    return ServerSentEvent(data=change_json(change), id=str(change.id))


async def _site_id(site: str, request: Request) -> int:
    """The site's id, found before the stream starts: an unknown site is a 404 (and the
    database away a 503), not an error in the middle of a 200 stream."""
    return (await run_in_threadpool(server_state(request).site, site)).id


@router.get("/events", response_class=EventSourceResponse,
            summary="Luồng thay đổi (server-sent events, resumable with Last-Event-ID)")
async def events(site: str, request: Request, token: Annotated[TokenView, require_stream("read")],
                 site_id: Annotated[int, Depends(_site_id)],
                 last_event_id: Annotated[str | None, Header()] = None,
                 after: Annotated[int | None, Query(ge=0, description=(
                     "the version to resume after (as Last-Event-ID)"))] = None,
                 ) -> AsyncIterator[ServerSentEvent]:
    server = server_state(request)
    hub = server.hub
    resume = after if after is not None else _parse(last_event_id)
    async with hub.subscribe(site_id) as subscription:
        sent: deque[int] = deque(maxlen=4096)  # ids already sent (replay and live overlap)
        position = resume if resume is not None else hub.position
        yield ServerSentEvent(event="ready", data={"version": position}, retry=RETRY_MS)
        if resume is not None:
            async for change in _log_after(server, site_id, position):
                sent.append(change.id)
                position = max(position, change.id)
                yield _event(change)
        while not hub.stopping:
            batch = await subscription.get(POLL_SECONDS)
            if batch is None:
                continue
            if batch.kind == "lost":
                yield ServerSentEvent(event="stale", data={"version": position})
                continue
            changes = (batch.changes if batch.kind == "changes"
                       else [c async for c in _log_after(server, site_id, position)])
            for change in changes:
                if change.id in sent or (batch.kind == "restored" and change.id <= position):
                    continue
                sent.append(change.id)
                position = max(position, change.id)
                yield _event(change)


async def _log_after(server: Any, site_id: int, version: int) -> AsyncIterator[Change]:
    """Every change after ``version`` from the log, a page at a time (a client away for a
    busy day missed more than one page)."""
    while True:
        page = await _backlog(server, site_id, version)
        for change in page:
            yield change
        if len(page) < REPLAY_PAGE:
            return
        version = page[-1].id


async def _backlog(server: Any, site_id: int, version: int) -> list[Change]:
    try:
        return await run_in_threadpool(changes_after, server.db, site_id, version,
                                       REPLAY_PAGE)
    except DatabaseUnavailable:
        await asyncio.sleep(POLL_SECONDS)
        return []


def _parse(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
