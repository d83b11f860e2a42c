"""``/admin/live``: live supervision of a site, for supervisors (and admins).

- ``GET /admin/live[?site=HQ]``: the page (the site's counters, waiting per service, today's
  figures, the alerts and today's no-shows), drawn by ``static/admin/live.js`` from the
  snapshot embedded in it;
- ``GET /admin/live/data?site=HQ``: the same snapshot as JSON;
- ``GET /admin/live/events?site=HQ``: server-sent events: ``live`` (the whole snapshot, at
  once and after each change of the site, and every :data:`REFRESH_SECONDS` so the alerts
  follow the clock), ``stale`` (the database is away), ``expired`` (the session ended: the
  page goes to the log-in). The stream does not keep the session alive.
- ``POST /admin/live/counter-status``, ``/counter-services``, ``/counter-services-usual``,
  ``/release``, ``/return-held``, ``/finish-held``, ``/requeue``, ``/alerts``: the actions,
  each through the core service with the supervisor named in its event; CSRF checked. A
  counter's services changed here are for the rest of the day only (``CounterDayServices``);
  the counters page changes them for good. Releasing a counter leaves the ticket it serves
  held there (the core's rule); ``/return-held`` puts such a ticket back in the queue and
  ``/finish-held`` ends it (the citizen was served or has left).
  A form post is sent back to the page; a ``fetch`` asking for JSON gets ``{"message": …}``.

A supervisor attached to a site sees only that site; an admin or a supervisor of no site
chooses among all.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from enum import StrEnum
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.sse import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from server.admin.live_json import OUTCOME_TEXTS, live_json, page_texts
from server.admin.render import page
from server.admin.sessions import AdminSession, FormSession, Session, store
from server.admin.site_choice import console_site, console_sites
from server.errors import ApiError
from server.pages import language
from server.state import server_state
from shared.clerks import ClerkService
from shared.counter_day import CounterDayServices
from shared.errors import LaysoError
from shared.models import CounterStatus, Outcome
from shared.supervision import MAX_MINUTES, SupervisionService

E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], value: str, name: str, label: tuple[str, str]) -> E:
    """A form's value of ``kind``, or a 422 ``invalid_<name>`` naming it (``label``: the
    field's Vietnamese and English names)."""
    try:
        return kind(value)
    except ValueError as error:
        raise ApiError(422, f"invalid_{name}", f"{label[0]} không hợp lệ: {value!r}.",
                       f"Invalid {label[1]}: {value!r}.") from error

log = logging.getLogger(__name__)

router = APIRouter(prefix="/admin/live", include_in_schema=False)

#: How long a stream waits for a change before checking the clock, the session, the server.
POLL_SECONDS = 1.0
#: A fresh snapshot this often without changes (the waits grow, alerts start to fire).
REFRESH_SECONDS = 15.0
#: After a change, further changes arriving within this long go into the same read.
SETTLE_SECONDS = 0.05
#: The browser's reconnection delay (ms).
RETRY_MS = 3000


def _site(request: Request, session: AdminSession, code: str | None) -> str:
    """The code of the site asked for (or the account's, or the first), if this account may
    supervise it."""
    return console_site(request, session, code,
                        unseen=("không giám sát cơ sở này", "not one you supervise")).code


def _snapshot(request: Request, site: str) -> dict[str, Any]:
    return live_json(SupervisionService(server_state(request).db).snapshot(site), language(request))


@router.get("")
def live_page(request: Request, session: Session, site: str | None = None) -> Response:
    code = _site(request, session, site)
    data = _snapshot(request, code)
    index = 1 if language(request) == "en" else 0
    return page(request, "live.html", session, data=data, site=code,
                sites=console_sites(request, session), texts=page_texts(language(request)),
                outcomes=[(str(outcome), texts[index])
                          for outcome, texts in OUTCOME_TEXTS.items()])


@router.get("/data")
def live_data(request: Request, session: Session, site: str | None = None) -> JSONResponse:
    return JSONResponse(_snapshot(request, _site(request, session, site)),
                        headers={"Cache-Control": "no-store"})


async def _stream_site(request: Request, session: Session, site: str | None = None
                       ) -> tuple[str, int]:
    """The stream's site code and id, checked before the stream starts (an unknown site is a
    404, not an error in the middle of a 200 stream)."""
    code = await run_in_threadpool(_site, request, session, site)
    return code, (await run_in_threadpool(server_state(request).site, code)).id


