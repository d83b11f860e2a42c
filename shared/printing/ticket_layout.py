"""The queue ticket as a 1-bit image: center, very large number, service, counters, wait, time,
"valid today", QR. A reprint says where the ticket stands when it is reprinted (its counter
once called, its end once ended, instead of the wait) and "IN LẠI" with the time.

The header (center name, address) and the footer are folded whole words at a time
(shared.printing.linebreak): no word or name cut in two, no lone "1". The caption over the
number ("SỐ THỨ TỰ CỦA BẠN") has capitals at least 3 mm (:data:`CAPTION_MM`) high at the print
head's 203 dpi.
"""

from __future__ import annotations

import logging

from PIL import Image

from shared.enums import FINAL_TICKET_STATUSES, TicketStatus
from shared.printing.blocks import (
    BigText,
    Block,
    Inverted,
    Picture,
    Rule,
    Space,
    font,
    stack,
    to_monochrome,
)
from shared.printing.documents import TicketDocument
from shared.printing.labels import (
    called_text,
    clock_and_date,
    counters_text,
    ended_texts,
    ticket_label,
    valid_today_text,
    wait_text,
)
from shared.printing.linebreak import FieldLine, FoldedText
from shared.printing.paper import Paper
from shared.printing.qr import qr_image

log = logging.getLogger(__name__)

#: Thermal print heads print 203 dots per inch.
DOTS_PER_MM = 203 / 25.4
#: The least height of the capitals of the caption over the number: 3 mm asked, with a margin
#: so that a dot lost to the print head still leaves 3 mm (35 px: 26 dots, 3.25 mm, and the
#: caption still fits one line of 58 mm paper).
CAPTION_MM = 3.1


def caption_size(minimum_mm: float = CAPTION_MM) -> int:
    """The smallest bold type size whose capitals are at least ``minimum_mm`` high."""
    size = 12
    while True:
        _left, top, _right, bottom = font(size, bold=True).getbbox("H")
        if (bottom - top) / DOTS_PER_MM >= minimum_mm:
            return size
        size += 1


def logo_blocks(path: object, paper: Paper) -> list[Block]:
    """The logo scaled to the paper, or nothing (logged) when the file can't be read."""
    if path is None:
        return []
    try:
        with Image.open(str(path)) as opened:
            logo = opened.convert("RGBA")
    except (OSError, ValueError) as error:
        log.warning("logo %s not printed: %s", path, error)
        return []
    flat = Image.new("RGBA", logo.size, "white")
    flat.alpha_composite(logo)
    scale = paper.scale
    return [Picture(flat.convert("L"), paper.dots * 2 // 3, scale.logo_height), Space(6)]


def ticket_blocks(doc: TicketDocument, paper: Paper) -> list[Block]:
    """The ticket's blocks, top to bottom."""
    s = paper.scale
    lang = doc.language
    waiting = doc.status is TicketStatus.WAITING
    blocks: list[Block] = [Space(s.margin), *logo_blocks(doc.logo_path, paper)]
    blocks.append(FoldedText(doc.center_name, s.heading, bold=True, upper=True))
    blocks += [FoldedText(line, s.small) for line in doc.header_lines]
    blocks += [Rule(2, s.margin),
               FoldedText(ticket_label("your_number", lang), caption_size(), bold=True)]
    blocks.append(BigText(doc.ticket_number, s.number, padding=s.margin))
    blocks.append(FoldedText(doc.service_name, s.title, bold=True))
    counters = counters_text(doc.counters, lang) if waiting else ""
    if counters:
        blocks.append(FoldedText(counters, s.heading, bold=True))
    if doc.priority_label:
        blocks += [Space(6), Inverted(f"{ticket_label('priority', lang)}: {doc.priority_label}",
                                      s.body)]
    if doc.reprinted_at is not None:
        reprinted = ticket_label("reprinted", lang).format(time=clock_and_date(doc.reprinted_at))
        blocks += [Space(6), Inverted(reprinted, s.body)]
    blocks += [
        Rule(1, s.margin, dashed=True),
        *_state_blocks(doc, paper),
        FieldLine(ticket_label("issued", lang), clock_and_date(doc.issued_at), s.body),
        FoldedText(ticket_label("no_longer_valid", lang) if doc.status in FINAL_TICKET_STATUSES
                   else valid_today_text(doc.issued_at, lang), s.body, bold=True),
        Space(s.margin),
        Picture(qr_image(doc.qr_payload, s.qr), s.qr, s.qr, dither=False),
        FoldedText(ticket_label(_qr_caption_key(doc.qr_payload), lang), s.small),
    ]
    if doc.footer_lines and waiting:  # "Mời ông/bà ngồi chờ đến lượt" is for a waiting one
        blocks.append(Rule(1, s.margin, dashed=True))
        blocks += [FoldedText(line, s.body) for line in doc.footer_lines]
    blocks.append(Space(s.margin))
    return blocks


def _state_blocks(doc: TicketDocument, paper: Paper) -> list[Block]:
    """Where the ticket stands: the people ahead and the wait while it waits, its counter once
    called, its end once finished, skipped or cancelled."""
    s = paper.scale
    lang = doc.language
    if doc.status is TicketStatus.WAITING:
        wait = wait_text(doc.people_ahead, doc.estimated_wait_minutes, lang,
                         doc.estimated_wait_low, doc.estimated_wait_high)
        return [FieldLine(ticket_label("people_ahead", lang), str(doc.people_ahead), s.body),
                FieldLine(ticket_label("wait", lang), wait, s.body)]
    if doc.status in FINAL_TICKET_STATUSES:
        state, where = ended_texts(doc.status, doc.counter, doc.ended_at, lang)
        return [Inverted(state, s.heading), *([FoldedText(where, s.body)] if where else [])]
    blocks: list[Block] = [FoldedText(called_text(doc.status, doc.counter, lang), s.heading,
                                      bold=True)]
    if doc.status is TicketStatus.ON_HOLD:
        blocks += [FoldedText(ticket_label(key, lang), s.body) for key in ("on_hold",
                                                                            "on_hold_back")]
    return blocks


def ticket_lines(doc: TicketDocument, paper: Paper = Paper.MM80) -> list[str]:
    """The words of the ticket, one entry per text block (what tests and logs read)."""
    lines: list[str] = []
    for block in ticket_blocks(doc, paper):
        if isinstance(block, FoldedText | FieldLine):
            lines.append(block.plain)
        elif isinstance(block, BigText | Inverted):
            lines.append(block.text)
    return lines


def _qr_caption_key(payload: str) -> str:
    """A QR holding the phone page's address invites a scan; one holding the ticket id is a
    ticket code."""
    return "scan_follow" if payload.startswith(("http://", "https://")) else "scan"


def render_ticket(doc: TicketDocument, paper: Paper = Paper.MM80) -> Image.Image:
    """The ticket as a 1-bit image exactly as wide as the paper's print line."""
    return to_monochrome(stack(ticket_blocks(doc, paper), paper.dots, paper.scale.margin))
