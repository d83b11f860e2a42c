"""Form 02, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ": what to add to a dossier, and why."""

from __future__ import annotations

from PIL import Image

from shared.printing.blocks import Block, Space, Text, stack, to_monochrome
from shared.printing.documents import SUPPLEMENT_TITLE, SupplementDocument
from shared.printing.form_parts import (
    FormSizes,
    field,
    header,
    signatures,
    title,
    unbroken,
)
from shared.printing.labels import official_time, place_and_date
from shared.printing.paper import Paper


def supplement_blocks(doc: SupplementDocument, sizes: FormSizes) -> list[Block]:
    """The blocks of form 02, top to bottom."""
    blocks = header(doc.agency_name, doc.office_name, place_and_date(doc.place, doc.issued_at),
                    sizes)
    blocks += title(SUPPLEMENT_TITLE, sizes)
    blocks += [
        Text((("Mã hồ sơ: ", False), (doc.dossier_code, True)), sizes.body, align="center"),
        Space(sizes.body // 2),
        field("Hồ sơ của", doc.applicant_name, sizes),
        field("Nội dung yêu cầu giải quyết", doc.procedure_name, sizes),
    ]
    if doc.received_at is not None:
        blocks.append(field("Thời gian nhận hồ sơ", unbroken(official_time(doc.received_at)),
                            sizes))
    blocks.append(Text.of("Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
                          sizes.body))
    items = doc.documents_to_add or ("(không có)",)
    blocks += [Text.of(f"{number}. {item}", sizes.body, indent=sizes.body)
               for number, item in enumerate(items, start=1)]
    blocks.append(field("Lý do", doc.reason, sizes, bold_value=False))
    contact = f" theo số điện thoại {doc.contact_phone}" if doc.contact_phone else ""
    blocks.append(Text.of(
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ "
        f"{doc.clerk_name or 'cán bộ tiếp nhận'}{contact} để được hướng dẫn.", sizes.body))
    blocks += signatures((("Người hướng dẫn", doc.clerk_name),), sizes)
    return blocks


def render_supplement(doc: SupplementDocument, paper: Paper = Paper.MM80) -> Image.Image:
    """Form 02 for a thermal roll, as a 1-bit image."""
    sizes = FormSizes.for_paper(paper)
    blocks = [Space(sizes.margin), *supplement_blocks(doc, sizes), Space(sizes.margin)]
    return to_monochrome(stack(blocks, paper.dots, sizes.margin))