@router.get("/events", response_class=EventSourceResponse)
async def live_events(request: Request, session: Session,
                      chosen: Annotated[tuple[str, int], Depends(_stream_site)]
                      ) -> AsyncIterator[ServerSentEvent]:
    server = server_state(request)
    code, site_id = chosen
    sessions = store(request)
    hub = server.hub
    async with hub.subscribe(site_id) as subscription:
        last_read = 0.0
        stale = False
        dirty = True
        while not hub.stopping:
            if time.monotonic() - session.last_seen > sessions.idle_seconds:
                yield ServerSentEvent(event="expired", data={})
                return
            if dirty or time.monotonic() - last_read >= REFRESH_SECONDS:
                last_read = time.monotonic()
                try:
                    data = await run_in_threadpool(_snapshot, request, code)
                except LaysoError as error:
                    stale = True
                    yield ServerSentEvent(event="stale", retry=RETRY_MS, data={
                        "message": error.localized(language(request))})
                else:
                    dirty = stale = False
                    yield ServerSentEvent(event="live", data=data, retry=RETRY_MS)
            batch = await subscription.get(POLL_SECONDS)
            if batch is None:
                continue
            if batch.kind == "lost":
                if not stale:
                    stale = True
                    yield ServerSentEvent(event="stale", data={})
                continue
            await asyncio.sleep(SETTLE_SECONDS)
            while not subscription.queue.empty():  # a burst of changes: one read
                subscription.queue.get_nowait()
            dirty = True


# -- actions ---------------------------------------------------------------------------------
def _done(request: Request, site: str, message: str, message_en: str) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"message": message_en if language(request) == "en"
                             else message})
    return RedirectResponse(f"/admin/live?site={quote(site)}", 303)


def _actor(session: AdminSession) -> str:
    return session.clerk.username


@router.post("/counter-status")
def counter_status(request: Request, session: FormSession, site: Annotated[str, Form()],
                   counter: Annotated[int, Form()], status: Annotated[str, Form()]
                   ) -> Response:
    """Open, pause or close a counter (refused by the core while it serves a ticket)."""
    code = _site(request, session, site)
    wanted = _choice(CounterStatus, status, "status", ("Trạng thái", "status"))
    queue = server_state(request).queue(actor=_actor(session))
    queue.set_counter_status(queue.find_counter(code, counter).id, wanted)
    log.info("console: %s set counter %s/%s %s", _actor(session), code, counter, wanted)
    vi, en = {CounterStatus.OPEN: ("mở", "open"), CounterStatus.PAUSED: ("tạm nghỉ", "on break"),
              CounterStatus.CLOSED: ("đóng", "closed")}[wanted]
    return _done(request, code, f"Quầy {counter}: {vi}.", f"Counter {counter}: {en}.")


@router.post("/counter-services")
def counter_services(request: Request, session: FormSession, site: Annotated[str, Form()],
                     counter: Annotated[int, Form()],
                     services: Annotated[list[str] | None, Form()] = None) -> Response:
    """The services a counter serves, in order, for the rest of today (its usual ones, on the
    counters page, are kept and apply again tomorrow)."""
    code = _site(request, session, site)
    state = CounterDayServices(server_state(request).db, actor=_actor(session)).set_today(
        code, counter, services or [])
    listed = ", ".join(state.in_force)
    if state.today is None:
        return _done(request, code, f"Quầy {counter} phục vụ như thường ngày: {listed}.",
                     f"Counter {counter} serves its usual services: {listed}.")
    return _done(request, code, f"Hôm nay quầy {counter} phục vụ: {listed}.",
                 f"Today counter {counter} serves: {listed}.")


@router.post("/counter-services-usual")
def counter_services_usual(request: Request, session: FormSession,
                           site: Annotated[str, Form()], counter: Annotated[int, Form()]
                           ) -> Response:
    """The counter goes back to its usual services now (today's change dropped)."""
    code = _site(request, session, site)
    state = CounterDayServices(server_state(request).db, actor=_actor(session)).clear_today(
        code, counter)
    listed = ", ".join(state.usual)
    return _done(request, code, f"Quầy {counter} trở lại dịch vụ thường ngày: {listed}.",
                 f"Counter {counter} is back to its usual services: {listed}.")


@router.post("/release")
def release(request: Request, session: FormSession, site: Annotated[str, Form()],
            counter: Annotated[int, Form()]) -> Response:
    """Log out the clerk a counter was left with (a crashed PC); it closes."""
    code = _site(request, session, site)
    ClerkService(server_state(request).db, actor=_actor(session)).release(code, counter)
    log.info("console: %s released counter %s/%s", _actor(session), code, counter)
    state = server_state(request).queue().find_counter(code, counter)
    if state.current is not None:
        number = state.current.number
        return _done(request, code,
                     f"Đã giải phóng quầy {counter}. Số {number} vẫn giữ ở quầy: đưa lại vào "
                     "hàng đợi nếu không ai phục vụ tiếp.",
                     f"Counter {counter} released. {number} is still held there: put it "
                     "back in the queue if nobody carries on with it.")
    return _done(request, code, f"Đã giải phóng quầy {counter}.", f"Counter {counter} released.")


