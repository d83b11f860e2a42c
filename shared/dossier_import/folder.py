"""The watched folder (``[province] import_dir``): each export file dropped there is imported
once, by ``layso serve`` (server/province_tasks.py) every few seconds.

- A file is taken when it has stopped changing (its size and time unchanged for
  ``settle_seconds``), so a copy still under way is not read half-written.
- "Once" is by content: a file whose SHA-256 was already imported for the site is skipped,
  even under another name or after a restart (a copy under a new name is logged once as
  skipped). A refused file (bad rows, missing columns) is not "taken": it is tried again when
  its content changes (the clerk fixes it and saves) or when the mapping changes (a word
  added to the mapping file); the same file with the same mapping is not tried every turn
  (:class:`FolderState`, in the service's memory: once more after a restart).
- A file that cannot be an export (an old Excel ``.xls``, a PDF…) is logged once, with what
  to do ("lưu lại dạng .xlsx").
- What was done is logged three ways: a row in ``dossier_imports`` (imports and refusals),
  the service's log, and a line in ``layso-nhap.log`` in the folder itself, which the clerk
  who drops the files can open ("09:05 ds-2611.xlsx: tạo mới 12, cập nhật 40, không đổi 300",
  the errors, or why a file was skipped).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from shared.clock import LOCAL_TZ
from shared.db.database import Database
from shared.dossier_import import (
    ImportResult,
    Mapping,
    file_hash,
    import_file,
    imported_before,
    log_import,
)
from shared.errors import InvalidOperation

log = logging.getLogger("layso.dossier_import.folder")

SUFFIXES = (".csv", ".xlsx", ".txt")
LOG_NAME = "layso-nhap.log"


@dataclass
class FolderState:
    """What the watched folder remembers between turns."""

    #: SHA-256 of a refused file → the mapping it was refused with
    refused: dict[str, str] = field(default_factory=dict)
    #: skips already logged: (file name, what was skipped: its content or its size and time)
    noted: set[tuple[str, str]] = field(default_factory=set)


def mapping_key(mapping: Mapping) -> str:
    """A fingerprint of the mapping: a refused file is tried again when it changes."""
    text = repr((sorted(mapping.columns.items()),
                 sorted((column, sorted(words.items()))
                        for column, words in mapping.values.items()),
                 mapping.date_formats, sorted(mapping.optional), sorted(mapping.dropped)))
    return hashlib.sha256(text.encode()).hexdigest()


def _wanted(path: Path) -> bool:
    return (path.is_file() and not path.name.startswith((".", "~$"))
            and path.name != LOG_NAME)


def candidates(folder: Path, settle_seconds: float = 2.0, *,
               every_kind: bool = False) -> Iterator[Path]:
    """Export files in ``folder`` that stopped changing, oldest first (Excel's lock files
    ``~$…``, hidden files and our log left out); with ``every_kind``, files of any suffix."""
    now = time.time()
    files = []
    for path in folder.iterdir():
        if not _wanted(path) or (not every_kind and path.suffix.lower() not in SUFFIXES):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        if now - stat.st_mtime >= settle_seconds:
            files.append((stat.st_mtime, path.name, path))
    for _mtime, _name, path in sorted(files):
        yield path


def scan_folder(db: Database, site: str, folder: str | Path, mapping: Mapping, *,
                settle_seconds: float = 2.0,
                state: FolderState | None = None) -> list[ImportResult]:
    """Import every new, settled file of ``folder`` for ``site``; returns what was done
    (imports and refusals; skips are logged)."""
    folder = Path(folder)
    state = FolderState() if state is None else state
    key = mapping_key(mapping)
    done: list[ImportResult] = []
    for path in candidates(folder, settle_seconds, every_kind=True):
        if path.suffix.lower() not in SUFFIXES:
            _skip_kind(folder, path, state)
            continue
        try:
            digest = file_hash(path)
        except OSError as error:
            log.warning("cannot read %s: %s", path, error)
            continue
        taken = imported_before(db, site, digest)
        if taken is not None:
            if taken != path.name and (path.name, digest) not in state.noted:
                state.noted.add((path.name, digest))
                _skip(folder, path.name,
                      f"cùng nội dung với tệp đã nhập {taken}: bỏ qua, không nhập lại",
                      f"same content as {taken}, imported before: skipped")
            continue
        if state.refused.get(digest) == key:
            continue  # refused with this mapping: tried again once it or the mapping changes
        try:
            result = import_file(db, site, path, mapping, by="folder")
        except InvalidOperation as error:  # not a spreadsheet, columns missing
            result = ImportResult(path.name, errors=(error.message,),
                                  errors_en=(error.message_en,), sha256=digest)
            log_import(db, site, result, "folder")
        if result.errors:
            state.refused[digest] = key
        else:
            state.refused.pop(digest, None)
        done.append(result)
        _append_log(folder, result)
    return done


def _skip_kind(folder: Path, path: Path, state: FolderState) -> None:
    """A file that is not an export this folder reads: said once per version of it."""
    try:
        stat = path.stat()
    except OSError:
        return
    seen = (path.name, f"{stat.st_size}:{stat.st_mtime_ns}")
    if seen in state.noted:
        return
    state.noted.add(seen)
    if path.suffix.lower() == ".xls":
        _skip(folder, path.name, "định dạng Excel cũ (.xls): không đọc được, hãy mở bằng Excel "
              "và lưu lại dạng .xlsx (Excel Workbook) hoặc CSV UTF-8",
              "old Excel format (.xls): save it as .xlsx or CSV UTF-8")
    else:
        _skip(folder, path.name, "không phải tệp .xlsx, .csv hay .txt: bỏ qua",
              "not an .xlsx, .csv or .txt file: skipped")


def _skip(folder: Path, name: str, vi: str, en: str) -> None:
    log.warning("folder import: %s: %s", name, en)
    _write(folder, [f"{_stamp()} {name}: BỎ QUA — {vi}"])


def _stamp() -> str:
    return datetime.now(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def _append_log(folder: Path, result: ImportResult) -> None:
    stamp = _stamp()
    if result.errors:
        lines = [f"{stamp} {result.file}: KHÔNG NHẬP (không ghi gì)"]
        lines += [f"    {error}" for error in result.errors]
        lines += ["    (sẽ thử lại khi tệp hoặc tệp ánh xạ được sửa)"]
    else:
        lines = [f"{stamp} {result.file}: tạo mới {result.created}, cập nhật {result.updated},"
                 f" không đổi {result.unchanged}"]
    _write(folder, lines)


def _write(folder: Path, lines: list[str]) -> None:
    try:
        with (folder / LOG_NAME).open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError as error:
        log.warning("cannot write %s in %s: %s", LOG_NAME, folder, error)
