"""The queue ticket as a 1-bit image: center, very large number, service, wait, time, QR."""

from __future__ import annotations

import logging

from PIL import Image

from shared.printing.blocks import (
    BigText,
    Block,
    Inverted,
    Picture,
    Rule,
    Space,
    Text,
    stack,
    to_monochrome,
)
from shared.printing.documents import TicketDocument
from shared.printing.labels import clock_and_date, ticket_label, wait_text
from shared.printing.paper import Paper
from shared.printing.qr import qr_image

log = logging.getLogger(__name__)


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
    blocks: list[Block] = [Space(s.margin), *logo_blocks(doc.logo_path, paper)]
    blocks.append(Text.of(doc.center_name.upper(), s.heading, bold=True, align="center"))
    blocks += [Text.of(line, s.small, align="center") for line in doc.header_lines]
    blocks += [Rule(2, s.margin), Text.of(ticket_label("your_number", lang), s.body,
                                          align="center")]
    blocks.append(BigText(doc.ticket_number, s.number, padding=s.margin))
    blocks.append(Text.of(doc.service_name, s.title, bold=True, align="center"))
    if doc.priority_label:
        blocks += [Space(6), Inverted(f"{ticket_label('priority', lang)}: {doc.priority_label}",
                                      s.body)]
    wait = wait_text(doc.people_ahead, doc.estimated_wait_minutes, lang,
                     doc.estimated_wait_low, doc.estimated_wait_high)
    blocks += [
        Rule(1, s.margin, dashed=True),
        _field(ticket_label("people_ahead", lang), str(doc.people_ahead), s.body),
        _field(ticket_label("wait", lang), wait, s.body),
        _field(ticket_label("issued", lang), clock_and_date(doc.issued_at), s.body),
        Space(s.margin),
        Picture(qr_image(doc.qr_payload, s.qr), s.qr, s.qr, dither=False),
        Text.of(ticket_label(_qr_caption_key(doc.qr_payload), lang), s.small, align="center"),
    ]
    if doc.footer_lines:
        blocks.append(Rule(1, s.margin, dashed=True))
        blocks += [Text.of(line, s.small, align="center") for line in doc.footer_lines]
    blocks.append(Space(s.margin))
    return blocks


def _qr_caption_key(payload: str) -> str:
    """A QR holding the phone page's address invites a scan; one holding the ticket id is a
    ticket code."""
    return "scan_follow" if payload.startswith(("http://", "https://")) else "scan"


def _field(label: str, value: str, size: int) -> Text:
    return Text(((f"{label}: ", False), (value, True)), size, align="center")


def render_ticket(doc: TicketDocument, paper: Paper = Paper.MM80) -> Image.Image:
    """The ticket as a 1-bit image exactly as wide as the paper's print line."""
    return to_monochrome(stack(ticket_blocks(doc, paper), paper.dots, paper.scale.margin))
