"""The rows of a province's export checked and turned into dossier records, or errors naming the
line and the reason ("Dòng 7: ngày hẹn trả “31/02/2026” không đúng định dạng …")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from shared.clock import LOCAL_TZ, local
from shared.dossier_codes import province_code
from shared.dossier_import.mapping import DATE_COLUMNS, Mapping
from shared.dossier_import.reader import Table
from shared.errors import InvalidOperation
from shared.models import Channel, DossierStatus
from shared.textfold import fold

#: the column's name in the messages (Vietnamese, English)
LABELS: dict[str, tuple[str, str]] = {
    "code": ("mã hồ sơ", "dossier code"), "procedure_code": ("mã thủ tục", "procedure code"),
    "procedure_name": ("tên thủ tục", "procedure name"), "field": ("lĩnh vực", "field"),
    "channel": ("hình thức nộp", "channel"), "applicant": ("người nộp", "applicant"),
    "received_at": ("ngày tiếp nhận", "received"), "due_at": ("ngày hẹn trả", "due"),
    "resolved_at": ("ngày có kết quả", "resolved"),
    "returned_at": ("ngày trả kết quả", "returned"), "status": ("trạng thái", "status"),
}
FINISHED = (DossierStatus.RESOLVED, DossierStatus.RETURNED)


@dataclass(frozen=True)
class Record:
    line: int
    code: str
    procedure_code: str
    procedure_name: str
    field: str
    #: None: the file does not say (no channel column, or an empty cell): a new dossier is
    #: online, an existing one keeps its channel
    channel: Channel | None
    applicant: str
    received_at: datetime
    due_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None
    status: DossierStatus
    #: our columns the file has (an update never changes a field the file does not have)
    given: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    message_en: str

    def text(self, language: str = "vi") -> str:
        return (f"Line {self.line}: {self.message_en}" if language == "en"
                else f"Dòng {self.line}: {self.message}")


class _Bad(Exception):
    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message)
        self.message, self.message_en = message, message_en


#: a date received, resolved or returned later than now by more than this is refused (the
#: province's clock and ours may differ by a few minutes)
FUTURE_SLACK = timedelta(minutes=15)


def records(table: Table, mapping: Mapping,
            now: datetime | None = None) -> tuple[list[Record], list[RowError]]:
    """Every row checked: the records, and the errors (a code twice is an error too; with
    ``now``, a date received, resolved or returned after it)."""
    headers = {fold(header): header for header in table.headers}
    missing = [theirs for ours, theirs in mapping.columns.items()
               if fold(theirs) not in headers and ours not in mapping.optional]
    if missing:
        raise InvalidOperation(
            "Tệp không có các cột mà ánh xạ cần: " + ", ".join(f"“{m}”" for m in missing)
            + ". Các cột có trong tệp: " + ", ".join(f"“{h}”" for h in table.headers) + ".",
            "The file lacks columns the mapping needs: " + ", ".join(f"“{m}”" for m in missing)
            + ".")
    # a preset's optional column the file lacks is not imported ("Chủ hồ sơ" not selected)
    column_of = {ours: headers[fold(theirs)] for ours, theirs in mapping.columns.items()
                 if fold(theirs) in headers}
    given = frozenset(column_of)
    found: list[Record] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for line, cells in table.rows:
        try:
            record = _record(line, {ours: cells.get(header) for ours, header
                                    in column_of.items()}, mapping, given)
            if now is not None:
                _not_after(record, now)
        except _Bad as bad:
            errors.append(RowError(line, bad.message, bad.message_en))
            continue
        if record.code in seen:
            errors.append(RowError(line, f"mã hồ sơ {record.code} trùng với dòng "
                                   f"{seen[record.code]}.", f"dossier code {record.code} "
                                   f"repeats line {seen[record.code]}."))
            continue
        seen[record.code] = line
        found.append(record)
    return found, errors


def _record(line: int, cells: dict[str, Any], mapping: Mapping,
            given: frozenset[str] = frozenset()) -> Record:
    text = {column: _text(value) for column, value in cells.items()}
    if not text.get("code"):
        raise _Bad("thiếu mã hồ sơ.", "the dossier code is missing.")
    try:
        code = province_code(text["code"])
    except InvalidOperation as error:
        raise _Bad(error.message, error.message_en) from error
    if not text.get("procedure_name") and not text.get("procedure_code"):
        raise _Bad("thiếu tên thủ tục.", "the procedure's name is missing.")
    moments = {column: _moment(column, cells.get(column), mapping, end_of_day=column == "due_at")
               for column in DATE_COLUMNS}
    received = moments["received_at"]
    if received is None:
        raise _Bad("thiếu ngày tiếp nhận.", "the date received is missing.")
    status = DossierStatus(_word("status", text.get("status", ""), mapping, required=True))
    channel_text = text.get("channel", "")
    channel = Channel(_word("channel", channel_text, mapping)) if channel_text else None
    due, resolved, returned = moments["due_at"], moments["resolved_at"], moments["returned_at"]
    if status in FINISHED and resolved is None:
        resolved = returned
    if status in FINISHED and resolved is None:
        raise _Bad(f"trạng thái “{text.get('status')}” cần ngày có kết quả.",
                   f"status “{text.get('status')}” needs the date resolved.")
    if status is DossierStatus.RETURNED and returned is None:
        returned = resolved
    for column, moment in (("due_at", due), ("resolved_at", resolved),
                           ("returned_at", returned)):
        if moment is not None and moment < received.replace(hour=0, minute=0, second=0):
            vi, en = LABELS[column]
            raise _Bad(f"{vi} trước ngày tiếp nhận.", f"{en} is before the date received.")
    if status not in FINISHED:
        resolved = returned = None
    return Record(line, code, text.get("procedure_code", "")[:64],
                  (text.get("procedure_name") or text.get("procedure_code", ""))[:500],
                  text.get("field", "")[:200], channel, text.get("applicant", "")[:200],
                  received, due, resolved, returned, status, given)


def _not_after(record: Record, now: datetime) -> None:
    """A dossier cannot have been received, resolved or returned after now."""
    for column in ("received_at", "resolved_at", "returned_at"):
        moment = getattr(record, column)
        if moment is not None and moment > now + FUTURE_SLACK:
            vi, en = LABELS[column]
            shown, at = f"{local(moment):%d/%m/%Y %H:%M}", f"{local(now):%d/%m/%Y %H:%M}"
            raise _Bad(f"{vi} {shown} sau thời điểm hiện tại ({at}): kiểm tra tệp, hoặc "
                       "đồng hồ của máy.",
                       f"{en} {shown} is after now ({at}): check the file or the clock.")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _word(column: str, text: str, mapping: Mapping, *, required: bool = False) -> str:
    vi, en = LABELS[column]
    if not text:
        if required:
            raise _Bad(f"thiếu {vi}.", f"the {en} is missing.")
        return ""
    ours = mapping.word(column, text)
    if ours is None:
        raise _Bad(f"{vi} “{text}” chưa có trong bảng ánh xạ [values.{column}] (thêm dòng "
                   f"\"{text}\" = \"…\").", f"{en} “{text}” is not in the mapping's "
                   f"[values.{column}] (add a line \"{text}\" = \"…\").")
    return ours


def _moment(column: str, value: Any, mapping: Mapping, *, end_of_day: bool) -> datetime | None:
    """A cell as an aware moment (local time): a workbook's date, or text in one of the
    mapping's formats. A date without a time is the day's start; a due date without a time
    (or at 00:00, which is all a workbook's date cell can say), the day's end: the same due
    date from an XLSX and from a CSV of the same list."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        moment = value
        if end_of_day and moment.time() == time(0):
            moment = datetime.combine(moment.date(), time(23, 59, 59))
        return moment.replace(tzinfo=LOCAL_TZ) if moment.tzinfo is None else moment
    if isinstance(value, date):
        return datetime.combine(value, time(23, 59, 59) if end_of_day else time(0), LOCAL_TZ)
    text = " ".join(str(value).split())
    for pattern in mapping.date_formats:
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        if end_of_day and (parsed.time() == time(0)
                           or not any(code in pattern for code in ("%H", "%I"))):
            parsed = datetime.combine(parsed.date(), time(23, 59, 59))
        return parsed.replace(tzinfo=LOCAL_TZ)
    vi, en = LABELS[column]
    formats = ", ".join(mapping.date_formats)
    raise _Bad(f"{vi} “{text}” không đúng định dạng ({formats}).",
               f"{en} “{text}” does not match the date formats ({formats}).")
