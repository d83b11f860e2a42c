"""The desk's four forms as counter/slips.py fills them from a dossier: every field pinned
(written out here, not by the builders), and the ESC/POS bytes the counter sends for each
form exactly those of the form written out field by field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from counter.slips import (
    SlipPrinter,
    apology_document,
    refusal_document,
    slip_document,
    supplement_document,
)
from shared.clock import LOCAL_TZ
from shared.config import PrinterSettings
from shared.dossier_views import Applicant, DossierView
from shared.enums import Channel, Delivery, DossierStatus
from shared.printing.apology_layout import render_apology
from shared.printing.documents import (
    ApologyDocument,
    RefusalDocument,
    SlipDocument,
    SupplementDocument,
)
from shared.printing.page import FormDocument
from shared.printing.paper import Paper
from shared.printing.refusal_layout import render_refusal
from shared.printing.service import PrintService
from shared.printing.slip_layout import render_slip
from shared.printing.spec import PrinterSpec
from shared.printing.supplement_layout import render_supplement

CODE = "000.00.53.H48-261123-0007"
AGENCY = "UBND phường Bến Thành"
PLACE = "Phường Bến Thành"
PROCEDURE = "Cấp Giấy xác nhận tình trạng hôn nhân"
CLERK = "Nguyễn Thị Lan"
RECEIVED = datetime(2026, 11, 23, 9, 0, tzinfo=LOCAL_TZ)
DUE = datetime(2026, 11, 26, 9, 0, tzinfo=LOCAL_TZ)
OLD_DUE = datetime(2026, 11, 25, 16, 0, tzinfo=LOCAL_TZ)
ISSUED = datetime(2026, 11, 24, 10, 30, tzinfo=LOCAL_TZ)

DOSSIER = DossierView(
    id=7, code=CODE, site_code="BT", agency_name=AGENCY, procedure_code="1.004873",
    procedure_name=PROCEDURE, channel=Channel.IN_PERSON, status=DossierStatus.RECEIVED,
    status_text="Đang giải quyết", status_text_en="In progress",
    applicant=Applicant("Phạm Thị Dung", "45 Nguyễn Thái Học", "0903 123 456",
                        "dung@example.vn"),
    documents=("Tờ khai", "Giấy tờ tùy thân"), copies=2, fee="10.000đ",
    delivery=Delivery.COUNTER, received_at=RECEIVED, due_at=DUE, resolved_at=None,
    returned_at=None, overdue=False, time_limit_text="3 ngày làm việc", ticket_id=3,
    counter=1, clerk_id=2, register_book="03/2026", register_entry="0007", note="",
    place=PLACE, origin="local")
#: Sent by post, no known time limit, a code from the province, a fee waived.
BY_POST = replace(DOSSIER, delivery=Delivery.POST, time_limit_text="", origin="province",
                  fee="Miễn phí")

SLIP = SlipDocument(
    agency_name=AGENCY, place=PLACE, dossier_code=CODE, applicant_name="Phạm Thị Dung",
    procedure_name=PROCEDURE, received_at=RECEIVED, due_at=DUE,
    documents=("Tờ khai", "Giấy tờ tùy thân"), number_of_sets=2,
    processing_time="3 ngày làm việc", result_delivery="Tại Bộ phận tiếp nhận và trả kết quả",
    applicant_address="45 Nguyễn Thái Học", applicant_phone="0903 123 456",
    applicant_email="dung@example.vn", register_book="03/2026", register_entry="0007",
    fee_vnd=10000, fee_text="10.000đ", lookup_code=CODE, clerk_name=CLERK, local_code=True,
    supplemented_at=None)
SUPPLEMENT = SupplementDocument(
    agency_name=AGENCY, place=PLACE, dossier_code=CODE, applicant_name="Phạm Thị Dung",
    procedure_name=PROCEDURE, documents_to_add=("Giấy chứng sinh (bản chính)",),
    reason="Giấy chứng sinh là bản photo.", clerk_name=CLERK, issued_at=ISSUED,
    received_at=RECEIVED)
REFUSAL = RefusalDocument(
    agency_name=AGENCY, place=PLACE, dossier_code=CODE, applicant_name="Phạm Thị Dung",
    procedure_name=PROCEDURE, reason="Không thuộc thẩm quyền giải quyết của phường",
    clerk_name=CLERK, issued_at=ISSUED, received_at=RECEIVED,
    applicant_address="45 Nguyễn Thái Học", applicant_phone="0903 123 456",
    applicant_email="dung@example.vn")
APOLOGY = ApologyDocument(
    agency_name=AGENCY, place=PLACE, dossier_code=CODE, applicant_name="Phạm Thị Dung",
    procedure_name=PROCEDURE, received_at=RECEIVED, old_due_at=OLD_DUE, new_due_at=DUE,
    reason="Chờ kết quả xác minh của Công an phường", clerk_name=CLERK, issued_at=ISSUED,
    processing_time="3 ngày làm việc")


def built_slip() -> FormDocument:
    return slip_document(DOSSIER, CLERK)


def built_supplement() -> FormDocument:
    return supplement_document(DOSSIER, ("Giấy chứng sinh (bản chính)",),
                               "Giấy chứng sinh là bản photo.", CLERK, ISSUED)


def built_refusal() -> FormDocument:
    return refusal_document(DOSSIER, "Không thuộc thẩm quyền giải quyết của phường", CLERK,
                            ISSUED)


def built_apology() -> FormDocument:
    return apology_document(DOSSIER, OLD_DUE, "Chờ kết quả xác minh của Công an phường",
                            CLERK, ISSUED)


FORMS: list[tuple[Callable[[], FormDocument], FormDocument]] = [
    (built_slip, SLIP), (built_supplement, SUPPLEMENT), (built_refusal, REFUSAL),
    (built_apology, APOLOGY)]
IDS = ["01-slip", "02-supplement", "03-refusal", "04-apology"]


@pytest.mark.parametrize(("build", "expected"), FORMS, ids=IDS)
def test_each_form_is_filled_from_the_dossier_field_by_field(
        build: Callable[[], FormDocument], expected: FormDocument) -> None:
    """The agency, place, code, applicant and procedure every form shares, and each form's
    own fields, come from the dossier as written out here."""
    assert build() == expected


def test_the_slip_and_form_02_take_another_place_for_the_date_line() -> None:
    """``place`` overrides the dossier's place on forms 01 and 02; the rest is unchanged."""
    assert slip_document(DOSSIER, CLERK, place="Xã Tân Phú") == replace(SLIP,
                                                                       place="Xã Tân Phú")
    assert supplement_document(DOSSIER, ("Giấy chứng sinh (bản chính)",),
                               "Giấy chứng sinh là bản photo.", CLERK, ISSUED,
                               place="Xã Tân Phú") == replace(SUPPLEMENT, place="Xã Tân Phú")


