"""Form 02, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ": what to add to a dossier, and why."""

from __future__ import annotations

from PIL import Image

from shared.printing.blocks import Block, Space, Text
from shared.printing.documents import SUPPLEMENT_TITLE, SupplementDocument
from shared.printing.form_parts import (
    FormSizes,
    field,
    form_top,
    on_roll,
    received_field,
    signatures,
)
from shared.printing.paper import Paper


def supplement_blocks(doc: SupplementDocument, sizes: FormSizes) -> list[Block]:
    """The blocks of form 02, top to bottom."""
    items = doc.documents_to_add or ("(không có)",)
    contact = f" theo số điện thoại {doc.contact_phone}" if doc.contact_phone else ""
    return [
        *form_top(doc, SUPPLEMENT_TITLE, doc.issued_at, sizes),
        Space(sizes.body // 2),
        field("Hồ sơ của", doc.applicant_name, sizes),
        field("Nội dung yêu cầu giải quyết", doc.procedure_name, sizes),
        *received_field(doc.received_at, sizes),
        Text.of("Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", sizes.body),
        *[Text.of(f"{number}. {item}", sizes.body, indent=sizes.body)
          for number, item in enumerate(items, start=1)],
        field("Lý do", doc.reason, sizes, bold_value=False),
        Text.of("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ "
                f"{doc.clerk_name or 'cán bộ tiếp nhận'}{contact} để được hướng dẫn.",
                sizes.body),
        *signatures((("Người hướng dẫn", doc.clerk_name),), sizes),
    ]


def render_supplement(doc: SupplementDocument, paper: Paper = Paper.MM80) -> Image.Image:
    """Form 02 for a thermal roll, as a 1-bit image."""
    return on_roll(lambda sizes: supplement_blocks(doc, sizes), paper)
