"""``/board/<site>``: the wall board in a browser, for a TV (1080p or 4K, landscape or portrait).

- ``GET /board/{site}[?counters=1-6,9][&lang=en]``: the page, drawn from the site's live board
  (a zone shows only its counters, their recent calls and voice calls);
- ``GET /board/{site}/events``: server-sent events, public: ``board`` (everything shown, on
  connecting and after each change, with the server's clock and whether the data is stale),
  ``call`` (a call to announce, oldest first, with its audio's address) and ``ping`` (every
  few seconds, so a page notices a dead connection). Each event's id is the newest call's
  time: a page that reconnects (``Last-Event-ID``, or ``?since=`` when it opens a new stream)
  is given the calls made meanwhile, once;
- ``GET /board/{site}/audio/chime.wav`` and ``/audio/call/{counter}/{ticket}.wav``: the chime
  and a call's WAV (only for calls the board made lately).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from server.board.live import Boards, SiteBoard
from server.board.sound import BoardSound
from server.board.texts import page_texts
from server.board.zone import Zone, ZoneError, parse_zone
from server.errors import ApiError, classify
from server.pages import error_page, language, templates
from server.state import app_shared, server_state
from shared.board_json import call_json, percent_text
from shared.errors import LaysoError
from shared.voice.sink import VoiceStatus

router = APIRouter(prefix="/board/{site}", include_in_schema=False)

#: The browser's reconnection delay after a dropped stream (ms).
RETRY_MS = 1500
#: How long a stream waits for a change before checking that the server is not stopping.
POLL_SECONDS = 1.0
#: A ping this often (seconds): the page calls its data stale when pings stop coming.
PING_SECONDS = 10.0
#: How often a stream whose board cannot be read yet tries again (seconds).
READ_RETRY_SECONDS = 2.0

Counters = Annotated[str | None, Query(max_length=400, description="a zone: 1-6,9")]


def _boards(request: Request) -> Boards:
    """The app's live boards, made on first use (on the event loop)."""
    return app_shared(request, "boards", Boards)


def _sound(request: Request) -> BoardSound:
    return app_shared(request, "board_sound", lambda server: BoardSound(server.settings.voice))


def _zone_error(request: Request, error: LaysoError) -> HTMLResponse:
    return error_page(request, 422, error.message, error.message_en)


@router.get("", response_class=HTMLResponse)
async def board_page(site: str, request: Request, counters: Counters = None) -> Response:
    lang = language(request)
    try:
        zone = parse_zone(counters)
    except ZoneError as error:
        return _zone_error(request, error)
    try:
        board = await _boards(request).ready(site)
    except LaysoError as error:
        status, _code, headers = classify(error)
        return error_page(request, status, error.message, error.message_en, headers)
    data = json.loads(board.board_json(zone))
    if zone.numbers is not None and not data["counters"]:
        return _zone_error(request, ZoneError(
            f"Điểm phục vụ {site} không có quầy nào trong danh sách “{counters}”.",
            f"Site {site} has no counter in the list “{counters}”."))
    voice = await _sound(request).status()
    server = server_state(request)
    texts = page_texts(lang)
    query = f"?counters={quote(zone.spec)}" if zone.numbers is not None else ""
    announcements = list(board.announcements)
    config: dict[str, Any] = {
        "site": site, "lang": lang, "texts": texts,
        "events": f"/board/{quote(site)}/events{query}",
        "chime": f"/board/{quote(site)}/audio/chime.wav" if voice.available else None,
        "voice": _voice_json(voice, lang),
        "highlight_seconds": server.settings.display.highlight_seconds,
        "announcements": announcements,
        "now": _now_ms(board),
    }
    return templates.TemplateResponse(request, "board/board.html", {
        "lang": lang, "t": texts, "board": data, "config": config,
        "on_time_rate": percent_text(data["figures"]["dossiers"]["on_time_rate"], lang),
        "announcement": announcements[0] if announcements else "",
    }, headers={"Cache-Control": "no-store"})


def _voice_json(status: VoiceStatus, lang: str) -> dict[str, Any]:
    return {"on": status.available, "reason": status.localized(lang)}


def _now_ms(board: SiteBoard) -> int:
    return round((time.time() + board.clock_offset) * 1000)


def _board_event(board: SiteBoard, zone: Zone, voice: dict[str, Any]) -> ServerSentEvent:
    text = (f'{{"now":{_now_ms(board)},"voice":{json.dumps(voice, ensure_ascii=False)},'
            f'"board":{board.board_json(zone)}}}')
    return ServerSentEvent(event="board", raw_data=text, id=_mark(board), retry=RETRY_MS)


