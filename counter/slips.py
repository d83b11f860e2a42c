"""Print form 01 (appointment slip) and form 02 (supplement request) for a dossier, as the
settings say: on the thermal printer (two copies, each cut), as an A5 PDF file, or as A5
pages on a system printer."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image

from shared import paths
from shared.config import PrinterSettings
from shared.dossier_views import DossierView
from shared.errors import PrinterError
from shared.models import Delivery
from shared.printing.documents import SlipDocument, SupplementDocument
from shared.printing.page import pdf_bytes, slip_pages, supplement_page, write_slip_pdf
from shared.printing.service import PrintService
from shared.printing.spooler import PrintResult, PrintStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlipOutcome:
    """Where a form went: printed, waiting in the spool, not printed (no printer), or a PDF."""

    printed: bool
    queued: bool
    pdf: Path | None
    message: str


def fee_vnd(fee: str) -> int | None:
    """A fee text as an amount when it is one: "Miễn…" → 0, "10.000đ" → 10000, else None."""
    text = fee.strip().lower()
    if not text:
        return None
    if text.startswith(("miễn", "không")):
        return 0
    match = re.fullmatch(r"([\d.,\s]+)\s*(đ|đồng|vnd|vnđ)?", text)
    if match is None:
        return None
    digits = re.sub(r"\D", "", match.group(1))
    return int(digits) if digits else None


def slip_document(dossier: DossierView, clerk_name: str, place: str = "") -> SlipDocument:
    """Form 01 filled from the dossier (the QR code holds its code); the date line's place is
    the site's (``place`` overrides it)."""
    delivery = ("Qua dịch vụ bưu chính" if dossier.delivery == Delivery.POST
                else "Tại Bộ phận tiếp nhận và trả kết quả")
    return SlipDocument(
        agency_name=dossier.agency_name, place=place or dossier.place,
        dossier_code=dossier.code, applicant_name=dossier.applicant.name,
        procedure_name=dossier.procedure_name, received_at=dossier.received_at,
        due_at=dossier.due_at, documents=dossier.documents,
        number_of_sets=dossier.copies,
        processing_time=dossier.time_limit_text or "chưa xác định",
        result_delivery=delivery, applicant_address=dossier.applicant.address,
        applicant_phone=dossier.applicant.phone, applicant_email=dossier.applicant.email,
        register_book=dossier.register_book, register_entry=dossier.register_entry,
        fee_vnd=fee_vnd(dossier.fee), fee_text=dossier.fee, lookup_code=dossier.code,
        clerk_name=clerk_name)


def supplement_document(dossier: DossierView, documents: tuple[str, ...], reason: str,
                        clerk_name: str, issued_at: datetime,
                        place: str = "") -> SupplementDocument:
    """Form 02 for the dossier: what to add and why."""
    return SupplementDocument(
        agency_name=dossier.agency_name, place=place or dossier.place,
        dossier_code=dossier.code, applicant_name=dossier.applicant.name,
        procedure_name=dossier.procedure_name, documents_to_add=documents, reason=reason,
        clerk_name=clerk_name, issued_at=issued_at,
        received_at=dossier.received_at)


class SlipPrinter:
    """Sends forms to the configured output; never raises for printer trouble."""

    def __init__(self, printing: PrintService, settings: PrinterSettings) -> None:
        self.printing = printing
        self.settings = settings

    @property
    def as_pdf(self) -> bool:
        return self.settings.slip == "a5-pdf"

    def pdf_dir(self) -> Path:
        folder = Path(self.settings.slip_dir) if self.settings.slip_dir else (
            paths.data_dir() / "slips")
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @property
    def on_system_printer(self) -> bool:
        return self.settings.slip == "a5-printer"

    def _to_system_printer(self, pages: list[Image.Image], what: str) -> SlipOutcome:
        from counter.page_printer import print_pages  # Qt's print support, when used

        target = self.settings.slip_printer
        try:
            print_pages(pages, target)
        except PrinterError as error:
            log.warning("system printer: %s", error.message)
            return SlipOutcome(False, False, None, f"Chưa in được {what}: {error.message}")
        where = target or "máy in mặc định"
        return SlipOutcome(True, False, None, f"Đã in {what} ra {where}.")

    def print_slip(self, doc: SlipDocument) -> SlipOutcome:
        if self.on_system_printer:
            return self._to_system_printer(slip_pages(doc, copies=2), "giấy hẹn (2 liên, A5)")
        if self.as_pdf:
            path = write_slip_pdf(doc, self.pdf_dir() / f"giay-hen-{_safe(doc.dossier_code)}.pdf")
            return SlipOutcome(False, False, path, f"Đã lưu giấy hẹn: {path}")
        return self._outcome(self.printing.print_slip(doc, copies=2), "giấy hẹn (2 liên)")

    def print_supplement(self, doc: SupplementDocument) -> SlipOutcome:
        if self.on_system_printer:
            return self._to_system_printer([supplement_page(doc)], "phiếu yêu cầu bổ sung")
        if self.as_pdf:
            path = self.pdf_dir() / f"phieu-bo-sung-{_safe(doc.dossier_code)}.pdf"
            path.write_bytes(pdf_bytes([supplement_page(doc)]))
            return SlipOutcome(False, False, path, f"Đã lưu phiếu bổ sung: {path}")
        return self._outcome(self.printing.print_supplement(doc), "phiếu yêu cầu bổ sung")

    @staticmethod
    def _outcome(result: PrintResult, what: str) -> SlipOutcome:
        if result.status is PrintStatus.PRINTED:
            return SlipOutcome(True, False, None, f"Đã in {what}.")
        if result.status is PrintStatus.QUEUED:
            detail = result.error.message if result.error else ""
            return SlipOutcome(False, True, None,
                               f"Chưa in được {what}: {detail} Sẽ tự in lại.".strip())
        return SlipOutcome(False, False, None, f"Không in {what}: chưa cấu hình máy in.")


def _safe(code: str) -> str:
    return re.sub(r"[^0-9A-Za-z.-]", "_", code)
