"""Reading a procedure catalog from an Excel workbook (.xlsx), as provinces export lists.

The first worksheet holds the same table as the CSV format (shared/catalog_csv.py): the
header in row 1, one procedure per row. Each cell becomes the text a CSV file would hold, so
the rows are validated by the same rules, and a problem names the worksheet's row number:

- an empty cell is ""; a whole number typed as a number (3.0) is "3";
- a national code Excel stored as a number (1.00119, its last zero dropped) is written back
  with its six decimals ("1.001190");
- a date is written as YYYY-MM-DD; a formula gives the value Excel last computed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from shared.errors import CatalogError


def xlsx_records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """The first worksheet's rows as text cells, each with its row number (1 = the header).

    Trailing empty cells are dropped and short rows padded to the header's width, as a CSV
    file written by Excel has them."""
    from openpyxl import load_workbook  # a few hundred ms to import: only when a file comes

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise CatalogError(
            "Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx. Hãy lưu lại rồi nhập lại.",
            "Cannot read the Excel file: it is damaged or not an .xlsx workbook. Save it again "
            "and retry.") from error
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        width = 0
        code_column: int | None = None
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            cells = list(values)
            while cells and _blank(cells[-1]):
                cells.pop()
            if number == 1:
                width = len(cells)
                names = [_text(cell).strip().lower() for cell in cells]
                code_column = names.index("code") if "code" in names else None
            texts = [_text(cell, as_code=index == code_column)
                     for index, cell in enumerate(cells)]
            if 0 < len(texts) < width:
                texts += [""] * (width - len(texts))
            yield number, texts
    finally:
        workbook.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any, *, as_code: bool = False) -> str:
    """A cell's value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if as_code:
            return f"{value:.6f}"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() \
            else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
