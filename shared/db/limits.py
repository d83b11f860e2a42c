"""Column limits checked before anything is written, the same on SQLite and PostgreSQL.

PostgreSQL refuses a string longer than its ``VARCHAR(n)`` or an integer beyond 32 bits with a
``DataError`` (whose text quotes the statement and its parameters, personal data included);
SQLite stores them silently. A ``before_flush`` hook checks every new or changed row against
its columns' limits and raises :class:`InvalidOperation` naming the field instead, so both
backends refuse the same values with the same clear message and nothing is written.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from shared.errors import InvalidOperation

if TYPE_CHECKING:
    from sqlalchemy import Table

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1

#: Vietnamese and English names of the fields a user types (others show their column name).
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "applicant_name": ("Họ tên người nộp", "Applicant's name"),
    "applicant_address": ("Địa chỉ", "Address"),
    "applicant_phone": ("Số điện thoại", "Phone"),
    "applicant_email": ("Email", "Email"),
    "prefix": ("Tiền tố số thứ tự", "Ticket prefix"),
    "number_format": ("Dạng số thứ tự", "Number format"),
    "name": ("Tên", "Name"),
    "code": ("Mã", "Code"),
    "username": ("Tên đăng nhập", "User name"),
    "full_name": ("Họ tên", "Full name"),
    "fee": ("Phí, lệ phí", "Fee"),
    "time_limit": ("Thời hạn giải quyết", "Time limit"),
    "reason": ("Lý do", "Reason"),
    "procedure_code": ("Mã thủ tục", "Procedure code"),
    "number": ("Số thứ tự", "Ticket number"),
}


def check_limits(instance: Any) -> None:
    """Raise InvalidOperation if a value of ``instance`` does not fit its column."""
    from sqlalchemy import inspect

    mapper = inspect(instance).mapper
    for attribute in mapper.column_attrs:
        value = getattr(instance, attribute.key, None)
        if value is not None:
            _check(attribute.columns[0].type, value, attribute.key, mapper.class_.__name__)


def check_value(model: type[Any] | Table, key: str, value: Any) -> None:
    """The same check for one value written without the ORM (a Core INSERT or UPDATE of the
    queue's hot paths): ``check_value(Ticket, "procedure_code", code)``, or with the table
    (``shared.tables.TICKETS``) where the ORM is not loaded."""
    from sqlalchemy import Table, inspect

    if value is None:
        return
    if isinstance(model, Table):
        _check(model.columns[key].type, value, key, model.name)
    else:
        _check(inspect(model).columns[key].type, value, key, model.__name__)


def check_text(value: str, length: int | None, key: str, owner: str) -> None:
    """The check of a string for a column of ``length`` characters (None: unlimited), without
    the column (``layso ticket issue`` on plain ``sqlite3``: ``shared.db.named``)."""
    if "\x00" in value:  # PostgreSQL refuses it, SQLite would keep it
        vi, en = FIELD_NAMES.get(key, (key, key))
        raise InvalidOperation(
            f"«{vi}» chứa ký tự không hợp lệ (NUL).",
            f"{en} contains an invalid character (NUL).",
            detail=f"{owner}.{key}")
    if length is not None and len(value) > length:
        vi, en = FIELD_NAMES.get(key, (key, key))
        raise InvalidOperation(
            f"«{vi}» dài quá {length} ký tự ({len(value)} ký tự).",
            f"{en} is longer than {length} characters ({len(value)}).",
            detail=f"{owner}.{key}")


@cache
def _types() -> tuple[type[Any], type[Any], type[Any]]:
    """SQLAlchemy's BigInteger, Integer and String, imported once, when a check first needs
    them (``layso ticket issue`` on plain ``sqlite3`` loads no SQLAlchemy)."""
    from sqlalchemy import BigInteger, Integer, String

    return BigInteger, Integer, String


def _check(kind: Any, value: Any, key: str, owner: str) -> None:
    BigInteger, Integer, String = _types()
    if isinstance(value, str):
        check_text(value, kind.length if isinstance(kind, String) else None, key, owner)
    if isinstance(kind, Integer) and not isinstance(kind, BigInteger) \
            and isinstance(value, int) and not isinstance(value, bool) \
            and not INT32_MIN <= value <= INT32_MAX:
        vi, en = FIELD_NAMES.get(key, (key, key))
        raise InvalidOperation(
            f"«{vi}» vượt quá giới hạn cho phép ({value}).",
            f"{en} is out of range ({value}).",
            detail=f"{owner}.{key}")


def register_flush_check() -> None:
    """Check every new or changed row of any ORM session before it is written (idempotent;
    ``Database`` calls it when it makes its first session: the ORM is loaded only then)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    if not event.contains(Session, "before_flush", _check_before_flush):
        event.listen(Session, "before_flush", _check_before_flush)


def _check_before_flush(session: Any, _context: Any, _instances: Any) -> None:
    for instance in (*session.new, *session.dirty):
        check_limits(instance)
