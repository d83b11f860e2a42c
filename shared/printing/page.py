"""Forms on A5 paper (148 × 210 mm) for centers with an office printer: PNG pages and a PDF."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from shared.printing.blocks import Block, stack
from shared.printing.documents import SlipDocument, SupplementDocument
from shared.printing.form_parts import FormSizes
from shared.printing.slip_layout import copy_labels, slip_blocks
from shared.printing.supplement_layout import supplement_blocks

A5_MM = (148, 210)
DEFAULT_DPI = 200


def page_size(dpi: int) -> tuple[int, int]:
    """A5 in pixels at ``dpi``."""
    return round(A5_MM[0] / 25.4 * dpi), round(A5_MM[1] / 25.4 * dpi)


def render_page(blocks: Sequence[Block], dpi: int = DEFAULT_DPI) -> Image.Image:
    """One A5 page with the blocks inside 15 mm margins (shrunk to fit if they run long)."""
    width, height = page_size(dpi)
    margin = round(dpi * 12 / 25.4)
    content = stack(blocks, width - 2 * margin)
    room = height - 2 * margin
    if content.height > room:
        scale = room / content.height
        content = content.resize((round(content.width * scale), room),
                                 Image.Resampling.LANCZOS)
    page = Image.new("L", (width, height), 255)
    page.paste(content, ((width - content.width) // 2, margin))
    return page


def slip_pages(doc: SlipDocument, copies: int = 2, dpi: int = DEFAULT_DPI) -> list[Image.Image]:
    """Form 01 on A5, one page per copy (Liên 1, Liên 2)."""
    sizes = FormSizes.for_page(dpi)
    return [render_page(slip_blocks(doc, label, sizes), dpi) for label in copy_labels(copies)]


def supplement_page(doc: SupplementDocument, dpi: int = DEFAULT_DPI) -> Image.Image:
    """Form 02 on one A5 page."""
    return render_page(supplement_blocks(doc, FormSizes.for_page(dpi)), dpi)


def pdf_bytes(pages: Sequence[Image.Image], dpi: int = DEFAULT_DPI) -> bytes:
    """The pages as one PDF whose page size is A5 (the images carry ``dpi``)."""
    if not pages:
        raise ValueError("a PDF needs at least one page")
    buffer = io.BytesIO()
    first, *rest = [page.convert("L") for page in pages]
    first.save(buffer, format="PDF", resolution=float(dpi), save_all=True, append_images=rest,
               title="LấySố", producer="LấySố")
    return buffer.getvalue()


def write_slip_pdf(doc: SlipDocument, path: Path, copies: int = 2,
                   dpi: int = DEFAULT_DPI) -> Path:
    """Form 01 as an A5 PDF file at ``path`` (one page per copy)."""
    path.write_bytes(pdf_bytes(slip_pages(doc, copies, dpi), dpi))
    return path
