"""Forms on A5 paper (148 × 210 mm) for centers with an office printer: PNG pages (a system
printer, the screenshots) and real PDF files (text in the embedded font: pdf_writer.py)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from shared.printing.apology_layout import apology_blocks
from shared.printing.blocks import Block, stack
from shared.printing.documents import (
    ApologyDocument,
    RefusalDocument,
    SlipDocument,
    SupplementDocument,
)
from shared.printing.form_parts import FormSizes
from shared.printing.pdf_writer import pages_pdf
from shared.printing.refusal_layout import refusal_blocks
from shared.printing.slip_layout import copy_labels, slip_blocks
from shared.printing.supplement_layout import supplement_blocks

A5_MM = (148, 210)
DEFAULT_DPI = 200
#: Any form the A5 path prints.
FormDocument = SlipDocument | SupplementDocument | RefusalDocument | ApologyDocument


def page_size(dpi: int) -> tuple[int, int]:
    """A5 in pixels at ``dpi``."""
    return round(A5_MM[0] / 25.4 * dpi), round(A5_MM[1] / 25.4 * dpi)


def render_page(blocks: Sequence[Block], dpi: int = DEFAULT_DPI) -> Image.Image:
    """One A5 page with the blocks inside 12 mm margins (shrunk to fit if they run long)."""
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


def form_blocks(doc: FormDocument, dpi: int = DEFAULT_DPI,
                labels: Sequence[str] | None = None) -> list[list[Block]]:
    """The blocks of each A5 page of ``doc``: form 01 one page per copy (``labels``: which
    copies, default both), forms 02–04 one page."""
    sizes = FormSizes.for_page(dpi)
    if isinstance(doc, SlipDocument):
        return [slip_blocks(doc, label, sizes) for label in (labels or copy_labels(2))]
    if isinstance(doc, SupplementDocument):
        return [supplement_blocks(doc, sizes)]
    if isinstance(doc, RefusalDocument):
        return [refusal_blocks(doc, sizes)]
    return [apology_blocks(doc, sizes)]


def form_pages(doc: FormDocument, dpi: int = DEFAULT_DPI,
               labels: Sequence[str] | None = None) -> list[Image.Image]:
    """``doc`` as A5 page images."""
    return [render_page(blocks, dpi) for blocks in form_blocks(doc, dpi, labels)]


def form_pdf(doc: FormDocument, dpi: int = DEFAULT_DPI,
             labels: Sequence[str] | None = None) -> bytes:
    """``doc`` as an A5 PDF with real text (the font embedded)."""
    return pages_pdf(form_blocks(doc, dpi, labels), dpi, title=f"LấySố {doc.dossier_code}")


def slip_pages(doc: SlipDocument, copies: int = 2, dpi: int = DEFAULT_DPI) -> list[Image.Image]:
    """Form 01 on A5, one page per copy (Liên 1, Liên 2)."""
    return form_pages(doc, dpi, copy_labels(copies))


def supplement_page(doc: SupplementDocument, dpi: int = DEFAULT_DPI) -> Image.Image:
    """Form 02 on one A5 page."""
    return form_pages(doc, dpi)[0]


def pdf_bytes(pages: Sequence[Image.Image], dpi: int = DEFAULT_DPI) -> bytes:
    """Page images as one PDF of A5 pages (images only: prefer :func:`form_pdf`)."""
    if not pages:
        raise ValueError("a PDF needs at least one page")
    buffer = io.BytesIO()
    first, *rest = [page.convert("L") for page in pages]
    first.save(buffer, format="PDF", resolution=float(dpi), save_all=True, append_images=rest,
               title="LấySố", producer="LấySố")
    return buffer.getvalue()


def write_slip_pdf(doc: SlipDocument, path: Path, copies: int = 2,
                   dpi: int = DEFAULT_DPI) -> Path:
    """Form 01 as an A5 PDF file at ``path`` (one page per copy), text in the embedded font."""
    path.write_bytes(form_pdf(doc, dpi, copy_labels(copies)))
    return path
