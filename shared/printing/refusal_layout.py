"""Form 03, "Phiếu từ chối tiếp nhận, giải quyết hồ sơ": the dossier is refused, and why."""

from __future__ import annotations

from PIL import Image

from shared.printing.blocks import Block, Space, Text
from shared.printing.documents import REFUSAL_TITLE, RefusalDocument
from shared.printing.form_parts import (
    FormSizes,
    contact_fields,
    field,
    form_top,
    on_roll,
    received_field,
    signatures,
)
from shared.printing.paper import Paper


def refusal_blocks(doc: RefusalDocument, sizes: FormSizes) -> list[Block]:
    """The blocks of form 03, top to bottom."""
    return [
        *form_top(doc, REFUSAL_TITLE, doc.issued_at, sizes),
        Space(sizes.body // 2),
        Text.of(f"{doc.office_name} {doc.agency_name} tiếp nhận hồ sơ của:", sizes.body),
        field("Ông/bà", doc.applicant_name, sizes),
        *contact_fields(doc.applicant_address, doc.applicant_phone, doc.applicant_email, sizes),
        field("Nội dung yêu cầu giải quyết", doc.procedure_name, sizes),
        *received_field(doc.received_at, sizes),
        Text.of("Qua xem xét, cơ quan, đơn vị không tiếp nhận, giải quyết hồ sơ này với lý do "
                "cụ thể như sau:", sizes.body),
        field("Lý do", doc.reason, sizes),
        Text.of("Xin thông báo để ông/bà được biết và thực hiện./.", sizes.body),
        *signatures((("Người tiếp nhận hồ sơ", doc.clerk_name),), sizes),
    ]


def render_refusal(doc: RefusalDocument, paper: Paper = Paper.MM80) -> Image.Image:
    """Form 03 for a thermal roll, as a 1-bit image."""
    return on_roll(lambda sizes: refusal_blocks(doc, sizes), paper)
