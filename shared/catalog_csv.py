"""Reading and validating a procedure catalog file (CSV or XLSX), all rows or none.

The format (documented in assets/catalog/README.md): UTF-8 (a BOM is accepted), a header row,
required columns ``code, name, field, time_limit, time_unit`` and optional columns
``level, fee, online_level, documents, steps, legal_basis, portal_url, source, note``.
``time_limit`` is a
whole number (0 = same day) or empty (unknown); ``time_unit`` is ``working_days``, ``days`` or
``hours`` (may be empty when the limit is unknown). ``documents``, ``steps`` and
``legal_basis`` hold items separated by ``|`` or newlines.

An Excel workbook (.xlsx) with the same header in its first sheet's first row is read into
the same text cells by shared/catalog_xlsx.py and checked by the same rules, its problems
numbered by worksheet row.

Every row is checked and every problem is collected with its line number; if there is any,
:func:`parse_catalog` raises :class:`~shared.errors.CatalogError` listing them all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from shared.errors import CatalogError

REQUIRED_COLUMNS = ("code", "name", "field", "time_limit", "time_unit")
#: The longest time limit accepted (days or hours): a year of days, ample for any procedure;
#: beyond it a typo, and a due date past Python's calendar.
MAX_TIME_LIMIT = 1000
OPTIONAL_COLUMNS = ("level", "fee", "online_level", "documents", "steps", "legal_basis",
                    "portal_url", "source", "note")
ALL_COLUMNS = frozenset(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
TIME_UNITS = ("working_days", "days", "hours")

#: A national code ("1.001193"), optionally with a province suffix (".000.00.00.H36").
CODE_PATTERN = re.compile(r"^\d\.\d{6}(\.[0-9A-Za-z]+)*$")
#: How a file starts: an XLSX workbook is a ZIP archive; an old .xls a CFB compound file.
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
PORTAL_URL = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}"


@dataclass(frozen=True)
class ProcedureRow:
    """One valid row of a catalog file (``line`` is where it starts in the file)."""

    line: int
    code: str
    name: str
    field: str
    time_limit: int | None
    time_unit: str | None
    level: str | None = None
    fee: str | None = None
    online_level: str | None = None
    documents: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    portal_url: str = ""
    source: str | None = None
    note: str | None = None
    #: The columns of the file this row came from: a re-import updates only those.
    columns: frozenset[str] = ALL_COLUMNS


def portal_url_for(code: str) -> str:
    """The national portal's page for a procedure (its national code, without suffix)."""
    return PORTAL_URL.format(code=code[:8])


def split_items(text: str) -> tuple[str, ...]:
    """Split a documents/steps/legal basis cell on ``|`` or newlines, dropping blank items."""
    return tuple(item.strip() for item in re.split(r"[|\n]", text) if item.strip())


def parse_catalog(path: Path | str) -> list[ProcedureRow]:
    """Read and validate the catalog file at ``path``; raise CatalogError listing every problem."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise CatalogError(f"Không tìm thấy tệp danh mục {path}.",
                           f"Catalog file not found: {path}.") from exc
    except OSError as exc:  # one line: the message already says why
        raise CatalogError(f"Không đọc được tệp danh mục {path}: {exc.strerror}",
                           f"Cannot read the catalog file {path}: {exc.strerror}") from exc
    return parse_catalog_bytes(data)


def parse_catalog_bytes(data: bytes) -> list[ProcedureRow]:
    """Validate the catalog in ``data`` (CSV, or an Excel workbook: see
    shared/catalog_xlsx.py); raise CatalogError listing every problem."""
    if data.startswith(XLSX_MAGIC):
        from shared.catalog_xlsx import xlsx_records

        return parse_records(xlsx_records(data))
    if data.startswith(XLS_MAGIC):
        raise _error(["Dòng 1: tệp Excel 97–2003 (.xls) chưa được hỗ trợ: hãy lưu lại dạng "
                      ".xlsx hoặc CSV UTF-8"])
    problems: list[str] = []
    text = _decode(data, problems)
    return parse_records(_csv_records(text), problems)


def _csv_records(text: str) -> Iterator[tuple[int, list[str]]]:
    """The CSV's rows with the line each starts on (a quoted cell may span lines). The
    separator is the header line's: a comma, or the semicolon Excel writes in a Vietnamese
    locale (its list separator), or a tab."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:  # a 10 MB line, a stray quote: one clear line, no traceback
        raise _error([csv_problem(line, error)]) from error


def csv_delimiter(text: str) -> str:
    """The separator of a CSV by its header line (no cell of it holds one): whichever of
    ``,`` ``;`` and a tab it has most of, a comma when none."""
    header = text.split("\n", 1)[0]
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > counts[","] else ","


def csv_problem(line: int, error: csv.Error) -> str:
    """A CSV reader's error as one Vietnamese line naming the line of the file."""
    if "field larger than field limit" in str(error):
        return (f"Dòng {line}: một ô dài hơn {csv.field_size_limit():,} ký tự (tệp hỏng hoặc "
                "không phải bảng CSV)").replace(",", ".")
    return f"Dòng {line}: dòng CSV không đọc được ({error})"


