"""What gets printed, as plain frozen values: a queue ticket and forms 01 to 04.

These know nothing of the database: a service fills them from its views and hands them to the
layouts. Times are aware datetimes (checked for every document); they are printed in
Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path

from shared.enums import TicketStatus

OFFICE_NAME = "Bộ phận tiếp nhận và trả kết quả"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
COPY_KEPT = "Liên 1: lưu"
COPY_APPLICANT = "Liên 2: giao người nộp"
SLIP_TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
SUPPLEMENT_TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"


REFUSAL_TITLE = "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ"
APOLOGY_TITLE = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"


@dataclass(frozen=True)
class AwareTimes:
    """A document whose every time is an aware datetime (a naive one is a ValueError)."""

    def __post_init__(self) -> None:
        for item in fields(self):
            moment = getattr(self, item.name)
            if isinstance(moment, datetime) and moment.utcoffset() is None:
                raise ValueError(f"{item.name} must be an aware datetime, got {moment!r}")


@dataclass(frozen=True)
class TicketDocument(AwareTimes):
    """A queue ticket. ``qr_payload`` is the ticket's phone-page address or its id (see
    shared.printing.from_views): nothing personal goes on a ticket.

    A reprint (``reprinted_at`` set) prints the ticket's state at that time: the wait while it
    waits, ``counter`` once called, its end (at ``ended_at``) once finished, skipped or
    cancelled, and "IN LẠI" with the time."""

    center_name: str
    ticket_number: str
    service_name: str
    issued_at: datetime
    qr_payload: str
    people_ahead: int = 0
    estimated_wait_minutes: int | None = None
    priority_label: str | None = None
    #: The estimate's range (minutes): printed as "khoảng 20-30 phút".
    estimated_wait_low: int | None = None
    estimated_wait_high: int | None = None
    header_lines: tuple[str, ...] = ()
    footer_lines: tuple[str, ...] = ()
    logo_path: Path | None = None
    language: str = "vi"
    #: The numbers of the counters that serve the ticket's service: "Quầy 1, 2".
    counters: tuple[int, ...] = ()
    #: The ticket's state (a fresh ticket waits), the counter that called or served it, and
    #: when it ended (finished, no-show, cancelled).
    status: TicketStatus = TicketStatus.WAITING
    counter: int | None = None
    ended_at: datetime | None = None
    #: When a reprint was printed ("IN LẠI 10:42, 12/03/2025"); None for the kiosk's ticket.
    reprinted_at: datetime | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.people_ahead < 0:
            raise ValueError("people_ahead cannot be negative")


@dataclass(frozen=True)
class DossierForm(AwareTimes):
    """What every form about a dossier names: the agency and its office, the place of the
    date line ("Phường Bến Nghé"), the dossier, the applicant and the request."""

    agency_name: str
    place: str
    dossier_code: str
    applicant_name: str
    procedure_name: str
    office_name: str = field(default=OFFICE_NAME, kw_only=True)


@dataclass(frozen=True)
class SlipDocument(DossierForm):
    """Form 01, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả". The QR code holds ``dossier_code``.

    ``due_at`` None prints "chưa xác định"; ``fee_vnd`` None prints ``fee_text`` (else "chưa
    xác định"), 0 prints "Không thu phí".
    """

    received_at: datetime
    due_at: datetime | None
    documents: tuple[str, ...] = ()
    number_of_sets: int = 1
    processing_time: str = "chưa xác định"
    result_delivery: str = "Tại Bộ phận tiếp nhận và trả kết quả"
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""
    register_book: str = ""
    register_entry: str = ""
    fee_vnd: int | None = None
    #: The fee as written ("10.000đ/trường hợp"), printed when it is not a plain amount.
    fee_text: str = ""
    lookup_code: str = ""
    clerk_name: str = ""
    logo_path: Path | None = None
    #: The new slip after a supplement: when it was received (the due date counts from it;
    #: printed as "Ngày nhận bổ sung", the date line too). None: a first slip.
    supplemented_at: datetime | None = None
    #: A code made here, not the province's: printed under it as "mã nội bộ".
    local_code: bool = False


@dataclass(frozen=True)
class SupplementDocument(DossierForm):
    """Form 02: the request to supplement a dossier, with the documents to add and why."""

    documents_to_add: tuple[str, ...]
    reason: str
    clerk_name: str
    issued_at: datetime
    received_at: datetime | None = None
    contact_phone: str = ""


@dataclass(frozen=True)
class RefusalDocument(DossierForm):
    """Form 03: the dossier is refused, with the reason (Circular 03/2025, Annex I)."""

    reason: str
    clerk_name: str
    issued_at: datetime
    received_at: datetime | None = None
    applicant_address: str = ""
    applicant_phone: str = ""
    applicant_email: str = ""


@dataclass(frozen=True)
class ApologyDocument(DossierForm):
    """Form 04: the dossier will be late; an apology and the new due date, with the reason
    (Circular 03/2025, Annex I)."""

    received_at: datetime
    old_due_at: datetime | None
    new_due_at: datetime
    reason: str
    clerk_name: str
    issued_at: datetime
    processing_time: str = ""
