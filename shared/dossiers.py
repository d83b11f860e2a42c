"""DossierService: receive a dossier, give it a code and a due date, and follow it to the end.

Life of a dossier (``DossierStatus``)::

    received ──resolve──▶ resolved ──return_result──▶ returned
       │  ▲                                   (result handed over)
       │  ├──supplement_received (due date counted again from then)
       │  └──reschedule (form 04: apology and a new due date, with the reason)
       ├──request_supplement──▶ supplement_requested ──refuse──▶ refused
       ├──refuse──▶ refused
       └──withdraw──▶ withdrawn   (the citizen withdraws it, "rút hồ sơ"; also while a
                                   supplement is requested)

A ticket may have several dossiers (a citizen files two at once), and a dossier may have no
ticket (filed online, by post, or brought over by a colleague). Each keeps the time limit it
was received with (shared/dossier_limits.py).

Codes are ``<agency code>-<yyMMdd>-<NNNN>``; the number restarts every local day and is
unique per agency. It comes from one upsert of the ``dossier_sequences`` row inside the
receiving transaction (atomic on SQLite and PostgreSQL); the unique ``dossiers.code`` is the
safety net. Every change appends an event (no personal data in it: the wall display reads
the change feed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.clock import business_day
from shared.db.database import Database
from shared.db.sequences import take_next
from shared.dossier_codes import code_for_receipt
from shared.dossier_limits import LimitChoice, due_for
from shared.dossier_search import search_dossiers
from shared.dossier_views import (
    Applicant,
    DossierStatusView,
    DossierView,
    full_view,
    public_view,
)
from shared.errors import InvalidOperation, NotFound
from shared.events import EventKind, record
from shared.lookups import get_counter, get_site
from shared.models import (
    CalendarDay,
    CalendarDayKind,
    Channel,
    Counter,
    Delivery,
    Dossier,
    DossierOrigin,
    DossierSequence,
    DossierStatus,
    Outcome,
    Procedure,
    RegisterSequence,
    Site,
    Ticket,
    TicketStatus,
)
from shared.queue import end_ticket
from shared.textfold import fold
from shared.workdays import CalendarSettings, TimeUnit, WorkCalendar

__all__ = ["Applicant", "DossierService", "DossierStatusView", "DossierView"]

OPEN_STATUSES = (DossierStatus.RECEIVED, DossierStatus.SUPPLEMENT_REQUESTED,
                 DossierStatus.RESOLVED)
SUPPLEMENTED = "dossier.supplemented"
RESCHEDULED = "dossier.rescheduled"

#: action → (statuses it may start from, status it leads to, event kind)
_TRANSITIONS: dict[str, tuple[frozenset[DossierStatus], DossierStatus, str]] = {
    "resolve": (frozenset({DossierStatus.RECEIVED}), DossierStatus.RESOLVED,
                EventKind.DOSSIER_RESOLVED),
    "supplement": (frozenset({DossierStatus.RECEIVED}), DossierStatus.SUPPLEMENT_REQUESTED,
                   EventKind.DOSSIER_SUPPLEMENT),
    "supplemented": (frozenset({DossierStatus.SUPPLEMENT_REQUESTED}), DossierStatus.RECEIVED,
                     SUPPLEMENTED),
    "refuse": (frozenset({DossierStatus.RECEIVED, DossierStatus.SUPPLEMENT_REQUESTED}),
               DossierStatus.REFUSED, EventKind.DOSSIER_REFUSED),
    "return": (frozenset({DossierStatus.RESOLVED}), DossierStatus.RETURNED,
               EventKind.DOSSIER_RETURNED),
    "withdraw": (frozenset({DossierStatus.RECEIVED, DossierStatus.SUPPLEMENT_REQUESTED}),
                 DossierStatus.WITHDRAWN, EventKind.DOSSIER_WITHDRAWN),
}


def allowed_actions(status: DossierStatus | str) -> frozenset[str]:
    """What a clerk may do to a dossier in ``status`` ("resolve", "supplement",
    "supplemented", "refuse", "return", "withdraw"): the counter greys out the rest."""
    return frozenset(action for action, (allowed, _target, _kind) in _TRANSITIONS.items()
                     if DossierStatus(status) in allowed)


class DossierService:
    """Dossiers of every site in one database. ``calendar`` holds the configured sessions."""

    def __init__(self, db: Database, calendar: CalendarSettings | None = None) -> None:
        self.db = db
        self.base_calendar = calendar or CalendarSettings()

    # -- calendar ---------------------------------------------------------------------------
    def calendar_for(self, site: str | None = None) -> WorkCalendar:
        """The working calendar: configured sessions plus the overrides in ``calendar_days``.

        The overrides table is shared by every site of the database (``site`` is accepted
        for when it becomes per site).
        """
        with self.db.reading() as s:
            return self._calendar(s)

    def _calendar(self, s: Session) -> WorkCalendar:
        kinds: dict[CalendarDayKind, set[date]] = {kind: set() for kind in CalendarDayKind}
        for row in s.scalars(select(CalendarDay)):
            kinds[CalendarDayKind(row.kind)].add(row.day)
        return WorkCalendar(replace(
            self.base_calendar,
            extra_days_off=self.base_calendar.extra_days_off | kinds[CalendarDayKind.DAY_OFF],
            removed_holidays=(self.base_calendar.removed_holidays
                              | kinds[CalendarDayKind.NOT_HOLIDAY]),
            extra_working_days=(self.base_calendar.extra_working_days
                                | kinds[CalendarDayKind.WORKING_DAY]),
        ))

    def due_date(self, procedure_code: str, received_at: datetime,
                 limit: LimitChoice | None = None) -> datetime | None:
        """When a dossier of this procedure received at ``received_at`` would be due (with
        ``limit``, the time limit the clerk entered, instead of the catalog's)."""
        with self.db.reading() as s:
            procedure = _procedure(s, procedure_code)
            if limit is None:
                return _due(self._calendar(s), procedure, received_at)
            if limit.due_at is not None:
                return limit.due_at
            return due_for(self._calendar(s), received_at, *limit.stored())

    # -- receiving --------------------------------------------------------------------------
    def receive(self, site: str, procedure_code: str, applicant: Applicant, *,
                channel: Channel = Channel.IN_PERSON, documents: Sequence[str] = (),
                copies: int = 1, delivery: Delivery = Delivery.COUNTER,
                fee: str | None = None, ticket_id: int | None = None,
                counter: int | None = None, clerk_id: int | None = None,
                register_book: str = "", register_entry: str = "", note: str = "",
                received_at: datetime | None = None,
                limit: LimitChoice | None = None, code: str | None = None) -> DossierView:
        """Receive a dossier (online / by post on its own, brought over with no ticket, or
        linked to a ticket).

        ``received_at`` defaults to the database clock; pass it for a dossier filed online
        earlier. ``fee`` defaults to the procedure's fee. The register book defaults to the
        year and the entry to the agency's next number in it. ``limit`` is the time limit
        the clerk entered (used when given, else the catalog's). At a counter serving the
        ticket, use :meth:`receive_at_counter`.
        """
        _check_form(applicant, copies)
        with self.db.transaction() as s:
            site_row = get_site(s, site)
            counter_row = get_counter(s, site_row, counter) if counter is not None else None
            if ticket_id is not None:
                ticket = s.get(Ticket, ticket_id)
                if ticket is None or ticket.site_id != site_row.id:
                    raise NotFound(f"Không tìm thấy số thứ tự (mã {ticket_id}).",
                                   f"Ticket {ticket_id} not found.")
            return self._create(
                s, site_row, procedure_code, applicant, channel=channel, documents=documents,
                copies=copies, delivery=delivery, fee=fee, ticket_id=ticket_id,
                counter_row=counter_row, clerk_id=clerk_id, register_book=register_book,
                register_entry=register_entry, note=note, received_at=received_at,
                limit=limit, code=code)

    def receive_at_counter(self, site: str, counter: int, ticket_id: int,
                           procedure_code: str, applicant: Applicant, *,
                           documents: Sequence[str] = (), copies: int = 1,
                           delivery: Delivery = Delivery.COUNTER, fee: str | None = None,
                           clerk_id: int | None = None, note: str = "",
                           limit: LimitChoice | None = None,
                           finish_ticket: bool = True,
                           code: str | None = None) -> DossierView:
        """Receive a dossier of the ticket being served at ``counter`` and finish that ticket
        (outcome "dossier received") in one transaction: both happen or neither does.

        ``finish_ticket=False`` receives one more dossier for the citizen in front of the
        clerk and keeps serving the ticket (a ticket may have several dossiers).
        Refused when the counter no longer serves that ticket (finished, transferred, or
        another clerk took the counter), so a retry after the finish never makes a second
        one. Print the slip only after this returns.
        """
        _check_form(applicant, copies)
        with self.db.transaction() as s:
            site_row = get_site(s, site)
            counter_row = s.scalar(select(Counter).where(
                Counter.id == get_counter(s, site_row, counter).id).with_for_update())
            assert counter_row is not None
            ticket = s.scalar(select(Ticket).where(Ticket.id == ticket_id).with_for_update())
            if ticket is None or ticket.site_id != site_row.id:
                raise NotFound(f"Không tìm thấy số thứ tự (mã {ticket_id}).",
                               f"Ticket {ticket_id} not found.")
            if (counter_row.current_ticket_id != ticket.id
                    or ticket.status != TicketStatus.SERVING):
                raise InvalidOperation(
                    f"Quầy {counter} không còn phục vụ số {ticket.number}: không tiếp nhận "
                    "hồ sơ được.",
                    f"Counter {counter} is no longer serving {ticket.number}: the dossier "
                    "was not received.")
            if clerk_id is not None and counter_row.clerk_id != clerk_id:
                raise InvalidOperation(
                    f"Quầy {counter} đang do cán bộ khác đăng nhập: không tiếp nhận hồ sơ "
                    "được.",
                    f"Another clerk is logged in at counter {counter}: the dossier was not "
                    "received.")
            view = self._create(
                s, site_row, procedure_code, applicant, channel=Channel.IN_PERSON,
                documents=documents, copies=copies, delivery=delivery, fee=fee,
                ticket_id=ticket.id, counter_row=counter_row, clerk_id=clerk_id, note=note,
                limit=limit, code=code)
            if finish_ticket:
                end_ticket(s, counter_row, ticket, self.db.now(s),
                           outcome=Outcome.DOSSIER_RECEIVED,
                           procedure_code=view.procedure_code)
            return view

    def _create(self, s: Session, site_row: Site, procedure_code: str, applicant: Applicant,
                *, channel: Channel, documents: Sequence[str], copies: int,
                delivery: Delivery, fee: str | None, ticket_id: int | None,
                counter_row: Counter | None, clerk_id: int | None, register_book: str = "",
                register_entry: str = "", note: str = "",
                received_at: datetime | None = None,
                limit: LimitChoice | None = None, code: str | None = None) -> DossierView:
        # ``code``: the province's, typed or scanned (checked, unique); None: a local one
        # when the site allows it (shared.dossier_codes).
        typed = code_for_receipt(s, site_row.id, code)
        procedure = _procedure(s, procedure_code)
        now = self.db.now(s)
        received = received_at or now
        calendar = self._calendar(s)
        if limit is not None:
            limit.check(received)
            time_limit, chosen_unit = limit.stored()
            time_unit: str | None = chosen_unit
            due = (limit.due_at if limit.due_at is not None and time_unit == "date"
                   else due_for(calendar, received, time_limit, time_unit))
        else:
            time_limit, time_unit = procedure.time_limit, procedure.time_unit
            due = _due(calendar, procedure, received)
        agency = site_row.agency_code or site_row.code
        day = business_day(received)
        origin = DossierOrigin.PROVINCE
        if typed is None:
            number = take_next(s, DossierSequence, agency_code=agency, day=day)
            typed, origin = f"{agency}-{day:%y%m%d}-{number:04d}".upper(), DossierOrigin.LOCAL
        book = register_book.strip() or f"{day:%Y}"
        entry = register_entry.strip() or str(
            take_next(s, RegisterSequence, agency_code=agency, book=book))
        dossier = Dossier(
            code=typed, origin=origin, site_id=site_row.id,
            procedure_code=procedure.code, procedure_name=procedure.name,
            channel=Channel(channel), status=DossierStatus.RECEIVED,
            applicant_name=applicant.name.strip(), applicant_address=applicant.address,
            applicant_phone=applicant.phone, applicant_email=applicant.email,
            documents=list(documents), copies=copies, fee=procedure.fee if fee is None else fee,
            delivery=Delivery(delivery), received_at=received,
            due_at=due, time_limit=time_limit, time_unit=time_unit, ticket_id=ticket_id,
            clerk_id=clerk_id, counter_id=counter_row.id if counter_row else None,
            register_book=book, register_entry=entry, note=note)
        s.add(dossier)
        s.flush()
        record(s, EventKind.DOSSIER_RECEIVED, now, site_id=site_row.id,
               dossier_id=dossier.id, ticket_id=ticket_id, clerk_id=clerk_id,
               counter_id=dossier.counter_id, code=dossier.code, channel=str(channel),
               time_unit=time_unit or "")
        return full_view(s, dossier, now)

    # -- transitions ------------------------------------------------------------------------
    # ``clerk_id`` and ``counter_id`` (the counter's id) go into each event: a result returned
    # or a supplement taken at any counter is recorded against whoever did it, where.
    def resolve(self, code: str, *, clerk_id: int | None = None, note: str = "",
                counter_id: int | None = None) -> DossierView:
        """The result is ready: the dossier waits for the citizen (or the post)."""
        return self._transition(code, "resolve", clerk_id, note, counter_id=counter_id)

    def request_supplement(self, code: str, reason: str, *, clerk_id: int | None = None,
                           counter_id: int | None = None) -> DossierView:
        """The dossier is incomplete: ask the citizen for more (form 02)."""
        return self._transition(code, "supplement", clerk_id, reason, needs_reason=True,
                                counter_id=counter_id)

    def supplement_received(self, code: str, *, clerk_id: int | None = None,
                            counter_id: int | None = None) -> DossierView:
        """The citizen completed the dossier: it is in progress again, its time limit counted
        again from now (a new slip is due)."""
        return self._transition(code, "supplemented", clerk_id, "", counter_id=counter_id)

    def refuse(self, code: str, reason: str, *, clerk_id: int | None = None,
               counter_id: int | None = None) -> DossierView:
        """Refuse to handle the dossier (form 03); a reason is required."""
        return self._transition(code, "refuse", clerk_id, reason, needs_reason=True,
                                counter_id=counter_id)

    def return_result(self, code: str, *, clerk_id: int | None = None, note: str = "",
                      counter_id: int | None = None) -> DossierView:
        """The result was handed to the citizen (or sent by post)."""
        return self._transition(code, "return", clerk_id, note, counter_id=counter_id)

    def withdraw(self, code: str, *, clerk_id: int | None = None,
                 note: str = "", counter_id: int | None = None) -> DossierView:
        """The citizen withdraws the dossier before it is resolved ("rút hồ sơ"): it is
        closed, neither finished nor refused (the reports count it as withdrawn)."""
        return self._transition(code, "withdraw", clerk_id, note, counter_id=counter_id)

    def _transition(self, code: str, action: str, clerk_id: int | None, note: str, *,
                    needs_reason: bool = False, counter_id: int | None = None) -> DossierView:
        if needs_reason and not note.strip():
            raise InvalidOperation("Cần ghi rõ lý do.", "A reason is required.")
        allowed, target, kind = _TRANSITIONS[action]
        with self.db.transaction() as s:
            dossier = _dossier(s, code, lock=True)
            now = self.db.now(s)
            if DossierStatus(dossier.status) not in allowed:
                view = full_view(s, dossier, now)
                raise InvalidOperation(
                    f"Hồ sơ {dossier.code} đang ở trạng thái “{view.status_text}”, "
                    "không thực hiện được thao tác này.",
                    f"Dossier {dossier.code} is “{view.status_text_en}”: not allowed now.")
            dossier.status = target
            if target is DossierStatus.RESOLVED:
                dossier.resolved_at = now
            elif target is DossierStatus.RETURNED:
                dossier.returned_at = now
            elif action == "supplemented":
                dossier.due_at = self._restarted_due(s, dossier, now)
                if dossier.time_unit not in ("date", "unknown"):
                    dossier.first_due_at = None  # counted again from now: a new first date
            if note:
                dossier.note = f"{dossier.note}\n{note}".strip()
            record(s, kind, now, site_id=dossier.site_id, dossier_id=dossier.id,
                   clerk_id=clerk_id, counter_id=counter_id, code=dossier.code,
                   status=str(target))
            return full_view(s, dossier, now)

    def _restarted_due(self, s: Session, dossier: Dossier, now: datetime) -> datetime | None:
        """The due date counted again from ``now`` with the limit the dossier was received
        with (the catalog's for dossiers from before it was kept); a date set by hand or an
        unknown limit stays as it was."""
        if dossier.time_unit in ("date", "unknown"):
            return dossier.due_at
        if dossier.time_unit:
            return due_for(self._calendar(s), now, dossier.time_limit, dossier.time_unit)
        procedure = s.scalar(select(Procedure).filter_by(code=dossier.procedure_code))
        return dossier.due_at if procedure is None else _due(self._calendar(s), procedure, now)

    def reschedule(self, code: str, new_due: datetime, reason: str, *,
                   clerk_id: int | None = None, counter_id: int | None = None) -> DossierView:
        """Form 04: the dossier will be late; apologise and set a new due date, with the
        reason. The first due date is kept (``first_due_at``) and the change is an event."""
        if not reason.strip():
            raise InvalidOperation("Cần ghi rõ lý do chậm trễ.", "A reason is required.")
        if new_due.utcoffset() is None:
            raise ValueError("new_due must be an aware datetime")
        with self.db.transaction() as s:
            dossier = _dossier(s, code, lock=True)
            now = self.db.now(s)
            if DossierStatus(dossier.status) not in (DossierStatus.RECEIVED,
                                                     DossierStatus.SUPPLEMENT_REQUESTED):
                view = full_view(s, dossier, now)
                raise InvalidOperation(
                    f"Hồ sơ {dossier.code} đang ở trạng thái “{view.status_text}”: không hẹn "
                    "lại được.", f"Dossier {dossier.code} is “{view.status_text_en}”: it "
                    "cannot be rescheduled.")
            if new_due <= now or (dossier.due_at is not None and new_due <= dossier.due_at):
                raise InvalidOperation(
                    "Ngày hẹn mới phải sau ngày hẹn cũ và sau thời điểm hiện tại.",
                    "The new due date must be after the old one and after now.")
            old = dossier.due_at
            if dossier.first_due_at is None:
                dossier.first_due_at = old
            dossier.due_at = new_due
            dossier.note = f"{dossier.note}\nHẹn lại (mẫu 04): {reason.strip()}".strip()
            record(s, RESCHEDULED, now, site_id=dossier.site_id, dossier_id=dossier.id,
                   clerk_id=clerk_id, counter_id=counter_id, code=dossier.code,
                   old_due=old.isoformat() if old else None, new_due=new_due.isoformat(),
                   reason=reason.strip())
            return full_view(s, dossier, now)

    # -- reading ----------------------------------------------------------------------------
    def get(self, code: str) -> DossierStatusView:
        """What the lookup kiosk shows: status, due date, ready, overdue. Nothing personal."""
        with self.db.reading() as s:
            return public_view(_dossier(s, code), self.db.now(s), s)

    def details(self, code: str) -> DossierView:
        """Everything about one dossier, for the clerk and the appointment slip."""
        with self.db.reading() as s:
            return full_view(s, _dossier(s, code), self.db.now(s))

    def list_open(self, site: str, counter: int | None = None,
                  query: str | None = None) -> list[DossierView]:
        """Dossiers not finished with (incl. results awaiting pickup), soonest due first.

        ``query`` matches code, applicant name, phone or procedure, accent-insensitively.
        """
        with self.db.reading() as s:
            site_row = get_site(s, site)
            stmt = select(Dossier).where(Dossier.site_id == site_row.id,
                                         Dossier.status.in_(OPEN_STATUSES))
            if counter is not None:
                stmt = stmt.where(Dossier.counter_id == get_counter(s, site_row, counter).id)
            rows = list(s.scalars(stmt))
            if query and query.strip():
                needle = fold(query.strip())
                rows = [row for row in rows if needle in fold(
                    f"{row.code} {row.applicant_name} {row.applicant_phone} "
                    f"{row.procedure_name}")]
            rows.sort(key=lambda row: (row.due_at is None, row.due_at or row.received_at,
                                       row.received_at))
            ticket_ids = {row.ticket_id for row in rows if row.ticket_id is not None}
            if ticket_ids:  # one query for the views' ticket numbers, not one per row
                list(s.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids))))
            now = self.db.now(s)
            return [full_view(s, row, now) for row in rows]

    def search(self, site: str, query: str = "", *,
               statuses: Sequence[DossierStatus] | None = None,
               limit: int = 200) -> list[DossierView]:
        """Every dossier of the site, whichever counter received it, finished ones included:
        by code or part of it, the applicant's name (accents optional), phone (spaces and
        dots ignored) or procedure; newest first. ``statuses`` keeps only those."""
        with self.db.reading() as s:
            site_row = get_site(s, site)
            rows = search_dossiers(s, site_row.id, query, statuses, limit)
            now = self.db.now(s)
            return [full_view(s, row, now) for row in rows]

    def of_ticket(self, ticket_id: int) -> list[DossierView]:
        """The dossiers received for a ticket, in the order received."""
        with self.db.reading() as s:
            rows = s.scalars(select(Dossier).where(Dossier.ticket_id == ticket_id)
                             .order_by(Dossier.id))
            now = self.db.now(s)
            return [full_view(s, row, now) for row in rows]


