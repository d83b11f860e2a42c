"""A small layout engine: blocks that each draw themselves at a given width, stacked top-down.

Text is drawn with the bundled Noto Sans, so Vietnamese diacritics never depend on a printer's
code pages. Every block renders to a greyscale ("L") image as wide as it is asked to be;
:func:`stack` piles them up and :func:`to_monochrome` makes the 1-bit image a printer gets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal, Protocol

from PIL import Image, ImageDraw, ImageFont

from shared.paths import FONTS_DIR

Align = Literal["left", "center", "right"]
Font = ImageFont.FreeTypeFont
WHITE, BLACK = 255, 0


@cache
def font(size: int, bold: bool = False) -> Font:
    """The bundled Noto Sans (Regular or Bold) at ``size`` pixels."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(str(FONTS_DIR / name), size)


class Block(Protocol):
    def render(self, width: int) -> Image.Image: ...


def _x_for(align: Align, width: int, used: float) -> float:
    if align == "center":
        return (width - used) / 2
    if align == "right":
        return width - used
    return 0.0


Token = tuple[str, Font]


def wrap_runs(runs: Sequence[tuple[str, bool]], size: int, width: int) -> list[list[Token]]:
    """Break runs of (text, bold) into lines of at most ``width`` pixels, at ASCII spaces.

    A no-break space keeps words together; a word longer than the line is broken between
    characters; a newline starts a new line.
    """
    lines: list[list[Token]] = [[]]
    used = 0.0
    for text, bold in runs:
        face = font(size, bold)
        for piece in re.findall(r"\n| *[^ \n]+ *| +", text):
            if piece == "\n":
                lines.append([])
                used = 0.0
                continue
            ink = face.getlength(piece.rstrip())
            if lines[-1] and used + ink > width:
                lines.append([])
                used = 0.0
                piece = piece.lstrip()
                ink = face.getlength(piece.rstrip())
            while ink > width and len(piece) > 1:  # a word wider than the line
                cut = len(piece) - 1
                while cut > 1 and face.getlength(piece[:cut]) > width - used:
                    cut -= 1
                lines[-1].append((piece[:cut], face))
                lines.append([])
                used = 0.0
                piece = piece[cut:]
                ink = face.getlength(piece.rstrip())
            lines[-1].append((piece, face))
            used += face.getlength(piece)
    return lines


@dataclass(frozen=True)
class Text:
    """A paragraph of runs of (text, bold), wrapped to the width and aligned.

    ``indent`` shifts every line right (list items); ``first_indent`` only the first.
    """

    runs: tuple[tuple[str, bool], ...]
    size: int
    align: Align = "left"
    indent: int = 0
    spacing: float = 1.28

    @staticmethod
    def of(text: str, size: int, *, bold: bool = False, align: Align = "left",
           indent: int = 0) -> Text:
        return Text(((text, bold),), size, align, indent)

    def render(self, width: int) -> Image.Image:
        usable = max(1, width - self.indent)
        lines = wrap_runs(self.runs, self.size, usable)
        line_height = round(self.size * self.spacing)
        image = Image.new("L", (width, max(1, line_height * len(lines))), WHITE)
        draw = ImageDraw.Draw(image)
        ascent = font(self.size).getmetrics()[0]
        for row, tokens in enumerate(lines):
            if tokens:
                last_text, last_face = tokens[-1]
                tokens = [*tokens[:-1], (last_text.rstrip(), last_face)]
            used = sum(face.getlength(text) for text, face in tokens)
            x = self.indent + _x_for(self.align, usable, used)
            baseline = row * line_height + ascent + round((line_height - self.size * 1.36) / 2)
            for text, face in tokens:
                draw.text((x, baseline), text, font=face, fill=BLACK, anchor="ls")
                x += face.getlength(text)
        return image


