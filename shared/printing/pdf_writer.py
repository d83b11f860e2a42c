"""The forms' blocks as a real A5 PDF (fpdf2): text set in the embedded Noto Sans (a subset,
so it is small, searchable and selectable, diacritics included), rules as lines, the QR code
as an image. Lines break where the printed image breaks them (the same ``wrap_runs`` and
font metrics), so the PDF and the thermal or PNG copy read the same.

Sizes in the blocks are pixels at ``dpi``; here they become millimetres. The layout draws on
a :class:`Canvas` (text at a baseline, a filled rectangle, an image, in millimetres): fpdf2's
here, Qt's QPainter for a system printer in the counter app (counter/page_printer.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Protocol

from fpdf import FPDF
from PIL import Image

from shared.paths import FONTS_DIR
from shared.printing.blocks import (
    Block,
    Columns,
    FitLine,
    Rule,
    Space,
    Text,
    _x_for,
    font,
    wrap_runs,
)

A5_MM = (148.0, 210.0)
MARGIN_MM = 12.0
FAMILY = "NotoSans"


@cache
def _fit_size(text: str, size: int, bold: bool, width: int) -> int:
    while size > 8 and font(size, bold).getlength(text) > width:
        size -= 1
    return size


def height(block: Block, width: int) -> int:
    """The block's height in pixels at ``width`` (as its image would be)."""
    if isinstance(block, Space):
        return max(1, block.height)
    if isinstance(block, Rule):
        return block.thickness + 2 * block.margin
    if isinstance(block, Text):
        lines = wrap_runs(block.runs, block.size, max(1, width - block.indent))
        return max(1, round(block.size * block.spacing) * len(lines))
    if isinstance(block, FitLine):
        return round(block.size * 1.28) if _fit_size(
            block.text, block.size, block.bold, width) != block.size else height(
            Text.of(block.text, block.size), width)
    if isinstance(block, Columns):
        return max(sum(height(b, w) for b in column)
                   for column, w in zip(block.columns, _column_widths(block, width),
                                        strict=True))
    return block.render(width).height


def _column_widths(block: Columns, width: int) -> list[int]:
    usable = width - block.gap * (len(block.columns) - 1)
    total = sum(block.shares)
    return [max(1, int(usable * share / total)) for share in block.shares]


class Canvas(Protocol):
    """Where a page is drawn, in millimetres from the page's top-left corner."""

    def text(self, x: float, baseline: float, text: str, bold: bool, points: float) -> None: ...

    def rect(self, x: float, y: float, width: float, height: float) -> None: ...

    def image(self, image: Image.Image, x: float, y: float, width: float,
              height: float) -> None: ...