@router.post("/return-held")
def return_held(request: Request, session: FormSession, site: Annotated[str, Form()],
                counter: Annotated[int, Form()]) -> Response:
    """Put back in the queue the ticket a counter holds with nobody logged in there (left by
    a released clerk): it waits again in its place by issue time; the counter is free."""
    code = _site(request, session, site)
    queue = server_state(request).queue(actor=_actor(session))
    view = queue.return_held(queue.find_counter(code, counter).id)
    log.info("console: %s returned %s held by counter %s/%s to the queue", _actor(session),
             view.number, code, counter)
    return _done(request, code, f"Số {view.number} đã trở lại hàng đợi.",
                 f"{view.number} is back in the queue.")


@router.post("/finish-held")
def finish_held(request: Request, session: FormSession, site: Annotated[str, Form()],
                counter: Annotated[int, Form()], ticket: Annotated[int, Form()],
                outcome: Annotated[str, Form()] = Outcome.OTHER.value) -> Response:
    """End the ticket a counter holds with nobody logged in there (its clerk was released)
    when the citizen was served or has left: finished with the outcome the supervisor chose
    (``QueueService.finish``: the counter is free, ``ticket.finished`` names the supervisor).
    Refused while a clerk is at the counter (the clerk ends it) and when the counter holds
    another ticket than the one the page showed (``ticket``): checked by the finish itself,
    under the counter's lock, so a clerk logging in meanwhile is never overtaken."""
    code = _site(request, session, site)
    chosen = _choice(Outcome, outcome, "outcome", ("Kết quả", "outcome"))
    queue = server_state(request).queue(actor=_actor(session))
    view = queue.finish(queue.find_counter(code, counter).id, chosen, held_ticket=ticket)
    log.info("console: %s finished %s held by counter %s/%s (%s)", _actor(session),
             view.number, code, counter, chosen)
    vi, en = OUTCOME_TEXTS[chosen]
    return _done(request, code, f"Đã kết thúc số {view.number} (quầy {counter}): {vi}.",
                 f"{view.number} (counter {counter}) finished: {en}.")


@router.post("/requeue")
def requeue(request: Request, session: FormSession, site: Annotated[str, Form()],
            ticket: Annotated[int, Form()]) -> Response:
    """Put one of today's no-show tickets back in the queue."""
    code = _site(request, session, site)
    queue = server_state(request).queue(actor=_actor(session))
    if queue.ticket(ticket).site_code != code:
        raise ApiError(404, "not_found", "Không tìm thấy số thứ tự này.", "No such ticket.")
    view = queue.return_to_queue(ticket)
    return _done(request, code, f"Số {view.number} đã trở lại hàng đợi.",
                 f"{view.number} is back in the queue.")


@router.post("/alerts")
def set_alerts(request: Request, session: FormSession, site: Annotated[str, Form()],
               wait_minutes: Annotated[str, Form()] = "",
               break_minutes: Annotated[str, Form()] = "",
               unserved_service: Annotated[str, Form()] = "") -> Response:
    """The site's alerts: minutes (empty: that alert is off) and the unserved-service one.
    Each wrong number is named in ``errors`` (field → message), all at once, for the page
    to show next to its field; nothing is stored then."""
    code = _site(request, session, site)
    en = language(request) == "en"
    errors: dict[str, str] = {}
    wait = _minutes(wait_minutes, "wait_minutes", errors, en)
    pause = _minutes(break_minutes, "break_minutes", errors, en)
    if errors:
        message = ("Not saved: correct the marked fields." if en else
                   "Chưa lưu: hãy sửa các ô được đánh dấu.")
        if "application/json" not in request.headers.get("accept", ""):
            raise ApiError(422, "invalid_minutes", " ".join(errors.values()),
                           " ".join(errors.values()))
        return JSONResponse({"error": "invalid_minutes", "message": message,
                             "errors": errors}, status_code=422)
    SupervisionService(server_state(request).db, actor=_actor(session)).set_thresholds(
        code, wait_minutes=wait, break_minutes=pause,
        unserved_service=unserved_service in ("1", "on", "true", "yes"))
    return _done(request, code, "Đã lưu cảnh báo.", "Alerts saved.")


def _minutes(text: str, field: str, errors: dict[str, str], en: bool) -> int | None:
    """The minutes typed in ``field`` (None: empty, the alert is off); else its error."""
    text = text.strip()
    if not text:
        return None
    try:
        minutes = int(text)
    except ValueError:
        errors[field] = ("Enter the minutes as a whole number, or leave it empty to turn the "
                         "alert off." if en else "Hãy nhập số phút là số nguyên, hoặc để "
                         "trống để tắt cảnh báo.")
        return None
    if not 1 <= minutes <= MAX_MINUTES:
        errors[field] = (f"Minutes must be 1 to {MAX_MINUTES} (empty: the alert is off)."
                         if en else f"Số phút phải từ 1 đến {MAX_MINUTES} (để trống: tắt "
                         "cảnh báo).")
    return minutes