def test_a_slip_sent_by_post_without_a_known_limit_nor_a_local_code() -> None:
    """Delivery by post, the unknown limit's text, a waived fee (0 đ), a province code; after
    a supplement received, its moment."""
    assert slip_document(BY_POST, CLERK, supplemented_at=ISSUED) == replace(
        SLIP, result_delivery="Qua dịch vụ bưu chính", processing_time="chưa xác định",
        fee_vnd=0, fee_text="Miễn phí", local_code=False, supplemented_at=ISSUED)


@pytest.mark.parametrize(("build", "expected"), FORMS, ids=IDS)
def test_the_counter_prints_exactly_the_bytes_of_the_form_written_out(
        build: Callable[[], FormDocument], expected: FormDocument, tmp_path: Path) -> None:
    """From the dossier to the thermal printer (a file): the ESC/POS bytes are those of the
    form written out field by field (the slip: both copies, each cut)."""
    out = tmp_path / "printer.bin"
    service = PrintService(PrinterSpec("file", str(out)), Paper.MM80)
    printer = SlipPrinter(service, PrinterSettings(spec=f"file:{out}"))
    doc = build()
    if isinstance(doc, SlipDocument):
        assert printer.print_slip(doc).printed
    else:
        assert printer.print_form(doc).printed
    if isinstance(expected, SlipDocument):
        parts = render_slip(expected, Paper.MM80, 2)
    elif isinstance(expected, SupplementDocument):
        parts = [render_supplement(expected, Paper.MM80)]
    elif isinstance(expected, RefusalDocument):
        parts = [render_refusal(expected, Paper.MM80)]
    else:
        parts = [render_apology(expected, Paper.MM80)]
    assert out.read_bytes() == service.job_bytes(parts)
