"""What the phone page shows of one ticket, as a plain value, and the words for it.

:class:`PhoneState` holds only what the page shows: the number, the service, the status, the
counter, people ahead, the wait, how many times it was called. No personal data (a ticket has
none) and nothing at all once its business day is over (status ``expired``).

:func:`message` turns a state into the JSON object the page is drawn from: the server-rendered
HTML and every server-sent event use the same object, so the first paint and the live updates
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from shared.changes import Change
from shared.clock import LOCAL_TZ
from shared.i18n import tr
from shared.views import TicketView
from shared.wait_estimate import wait_shown

#: The statuses the page knows: the ticket's own, and ``expired`` (its day is over).
STATUSES = ("waiting", "serving", "finished", "no_show", "cancelled", "expired")


@dataclass(frozen=True)
class PhoneState:
    ticket_id: int
    number: str
    service_name: str
    service_name_en: str
    status: str
    business_day: date
    counter: int | None = None
    people_ahead: int | None = None
    estimated_wait_minutes: int | None = None
    call_count: int = 0
    #: The wait's range (minutes), meant to hold about 80 % of actual waits.
    estimated_wait_low: int | None = None
    estimated_wait_high: int | None = None

    @classmethod
    def of(cls, view: TicketView, today: date) -> PhoneState:
        """The state of ``view`` as of ``today`` (the site's business day)."""
        status = "expired" if view.business_day < today else str(view.status)
        waiting = status == "waiting"
        return cls(view.id, view.number, view.service_name,
                   view.service_name_en or view.service_name, status, view.business_day,
                   counter=view.counter if status != "expired" else None,
                   people_ahead=view.people_ahead if waiting else None,
                   estimated_wait_minutes=view.estimated_wait_minutes if waiting else None,
                   call_count=view.call_count,
                   estimated_wait_low=view.estimated_wait_low if waiting else None,
                   estimated_wait_high=view.estimated_wait_high if waiting else None)

    def on_day(self, today: date) -> PhoneState:
        """This state, expired if ``today`` is past its day."""
        if self.business_day < today and self.status != "expired":
            return replace(self, status="expired", counter=None, people_ahead=None,
                           estimated_wait_minutes=None,
                           estimated_wait_low=None, estimated_wait_high=None)
        return self

    def after(self, change: Change) -> PhoneState | None:
        """This state after a change of its ticket, from the event alone (no query); None when
        the event does not say enough (a transfer: the new queue must be read)."""
        data = change.data
        counter = data.get("counter_number")
        counter = int(counter) if isinstance(counter, int) else self.counter
        if change.kind == "ticket.called":
            return replace(self, status="serving", counter=counter, people_ahead=None,
                           estimated_wait_minutes=None, estimated_wait_low=None,
                           estimated_wait_high=None, call_count=self.call_count + 1)
        if change.kind == "ticket.recalled":
            count = data.get("call_count")
            return replace(self, status="serving", counter=counter, people_ahead=None,
                           estimated_wait_minutes=None, estimated_wait_low=None,
                           estimated_wait_high=None,
                           call_count=int(count) if isinstance(count, int)
                           else self.call_count + 1)
        ended = {"ticket.finished": "finished", "ticket.no_show": "no_show",
                 "ticket.cancelled": "cancelled"}.get(change.kind)
        if ended is not None:
            return replace(self, status=ended, counter=counter, people_ahead=None,
                           estimated_wait_minutes=None,
                           estimated_wait_low=None, estimated_wait_high=None)
        return None


def wait_text(state: PhoneState, lang: str) -> str:
    """"khoảng 20-30 phút" (the estimate's range); "Sắp đến lượt" under five minutes (or with
    nobody ahead and no estimate), never "0 phút"; as the ticket and the kiosk say it
    (``shared.wait_estimate.wait_shown``)."""
    shown = wait_shown(state.people_ahead, state.estimated_wait_minutes,
                       state.estimated_wait_low, state.estimated_wait_high)
    if shown.kind == "soon":
        return tr("phone.wait_next", lang)
    if shown.kind == "unknown":
        return tr("phone.wait_unknown", lang)
    if shown.kind == "minutes":
        return tr("phone.wait_minutes", lang, minutes=shown.low)
    return tr("phone.wait_range", lang, low=shown.low, high=shown.high)


def texts(state: PhoneState, lang: str) -> dict[str, str]:
    """The words the page shows for ``state``, keyed by the page's ``data-k`` slots."""
    status = state.status
    words = {"headline": "", "detail": "", "ahead": "", "wait": "", "call": "",
             "call_detail": ""}
    if status == "expired":
        words.update(headline=tr("phone.expired", lang), detail=tr("phone.expired_detail", lang))
        return words
    words["title"] = tr("phone.title", lang, number=state.number)
    if status == "waiting":
        words.update(headline=tr("phone.waiting", lang), detail=tr("phone.keep_open", lang),
                     ahead=(tr("phone.people_ahead_value", lang, count=state.people_ahead)
                            if state.people_ahead is not None
                            else tr("phone.wait_unknown", lang)),
                     wait=wait_text(state, lang))
    elif status == "serving":
        call = tr("phone.call", lang, counter=state.counter or "")
        words.update(headline=call, call=call,
                     call_detail=(tr("phone.call_again", lang, count=state.call_count)
                                  if state.call_count > 1
                                  else tr("phone.call_detail", lang, number=state.number)))
        words["title"] = f"{call} · {state.number}"
    else:
        words.update(headline=tr(f"phone.{status}", lang),
                     detail=tr(f"phone.{status}_detail", lang))
    return words


def message(state: PhoneState, lang: str, *, stale: bool = False,
            now: datetime | None = None) -> dict[str, Any]:
    """The object the page is drawn from (and each server-sent event carries)."""
    moment = (now or datetime.now(LOCAL_TZ)).astimezone(LOCAL_TZ)
    words = texts(state, lang)
    words["notice"] = tr("phone.stale", lang) if stale else ""
    words["updated"] = tr("phone.updated", lang, time=f"{moment:%H:%M}")
    if state.status == "expired":
        return {"status": "expired", "called": False, "stale": stale, "text": words}
    return {
        "status": state.status,
        "called": state.status == "serving",
        "number": state.number,
        "service": state.service_name_en if lang == "en" else state.service_name,
        "counter": state.counter,
        "people_ahead": state.people_ahead,
        "estimated_wait_minutes": state.estimated_wait_minutes,
        "estimated_wait_low": state.estimated_wait_low,
        "estimated_wait_high": state.estimated_wait_high,
        "call_count": state.call_count,
        "stale": stale,
        "text": words,
    }
