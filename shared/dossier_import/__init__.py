"""Import the province's dossier list (``layso dossier import FILE``, and the watched folder).

Creates or updates dossiers by code, in ONE transaction: a file with any bad row writes no
dossier (the errors name each line and why). Re-importing the same file changes nothing; a
later export of the same dossiers updates what changed (status, dates). What is kept of the
applicant is the name the province's list gives (the law's "thông tin người nộp" for the
register), never shown on the wall or the kiosk; nothing else personal is read.

- A dossier created here has ``origin = "import"``; a dossier that was received at a counter
  here and appears in the list (same code) takes the province's status and dates.
- Status changes that the reports count from the event log (supplement requested, refused,
  withdrawn) are recorded as events at the import's moment, with ``"by": "import"``; one
  ``dossier.imported`` event says what the file changed, and wakes the walls.
- Each import is logged in ``dossier_imports`` (file name, SHA-256, counts, errors), also when
  nothing was written: the watched folder takes each file once by its SHA-256 (once imported;
  a refused file is tried again when it or the mapping changes).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.database import Database
from shared.dossier_import.mapping import Mapping, load_mapping, load_preset, mapping_for
from shared.dossier_import.reader import read_table
from shared.dossier_import.records import Record, RowError, records
from shared.errors import InvalidOperation
from shared.events import EventKind, record
from shared.lookups import get_site
from shared.models import (
    Channel,
    Dossier,
    DossierImport,
    DossierOrigin,
    DossierStatus,
    Procedure,
    Site,
)

__all__ = ["ImportResult", "Mapping", "import_file", "load_mapping", "load_preset",
           "mapping_for"]

log = logging.getLogger("layso.dossier_import")

IMPORTED = "dossier.imported"
#: errors kept in the log row and returned, at most
MAX_ERRORS = 200
_STATUS_EVENTS: dict[DossierStatus, str] = {
    DossierStatus.SUPPLEMENT_REQUESTED: EventKind.DOSSIER_SUPPLEMENT,
    DossierStatus.REFUSED: EventKind.DOSSIER_REFUSED,
    DossierStatus.WITHDRAWN: EventKind.DOSSIER_WITHDRAWN,
    DossierStatus.RESOLVED: EventKind.DOSSIER_RESOLVED,
    DossierStatus.RETURNED: EventKind.DOSSIER_RETURNED,
}
#: the columns an import writes (and compares: equal everywhere = unchanged)
_FIELDS = ("procedure_code", "procedure_name", "field", "channel", "received_at", "due_at",
           "resolved_at", "returned_at", "status")


@dataclass(frozen=True)
class ImportResult:
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[str, ...] = ()
    errors_en: tuple[str, ...] = ()
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self, language: str = "vi") -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated,
                "unchanged": self.unchanged,
                "errors": list(self.errors_en if language == "en" else self.errors)}


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_file(db: Database, site: str, path: str | Path, mapping: Mapping, *,
                by: str = "") -> ImportResult:
    """Import ``path`` for ``site`` with ``mapping``; returns the counts and the errors (then
    nothing was written). An unreadable file raises :class:`InvalidOperation`."""
    path = Path(path)
    digest = file_hash(path) if path.is_file() else ""
    table = read_table(path, mapping.columns["code"])
    with db.reading() as session:
        now = db.now(session)
    found, bad = records(table, mapping, now)
    if bad:
        result = _failed(path.name, digest, bad)
        log_import(db, site, result, by)
        return result
    try:
        with db.transaction() as session:
            result = _write(db, session, get_site(session, site), found, path.name, digest, by)
    except InvalidOperation as error:  # a code of another site: nothing written
        result = ImportResult(path.name, errors=(error.message,), errors_en=(error.message_en,),
                              sha256=digest)
        log_import(db, site, result, by)
        return result
    log.info("imported %s for %s: %d created, %d updated, %d unchanged", path.name, site,
             result.created, result.updated, result.unchanged)
    return result


def _failed(name: str, digest: str, bad: list[RowError]) -> ImportResult:
    shown = bad[:MAX_ERRORS]
    more = len(bad) - len(shown)
    vi = [error.text("vi") for error in shown] + ([f"… và {more} lỗi khác."] if more else [])
    en = [error.text("en") for error in shown] + ([f"… and {more} more."] if more else [])
    return ImportResult(name, errors=tuple(vi), errors_en=tuple(en), sha256=digest)


def log_import(db: Database, site: str, result: ImportResult, by: str) -> None:
    with db.transaction() as session:
        site_row = get_site(session, site)
        session.add(DossierImport(
            site_id=site_row.id, file_name=result.file[:300], file_hash=result.sha256,
            imported_at=db.now(session), by=by[:64], created=result.created,
            updated=result.updated, unchanged=result.unchanged, errors=list(result.errors)))
    log.warning("import of %s for %s refused, %d errors: %s", result.file, site,
                len(result.errors), "; ".join(result.errors[:3]))


def _write(db: Database, session: Session, site: Site, found: list[Record], name: str,
           digest: str, by: str) -> ImportResult:
    now = db.now(session)
    existing: dict[str, Dossier] = {}
    codes = [item.code for item in found]
    for start in range(0, len(codes), 500):
        for dossier in session.scalars(select(Dossier).where(
                Dossier.code.in_(codes[start:start + 500])).with_for_update()):
            existing[dossier.code] = dossier
    catalog = _catalog_names(session, {item.procedure_code for item in found}
                             | {row.procedure_code for row in existing.values()})
    created = updated = unchanged = 0
    changed: list[tuple[Dossier, DossierStatus]] = []
    for item in found:
        found_row = existing.get(item.code)
        if found_row is not None and found_row.site_id != site.id:
            raise InvalidOperation(
                f"Dòng {item.line}: hồ sơ {item.code} thuộc điểm phục vụ khác; không nhập tệp.",
                f"Line {item.line}: dossier {item.code} belongs to another site; nothing "
                "imported.")
        values = _values(item, found_row, catalog)
        if found_row is None:
            dossier = Dossier(code=item.code, site_id=site.id, origin=DossierOrigin.IMPORT,
                              applicant_name=item.applicant, documents=[], synced_at=now,
                              **values)
            session.add(dossier)
            created += 1
            before: DossierStatus | None = None
        else:
            dossier = found_row
            if all(_same(getattr(dossier, key), value) for key, value in values.items()) \
                    and (not item.applicant or dossier.applicant_name == item.applicant):
                unchanged += 1
                continue
            before = DossierStatus(dossier.status)
            for key, value in values.items():
                setattr(dossier, key, value)
            if item.applicant:
                dossier.applicant_name = item.applicant
            dossier.synced_at = now
            updated += 1
        if item.status != before and item.status in _STATUS_EVENTS:
            changed.append((dossier, item.status))
    session.flush()  # one batch of inserts; the events below need the new ids
    for dossier, status in changed:
        record(session, _STATUS_EVENTS[status], now, site_id=site.id, dossier_id=dossier.id,
               code=dossier.code, status=str(status), by="import")
    session.add(DossierImport(site_id=site.id, file_name=name[:300], file_hash=digest,
                              imported_at=now, by=by[:64], created=created, updated=updated,
                              unchanged=unchanged, errors=[]))
    record(session, IMPORTED, now, site_id=site.id, file=name, created=created,
           updated=updated, unchanged=unchanged, by=by)
    return ImportResult(name, created, updated, unchanged, sha256=digest)


def _catalog_names(session: Session, codes: set[str]) -> dict[str, str]:
    """The catalog's procedure name of each known procedure code among ``codes``."""
    wanted = sorted(code for code in codes if code)
    names: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        for code, name in session.execute(select(Procedure.code, Procedure.name).where(
                Procedure.code.in_(wanted[start:start + 500]))):
            names[code] = name
    return names


