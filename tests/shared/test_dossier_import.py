"""Tests for shared/dossier_import: the province's dossier list imported from files written here
in the documented shapes (XLSX, CSV in every encoding), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from shared.db.database import Database
from shared.dossier_figures import wall_figures
from shared.dossier_import import import_file, mapping_for
from shared.dossier_import.mapping import Mapping, parse_mapping
from shared.errors import InvalidOperation
from shared.models import Dossier, DossierImport, DossierOrigin, DossierStatus, Event
from shared.reports import dossier_report
from tests.shared import dossier_center
from tests.shared.dossier_center import at, clock_of

center_db = dossier_center.center_db

MAPPING_TOML = """\
date_formats = ["%d/%m/%Y %H:%M", "%d/%m/%Y"]
[columns]
code = "Mã hồ sơ"
procedure_name = "Tên thủ tục"
procedure_code = "Mã thủ tục"
field = "Lĩnh vực"
applicant = "Người nộp"
received_at = "Ngày tiếp nhận"
due_at = "Ngày hẹn trả"
resolved_at = "Ngày có kết quả"
returned_at = "Ngày trả kết quả"
channel = "Hình thức nộp"
status = "Trạng thái"
[values.channel]
"Trực tuyến" = "online"
"Trực tiếp" = "in_person"
"Bưu chính" = "post"
[values.status]
"Đang giải quyết" = "received"
"Chờ bổ sung" = "supplement_requested"
"Đã có kết quả" = "resolved"
"Đã trả kết quả" = "returned"
"Từ chối" = "refused"
"""
HEADERS = ["STT", "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Người nộp",
           "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Ngày trả kết quả",
           "Hình thức nộp", "Trạng thái"]
#: Three dossiers as the province's first export shows them (Mon 10/03/2025 at 16:00):
#: one open and due Fri, one open with no due date, one finished early and returned.
FIRST = [
    ["1", "H48.99-250303-0001", "1.001193", "Đăng ký khai sinh", "Hộ tịch", "Trần Văn Bình",
     "03/03/2025 08:15", "14/03/2025 17:00", "", "", "Trực tuyến", "Đang giải quyết"],
    ["2", "H48.99-250304-0002", "", "Cấp bản sao trích lục", "Hộ tịch", "Lê Thị Cúc",
     "04/03/2025 09:00", "", "", "", "Trực tuyến", "Đang giải quyết"],
    ["3", "H48.99-250305-0003", "2.000815", "Chứng thực hợp đồng", "Chứng thực", "Phạm Dũng",
     "05/03/2025 10:00", "10/03/2025", "06/03/2025 15:00", "07/03/2025 09:00", "Trực tiếp",
     "Đã trả kết quả"],
]
#: The later export: the first one resolved late (Mon 17/03), the second refused.
LATER = [
    ["1", "H48.99-250303-0001", "1.001193", "Đăng ký khai sinh", "Hộ tịch", "Trần Văn Bình",
     "03/03/2025 08:15", "14/03/2025 17:00", "17/03/2025 08:30", "", "Trực tuyến",
     "Đã có kết quả"],
    ["2", "H48.99-250304-0002", "", "Cấp bản sao trích lục", "Hộ tịch", "Lê Thị Cúc",
     "04/03/2025 09:00", "", "", "", "Trực tuyến", "Từ chối"],
    FIRST[2],
]


@pytest.fixture
def mapping() -> Mapping:
    import tomllib

    return parse_mapping(tomllib.loads(MAPPING_TOML), "test.toml")


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8",
              title: bool = True) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if title:
        writer.writerow(["DANH SÁCH HỒ SƠ TIẾP NHẬN THÁNG 3/2025"])
        writer.writerow([])
    writer.writerow(HEADERS)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """Dates as real Excel dates where the province's workbook has them."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH HỒ SƠ"])
    sheet.append(HEADERS)
    for row in rows:
        cells: list[object] = list(row)
        for index in (6, 7, 8, 9):
            if row[index]:
                pattern = "%d/%m/%Y %H:%M" if ":" in row[index] else "%d/%m/%Y"
                cells[index] = datetime.strptime(row[index], pattern)
        sheet.append(cells)
    book.save(path)
    return path


