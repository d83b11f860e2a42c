"""The printed ticket of issue 14: header and address folded whole words at a time (no word or
name cut, no lone "1"), the counters that serve it, "valid today", an office's closing line,
and a caption over the number whose capitals measure at least 3 mm on the printed raster."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from shared.config import PrinterSettings
from shared.printing.escpos_job import escpos_bytes
from shared.printing.linebreak import FoldedText, balanced_lines, units
from shared.printing.paper import Paper
from shared.printing.ticket_layout import DOTS_PER_MM, render_ticket, ticket_lines
from tests.shared.printing.samples import ticket
from tests.tools.escpos_render import parse, render

HEADERS = (
    "Trung tâm Phục vụ hành chính công phường Bến Nghé",
    "Số 1 Lê Duẩn, phường Sài Gòn, Thành phố Hồ Chí Minh",
    "UBND PHƯỜNG 1",
    "Ủy ban nhân dân phường 12, quận Gò Vấp, Thành phố Hồ Chí Minh",
    "Bộ phận Một cửa xã Tân Phú Trung, huyện Củ Chi",
    "Trung tâm Phục vụ hành chính công tỉnh Bà Rịa - Vũng Tàu, cơ sở 2",
)


def test_units_keep_numbers_names_and_compounds_whole() -> None:
    """A number sticks to the word before it, a place word to its name, a capitalised name
    and an office compound stay whole."""
    assert units("Số 1 Lê Duẩn, phường Sài Gòn, Thành phố Hồ Chí Minh") == [
        "Số 1", "Lê Duẩn,", "phường Sài Gòn,", "Thành phố Hồ Chí Minh"]
    assert units("UBND PHƯỜNG 1") == ["UBND", "PHƯỜNG 1"]
    assert units("Quầy 1, 2") == ["Quầy 1, 2"]
    assert "hành chính công" in units("Trung tâm Phục vụ hành chính công phường Bến Nghé")


@pytest.mark.parametrize("paper", list(Paper))
@pytest.mark.parametrize("text", HEADERS)
def test_headers_break_only_between_whole_words(paper: Paper, text: str) -> None:
    """At 58 and 80 mm, in capitals (the center's name) and as written (the address), every
    line is made of whole units, none is a number alone, and no line is wider than the
    paper."""
    width = paper.dots - 2 * paper.scale.margin
    for upper in (False, True):
        block = FoldedText(text, paper.scale.heading, bold=True, upper=upper)
        pieces = [piece.upper() if upper else piece for piece in units(text)]
        lines = block.lines(width)
        assert " ".join(lines) == " ".join(pieces)
        joined = ""
        for line in lines:  # each line ends where a unit ends
            joined = f"{joined} {line}".strip()
            assert any(" ".join(pieces[:count]) == joined for count in range(len(pieces) + 1))
            assert not line.replace(",", "").strip().isdigit(), lines
        assert block.render(width).width == width


def test_the_center_name_is_folded_in_even_lines() -> None:
    """On 58 mm paper the name reads in three even lines instead of leaving "NGHÉ" alone."""
    block = FoldedText(HEADERS[0], Paper.MM58.scale.heading, bold=True, upper=True)
    assert block.lines(Paper.MM58.dots - 2 * Paper.MM58.scale.margin) == [
        "TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG", "PHƯỜNG BẾN NGHÉ"]


def test_balanced_lines_split_a_unit_too_wide_for_the_line() -> None:
    """A unit wider than the line is broken between its own words, never lost."""
    lines = balanced_lines(["Thành phố Hồ Chí Minh"], 10, len)
    assert " ".join(lines) == "Thành phố Hồ Chí Minh"
    assert len(lines) == 3 and all(len(line) <= 10 for line in lines)


def test_the_ticket_names_its_counters_and_is_valid_today() -> None:
    """'Quầy 1, 2' under the service, 'Phiếu có giá trị trong ngày 12/03/2025'; in English
    'Counters 1, 2' and 'Valid on 12/03/2025 only'; one counter reads 'Quầy 3'."""
    words = ticket_lines(ticket(counters=(1, 2)))
    assert "Quầy 1, 2" in words
    assert "Phiếu có giá trị trong ngày 12/03/2025" in words
    english = ticket_lines(ticket(counters=(1, 2), language="en"))
    assert "Counters 1, 2" in english and "Valid on 12/03/2025 only" in english
    assert "Quầy 3" in ticket_lines(ticket(counters=(3,)))
    assert not any(line.startswith("Quầy") for line in ticket_lines(ticket()))


def test_the_default_closing_line_suits_a_public_office() -> None:
    """No shop's 'quý khách': the citizen is asked to take a seat, and thanked."""
    settings = PrinterSettings()
    assert not any("quý khách" in line for line in settings.footer)
    assert settings.footer == ["Mời ông/bà ngồi chờ đến lượt.", "Trân trọng cảm ơn!"]


def caption_cap_height(page: Image.Image) -> int:
    """The height in dots of the plain capitals of the first text line under the solid rule
    (the caption over the number), read off the printed raster."""
    grey = page.convert("L")
    width, height = grey.size
    pixels = grey.load()
    assert pixels is not None

    def ink(y: int) -> list[int]:
        return [x for x in range(width) if pixels[x, y] < 128]

    rule = next(y for y in range(height) if len(ink(y)) > width * 0.9)
    y = rule
    while ink(y):
        y += 1  # the rule's thickness
    while not ink(y):
        y += 1
    top, gap, bottom = y, 0, y
    while gap < 6:
        if ink(y):
            bottom, gap = y, 0
        else:
            gap += 1
        y += 1
    extents = []
    for x in range(width):
        rows = [row for row in range(top, bottom + 1) if pixels[x, row] < 128]
        if rows:
            extents.append(rows[-1] - rows[0] + 1)
    return Counter(extents).most_common(1)[0][0]


@pytest.mark.parametrize("paper", list(Paper))
def test_the_number_caption_is_at_least_3_mm_on_paper(paper: Paper, tmp_path: Path) -> None:
    """Printed through the real ESC/POS bytes and read back from the raster: the capitals of
    "SỐ THỨ TỰ CỦA ÔNG/BÀ" are at least 3 mm high at 203 dpi (24 dots); the ticket is saved as
    PNG (LAYSO_SHOTS=DIR keeps it)."""
    data = escpos_bytes([render_ticket(ticket(counters=(1, 2)), paper)], paper.dots)
    page = render(parse(data), paper.dots)
    out = Path(os.environ.get("LAYSO_SHOTS") or tmp_path)
    page.save(out / f"ticket-{paper.name}.png")
    dots = caption_cap_height(page)
    assert dots / DOTS_PER_MM >= 3.0, dots
