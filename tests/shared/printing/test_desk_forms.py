"""Forms 03 (refusal) and 04 (apology and new due date) on a thermal roll, and every form as
an A5 PDF with real text in the embedded Noto Sans (pdf_writer.py)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from shared.printing.apology_layout import apology_blocks, render_apology
from shared.printing.documents import ApologyDocument, RefusalDocument
from shared.printing.form_parts import FormSizes
from shared.printing.page import form_pdf
from shared.printing.paper import Paper
from shared.printing.refusal_layout import refusal_blocks, render_refusal
from shared.printing.service import PrintService
from shared.printing.spec import PrinterSpec
from tests.shared.printing.samples import DOSSIER_CODE, slip, supplement
from tests.shared.printing.test_slip_layout import words
from tests.tools.escpos_render import parse


def refusal() -> RefusalDocument:
    return RefusalDocument(
        agency_name="UBND phường Bến Nghé", place="Phường Bến Nghé", dossier_code=DOSSIER_CODE,
        applicant_name="Nguyễn Thị Hồng Nhung", procedure_name="Đăng ký khai sinh",
        reason="Không thuộc thẩm quyền giải quyết của phường", clerk_name="Trần Văn Đức",
        issued_at=datetime(2025, 3, 12, 2, 0, tzinfo=UTC),
        received_at=datetime(2025, 3, 12, 1, 15, tzinfo=UTC), applicant_phone="0903 123 456")


def apology() -> ApologyDocument:
    return ApologyDocument(
        agency_name="UBND phường Bến Nghé", place="Phường Bến Nghé", dossier_code=DOSSIER_CODE,
        applicant_name="Nguyễn Thị Hồng Nhung", procedure_name="Đăng ký khai sinh",
        received_at=datetime(2025, 3, 12, 1, 15, tzinfo=UTC),
        old_due_at=datetime(2025, 3, 13, 9, 0, tzinfo=UTC),
        new_due_at=datetime(2025, 3, 18, 9, 0, tzinfo=UTC),
        reason="Chờ kết quả xác minh của Công an phường", clerk_name="Trần Văn Đức",
        issued_at=datetime(2025, 3, 13, 2, 0, tzinfo=UTC), processing_time="01 ngày làm việc")


def _printed_image(path: Path) -> Image.Image:
    """The job's image (sent in bands, put back together), followed by its one cut."""
    items = [item for item in parse(path.read_bytes()).items if item.kind != "feed"]
    kinds = [item.kind for item in items]
    assert kinds[-1] == "cut" and set(kinds[:-1]) == {"image"}
    bands = [item.image for item in items[:-1]]
    assert all(isinstance(band, Image.Image) for band in bands)
    whole = Image.new("L", (bands[0].width, sum(band.height for band in bands)), 255)
    top = 0
    for band in bands:
        whole.paste(band.convert("L"), (0, top))
        top += band.height
    return whole.convert("1")


def _same(a: Image.Image, b: Image.Image) -> bool:
    difference = ImageChops.difference(a.convert("L"), b.convert("L"))
    return a.size == b.size and difference.getbbox() is None


def test_form_03_prints_its_fields_on_the_thermal_printer(tmp_path: Path) -> None:
    """The job's bytes hold exactly form 03's image, then a cut; its fields: the title, the
    code, the applicant, the request, the time received, the reason, the signature."""
    out = tmp_path / "out.bin"
    doc = refusal()
    assert PrintService(PrinterSpec("file", str(out))).print_refusal(doc).printed
    assert _same(_printed_image(out), render_refusal(doc, Paper.MM80))
    text = words(refusal_blocks(doc, FormSizes.for_paper(Paper.MM80)))
    for expected in ("PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ", f"Mã hồ sơ: {DOSSIER_CODE}",
                     "Ông/bà: Nguyễn Thị Hồng Nhung", "Số điện thoại: 0903 123 456",
                     "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
                     "Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 12/03/2025",
                     "Lý do: Không thuộc thẩm quyền giải quyết của phường",
                     "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Văn Đức", "UBND PHƯỜNG BẾN NGHÉ",
                     "Phường Bến Nghé, ngày 12 tháng 03 năm 2025"):
        assert expected in text, expected


def test_form_04_prints_the_reason_the_old_and_the_new_due_date(tmp_path: Path) -> None:
    """Form 04 on a 58 mm roll: the bytes hold its image; the apology names the old due
    date, the reason and the new date."""
    out = tmp_path / "out.bin"
    doc = apology()
    assert PrintService(PrinterSpec("file", str(out)), Paper.MM58).print_apology(doc).printed
    assert _same(_printed_image(out), render_apology(doc, Paper.MM58))
    text = words(apology_blocks(doc, FormSizes.for_paper(Paper.MM58)))
    for expected in ("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", f"Mã hồ sơ: {DOSSIER_CODE}",
                     "Kính gửi: Nguyễn Thị Hồng Nhung", "Ngày 12/03/2025",
                     "Thời gian giải quyết theo quy định: 01 ngày làm việc",
                     "Hẹn trả kết quả: 16 giờ 00 phút, ngày 13/03/2025",
                     "Lý do: Chờ kết quả xác minh của Công an phường", "xin lỗi ông/bà",
                     "16 giờ 00 phút, ngày 18/03/2025", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"):
        assert expected in text, expected


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The PDF's text as pdftotext (poppler-utils) extracts it."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: scripts/system-deps.sh")
    path = tmp_path / "form.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


@pytest.mark.parametrize(("make", "expected"), [
    (slip, ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Liên 1: lưu", "Liên 2: giao người nộp",
            "Nguyễn Thị Hồng Nhung", "16 giờ 00 phút, ngày 13/03/2025")),
    (supplement, ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Giấy chứng sinh (bản chính)")),
    (refusal, ("PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ",
               "Không thuộc thẩm quyền giải quyết của phường")),
    (apology, ("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "16 giờ 00 phút, ngày 18/03/2025")),
])
def test_each_form_is_an_a5_pdf_of_real_text_in_the_embedded_font(
        make: object, expected: tuple[str, ...], tmp_path: Path) -> None:
    """Not a bitmap: the Noto Sans subset is embedded and the text (diacritics included)
    comes back out of the PDF; pages are A5."""
    assert callable(make)
    data = form_pdf(make())
    assert data.startswith(b"%PDF") and b"/FontFile2" in data and b"NotoSans" in data
    assert b"/MediaBox [0 0 419.53 595.28]" in data
    text = pdf_text(data, tmp_path)
    for phrase in (*expected, DOSSIER_CODE):
        assert phrase in text, phrase