def dossier_count(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count(Dossier.id))) or 0)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_a_csv_in_each_encoding_creates_the_dossiers_then_changes_nothing(
        center_db: Database, mapping: Mapping, tmp_path: Path, encoding: str) -> None:
    """UTF-8 with and without a BOM, UTF-16 with its BOM (Excel's "Unicode text"), a title
    above the header: three dossiers created with the province's codes, origin "import";
    the same file again changes nothing."""
    path = write_csv(tmp_path / "ds.csv", FIRST, encoding)
    first = import_file(center_db, "cs1", path, mapping)
    assert first.as_dict() == {"created": 3, "updated": 0, "unchanged": 0, "errors": []}
    again = import_file(center_db, "cs1", path, mapping)
    assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 3, "errors": []}
    with center_db.reading() as session:
        rows = {row.code: row for row in session.scalars(select(Dossier))}
    returned = rows["H48.99-250305-0003"]
    assert returned.origin == DossierOrigin.IMPORT and returned.status == DossierStatus.RETURNED
    assert returned.channel == "in_person" and returned.field == "Chứng thực"
    assert returned.applicant_name == "Phạm Dũng"
    assert returned.due_at == at("2025-03-10 23:59").replace(second=59)  # a date: its end
    assert rows["H48.99-250304-0002"].due_at is None


def test_an_xlsx_with_real_dates_imports_like_the_csv(center_db: Database, mapping: Mapping,
                                                      tmp_path: Path) -> None:
    """The workbook's first sheet, dates as Excel dates: the same three dossiers."""
    result = import_file(center_db, "cs1", write_xlsx(tmp_path / "ds.xlsx", FIRST), mapping)
    assert (result.created, result.errors) == (3, ())
    with center_db.reading() as session:
        received = session.scalar(select(Dossier.received_at).where(
            Dossier.code == "H48.99-250303-0001"))
    assert received == at("2025-03-03 08:15")


def test_a_later_export_updates_statuses_and_the_figures_follow(
        center_db: Database, mapping: Mapping, tmp_path: Path) -> None:
    """Figures before: open 1 within time, 1 with no due date (never "within time"), 1
    finished early. The later export (Tue 18/03): the first resolved late, the second refused:
    updated 2, unchanged 1; open nothing; finished early 1 (March) and late 1; the refusal is in
    the refused bucket, as an event "by import". The wall's figures equal the report's."""
    clock = clock_of(center_db)
    clock.moment = at("2025-03-10 16:00")
    import_file(center_db, "cs1", write_csv(tmp_path / "first.csv", FIRST), mapping)
    before = wall_figures(center_db, "cs1")
    assert (before.open_within_time, before.open_overdue, before.open_no_deadline) == (1, 0, 1)
    assert (before.finished_early, before.finished_late, before.on_time_rate) == (1, 0, 1.0)
    assert before.source.kind == "import" and before.source.updated_at == at("2025-03-10 16:00")

    clock.moment = at("2025-03-18 09:00")
    later = import_file(center_db, "cs1", write_csv(tmp_path / "later.csv", LATER), mapping)
    assert later.as_dict() == {"created": 0, "updated": 2, "unchanged": 1, "errors": []}
    after = wall_figures(center_db, "cs1")
    assert (after.open_within_time, after.open_overdue, after.open_no_deadline) == (0, 0, 0)
    assert (after.finished_early, after.finished_late, after.on_time_rate) == (1, 1, 0.5)
    report = dossier_report(center_db, "cs1", at("2025-03-01 00:00"), at("2025-04-01 00:00"),
                            as_of=at("2025-03-18 09:00")).total
    assert (report.refused, report.finished_early, report.finished_late) == (1, 1, 1)
    assert (report.open_within_time, report.open_no_deadline) == (0, 0)
    with center_db.reading() as session:
        kinds = [row.kind for row in session.scalars(select(Event).where(
            Event.kind.in_(["dossier.refused", "dossier.imported"])).order_by(Event.id))]
        refused_by = session.scalar(select(Event.data).where(Event.kind == "dossier.refused"))
    assert kinds == ["dossier.imported", "dossier.refused", "dossier.imported"]
    assert refused_by is not None and refused_by["by"] == "import"