def parse_records(records: Iterable[tuple[int, list[str]]],
                  problems: list[str] | None = None) -> list[ProcedureRow]:
    """Validate a table of text cells, the header first, each row with its line number (the
    CSV's line, the worksheet's row); raise CatalogError listing every problem."""
    problems = [] if problems is None else problems
    iterator = iter(records)
    first = next(iterator, None)
    if first is None:
        raise _error([*problems, "Dòng 1: tệp trống, thiếu dòng tiêu đề"])
    header = [name.strip().lower() for name in first[1]]
    _check_header(header, problems)
    columns = frozenset(header) & ALL_COLUMNS
    rows: list[ProcedureRow] = []
    first_line_of: dict[str, int] = {}
    for start, cells in iterator:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(f"Dòng {start}: có {len(cells)} cột, tiêu đề có {len(header)} cột")
            continue
        row = _parse_row(start, dict(zip(header, cells, strict=True)), problems, columns)
        if row is None:
            continue
        if row.code in first_line_of:
            problems.append(f"Dòng {start}: mã thủ tục {row.code} trùng với dòng "
                            f"{first_line_of[row.code]}")
            continue
        first_line_of[row.code] = start
        rows.append(row)
    if problems:
        raise _error(problems)
    return rows


def _decode(data: bytes, problems: list[str]) -> str:
    """Decode UTF-8 (BOM accepted); report each undecodable line and replace its bad bytes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            problems.append(f"Dòng {number}: có byte không phải UTF-8 (hãy lưu tệp dạng UTF-8)")
    return data.decode("utf-8-sig", errors="replace")


def _check_header(header: Sequence[str], problems: list[str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        problems.append(f"Dòng 1: thiếu cột bắt buộc: {', '.join(missing)}")
    unknown = [name for name in header if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        problems.append(f"Dòng 1: cột không được hỗ trợ: {', '.join(unknown)}")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        problems.append(f"Dòng 1: cột lặp lại: {', '.join(repeated)}")


def _parse_row(line: int, cells: dict[str, str], problems: list[str],
               columns: frozenset[str]) -> ProcedureRow | None:
    """Check one row; append its problems and return None if it has any."""
    found: list[str] = []
    value = {name: cell.strip() for name, cell in cells.items()}
    code = value.get("code", "")
    if not code:
        found.append("thiếu mã thủ tục (code)")
    elif not CODE_PATTERN.match(code):
        found.append(f"mã thủ tục {code!r} sai dạng (ví dụ đúng: 1.001193 hoặc "
                     "1.001193.000.00.00.H36)")
    if not value.get("name"):
        found.append("thiếu tên thủ tục (name)")
    if not value.get("field"):
        found.append("thiếu lĩnh vực (field)")
    time_limit = _parse_time_limit(value.get("time_limit", ""), found)
    time_unit = value.get("time_unit", "") or None
    if time_unit is not None and time_unit not in TIME_UNITS:
        found.append(f"đơn vị thời hạn {time_unit!r} không hợp lệ (chỉ nhận: "
                     f"{', '.join(TIME_UNITS)})")
    elif time_unit is None and time_limit is not None:
        found.append("có thời hạn nhưng thiếu đơn vị (time_unit)")
    portal_url = value.get("portal_url", "")
    if portal_url and not portal_url.startswith(("https://", "http://")):
        found.append(f"địa chỉ cổng dịch vụ công {portal_url!r} phải bắt đầu bằng https://")
    if found:
        problems.extend(f"Dòng {line}: {problem}" for problem in found)
        return None
    return ProcedureRow(
        line=line, code=code, name=" ".join(value["name"].split()), field=value["field"],
        time_limit=time_limit, time_unit=time_unit if time_limit is not None else None,
        level=value.get("level") or None, fee=value.get("fee") or None,
        online_level=value.get("online_level") or None,
        documents=split_items(cells.get("documents", "")),
        steps=split_items(cells.get("steps", "")),
        legal_basis=split_items(cells.get("legal_basis", "")),
        portal_url=portal_url or portal_url_for(code),
        source=value.get("source") or None, note=value.get("note") or None, columns=columns,
    )


def _parse_time_limit(text: str, found: list[str]) -> int | None:
    if not text:
        return None
    try:
        limit = int(text)
    except ValueError:
        found.append(f"thời hạn {text!r} không phải số nguyên (để trống nếu chưa rõ)")
        return None
    if limit < 0:
        found.append(f"thời hạn {limit} là số âm")
        return None
    if limit > MAX_TIME_LIMIT:
        found.append(f"thời hạn {limit} quá lớn (tối đa {MAX_TIME_LIMIT})")
        return None
    return limit


def _error(problems: list[str]) -> CatalogError:
    count = len(problems)
    return CatalogError(
        f"Tệp danh mục thủ tục có {count} lỗi; chưa nhập thủ tục nào. Hãy sửa rồi nhập lại.",
        f"The procedure catalog file has {count} problem(s); nothing was imported. "
        "Fix them and import again.",
        problems=problems,
    )
