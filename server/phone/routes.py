"""``/t/<token>``: the citizen's phone page, opened from the QR code on the ticket.

- ``GET /t/{token}[?lang=en]``: the page, drawn on the server with the ticket's current state
  (it reads right before any script runs); ``?lang=`` is remembered in a cookie;
- ``GET /t/{token}/events``: server-sent events, public (the token is the key): ``state``
  (the full state, see :func:`server.phone.view.message`) on connecting and after each
  change, ``ping`` every :data:`PING_SECONDS` so the page notices a dead connection. The
  browser's EventSource reconnects by itself (``retry`` :data:`RETRY_MS`);
- ``GET /t/{token}.json``: the same state once.

An unknown token gets a friendly 404 page; a ticket of a past business day shows "Phiếu này
đã hết hạn" and nothing else. The pages are not cached, not indexed and send no referrer.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent

from server.errors import ApiError
from server.pages import language, templates
from server.phone.view import PhoneState, message
from server.phone.watch import PhoneWatch, TicketWatch
from server.state import app_shared, server_state
from shared.errors import DatabaseUnavailable, NotFound
from shared.i18n import tr

router = APIRouter(prefix="/t", include_in_schema=False)

#: The browser's reconnection delay after a dropped stream (ms).
RETRY_MS = 2000
#: How long a stream waits for a change before checking that the server is not stopping.
POLL_SECONDS = 1.0
#: A ping this often (seconds); the page reconnects when they stop.
PING_SECONDS = 15.0
#: What a token looks like (shared.queue_issue.new_public_token: 22 URL-safe characters).
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: Headers of every phone response: private, never stored or indexed, no referrer.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
           "X-Robots-Tag": "noindex, nofollow"}


def phone_watch(request: Request) -> PhoneWatch:
    """The app's phone watch, made on first use (on the event loop)."""
    return app_shared(request, "phone_watch", PhoneWatch)


def _not_found() -> NotFound:
    return NotFound("Không tìm thấy phiếu này.", "No such ticket.")


def _check(token: str) -> str:
    if not TOKEN.fullmatch(token):
        raise _not_found()
    return token


def _lang_cookie(request: Request, response: Response, lang: str) -> Response:
    if request.query_params.get("lang") in ("vi", "en"):
        response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax",
                            httponly=True)
    return response


def _notice(request: Request, lang: str, key: str, status: int, *,
            retry: bool = False) -> Response:
    response = templates.TemplateResponse(
        request, "phone/notice.html",
        {"lang": lang, "heading": tr(f"phone.{key}", lang),
         "detail": tr(f"phone.{key}_detail", lang), "retry": retry,
         "switch": tr("phone.switch", lang), "other": "vi" if lang == "en" else "en"},
        status_code=status, headers=PRIVATE)
    return _lang_cookie(request, response, lang)


async def _state(request: Request, token: str) -> tuple[PhoneState, bool]:
    """The ticket's state (from a phone already following it, else read) and staleness."""
    watch = phone_watch(request)
    followed = watch.watch_by_token(token)
    if followed is not None:
        return followed.state, watch.stale
    view, today = await watch.first_read(token)
    return PhoneState.of(view, today), False


@router.get("/{token}.json")
async def ticket_json(token: str, request: Request) -> Response:
    lang = language(request)
    state, stale = await _state(request, _check(token))
    return JSONResponse(message(state, lang, stale=stale), headers=PRIVATE)


@router.get("/{token}", response_class=HTMLResponse)
async def ticket_page(token: str, request: Request) -> Response:
    lang = language(request)
    try:
        state, stale = await _state(request, _check(token))
    except NotFound:
        return _notice(request, lang, "not_found", 404)
    except DatabaseUnavailable:
        return _notice(request, lang, "unavailable", 503, retry=True)
    if state.status == "expired":
        return _notice(request, lang, "expired", 410)
    data = message(state, lang, stale=stale)
    response = templates.TemplateResponse(
        request, "phone/ticket.html",
        {"lang": lang, "token": token, "state": data, "text": data["text"],
         "your_number": tr("phone.your_number", lang),
         "people_ahead": tr("phone.people_ahead", lang), "wait": tr("phone.wait", lang),
         "switch": tr("phone.switch", lang), "other": "vi" if lang == "en" else "en",
         "reconnecting": tr("phone.reconnecting", lang),
         "stale_text": tr("phone.stale", lang), "retry_ms": RETRY_MS,
         "ping_ms": int(PING_SECONDS * 1000)},
        headers=PRIVATE)
    return _lang_cookie(request, response, lang)


async def _followed(token: str, request: Request) -> TicketWatch:
    """The ticket's watch, before the stream starts: an unknown token is a plain 404 (the
    browser's EventSource then stops instead of retrying)."""
    try:
        return await phone_watch(request).watch_for(_check(token))
    except NotFound as error:
        raise ApiError(404, "not_found", error.message, error.message_en) from error


@router.get("/{token}/events", response_class=EventSourceResponse)
async def ticket_events(request: Request,
                        watch: Annotated[TicketWatch, Depends(_followed)],
                        ) -> AsyncIterator[ServerSentEvent]:
    lang = language(request)
    phones = phone_watch(request)
    hub = server_state(request).hub
    loop = asyncio.get_running_loop()
    async with phones.follow(watch) as stream:
        sent: tuple[int, bool] | None = None
        last_sent = loop.time()
        while not hub.stopping:
            watch = stream.watch
            stream.wake.clear()
            if sent != (watch.revision, phones.stale):
                sent = (watch.revision, phones.stale)
                yield ServerSentEvent(event="state", raw_data=watch.json(lang, phones.stale),
                                      retry=RETRY_MS)
                last_sent = loop.time()
                if watch.state.status == "expired":
                    return  # nothing more to say; the page closes its stream
            elif loop.time() - last_sent >= PING_SECONDS:
                yield ServerSentEvent(event="ping", raw_data="{}")
                last_sent = loop.time()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stream.wake.wait(), POLL_SECONDS)
