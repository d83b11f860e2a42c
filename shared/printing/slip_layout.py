"""Form 01, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả": one image per copy (Liên 1, Liên 2).

The QR code holds the dossier code, which the kiosk's lookup reads.
"""

from __future__ import annotations

from PIL import Image

from shared.printing.blocks import Block, Columns, Picture, Rule, Space, Text
from shared.printing.documents import COPY_APPLICANT, COPY_KEPT, SLIP_TITLE, SlipDocument
from shared.printing.form_parts import (
    FormSizes,
    bullet_list,
    contact_fields,
    field,
    form_top,
    on_roll,
    signatures,
    unbroken,
)
from shared.printing.labels import money_vnd, official_time
from shared.printing.paper import Paper
from shared.printing.qr import qr_image


def copy_labels(copies: int) -> tuple[str, ...]:
    """The copies to print: 2 → both (kept, applicant's); 1 → the applicant's only."""
    if copies not in (1, 2):
        raise ValueError("a slip has one or two copies")
    return (COPY_KEPT, COPY_APPLICANT) if copies == 2 else (COPY_APPLICANT,)


#: After the time limit on the slip of a supplement received: the limit counts again.
SUPPLEMENT_RESTART = ", tính lại từ ngày nhận bổ sung"

#: Under a code made here (``SlipDocument.local_code``): it is not the province's.
LOCAL_CODE_NOTE = "Mã nội bộ – không tra cứu được trên hệ thống một cửa tỉnh"


def slip_blocks(doc: SlipDocument, copy_label: str, sizes: FormSizes) -> list[Block]:
    """The blocks of one copy of form 01, top to bottom."""
    blocks = form_top(doc, SLIP_TITLE, doc.supplemented_at or doc.received_at, sizes)
    blocks += [
        *([Text.of(LOCAL_CODE_NOTE, sizes.small, align="center")] if doc.local_code else []),
        Text.of(f"({copy_label})", sizes.small, align="center"),
        Space(sizes.body // 2),
        field("Tiếp nhận hồ sơ của", doc.applicant_name, sizes),
        *contact_fields(doc.applicant_address, doc.applicant_phone, doc.applicant_email, sizes),
        field("Nội dung yêu cầu giải quyết", doc.procedure_name, sizes),
        Text.of("1. Thành phần hồ sơ nộp gồm:", sizes.body),
        *bullet_list(doc.documents, sizes),
        field("2. Số lượng hồ sơ", f"{doc.number_of_sets:02d} bộ", sizes),
        field("3. Thời gian giải quyết hồ sơ theo quy định", doc.processing_time
              + (SUPPLEMENT_RESTART if doc.supplemented_at else ""), sizes),
        field("4. Thời gian nhận hồ sơ", unbroken(official_time(doc.received_at)), sizes),
        *([field("Ngày nhận bổ sung", unbroken(official_time(doc.supplemented_at)), sizes)]
          if doc.supplemented_at else []),
        field("5. Thời gian trả kết quả giải quyết hồ sơ", unbroken(official_time(doc.due_at)),
              sizes),
        field("6. Đăng ký nhận kết quả tại", doc.result_delivery, sizes, bold_value=False),
        field("Vào Sổ theo dõi hồ sơ, Quyển số",
              f"{doc.register_book or '…'}, Số thứ tự: {doc.register_entry or '…'}", sizes,
              bold_value=False),
        field("Phí, lệ phí", money_vnd(doc.fee_vnd) if doc.fee_vnd is not None or
              not doc.fee_text.strip() else doc.fee_text.strip(), sizes),
    ]
    blocks += _lookup(doc, sizes)
    blocks += signatures((("Người nộp hồ sơ", doc.applicant_name),
                          ("Người tiếp nhận hồ sơ", doc.clerk_name)), sizes)
    return blocks


def _lookup(doc: SlipDocument, sizes: FormSizes) -> list[Block]:
    """The QR code (dossier code) with the lookup code beside it (wide) or under it (narrow)."""
    qr = Picture(qr_image(doc.dossier_code, sizes.qr), sizes.qr, sizes.qr, dither=False)
    words: tuple[Block, ...] = (
        Text((("Mã tra cứu: ", False), (doc.lookup_code or doc.dossier_code, True)),
             sizes.body, align="left" if sizes.wide else "center"),
        Text.of("Quét mã QR hoặc nhập mã tra cứu tại máy tra cứu hay cổng dịch vụ công để "
                "theo dõi hồ sơ.", sizes.small, align="left" if sizes.wide else "center"),
    )
    if sizes.wide:
        return [Space(sizes.body // 2), Columns(((Space(sizes.body), *words), (qr,)), (3, 1))]
    return [Rule(1, sizes.margin, dashed=True), qr, *words, Rule(1, sizes.margin, dashed=True)]


def render_slip_copy(doc: SlipDocument, copy_label: str, paper: Paper = Paper.MM80) -> Image.Image:
    """One copy of form 01 for a thermal roll, as a 1-bit image."""
    return on_roll(lambda sizes: slip_blocks(doc, copy_label, sizes), paper)


def render_slip(doc: SlipDocument, paper: Paper = Paper.MM80, copies: int = 2
                ) -> list[Image.Image]:
    """Each copy of form 01 as its own image (each gets its own cut)."""
    return [render_slip_copy(doc, label, paper) for label in copy_labels(copies)]

