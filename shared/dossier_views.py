"""Frozen views of dossiers: the public one (lookup kiosk) and the full one (clerk, slip)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.center import place_name
from shared.clock import local
from shared.dossier_limits import UNIT_TEXT, limit_text
from shared.models import (
    Channel,
    Counter,
    Delivery,
    Dossier,
    DossierStatus,
    Procedure,
    Site,
    Ticket,
)

#: status → (Vietnamese, English), as the lookup kiosk and the counter show it
STATUS_TEXT: dict[DossierStatus, tuple[str, str]] = {
    DossierStatus.RECEIVED: ("Đang giải quyết", "In progress"),
    DossierStatus.SUPPLEMENT_REQUESTED: ("Cần bổ sung hồ sơ", "Supplement requested"),
    DossierStatus.REFUSED: ("Từ chối giải quyết", "Refused"),
    DossierStatus.RESOLVED: ("Đã có kết quả, mời nhận", "Result ready for pickup"),
    DossierStatus.RETURNED: ("Đã trả kết quả", "Result returned"),
    DossierStatus.STOPPED: ("Dừng xử lý", "Stopped"),
    DossierStatus.WITHDRAWN: ("Công dân đã rút hồ sơ", "Withdrawn by the citizen"),
}

__all__ = ["STATUS_TEXT", "UNIT_TEXT", "Applicant", "DossierStatusView", "DossierView",
           "full_view", "public_view"]


@dataclass(frozen=True)
class Applicant:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DossierStatusView:
    """What anyone may see with the dossier code: no name, address, phone or email."""

    code: str
    procedure_code: str
    procedure_name: str
    status: DossierStatus
    status_text: str
    status_text_en: str
    received_at: datetime
    due_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None
    ready_for_pickup: bool
    #: Open past its due moment, or finished after it.
    overdue: bool
    #: Where the code comes from: "local" codes are shown marked "mã nội bộ".
    origin: str = "local"


@dataclass(frozen=True)
class DossierView:
    """A dossier as the clerk and the appointment slip (form 01) need it."""

    id: int
    code: str
    site_code: str
    agency_name: str
    procedure_code: str
    procedure_name: str
    channel: Channel
    status: DossierStatus
    status_text: str
    status_text_en: str
    applicant: Applicant
    documents: tuple[str, ...]
    copies: int
    fee: str
    delivery: Delivery
    received_at: datetime
    due_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None
    overdue: bool
    #: "3 ngày làm việc"; "" when the procedure's time limit is unknown
    time_limit_text: str
    ticket_id: int | None
    counter: int | None  # counter number
    clerk_id: int | None
    register_book: str
    register_entry: str
    note: str
    #: The place of the slip's date line ("Phường Bến Thành").
    place: str = ""
    #: Where the code comes from ("local", "province", "import"; shared.dossier_codes).
    origin: str = "local"
    #: The unit the dossier was received with ("working_days", …, "date", "unknown"; "" for
    #: dossiers from before it was kept); the due date before a form 04 moved it.
    time_unit: str = ""
    first_due_at: datetime | None = None
    #: The number of the ticket it was received for ("" without a ticket).
    ticket_number: str = ""


def is_overdue(dossier: Dossier, now: datetime) -> bool:
    """Late: open past the due moment, or resolved after it (refused/stopped/withdrawn:
    never)."""
    if dossier.due_at is None or dossier.status in (DossierStatus.REFUSED,
                                                     DossierStatus.STOPPED,
                                                     DossierStatus.WITHDRAWN):
        return False
    return (dossier.resolved_at or now) > dossier.due_at


def _local(moment: datetime | None) -> datetime | None:
    return None if moment is None else local(moment)


def public_view(dossier: Dossier, now: datetime,
                session: Session | None = None) -> DossierStatusView:
    """What the kiosk shows. With ``session``, the procedure's name is the catalog's for its
    code (an imported list's text never shows there), else the stored one."""
    status = DossierStatus(dossier.status)
    vi, en = STATUS_TEXT[status]
    name = dossier.procedure_name
    if session is not None and dossier.procedure_code:
        name = session.scalar(select(Procedure.name).where(
            Procedure.code == dossier.procedure_code)) or name
    return DossierStatusView(
        code=dossier.code, procedure_code=dossier.procedure_code,
        procedure_name=name, status=status, status_text=vi,
        status_text_en=en, received_at=local(dossier.received_at), due_at=_local(dossier.due_at),
        resolved_at=_local(dossier.resolved_at), returned_at=_local(dossier.returned_at),
        ready_for_pickup=status is DossierStatus.RESOLVED,
        overdue=is_overdue(dossier, now), origin=str(dossier.origin or "local"))


def full_view(s: Session, dossier: Dossier, now: datetime) -> DossierView:
    status = DossierStatus(dossier.status)
    vi, en = STATUS_TEXT[status]
    site = s.get(Site, dossier.site_id)
    counter = s.get(Counter, dossier.counter_id) if dossier.counter_id else None
    if dossier.time_unit:
        text = limit_text(dossier.time_limit, dossier.time_unit)
    else:  # received before the dossier kept its limit: the catalog's (once per session)
        known: dict[str, str] = s.info.setdefault("procedure_limit_texts", {})
        if dossier.procedure_code not in known:
            procedure = s.scalar(select(Procedure).filter_by(code=dossier.procedure_code))
            known[dossier.procedure_code] = "" if procedure is None else limit_text(
                procedure.time_limit, procedure.time_unit)
        text = known[dossier.procedure_code]
    ticket = s.get(Ticket, dossier.ticket_id) if dossier.ticket_id else None
    return DossierView(
        id=dossier.id, code=dossier.code, site_code=site.code if site else "",
        agency_name=site.agency_name if site else "",
        procedure_code=dossier.procedure_code, procedure_name=dossier.procedure_name,
        channel=Channel(dossier.channel), status=status, status_text=vi, status_text_en=en,
        applicant=Applicant(dossier.applicant_name, dossier.applicant_address,
                            dossier.applicant_phone, dossier.applicant_email),
        documents=tuple(dossier.documents or ()), copies=dossier.copies, fee=dossier.fee,
        delivery=Delivery(dossier.delivery), received_at=local(dossier.received_at),
        due_at=_local(dossier.due_at), resolved_at=_local(dossier.resolved_at),
        returned_at=_local(dossier.returned_at), overdue=is_overdue(dossier, now),
        time_limit_text=text, ticket_id=dossier.ticket_id,
        counter=counter.number if counter else None, clerk_id=dossier.clerk_id,
        register_book=dossier.register_book, register_entry=dossier.register_entry,
        note=dossier.note, place=place_name(site) if site else "",
        origin=str(dossier.origin or "local"),
        time_unit=dossier.time_unit or "", first_due_at=_local(dossier.first_due_at),
        ticket_number=ticket.number if ticket else "")
