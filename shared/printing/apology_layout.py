"""Form 04, "Phiếu xin lỗi và hẹn lại ngày trả kết quả": the dossier will be late; the reason,
the apology and the new due date."""

from __future__ import annotations

from PIL import Image

from shared.clock import local
from shared.printing.blocks import Block, Space, Text
from shared.printing.documents import APOLOGY_TITLE, ApologyDocument
from shared.printing.form_parts import FormSizes, field, form_top, on_roll, signatures, unbroken
from shared.printing.labels import official_time
from shared.printing.paper import Paper


def apology_blocks(doc: ApologyDocument, sizes: FormSizes) -> list[Block]:
    """The blocks of form 04, top to bottom."""
    agency = doc.agency_name or doc.office_name
    blocks = form_top(doc, APOLOGY_TITLE, doc.issued_at, sizes)
    blocks += [
        Space(sizes.body // 2),
        field("Kính gửi", doc.applicant_name, sizes),
        Text.of(f"Ngày {local(doc.received_at):%d/%m/%Y}, {doc.office_name} "
                f"({agency}) tiếp nhận giải quyết hồ sơ của ông/bà:", sizes.body),
        field("Nội dung yêu cầu giải quyết", doc.procedure_name, sizes),
        field("Thời gian giải quyết theo quy định", doc.processing_time, sizes,
              bold_value=False),
        field("Hẹn trả kết quả", unbroken(official_time(doc.old_due_at)), sizes),
        Text.of(f"Tuy nhiên đến nay, {agency} chưa trả kết quả giải quyết hồ sơ của ông/bà.",
                sizes.body),
        field("Lý do", doc.reason, sizes),
        Text.of(f"Sự chậm trễ này đã gây phiền hà cho ông/bà. {agency} xin lỗi ông/bà và hẹn "
                "trả kết quả giải quyết hồ sơ vào:", sizes.body),
        Text.of(unbroken(official_time(doc.new_due_at)), sizes.title, bold=True,
                align="center"),
        Text.of("Xin trân trọng cảm ơn sự hợp tác của ông/bà./.", sizes.body),
    ]
    blocks += signatures((("Cán bộ lập phiếu", doc.clerk_name),
                          ("Thủ trưởng cơ quan, đơn vị", "")), sizes)
    return blocks


def render_apology(doc: ApologyDocument, paper: Paper = Paper.MM80) -> Image.Image:
    """Form 04 for a thermal roll, as a 1-bit image."""
    return on_roll(lambda sizes: apology_blocks(doc, sizes), paper)