def _values(item: Record, found: Dossier | None, catalog: dict[str, str]) -> dict[str, Any]:
    """What the row writes. A new dossier takes every field, with defaults for what the file
    lacks (online; the procedure code as its name). An existing one changes only the fields
    the file has: a list without a channel column never turns a dossier received at the
    counter into an online one. A procedure the catalog knows keeps the catalog's name: a
    file's free text ("Nội dung" may hold a citizen's name) never replaces it."""
    code = item.procedure_code or (found.procedure_code if found is not None else "")
    name = catalog.get(code) or item.procedure_name
    values: dict[str, Any] = {
        "received_at": item.received_at, "resolved_at": item.resolved_at,
        "returned_at": item.returned_at, "status": item.status}
    if found is None:
        return {**values, "procedure_code": code, "procedure_name": name or code,
                "field": item.field, "channel": item.channel or Channel.ONLINE,
                "due_at": item.due_at}
    if item.procedure_code:
        values["procedure_code"] = code
    if catalog.get(code) or ("procedure_name" in item.given and item.procedure_name):
        values["procedure_name"] = name
    if "field" in item.given and item.field:
        values["field"] = item.field
    if item.channel is not None:
        values["channel"] = item.channel
    if "due_at" in item.given:
        values["due_at"] = item.due_at
    return values


def _same(stored: Any, new: Any) -> bool:
    if isinstance(stored, datetime) and isinstance(new, datetime):
        return stored == new
    return bool(stored == new) or (stored is None and new == "") or (stored == "" and new is None)


def imported_before(db: Database, site: str, digest: str) -> str | None:
    """The name of the file with this SHA-256 that was imported for ``site`` (None when none
    was: a refused file does not count, it is tried again)."""
    with db.reading() as session:
        site_id = get_site(session, site).id
        for name, errors in session.execute(
                select(DossierImport.file_name, DossierImport.errors).where(
                    DossierImport.site_id == site_id, DossierImport.file_hash == digest)
                .order_by(DossierImport.id)):
            if not errors:
                return str(name)
    return None
