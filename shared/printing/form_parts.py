"""Pieces the administrative forms share: the two-sided header, title and dossier code,
fields, lists, signatures, and the roll's 1-bit image.

Each piece comes in a narrow form (a thermal roll: everything stacked and centred) and a wide
form (an A5 page: agency on the left, the national motto on the right, as official forms do).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PIL import Image

from shared.printing.blocks import Block, Columns, FitLine, Rule, Space, Text, stack, to_monochrome
from shared.printing.documents import NATIONAL_MOTTO, NATIONAL_NAME, DossierForm
from shared.printing.labels import official_time, place_and_date
from shared.printing.linebreak import units
from shared.printing.paper import Paper


@dataclass(frozen=True)
class FormSizes:
    """Pixel sizes for a form on one medium; ``wide`` puts header and signatures side by side."""

    small: int
    body: int
    title: int
    qr: int
    sign_space: int
    margin: int
    wide: bool
    signatures_side_by_side: bool

    @staticmethod
    def for_paper(paper: Paper) -> FormSizes:
        s = paper.scale
        return FormSizes(small=s.small, body=s.small + 1 if paper is Paper.MM58 else s.body - 2,
                         title=s.heading, qr=s.qr - 24, sign_space=s.body * 3,
                         margin=s.margin, wide=False,
                         signatures_side_by_side=paper is Paper.MM80)

    @staticmethod
    def for_page(dpi: int) -> FormSizes:
        point = dpi / 72
        return FormSizes(small=round(11 * point), body=round(12.5 * point),
                         title=round(14 * point), qr=round(0.9 * dpi), sign_space=round(0.6 * dpi),
                         margin=round(dpi * 15 / 25.4), wide=True, signatures_side_by_side=True)


def header(agency: str, office: str, place_date: str, sizes: FormSizes) -> list[Block]:
    """Agency and office, the national name and motto (underlined), then the place and date."""
    left: tuple[Block, ...] = (
        Text.of(word_safe(agency).upper(), sizes.small, align="center"),
        FitLine(office.upper(), sizes.small, bold=True),
        Rule(1, 3, inset=sizes.small * 3),
    )
    right: tuple[Block, ...] = (
        FitLine(NATIONAL_NAME, sizes.small, bold=True),
        FitLine(NATIONAL_MOTTO, sizes.small + 1, bold=True),
        Rule(1, 3, inset=sizes.small * 3),
    )
    if sizes.wide:
        return [Columns((left, right), (0.42, 0.58), gap=sizes.small),
                Space(sizes.small // 2),
                Text.of(unbroken(place_date), sizes.small, align="right")]
    return [*left, Space(sizes.small // 3), *right, Space(sizes.small // 3),
            Text.of(unbroken(place_date), sizes.small, align="center")]


def title(text: str, sizes: FormSizes) -> list[Block]:
    return [Space(sizes.body // 2), Text.of(text, sizes.title, bold=True, align="center")]


def form_top(doc: DossierForm, form_title: str, dated: datetime,
             sizes: FormSizes) -> list[Block]:
    """The top of a form: :func:`header` with the place and ``dated``, the title, and
    "Mã hồ sơ: <code>" centred."""
    blocks = header(doc.agency_name, doc.office_name, place_and_date(doc.place, dated), sizes)
    blocks += title(form_title, sizes)
    blocks.append(Text((("Mã hồ sơ: ", False), (doc.dossier_code, True)), sizes.body,
                       align="center"))
    return blocks


def contact_fields(address: str, phone: str, email: str, sizes: FormSizes) -> list[Block]:
    """The applicant's address, phone and email ("…" where not given)."""
    return [field("Địa chỉ", address, sizes, bold_value=False),
            field("Số điện thoại", phone, sizes, bold_value=False),
            field("Email", email, sizes, bold_value=False)]


def received_field(received_at: datetime | None, sizes: FormSizes) -> list[Block]:
    """"Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 12/03/2025", or nothing when not known."""
    if received_at is None:
        return []
    return [field("Thời gian nhận hồ sơ", unbroken(official_time(received_at)), sizes)]


def on_roll(blocks: Callable[[FormSizes], list[Block]], paper: Paper) -> Image.Image:
    """A form for a thermal roll, as a 1-bit image: ``blocks`` at the paper's sizes, with a
    margin above and below."""
    sizes = FormSizes.for_paper(paper)
    return to_monochrome(stack([Space(sizes.margin), *blocks(sizes), Space(sizes.margin)],
                               paper.dots, sizes.margin))


def field(label: str, value: str, sizes: FormSizes, *, bold_value: bool = True) -> Text:
    """``label: value`` wrapped, the value in bold."""
    return Text(((f"{label}: ", False), (value or "…", bold_value)), sizes.body)


def word_safe(text: str) -> str:
    """``text`` breakable only between the units of shared/printing/linebreak.py: "UBND
    phường Bến Thành" wraps as "UBND / PHƯỜNG BẾN THÀNH", never "… BẾN / THÀNH"."""
    return " ".join(unit.replace(" ", "\u00a0") for unit in units(text))


def unbroken(text: str) -> str:
    """``text`` with no-break spaces, except after commas (a time stays on one line)."""
    return text.replace(" ", "\u00a0").replace(",\u00a0", ", ")


def bullet_list(items: tuple[str, ...], sizes: FormSizes) -> list[Block]:
    """One line per item, each with a dash and indented."""
    if not items:
        return [Text.of("- (không có)", sizes.body, indent=sizes.body)]
    return [Text.of(f"- {item}", sizes.body, indent=sizes.body) for item in items]


def signatures(roles: tuple[tuple[str, str], ...], sizes: FormSizes) -> list[Block]:
    """Signature boxes: role in bold, "(Ký và ghi rõ họ tên)", room to sign, the name.

    ``roles`` holds (role, name) pairs; on 58 mm paper they are stacked.
    """
    boxes = [(
        Text.of(role.upper(), sizes.small, bold=True, align="center"),
        Text.of("(Ký và ghi rõ họ tên)", sizes.small, align="center"),
        Space(sizes.sign_space),
        Text.of(name, sizes.body, bold=True, align="center") if name else Space(sizes.body),
    ) for role, name in roles]
    if sizes.signatures_side_by_side:
        return [Space(sizes.body // 2),
                Columns(tuple(boxes), tuple(1.0 for _ in boxes), gap=sizes.small)]
    return [block for box in boxes for block in (Space(sizes.body // 2), *box)]