def _due(calendar: WorkCalendar, procedure: Procedure, received: datetime) -> datetime | None:
    if procedure.time_limit is None or not procedure.time_unit:
        return None
    return calendar.due_at(received, procedure.time_limit, TimeUnit(procedure.time_unit))


def _check_form(applicant: Applicant, copies: int) -> None:
    if not applicant.name.strip():
        raise InvalidOperation("Chưa nhập họ tên người nộp hồ sơ.",
                               "The applicant's name is missing.")
    if copies < 1:
        raise InvalidOperation("Số bộ hồ sơ phải từ 1 trở lên.",
                               "The number of sets must be at least 1.")


def _procedure(s: Session, code: str) -> Procedure:
    procedure = s.scalar(select(Procedure).filter_by(code=code.strip()))
    if procedure is None:
        raise NotFound(f"Không tìm thấy thủ tục mã “{code}”.", f"Procedure “{code}” not found.")
    return procedure


def _dossier(s: Session, code: str, *, lock: bool = False) -> Dossier:
    stmt = select(Dossier).filter_by(code=code.strip().upper())
    if lock:
        stmt = stmt.with_for_update()
    dossier = s.scalar(stmt)
    if dossier is None:
        raise NotFound(f"Không tìm thấy hồ sơ có mã “{code.strip()}”.",
                       f"No dossier with code “{code.strip()}”.")
    return dossier