def _mark(board: SiteBoard) -> str:
    """The event id: the newest call's time (what a reconnecting page has been given)."""
    snapshot = board.snapshot
    if snapshot is None:
        return ""
    moments = [call.at for call in snapshot.recent]
    moments += [call.at for _n, call in board.calls]
    return max(moments).isoformat() if moments else "0"


def _call_event(site: str, call: Any, audio: bool, mark: str) -> ServerSentEvent:
    data = call_json(call)
    data["audio"] = (f"/board/{quote(site)}/audio/call/{call.counter_number}/"
                     f"{quote(call.ticket_number)}.wav") if audio else None
    return ServerSentEvent(event="call", data=data, id=mark)


def _parse_mark(value: str | None) -> datetime | None:
    if not value or value == "0":
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


async def _stream_zone(site: str, request: Request, counters: Counters = None) -> Zone:
    """The stream's zone, checked with its site before the stream starts (an error then is
    an HTTP status, not a broken stream): 422 for a bad spec, 404 for an unknown site."""
    try:
        zone = parse_zone(counters)
    except ZoneError as error:
        raise ApiError(422, "invalid_zone", error.message, error.message_en) from error
    await run_in_threadpool(server_state(request).site, site)
    return zone


@router.get("/events", response_class=EventSourceResponse)
async def board_events(site: str, request: Request,
                       zone: Annotated[Zone, Depends(_stream_zone)],
                       since: Annotated[str | None, Query(max_length=64)] = None,
                       last_event_id: Annotated[str | None, Header()] = None,
                       ) -> AsyncIterator[ServerSentEvent]:
    boards, hub = _boards(request), server_state(request).hub
    lang = language(request)
    voice_status = await _sound(request).status()
    voice = _voice_json(voice_status, lang)
    board = boards.board(site)
    while board.snapshot is None:  # not readable yet: the page shows its data may be old
        try:
            board = await boards.ready(site)
        except LaysoError as error:
            yield ServerSentEvent(event="stale", data={"message": error.localized(lang)},
                                  retry=RETRY_MS)
            if hub.stopping:
                return
            await asyncio.sleep(READ_RETRY_SECONDS)
            board = boards.board(site)
    sequence = board.sequence
    revision = board.revision
    yield _board_event(board, zone, voice)
    resumed = _parse_mark(last_event_id or since)
    if resumed is not None:
        for call in board.calls_since(resumed):
            if zone.includes(call.counter_number):
                yield _call_event(site, call, voice_status.available, call.at.isoformat())
    last_ping = time.monotonic()
    while not hub.stopping:
        await board.wait(revision, POLL_SECONDS)
        if board.revision != revision:
            revision = board.revision
            yield _board_event(board, zone, voice)
            for number, call in board.calls_after(sequence):
                sequence = number
                if zone.includes(call.counter_number):
                    yield _call_event(site, call, voice_status.available, call.at.isoformat())
        if time.monotonic() - last_ping >= PING_SECONDS:
            last_ping = time.monotonic()
            yield ServerSentEvent(event="ping", data={"now": _now_ms(board)})


def _wav(data: bytes, max_age: int) -> Response:
    return Response(data, media_type="audio/wav",
                    headers={"Cache-Control": f"public, max-age={max_age}"})


def _no_sound(status: VoiceStatus) -> ApiError:
    return ApiError(404, "no_sound", status.reason or "Không có âm thanh.",
                    status.reason_en or "No sound.")


@router.get("/audio/chime.wav")
async def chime(site: str, request: Request) -> Response:
    sound = _sound(request)
    data = await sound.chime()
    if not data:
        raise _no_sound(await sound.status())
    return _wav(data, 86400)


@router.get("/audio/call/{counter}/{ticket}.wav")
async def call_audio(site: str, counter: int, ticket: str, request: Request,
                     short: bool = False, waiting: int = 1) -> Response:
    """A call's WAV: chime and speech, as the Qt board plays it (only calls made lately);
    ``?short=1&waiting=N``: the short call said when calls wait ("a mười hai, quầy ba")."""
    sound = _sound(request)
    status = await sound.status()
    if not status.available:
        raise _no_sound(status)
    board = await _boards(request).ready(site)
    if not board.knows_call(ticket, counter):
        raise ApiError(404, "unknown_call",
                       f"Bảng gọi số không có lượt gọi số {ticket} đến quầy {counter}.",
                       f"The board has no call of {ticket} to counter {counter}.")
    waiting = max(0, min(waiting, 50))
    return _wav(await sound.call(ticket, counter, short=short, waiting=waiting), 3600)
