"""The watched folder (``[province] import_dir``): each export file dropped there is imported
once, by ``layso serve`` (server/province_tasks.py) every few seconds.

- A file is taken when it has stopped changing (its size and time unchanged for
  ``settle_seconds``), so a copy still under way is not read half-written.
- "Once" is by content: a file whose SHA-256 was already taken for the site (imported, or
  refused with its errors) is skipped, even under another name or after a restart.
- What was taken is logged three ways: a row in ``dossier_imports``, the service's log, and a
  line in ``layso-nhap.log`` in the folder itself, which the clerk who drops the files can
  open ("09:05 ds-2611.xlsx: tạo mới 12, cập nhật 40, không đổi 300" or the errors).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
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


def candidates(folder: Path, settle_seconds: float = 2.0) -> Iterator[Path]:
    """Export files in ``folder`` that stopped changing, oldest first (Excel's lock files
    ``~$…`` and hidden files left out)."""
    now = time.time()
    files = []
    for path in folder.iterdir():
        if (not path.is_file() or path.suffix.lower() not in SUFFIXES
                or path.name.startswith((".", "~$")) or path.name == LOG_NAME):
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
                settle_seconds: float = 2.0) -> list[ImportResult]:
    """Import every new, settled file of ``folder`` for ``site``; returns what was done."""
    folder = Path(folder)
    done: list[ImportResult] = []
    for path in candidates(folder, settle_seconds):
        try:
            digest = file_hash(path)
        except OSError as error:
            log.warning("cannot read %s: %s", path, error)
            continue
        if imported_before(db, site, digest):
            continue
        try:
            result = import_file(db, site, path, mapping, by="folder")
        except InvalidOperation as error:  # not a spreadsheet, columns missing
            result = ImportResult(path.name, errors=(error.message,),
                                  errors_en=(error.message_en,), sha256=digest)
            log_import(db, site, result, "folder")
        done.append(result)
        _append_log(folder, result)
    return done


def _append_log(folder: Path, result: ImportResult) -> None:
    stamp = datetime.now(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
    if result.errors:
        lines = [f"{stamp} {result.file}: KHÔNG NHẬP (không ghi gì)"]
        lines += [f"    {error}" for error in result.errors]
    else:
        lines = [f"{stamp} {result.file}: tạo mới {result.created}, cập nhật {result.updated},"
                 f" không đổi {result.unchanged}"]
    try:
        with (folder / LOG_NAME).open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError as error:
        log.warning("cannot write %s in %s: %s", LOG_NAME, folder, error)