@dataclass(frozen=True)
class FitLine:
    """One line of text at ``size``, or smaller if that is what it takes to fit the width."""

    text: str
    size: int
    bold: bool = False
    align: Align = "center"

    def render(self, width: int) -> Image.Image:
        size = self.size
        while size > 8 and font(size, self.bold).getlength(self.text) > width:
            size -= 1
        line = Text.of(self.text, size, bold=self.bold, align=self.align).render(width)
        if size == self.size:
            return line
        full = Image.new("L", (width, round(self.size * 1.28)), WHITE)
        full.paste(line, (0, (full.height - line.height) // 2))
        return full


@dataclass(frozen=True)
class BigText:
    """One line of very large bold text (the ticket number), as large as fits the width."""

    text: str
    max_size: int
    padding: int = 8

    def render(self, width: int) -> Image.Image:
        size = self.max_size
        while True:
            face = font(size, bold=True)
            left, top, right, bottom = face.getbbox(self.text)
            if right - left <= width or size <= 8:
                break
            size -= 2
        height = round(bottom - top) + 2 * self.padding
        image = Image.new("L", (width, height), WHITE)
        x = (width - (right - left)) / 2 - left
        ImageDraw.Draw(image).text((x, self.padding - top), self.text, font=face, fill=BLACK)
        return image


@dataclass(frozen=True)
class Inverted:
    """White bold text on a black band (the priority mark)."""

    text: str
    size: int
    padding: int = 6

    def render(self, width: int) -> Image.Image:
        inner = Text.of(self.text, self.size, bold=True, align="center").render(
            width - 2 * self.padding)
        image = Image.new("L", (width, inner.height + 2 * self.padding), BLACK)
        image.paste(inner.point(lambda v: 255 - v), (self.padding, self.padding))
        return image


@dataclass(frozen=True)
class Rule:
    """A horizontal line, solid or dashed, with space above and below."""

    thickness: int = 2
    margin: int = 8
    dashed: bool = False
    inset: int = 0

    def render(self, width: int) -> Image.Image:
        image = Image.new("L", (width, self.thickness + 2 * self.margin), WHITE)
        draw = ImageDraw.Draw(image)
        y0, y1 = self.margin, self.margin + self.thickness - 1
        step = 12 if self.dashed else width
        for x in range(self.inset, width - self.inset, step):
            end = min(x + (7 if self.dashed else width), width - self.inset) - 1
            draw.rectangle((x, y0, end, y1), fill=BLACK)
        return image


@dataclass(frozen=True)
class Space:
    height: int

    def render(self, width: int) -> Image.Image:
        return Image.new("L", (width, max(1, self.height)), WHITE)


@dataclass(frozen=True)
class Picture:
    """An image (logo, QR code) scaled down to fit ``max_width``×``max_height``, aligned."""

    image: Image.Image
    max_width: int
    max_height: int
    align: Align = "center"
    dither: bool = True

    def render(self, width: int) -> Image.Image:
        picture = self.image.convert("L")
        scale = min(1.0, self.max_width / picture.width, self.max_height / picture.height,
                    width / picture.width)
        if scale < 1.0:
            size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
            picture = picture.resize(size, Image.Resampling.LANCZOS)
        if self.dither:
            picture = picture.convert("1").convert("L")
        canvas = Image.new("L", (width, picture.height), WHITE)
        canvas.paste(picture, (round(_x_for(self.align, width, picture.width)), 0))
        return canvas


@dataclass(frozen=True)
class Columns:
    """Blocks side by side, top-aligned; ``shares`` are the column widths' proportions."""

    columns: tuple[tuple[Block, ...], ...]
    shares: tuple[float, ...]
    gap: int = 16

    def render(self, width: int) -> Image.Image:
        usable = width - self.gap * (len(self.columns) - 1)
        total = sum(self.shares)
        parts = []
        for blocks, share in zip(self.columns, self.shares, strict=True):
            parts.append(stack(blocks, max(1, int(usable * share / total))))
        image = Image.new("L", (width, max(p.height for p in parts)), WHITE)
        x = 0
        for part in parts:
            image.paste(part, (x, 0))
            x += part.width + self.gap
        return image


def stack(blocks: Sequence[Block], width: int, margin: int = 0) -> Image.Image:
    """The blocks rendered at ``width - 2*margin`` and piled up, with ``margin`` on each side."""
    parts = [block.render(width - 2 * margin) for block in blocks]
    image = Image.new("L", (width, max(1, sum(p.height for p in parts))), WHITE)
    y = 0
    for part in parts:
        image.paste(part, (margin, y))
        y += part.height
    return image


def to_monochrome(image: Image.Image) -> Image.Image:
    """A 1-bit image, black where the greyscale is darker than middle grey (no dithering)."""
    return image.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1")
