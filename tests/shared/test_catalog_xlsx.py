"""Tests for shared/catalog_xlsx.py and the catalog's XLSX path: an Excel workbook imports
exactly as the same table in CSV does, with its problems numbered by worksheet row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from shared.catalog import CatalogService
from shared.catalog_csv import parse_catalog, parse_catalog_bytes
from shared.cli.main import main
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.errors import CatalogError
from shared.paths import CATALOG_DIR


def workbook_bytes(rows: list[list[object]]) -> bytes:
    """An .xlsx file whose first sheet holds ``rows`` (cells as given: text, numbers...)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_as_workbook(path: Path) -> bytes:
    """The CSV file's table as a workbook, every cell as text."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return workbook_bytes([list(row) for row in csv.reader(handle)])


def test_the_reference_catalog_as_xlsx_gives_the_same_rows_as_the_csv() -> None:
    """The 80 reference procedures read from a workbook equal those read from the CSV."""
    path = CATALOG_DIR / "procedures.csv"
    from_csv = parse_catalog(path)
    from_xlsx = parse_catalog_bytes(csv_as_workbook(path))
    assert [(row.code, row.name, row.documents, row.source) for row in from_xlsx] == \
        [(row.code, row.name, row.documents, row.source) for row in from_csv]


def test_numbers_typed_as_numbers_read_as_the_csv_text() -> None:
    """A time limit typed as 3 (or 3.0) is "3"; a code Excel stored as 1.00119 is 1.001190;
    an empty cell is an unknown limit."""
    data = workbook_bytes([
        ["code", "name", "field", "time_limit", "time_unit"],
        [1.00119, "Đăng ký khai sinh", "Hộ tịch", 3.0, "working_days"],
        ["1.000419", "Khai tử lưu động", "Hộ tịch", None, None],
    ])
    first, second = parse_catalog_bytes(data)
    assert (first.code, first.time_limit, first.time_unit) == ("1.001190", 3, "working_days")
    assert (second.time_limit, second.time_unit) == (None, None)


def test_problems_name_the_worksheet_rows() -> None:
    """Every bad row is listed with its row number in the sheet (row 1 = the header)."""
    data = workbook_bytes([
        ["code", "name", "field", "time_limit", "time_unit"],
        ["1.001193", "Đăng ký khai sinh", "Hộ tịch", 3, "working_days"],
        [],
        ["abc", "Sai mã", "Hộ tịch", "ba", "working_days"],
        ["1.001193", "Trùng mã", "Hộ tịch", 1, "weeks"],
    ])
    with pytest.raises(CatalogError) as raised:
        parse_catalog_bytes(data)
    problems = raised.value.problems
    assert [problem.split(":")[0] for problem in problems] == ["Dòng 4", "Dòng 4", "Dòng 5"]
    assert "'abc'" in problems[0] and "'ba'" in problems[1] and "'weeks'" in problems[2]


def test_a_damaged_workbook_or_an_old_xls_is_refused_kindly() -> None:
    """A ZIP that is no workbook, and an Excel 97–2003 file, raise CatalogError (no crash)."""
    with pytest.raises(CatalogError, match="Excel"):
        parse_catalog_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CatalogError) as raised:
        parse_catalog_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    assert ".xls" in raised.value.problems[0]


def test_importing_an_xlsx_equals_importing_the_csv(db: Database, tmp_path: Path) -> None:
    """The reference catalog imported from a workbook gives the same procedures as from CSV."""
    path = CATALOG_DIR / "procedures.csv"
    reference = Database(f"sqlite:///{tmp_path}/reference.db")
    try:
        upgrade(reference)
        CatalogService(reference).import_csv(path)
        expected = CatalogService(reference).index.all()
    finally:
        reference.dispose()
    report = CatalogService(db).import_bytes(csv_as_workbook(path), source="catalog.xlsx")
    assert (report.added, report.total) == (80, 80)
    assert CatalogService(db).index.all() == expected


def test_layso_catalog_import_takes_an_xlsx_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """`layso catalog import FILE.xlsx` imports a workbook as it does a CSV file."""
    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LAYSO_CONFIG", raising=False)
    monkeypatch.delenv("LAYSO_LANGUAGE", raising=False)
    workbook = tmp_path / "danh-muc.xlsx"
    workbook.write_bytes(csv_as_workbook(CATALOG_DIR / "procedures.csv"))
    url = f"sqlite:///{tmp_path / 'layso.db'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["--db", url, "catalog", "import", str(workbook)]) == 0
    assert capsys.readouterr().out.strip() == "Đã nhập 80 thủ tục: 80 mới, 0 cập nhật, " \
                                              "0 không đổi."
