"""Form 03, "Phiếu từ chối tiếp nhận, giải quyết hồ sơ": the dossier is refused, and why."""

from __future__ import annotations

from PIL import Image

from shared.printing.blocks import Block, Space, Text, stack, to_monochrome
from shared.printing.documents import REFUSAL_TITLE, RefusalDocument
from shared.printing.form_parts import FormSizes, field, header, signatures, title, unbroken
from shared.printing.labels import official_time, place_and_date
from shared.printing.paper import Paper


def refusal_blocks(doc: RefusalDocument, sizes: FormSizes) -> list[Block]:
    """The blocks of form 03, top to bottom."""
    blocks = header(doc.agency_name, doc.office_name, place_and_date(doc.place, doc.issued_at),
                    sizes)
    blocks += title(REFUSAL_TITLE, sizes)
    blocks += [
        Text((("Mã hồ sơ: ", False), (doc.dossier_code, True)), sizes.body, align="center"),
        Space(sizes.body // 2),
        Text.of(f"{doc.office_name} {doc.agency_name} tiếp nhận hồ sơ của:", sizes.body),
        field("Ông/bà", doc.applicant_name, sizes),
        field("Địa chỉ", doc.applicant_address, sizes, bold_value=False),
        field("Số điện thoại", doc.applicant_phone, sizes, bold_value=False),
        field("Email", doc.applicant_email, sizes, bold_value=False),
        field("Nội dung yêu cầu giải quyết", doc.procedure_name, sizes),
    ]
    if doc.received_at is not None:
        blocks.append(field("Thời gian nhận hồ sơ", unbroken(official_time(doc.received_at)),
                            sizes))
    blocks += [
        Text.of("Qua xem xét, cơ quan, đơn vị không tiếp nhận, giải quyết hồ sơ này với lý do "
                "cụ thể như sau:", sizes.body),
        field("Lý do", doc.reason, sizes),
        Text.of("Xin thông báo để ông/bà được biết và thực hiện./.", sizes.body),
    ]
    blocks += signatures((("Người tiếp nhận hồ sơ", doc.clerk_name),), sizes)
    return blocks


def render_refusal(doc: RefusalDocument, paper: Paper = Paper.MM80) -> Image.Image:
    """Form 03 for a thermal roll, as a 1-bit image."""
    sizes = FormSizes.for_paper(paper)
    blocks = [Space(sizes.margin), *refusal_blocks(doc, sizes), Space(sizes.margin)]
    return to_monochrome(stack(blocks, paper.dots, sizes.margin))