class FpdfCanvas:
    """A :class:`Canvas` on the current page of an fpdf2 document."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf

    def text(self, x: float, baseline: float, text: str, bold: bool, points: float) -> None:
        self.pdf.set_font(FAMILY, "B" if bold else "", points)
        self.pdf.text(x, baseline, text)

    def rect(self, x: float, y: float, width: float, height: float) -> None:
        self.pdf.rect(x, y, width, height, "F")

    def image(self, image: Image.Image, x: float, y: float, width: float,
              height: float) -> None:
        self.pdf.image(image, x, y, width, height)


class PageLayout:
    """Draws blocks on a canvas: pixel positions → millimetres."""

    def __init__(self, canvas: Canvas, mm_per_px: float, left_mm: float,
                 top_mm: float) -> None:
        self.canvas = canvas
        self.k = mm_per_px
        self.left = left_mm
        self.top = top_mm

    def stack(self, blocks: Sequence[Block], x: float, y: float, width: int) -> float:
        for block in blocks:
            self.draw(block, x, y, width)
            y += height(block, width)
        return y

    def draw(self, block: Block, x: float, y: float, width: int) -> None:
        if isinstance(block, Space):
            return
        if isinstance(block, Text):
            self._text(block, x, y, width)
        elif isinstance(block, FitLine):
            size = _fit_size(block.text, block.size, block.bold, width)
            line = Text.of(block.text, size, bold=block.bold, align=block.align)
            offset = 0 if size == block.size else (
                (round(block.size * 1.28) - height(line, width)) // 2)
            self._text(line, x, y + offset, width)
        elif isinstance(block, Rule):
            self._rule(block, x, y, width)
        elif isinstance(block, Columns):
            for column, column_width in zip(block.columns, _column_widths(block, width),
                                            strict=True):
                self.stack(column, x, y, column_width)
                x += column_width + block.gap
        else:  # a picture (the QR code) or anything else is drawn as its image
            self._image(block.render(width), x, y)

    def _mm(self, x: float, y: float) -> tuple[float, float]:
        return self.left + x * self.k, self.top + y * self.k

    def _text(self, block: Text, x: float, y: float, width: int) -> None:
        usable = max(1, width - block.indent)
        lines = wrap_runs(block.runs, block.size, usable)
        line_height = round(block.size * block.spacing)
        ascent = font(block.size).getmetrics()[0]
        points = block.size * self.k * 72 / 25.4
        for row, tokens in enumerate(lines):
            if tokens:
                last_text, last_face = tokens[-1]
                tokens = [*tokens[:-1], (last_text.rstrip(), last_face)]
            used = sum(face.getlength(text) for text, face in tokens)
            left = x + block.indent + _x_for(block.align, usable, used)
            baseline = (y + row * line_height + ascent
                        + round((line_height - block.size * 1.36) / 2))
            for text, face in tokens:
                bold = "Bold" in (face.getname()[1] or "")
                if text.strip():
                    self.canvas.text(*self._mm(left, baseline), text, bold, points)
                left += face.getlength(text)

    def _rule(self, block: Rule, x: float, y: float, width: int) -> None:
        step = 12 if block.dashed else width
        for start in range(block.inset, width - block.inset, step):
            end = min(start + (7 if block.dashed else width), width - block.inset)
            left, top = self._mm(x + start, y + block.margin)
            self.canvas.rect(left, top, (end - start) * self.k, block.thickness * self.k)

    def _image(self, image: Image.Image, x: float, y: float) -> None:
        left, top = self._mm(x, y)
        self.canvas.image(image, left, top, image.width * self.k, image.height * self.k)


def _document(title: str) -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format=A5_MM)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font(FAMILY, "", str(FONTS_DIR / "NotoSans-Regular.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS_DIR / "NotoSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_creator("LấySố")
    pdf.set_producer("LấySố")
    pdf.set_fill_color(0, 0, 0)
    return pdf


def draw_page(canvas: Canvas, blocks: Sequence[Block], dpi: int) -> None:
    """One A5 page of ``blocks`` in 12 mm margins (shrunk to fit the page when a form runs
    long, as the image pages are)."""
    px_per_mm = dpi / 25.4
    width = round((A5_MM[0] - 2 * MARGIN_MM) * px_per_mm)
    room = (A5_MM[1] - 2 * MARGIN_MM) * px_per_mm
    total = sum(height(block, width) for block in blocks)
    scale = min(1.0, room / total) if total else 1.0
    k = scale / px_per_mm
    left = (A5_MM[0] - width * k) / 2
    PageLayout(canvas, k, left, MARGIN_MM).stack(blocks, 0, 0, width)


def pages_pdf(pages: Sequence[Sequence[Block]], dpi: int, title: str = "LấySố") -> bytes:
    """One A5 page per list of blocks (:func:`draw_page`), as a PDF."""
    if not pages:
        raise ValueError("a PDF needs at least one page")
    pdf = _document(title)
    canvas = FpdfCanvas(pdf)
    for blocks in pages:
        pdf.add_page()
        draw_page(canvas, blocks, dpi)
    return bytes(pdf.output())
