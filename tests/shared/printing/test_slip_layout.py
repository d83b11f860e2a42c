"""Form 01 (two copies, each cut), form 02 and the A5 PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from shared.printing.blocks import Block, Columns, FitLine, Text
from shared.printing.form_parts import FormSizes
from shared.printing.page import page_size, pdf_bytes, slip_pages, supplement_page, write_slip_pdf
from shared.printing.paper import Paper
from shared.printing.service import PrintService
from shared.printing.slip_layout import render_slip, slip_blocks
from shared.printing.spec import PrinterSpec
from shared.printing.supplement_layout import supplement_blocks
from tests.shared.printing.samples import DOSSIER_CODE, slip, supplement
from tests.tools.escpos_render import parse


def words(blocks: list[Block]) -> str:
    """All the text the blocks draw, joined (no-break spaces as spaces)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Text):
            out.append("".join(text for text, _ in block.runs))
        elif isinstance(block, FitLine):
            out.append(block.text)
        elif isinstance(block, Columns):
            out += [words(list(column)) for column in block.columns]
    return "\n".join(out).replace("\u00a0", " ")


def test_slip_prints_two_copies_each_with_its_own_cut(tmp_path: Path) -> None:
    """print_slip sends Liên 1 and Liên 2 as two images, each followed by a cut."""
    path = tmp_path / "out.bin"
    result = PrintService(PrinterSpec("file", str(path))).print_slip(slip())
    assert result.printed
    kinds = [item.kind for item in parse(path.read_bytes()).items if item.kind != "feed"]
    assert kinds.count("cut") == 2
    assert kinds[-1] == "cut" and kinds[kinds.index("cut") + 1] == "image"


def test_slip_carries_every_field_of_form_01() -> None:
    """The copy names its copy label and every field DOMAIN.md lists for form 01."""
    text = words(slip_blocks(slip(), "Liên 2: giao người nộp", FormSizes.for_paper(Paper.MM80)))
    for expected in [
        "UBND PHƯỜNG BẾN NGHÉ", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Phường Bến Nghé, ngày 12 tháng 03 năm 2025", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {DOSSIER_CODE}", "(Liên 2: giao người nộp)",
        "Nguyễn Thị Hồng Nhung", "12 Nguyễn Huệ", "0903 123 456", "nhung@example.vn",
        "Đăng ký khai sinh", "- Giấy chứng sinh", "2. Số lượng hồ sơ: 01 bộ",
        "3. Thời gian giải quyết hồ sơ theo quy định: 01 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 12/03/2025",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 13/03/2025",
        "6. Đăng ký nhận kết quả tại:", "Quyển số: 03/2025, Số thứ tự: 0099",
        "Phí, lệ phí: Không thu phí", "Mã tra cứu: HN8K2Q",
        "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Văn Đức",
    ]:
        assert expected in text, expected


def test_unknown_due_date_and_fee_print_as_not_yet_known() -> None:
    """No due date and no known fee print "chưa xác định", never an invented value."""
    text = words(slip_blocks(slip(due_at=None, fee_vnd=None), "Liên 1: lưu",
                             FormSizes.for_paper(Paper.MM58)))
    assert "giải quyết hồ sơ: chưa xác định" in text
    assert "Phí, lệ phí: chưa xác định" in text


def test_a_fee_that_is_not_a_plain_amount_prints_as_written() -> None:
    """The catalog's "10.000đ/trường hợp" is not a plain amount: the slip prints it as
    written instead of "chưa xác định"; a plain amount still prints as "50.000 đồng"."""
    written = words(slip_blocks(slip(fee_vnd=None, fee_text="10.000đ/trường hợp"),
                                "Liên 1: lưu", FormSizes.for_paper(Paper.MM80)))
    assert "Phí, lệ phí: 10.000đ/trường hợp" in written
    amount = words(slip_blocks(slip(fee_vnd=50000, fee_text="50.000đ"), "Liên 1: lưu",
                               FormSizes.for_paper(Paper.MM80)))
    assert "Phí, lệ phí: 50.000 đồng" in amount


@pytest.mark.parametrize("paper", list(Paper))
def test_slip_qr_decodes_to_the_dossier_code(paper: Paper) -> None:
    """Each copy's QR code holds the dossier code, which the kiosk's lookup reads."""
    copies = render_slip(slip(), paper)
    assert len(copies) == 2 and all(image.width == paper.dots for image in copies)
    for image in copies:
        assert [code.text for code in zxingcpp.read_barcodes(image.convert("L"))] == [
            DOSSIER_CODE]


def test_supplement_lists_documents_reason_and_clerk() -> None:
    """Form 02 names the dossier, applicant, procedure, each document to add, reason, clerk."""
    text = words(supplement_blocks(supplement(), FormSizes.for_paper(Paper.MM80)))
    for expected in ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", DOSSIER_CODE,
                     "Nguyễn Thị Hồng Nhung", "Đăng ký khai sinh",
                     "1. Giấy chứng sinh (bản chính)", "Lý do: Giấy chứng sinh là bản photo.",
                     "NGƯỜI HƯỚNG DẪN", "Trần Văn Đức"]:
        assert expected in text, expected


def test_a5_pdf_has_one_a5_page_per_copy(tmp_path: Path) -> None:
    """The PDF has two pages of 148 × 210 mm, and the page images' QR still decodes."""
    path = write_slip_pdf(slip(), tmp_path / "slip.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", data)) == 2
    boxes = re.findall(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", data)
    assert boxes
    for width, height in boxes:  # points: 148 mm = 419.5 pt, 210 mm = 595.3 pt
        assert abs(float(width) - 419.5) < 1.5 and abs(float(height) - 595.3) < 1.5
    pages = slip_pages(slip())
    assert pages[0].size == page_size(200)
    assert [c.text for c in zxingcpp.read_barcodes(pages[0])] == [DOSSIER_CODE]


def test_supplement_fits_on_an_a5_page() -> None:
    """Form 02 renders on one A5 page with white margins (nothing runs off the edge)."""
    page = supplement_page(supplement(documents_to_add=tuple(f"Giấy tờ {n}" for n in range(30))))
    assert page.size == page_size(200)
    inverted = Image.eval(page, lambda v: 255 - v)
    left, top, right, bottom = inverted.getbbox() or (0, 0, 0, 0)
    assert left > 0 and top > 0 and right < page.width and bottom < page.height
    assert pdf_bytes([page]).startswith(b"%PDF")
