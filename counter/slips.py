"""Print the desk's forms for a dossier, as the settings say: form 01 (appointment slip), 02
(supplement request), 03 (refusal) and 04 (apology and new due date), on the thermal printer
(the slip in two copies, each cut), as an A5 PDF file with real text, or as A5 pages on a
system printer; ``printer.archive_copy`` sends the slip's archive copy (Liên 1) to A5 while
the citizen's copy comes out of the thermal printer."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypedDict

from shared import paths
from shared.config import PrinterSettings
from shared.dossier_limits import UNKNOWN_TEXT
from shared.dossier_views import DossierView
from shared.errors import PrinterError
from shared.models import Delivery
from shared.printing.documents import (
    COPY_APPLICANT,
    COPY_KEPT,
    ApologyDocument,
    RefusalDocument,
    SlipDocument,
    SupplementDocument,
)
from shared.printing.page import DEFAULT_DPI, FormDocument, form_blocks, form_pdf
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


class _DossierFields(TypedDict):
    """What every form (shared.printing.documents.DossierForm) says of its dossier."""

    agency_name: str
    place: str
    dossier_code: str
    applicant_name: str
    procedure_name: str


def _dossier_fields(dossier: DossierView, place: str = "") -> _DossierFields:
    """The fields every form shares, from the dossier; ``place`` (the date line's) overrides
    the dossier's."""
    return _DossierFields(
        agency_name=dossier.agency_name, place=place or dossier.place,
        dossier_code=dossier.code, applicant_name=dossier.applicant.name,
        procedure_name=dossier.procedure_name)


def slip_document(dossier: DossierView, clerk_name: str, place: str = "",
                  supplemented_at: datetime | None = None) -> SlipDocument:
    """Form 01 filled from the dossier (the QR code holds its code); the date line's place is
    the site's (``place`` overrides it). ``supplemented_at``: the new slip after a supplement
    received then (its date, and the limit counted again from it)."""
    delivery = ("Qua dịch vụ bưu chính" if dossier.delivery == Delivery.POST
                else "Tại Bộ phận tiếp nhận và trả kết quả")
    return SlipDocument(
        **_dossier_fields(dossier, place), received_at=dossier.received_at,
        due_at=dossier.due_at, documents=dossier.documents,
        number_of_sets=dossier.copies,
        processing_time=dossier.time_limit_text or UNKNOWN_TEXT,
        result_delivery=delivery, applicant_address=dossier.applicant.address,
        applicant_phone=dossier.applicant.phone, applicant_email=dossier.applicant.email,
        register_book=dossier.register_book, register_entry=dossier.register_entry,
        fee_vnd=fee_vnd(dossier.fee), fee_text=dossier.fee, lookup_code=dossier.code,
        clerk_name=clerk_name, local_code=dossier.origin == "local",
        supplemented_at=supplemented_at)


def supplement_document(dossier: DossierView, documents: tuple[str, ...], reason: str,
                        clerk_name: str, issued_at: datetime,
                        place: str = "") -> SupplementDocument:
    """Form 02 for the dossier: what to add and why."""
    return SupplementDocument(
        **_dossier_fields(dossier, place), documents_to_add=documents, reason=reason,
        clerk_name=clerk_name, issued_at=issued_at,
        received_at=dossier.received_at)


def refusal_document(dossier: DossierView, reason: str, clerk_name: str,
                     issued_at: datetime) -> RefusalDocument:
    """Form 03 for the dossier: refused, and why."""
    return RefusalDocument(
        **_dossier_fields(dossier), reason=reason, clerk_name=clerk_name, issued_at=issued_at,
        received_at=dossier.received_at, applicant_address=dossier.applicant.address,
        applicant_phone=dossier.applicant.phone, applicant_email=dossier.applicant.email)


def apology_document(dossier: DossierView, old_due: datetime | None, reason: str,
                     clerk_name: str, issued_at: datetime) -> ApologyDocument:
    """Form 04 for a dossier whose due date was just moved (``dossier.due_at`` is the new
    one, ``old_due`` the one it replaces)."""
    assert dossier.due_at is not None
    return ApologyDocument(
        **_dossier_fields(dossier), received_at=dossier.received_at, old_due_at=old_due,
        new_due_at=dossier.due_at, reason=reason, clerk_name=clerk_name, issued_at=issued_at,
        processing_time=dossier.time_limit_text or UNKNOWN_TEXT)


#: form → (what the messages call it, the PDF file's name prefix)
_NAMES: dict[type, tuple[str, str]] = {
    SlipDocument: ("giấy hẹn", "giay-hen"),
    SupplementDocument: ("phiếu yêu cầu bổ sung", "phieu-bo-sung"),
    RefusalDocument: ("phiếu từ chối (mẫu 03)", "phieu-tu-choi"),
    ApologyDocument: ("phiếu xin lỗi, hẹn lại (mẫu 04)", "phieu-xin-loi"),
}


class SlipPrinter:
    """Sends forms to the configured output; never raises for printer trouble."""

    def __init__(self, printing: PrintService, settings: PrinterSettings) -> None:
        self.printing = printing
        self.settings = settings

    @property
    def as_pdf(self) -> bool:
        return self.settings.slip == "a5-pdf"

    @property
    def on_system_printer(self) -> bool:
        return self.settings.slip == "a5-printer"

    @property
    def archive_apart(self) -> str:
        """Where the slip's archive copy goes when not with the citizen's ("" = with it)."""
        return self.settings.archive_copy if self.settings.slip == "thermal" else ""

    def pdf_dir(self) -> Path:
        folder = Path(self.settings.slip_dir) if self.settings.slip_dir else (
            paths.data_dir() / "slips")
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _pdf_path(self, prefix: str, code: str) -> Path:
        """A new file each time (a reprint or a new slip keeps the earlier ones)."""
        base = self.pdf_dir() / f"{prefix}-{_safe(code)}"
        # Not base.with_suffix(): the code's last dot part (".H48-261205-0001") is no suffix.
        path, number = Path(f"{base}.pdf"), 1
        while path.exists():
            number += 1
            path = Path(f"{base}-{number}.pdf")
        return path

    def _to_system_printer(self, doc: FormDocument, labels: tuple[str, ...] | None,
                           what: str) -> SlipOutcome:
        from counter.page_printer import print_forms  # Qt's print support, when used

        target = self.settings.slip_printer
        try:
            print_forms(form_blocks(doc, DEFAULT_DPI, labels), DEFAULT_DPI, target)
        except PrinterError as error:
            log.warning("system printer: %s", error.message)
            return SlipOutcome(False, False, None, f"Chưa in được {what}: {error.message}")
        where = target or "máy in mặc định"
        return SlipOutcome(True, False, None, f"Đã in {what} ra {where}.")

    def _to_pdf(self, doc: FormDocument, labels: tuple[str, ...] | None, prefix: str,
                what: str) -> SlipOutcome:
        path = self._pdf_path(prefix, doc.dossier_code)
        try:
            path.write_bytes(form_pdf(doc, labels=labels))
        except OSError as error:
            log.warning("cannot write %s: %s", path, error)
            return SlipOutcome(False, False, None, f"Chưa lưu được {what}: {error}")
        return SlipOutcome(False, False, path, f"Đã lưu {what}: {path}")

    def print_slip(self, doc: SlipDocument) -> SlipOutcome:
        """Form 01 in two copies: Liên 1 (kept) and Liên 2 (the citizen's)."""
        if self.on_system_printer:
            return self._to_system_printer(doc, (COPY_KEPT, COPY_APPLICANT),
                                           "giấy hẹn (2 liên, A5)")
        if self.as_pdf:
            return self._to_pdf(doc, (COPY_KEPT, COPY_APPLICANT), "giay-hen", "giấy hẹn")
        archive = self.archive_apart
        if not archive:
            return self._outcome(self.printing.print_slip(doc, copies=2),
                                 "giấy hẹn (2 liên)")
        citizen = self._outcome(self.printing.print_slip(doc, copies=1),
                                "giấy hẹn (liên 2)")
        kept = (self._to_pdf(doc, (COPY_KEPT,), "luu-giay-hen", "liên 1 (lưu, A5)")
                if archive == "a5-pdf" else
                self._to_system_printer(doc, (COPY_KEPT,), "liên 1 (lưu, A5)"))
        return SlipOutcome(citizen.printed, citizen.queued, kept.pdf,
                           f"{citizen.message} {kept.message}")

    def print_form(self, doc: SupplementDocument | RefusalDocument | ApologyDocument
                   ) -> SlipOutcome:
        """Form 02, 03 or 04 (one copy) where the slip goes."""
        what, prefix = _NAMES[type(doc)]
        if self.on_system_printer:
            return self._to_system_printer(doc, None, what)
        if self.as_pdf:
            return self._to_pdf(doc, None, prefix, what)
        if isinstance(doc, SupplementDocument):
            result = self.printing.print_supplement(doc)
        elif isinstance(doc, RefusalDocument):
            result = self.printing.print_refusal(doc)
        else:
            result = self.printing.print_apology(doc)
        return self._outcome(result, what)

    def print_supplement(self, doc: SupplementDocument) -> SlipOutcome:
        return self.print_form(doc)

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
