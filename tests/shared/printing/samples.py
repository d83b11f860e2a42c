"""Sample documents for the printing tests: a real-looking center, ticket, slip and form 02."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.printing.documents import SlipDocument, SupplementDocument, TicketDocument

TICKET_ID = "7f3c2a10-5b1e-4c8e-9a77-0d2b1f4e6a01"
DOSSIER_CODE = "000.00.53.H48-250312-0099"


def ticket(**changes: object) -> TicketDocument:
    values: dict[str, object] = dict(
        center_name="Trung tâm Phục vụ hành chính công phường Bến Nghé",
        ticket_number="A012", service_name="Hộ tịch", issued_at=datetime(2025, 3, 12, 1, 5,
                                                                         tzinfo=UTC),
        qr_payload=TICKET_ID, people_ahead=5, estimated_wait_minutes=15,
        header_lines=("Số 1 Lê Duẩn, Quận 1",), footer_lines=("Xin cảm ơn!",))
    values.update(changes)
    return TicketDocument(**values)  # type: ignore[arg-type]


def slip(**changes: object) -> SlipDocument:
    values: dict[str, object] = dict(
        agency_name="UBND phường Bến Nghé", place="Phường Bến Nghé", dossier_code=DOSSIER_CODE,
        applicant_name="Nguyễn Thị Hồng Nhung", procedure_name="Đăng ký khai sinh",
        received_at=datetime(2025, 3, 12, 1, 15, tzinfo=UTC),
        due_at=datetime(2025, 3, 13, 9, 0, tzinfo=UTC),
        documents=("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"), number_of_sets=1,
        processing_time="01 ngày làm việc", applicant_address="12 Nguyễn Huệ",
        applicant_phone="0903 123 456", applicant_email="nhung@example.vn",
        register_book="03/2025", register_entry="0099", fee_vnd=0, lookup_code="HN8K2Q",
        clerk_name="Trần Văn Đức")
    values.update(changes)
    return SlipDocument(**values)  # type: ignore[arg-type]


def supplement(**changes: object) -> SupplementDocument:
    values: dict[str, object] = dict(
        agency_name="UBND phường Bến Nghé", place="Phường Bến Nghé", dossier_code=DOSSIER_CODE,
        applicant_name="Nguyễn Thị Hồng Nhung", procedure_name="Đăng ký khai sinh",
        documents_to_add=("Giấy chứng sinh (bản chính)",),
        reason="Giấy chứng sinh là bản photo.", clerk_name="Trần Văn Đức",
        issued_at=datetime(2025, 3, 12, 2, 0, tzinfo=UTC))
    values.update(changes)
    return SupplementDocument(**values)  # type: ignore[arg-type]
