"""What a database failure means for the person in front of the screen.

``translate`` turns a SQLAlchemy error (or ``sqlite3``'s, on the path without SQLAlchemy:
shared/db/plain.py) into the LấySố error to show, or None when it is not a failure of the
database itself (an IntegrityError the caller handles, a programming error):

- busy ("đang bận", :class:`DatabaseBusy`): a SQLite file locked past the busy timeout,
  PostgreSQL's lock or statement timeout, a deadlock. Nothing was done; try again.
- lost ("mất kết nối", :class:`DatabaseUnavailable`): the server cannot be reached, the
  connection broke, the file vanished.
- storage (:class:`DatabaseStorageError`): a read-only folder or file, a full disk.
- not a database (:class:`NotADatabase`): the configured file is something else.
- a value refused (:class:`InvalidOperation`): too long, out of range, a NUL character.
"""

from __future__ import annotations

import logging
import os
import sys

from shared.errors import (
    DatabaseBusy,
    DatabaseStorageError,
    DatabaseUnavailable,
    InvalidOperation,
    LaysoError,
    NotADatabase,
)

log = logging.getLogger(__name__)

_BUSY = ("database is locked", "database table is locked", "database is busy",
         "statement timeout", "lock timeout", "deadlock detected",
         "could not obtain lock", "canceling statement due to user request")
_READ_ONLY = ("readonly database", "read-only file system", "read-only transaction",
              "permission denied for", "attempt to write a readonly")
_FULL = ("disk is full", "no space left on device", "could not extend file",
         "disk quota exceeded")
_NOT_DATABASE = ("file is not a database", "database disk image is malformed",
                 "file is encrypted or is not a database")
_NUL = ("cannot contain nul", "nul (0x00)", "\\u0000", "invalid byte sequence")


def _text(error: BaseException) -> str:
    """The driver's message (SQLAlchemy's own quotes the statement and its parameters)."""
    orig = getattr(error, "orig", None)
    return str(orig) if orig is not None else str(error)


def _kinds(error: BaseException) -> set[str]:
    """The DB-API classes ``error`` is of, by name (``OperationalError``, ``DataError``…):
    SQLAlchemy's wrappers and the drivers' own errors (``sqlite3``, on the path without
    SQLAlchemy: shared/db/plain.py) are named alike (PEP 249). Empty for anything else."""
    names = {cls.__name__ for cls in type(error).__mro__}
    if "DBAPIError" in names:  # SQLAlchemy's
        return names
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(error, sqlite3.Error):
        return names
    return set()


def _sqlite_folder_problem(url: str | None) -> str:
    """Why SQLite cannot open its file, when the folder says so: "missing", "read-only",
    "full" or "" (``url`` is the database's URL)."""
    if not url or not url.startswith("sqlite"):
        return ""
    try:
        from sqlalchemy.engine import make_url

        database = make_url(url).database
    except Exception:
        return ""
    if not database or database == ":memory:":
        return ""
    path = database.removeprefix("file:").split("?", 1)[0]
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        return "missing"
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        return "read-only"
    try:
        stats = os.statvfs(folder)
    except OSError:
        return ""
    return "full" if stats.f_bavail * stats.f_frsize < 64 * 1024 else ""


def translate(error: BaseException, url: str | None = None) -> LaysoError | None:
    kinds = _kinds(error)
    if not kinds or "IntegrityError" in kinds:
        return None
    text = _text(error)
    low = text.lower()
    if "unable to open database file" in low or "disk i/o error" in low:
        problem = _sqlite_folder_problem(url)
        if problem:
            text = f"{text} (the folder is {problem})"
            low = text.lower()
            if problem == "read-only":
                low += " readonly database"
            elif problem == "full":
                low += " disk is full"
    if any(mark in low for mark in _NOT_DATABASE):
        log.error("not a database: %s", text)
        return NotADatabase(
            "Tệp cơ sở dữ liệu không hợp lệ (không phải cơ sở dữ liệu LấySố hoặc đã hỏng).",
            "The database file is not valid (not a LấySố database, or damaged).", detail=text)
    if any(mark in low for mark in _FULL):
        log.error("storage full: %s", text)
        return DatabaseStorageError(
            "Ổ đĩa chứa cơ sở dữ liệu đã đầy: không ghi được. Hãy giải phóng dung lượng.",
            "The database's disk is full: nothing can be written. Free some space.",
            detail=text)
    if any(mark in low for mark in _READ_ONLY):
        log.error("storage read-only: %s", text)
        return DatabaseStorageError(
            "Thư mục hoặc tệp cơ sở dữ liệu chỉ cho phép đọc: không ghi được.",
            "The database's folder or file is read-only: nothing can be written.",
            detail=text)
    if "DataError" in kinds or any(mark in low for mark in _NUL):
        log.warning("value refused by the database: %s", text)
        if any(mark in low for mark in _NUL):
            return InvalidOperation("Dữ liệu chứa ký tự không hợp lệ (NUL).",
                                    "The data contains an invalid character (NUL).",
                                    detail=text)
        return InvalidOperation("Giá trị quá dài hoặc vượt quá giới hạn cho phép.",
                                "A value is too long or out of range.", detail=text)
    if any(mark in low for mark in _BUSY):
        log.warning("database busy: %s", text)
        return DatabaseBusy(
            "Cơ sở dữ liệu đang bận, chưa làm được. Vui lòng thử lại.",
            "The database is busy; nothing was done. Please try again.", detail=text)
    if "OperationalError" in kinds:
        log.warning("database unavailable: %s", text)
        return DatabaseUnavailable(
            "Không kết nối được cơ sở dữ liệu (mất kết nối). Hệ thống sẽ tự thử lại.",
            "Cannot reach the database (connection lost). The system will retry by itself.",
            detail=text)
    if "InterfaceError" in kinds:
        log.warning("database connection lost: %s", text)
        return DatabaseUnavailable(
            "Mất kết nối cơ sở dữ liệu. Hệ thống sẽ tự kết nối lại.",
            "Lost the database connection. The system will reconnect by itself.",
            detail=text)
    return None