def test_bad_rows_are_named_by_line_and_nothing_is_written(
        center_db: Database, mapping: Mapping, tmp_path: Path) -> None:
    """A word not in the mapping, a date that does not exist, a row without a code: each
    reported with its line in the file (the title is lines 1-2, the header 3), and not one
    dossier written although lines 6 and 7 are good (7 repeats line 4's code, whose row was
    refused, so it is no duplicate)."""
    rows = [list(row) for row in FIRST]
    rows[0][11] = "Đang thẩm định"  # line 4
    rows[1][6] = "31/02/2025 09:00"  # line 5
    duplicate = list(FIRST[0])  # line 7 repeats line 4's code
    no_code = list(FIRST[2])
    no_code[1] = ""  # line 8
    result = import_file(center_db, "cs1", write_csv(tmp_path / "bad.csv",
                                                     [*rows, duplicate, no_code]), mapping)
    assert result.created == result.updated == 0
    assert result.errors == (
        "Dòng 4: trạng thái “Đang thẩm định” chưa có trong bảng ánh xạ [values.status] (thêm "
        "dòng \"Đang thẩm định\" = \"…\").",
        "Dòng 5: ngày tiếp nhận “31/02/2025 09:00” không đúng định dạng (%d/%m/%Y %H:%M, "
        "%d/%m/%Y).",
        "Dòng 8: thiếu mã hồ sơ.",
    )
    assert dossier_count(center_db) == 0
    with center_db.reading() as session:
        logged = session.scalars(select(DossierImport)).one()
    assert logged.errors == list(result.errors) and logged.created == 0


def test_a_code_twice_in_one_file_is_an_error(center_db: Database, mapping: Mapping,
                                              tmp_path: Path) -> None:
    result = import_file(center_db, "cs1", write_csv(tmp_path / "dup.csv",
                                                     [FIRST[0], FIRST[1], FIRST[0]]), mapping)
    assert result.errors == ("Dòng 6: mã hồ sơ H48.99-250303-0001 trùng với dòng 4.",)
    assert dossier_count(center_db) == 0


@pytest.mark.parametrize("content", [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
                                     b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                                     b"PK\x03\x04 not really a workbook"])
def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(
        center_db: Database, mapping: Mapping, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "ds.xlsx"
    path.write_bytes(content)
    with pytest.raises(InvalidOperation, match="không phải bảng tính"):
        import_file(center_db, "cs1", path, mapping)
    assert dossier_count(center_db) == 0


def test_a_file_without_the_mapped_columns_names_them(center_db: Database, mapping: Mapping,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Mã hồ sơ;Tên\nX-1;Y\n", encoding="utf-8")
    with pytest.raises(InvalidOperation, match="“Ngày tiếp nhận”"):
        import_file(center_db, "cs1", path, mapping)


def test_mapping_files_are_checked_and_a_preset_can_be_extended(tmp_path: Path) -> None:
    """An unknown column or one of our words that does not exist is refused with the key;
    the OpenCPS preset plus a file adding a status word."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\ncode = "Mã"\nmagic = "X"\n', encoding="utf-8")
    with pytest.raises(InvalidOperation, match="magic"):
        mapping_for(bad)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[values.status]\n"Xong" = "done"\n', encoding="utf-8")
    with pytest.raises(InvalidOperation, match="done"):
        mapping_for(wrong)
    extra = tmp_path / "extra.toml"
    extra.write_text('[values.status]\n"Đã trả kết quả" = "returned"\n', encoding="utf-8")
    merged = mapping_for(extra, "opencps")
    assert merged.columns["code"] == "Mã hồ sơ"
    assert merged.word("status", "đã trả kết quả") == "returned"
    assert merged.word("status", "Chờ bổ sung") == "supplement_requested"
    with pytest.raises(InvalidOperation, match="opencps"):
        mapping_for(None, "vnpt-made-up")
