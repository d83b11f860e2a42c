"""Read a province's export as rows: an XLSX workbook (its first sheet) or a CSV file in UTF-8
(with or without a BOM) or UTF-16 (with its BOM, as Excel's "Unicode text" saves it).

Exports often carry title lines above the table ("BÁO CÁO DANH SÁCH HỒ SƠ…"): the header row
is the first of the first 30 rows that holds the code column's header. Each row keeps its
line number in the file (the sheet's row number for XLSX) for the error messages. Anything
else (a PDF, an image, a damaged workbook) is refused with a clear message.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.errors import InvalidOperation
from shared.textfold import fold

HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    #: (line number, cells by header)
    rows: tuple[tuple[int, dict[str, Any]], ...]


def not_a_table(name: str, why: str = "", why_en: str = "") -> InvalidOperation:
    return InvalidOperation(
        f"Tệp {name} không phải bảng tính đọc được (XLSX, hoặc CSV mã UTF-8/UTF-16)"
        + (f": {why}" if why else "") + ".",
        f"{name} is not a readable spreadsheet (XLSX, or CSV in UTF-8/UTF-16)"
        + (f": {why_en or why}" if why else "") + ".")


def read_table(path: Path, code_header: str) -> Table:
    """The table of ``path`` whose header row holds ``code_header``."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InvalidOperation(f"Không đọc được tệp {path}: {error.strerror}.",
                               f"Cannot read {path}: {error.strerror}.") from error
    if not raw.strip():
        raise InvalidOperation(f"Tệp {path.name} rỗng: không có dòng nào để nhập.",
                               f"{path.name} is empty: there is nothing to import.")
    if raw.startswith(b"\xd0\xcf\x11\xe0") or (
            path.suffix.lower() == ".xls" and raw.lstrip()[:1] == b"<"):
        # Excel 97-2003, or the HTML table some systems save under .xls
        raise InvalidOperation(
            f"Tệp {path.name} ở định dạng Excel cũ (.xls): hãy mở bằng Excel và lưu lại dạng "
            ".xlsx (Excel Workbook) hoặc CSV UTF-8, rồi nhập tệp mới.",
            f"{path.name} is in the old Excel format (.xls): open it in Excel and save it as "
            ".xlsx (Excel Workbook) or CSV UTF-8, then import the new file.")
    if raw.startswith(b"PK\x03\x04"):
        lines = list(_xlsx_lines(raw, path.name))
    else:
        lines = list(_csv_lines(_decode(raw, path.name), path.name))
    return _table(lines, code_header, path.name)


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            raise not_a_table(name, "mã UTF-16 hỏng", "broken UTF-16") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if raw[1:2] == b"\x00" or raw[:1] == b"\x00":  # UTF-16 without its BOM
            try:
                return raw.decode("utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be")
            except UnicodeDecodeError:
                pass
        raise not_a_table(name, "không phải văn bản UTF-8 hay UTF-16 (hãy lưu lại dạng CSV "
                          "UTF-8 hoặc XLSX)", "not UTF-8 or UTF-16 text (save it again as "
                          "CSV UTF-8 or XLSX)") from error
    if "\x00" in text:
        raise not_a_table(name, "tệp nhị phân", "a binary file")
    return text


def _csv_lines(text: str, name: str) -> Iterator[tuple[int, list[Any]]]:
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as error:  # a 10 MB line, a stray quote: one clear line
        vi = (f"dòng {reader.line_num}: một ô quá dài (hơn {csv.field_size_limit()} ký tự)"
              if "field larger than field limit" in str(error)
              else f"dòng {reader.line_num}: {error}")
        raise not_a_table(name, vi, f"line {reader.line_num}: {error}") from error


def _xlsx_lines(raw: bytes, name: str) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise not_a_table(name, "bảng tính hỏng hoặc không phải XLSX",
                          "a damaged workbook or not XLSX") from error
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        book.close()


def _table(lines: list[tuple[int, list[Any]]], code_header: str, name: str) -> Table:
    wanted = fold(code_header)
    for index, (_number, cells) in enumerate(lines[:HEADER_SEARCH_ROWS]):
        headers = [_header(cell) for cell in cells]
        if wanted in (fold(header) for header in headers):
            rows = []
            for number, row in lines[index + 1:]:
                if all(_blank(cell) for cell in row):
                    continue
                cells_by = {header: (row[column] if column < len(row) else None)
                            for column, header in enumerate(headers) if header}
                rows.append((number, cells_by))
            return Table(tuple(header for header in headers if header), tuple(rows))
    raise InvalidOperation(
        f"Tệp {name}: không thấy cột “{code_header}” trong {HEADER_SEARCH_ROWS} dòng đầu "
        "(kiểm tra tệp ánh xạ hoặc mẫu đã chọn).",
        f"{name}: no column “{code_header}” in the first {HEADER_SEARCH_ROWS} lines (check "
        "the mapping or the preset).")


def _header(cell: Any) -> str:
    return " ".join(str(cell).split()) if cell is not None else ""


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
