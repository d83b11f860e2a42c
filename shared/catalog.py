"""The procedure catalog: import a CSV or XLSX file (all or nothing), search, browse by
field, edit one procedure.

``CatalogService(db, actor=...)`` keeps an in-memory search index (shared/catalog_index.py)
loaded once from the database on first use; :meth:`CatalogService.refresh` reloads it (an
import in this process refreshes it by itself). Parsing and validation live in
shared/catalog_csv.py (an Excel workbook is read by shared/catalog_xlsx.py into the same
rows). ``actor`` names who makes the changes: it goes into each import's and edit's event as
``by``. The search's synonyms and common procedures come from assets/catalog/synonyms.toml
and a center's own ``synonyms.toml`` in the data folder (shared/catalog_synonyms.py).

A procedure's legal basis has no column of its own in this schema version: it is kept in the
``note`` column after a ``[căn cứ pháp lý]`` line (:func:`pack_note`, :func:`unpack_note`),
and every reader gets it as ``ProcedureView.legal_basis``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from shared.catalog_csv import (
    MAX_TIME_LIMIT,
    TIME_UNITS,
    ProcedureRow,
    parse_catalog,
    parse_catalog_bytes,
)
from shared.catalog_index import CatalogIndex, ProcedureView
from shared.catalog_synonyms import Synonyms, load_synonyms
from shared.db.database import Database
from shared.errors import InvalidOperation, NotFound
from shared.events import EventKind, record
from shared.models import Procedure, Service, ServiceField, Site
from shared.paths import CATALOG_DIR, data_dir
from shared.textfold import fold
from shared.views import ServiceView

__all__ = ["UNCHANGED", "CatalogService", "FieldCount", "ImportReport", "ProcedureView"]

#: ``update_procedure(time_limit=...)``: leave the value as it is.
UNCHANGED: Any = object()
#: The line in the ``note`` column after which the legal basis is kept, one item a line.
LEGAL_BASIS_MARK = "[căn cứ pháp lý]"


def pack_note(note: str | None, legal_basis: tuple[str, ...] | list[str]) -> str:
    """The ``note`` column's text: the note, then the legal basis after its mark line."""
    text = (note or "").strip()
    if not legal_basis:
        return text
    return "\n".join([*([text] if text else []), LEGAL_BASIS_MARK, *legal_basis])


def unpack_note(text: str) -> tuple[str | None, tuple[str, ...]]:
    """The note and the legal basis kept in a ``note`` column (see :func:`pack_note`)."""
    note, mark, basis = text.partition(LEGAL_BASIS_MARK)
    items = tuple(item.strip() for item in basis.splitlines() if item.strip()) if mark else ()
    return note.strip() or None, items


def synonym_files() -> list[Path]:
    """The synonyms files, in the order they are read: bundled, then the center's own."""
    return [CATALOG_DIR / "synonyms.toml", data_dir() / "synonyms.toml"]


@dataclass(frozen=True)
class ImportReport:
    """What an import did: procedures added, changed, already identical; rows in the file."""

    added: int
    updated: int
    unchanged: int
    total: int


@dataclass(frozen=True)
class FieldCount:
    """A field ("lĩnh vực") of the catalog and how many procedures it has."""

    field: str
    count: int


def _view(procedure: Procedure) -> ProcedureView:
    note, legal_basis = unpack_note(procedure.note or "")
    return ProcedureView(
        code=procedure.code, name=procedure.name, field=procedure.field,
        level=procedure.level or None, time_limit=procedure.time_limit,
        time_unit=procedure.time_unit, fee=procedure.fee or None,
        online_level=procedure.online_level or None, documents=tuple(procedure.documents),
        steps=tuple(procedure.steps), portal_url=procedure.portal_url,
        source=procedure.source or None, note=note, legal_basis=legal_basis,
    )


def _columns(row: ProcedureRow, *, new: bool) -> dict[str, object]:
    """The Procedure columns a catalog row sets: every one for a new procedure; for a known
    one the required columns and the optional ones the file has (a column the file lacks
    keeps its stored value)."""
    required: dict[str, object] = {
        "name": row.name, "name_folded": fold(row.name), "field": row.field,
        "time_limit": row.time_limit, "time_unit": row.time_unit,
    }
    optional: dict[str, object] = {
        "level": row.level or "", "fee": row.fee or "", "online_level": row.online_level or "",
        "documents": list(row.documents), "steps": list(row.steps),
        "portal_url": row.portal_url, "source": row.source or "",
    }
    columns = required | {key: value for key, value in optional.items()
                          if new or key in row.columns}
    if new or "note" in row.columns or "legal_basis" in row.columns:
        columns["note"] = ""  # set by the caller: note and legal basis share the column
    return columns


class CatalogService:
    """Import, search and browse the procedure catalog of one database."""

    def __init__(self, db: Database, *, actor: str = "",
                 synonyms: Synonyms | None = None) -> None:
        self._db = db
        self.actor = actor
        self._synonyms = synonyms
        self._index: CatalogIndex | None = None

    # -- import ---------------------------------------------------------------------------
    def import_csv(self, path: Path | str) -> ImportReport:
        """Import a catalog file: every row valid, or CatalogError and nothing imported.

        Procedures are matched by code: new codes are added, known ones updated (only the
        columns the file has; the others keep their values); procedures absent from the file
        are kept. One transaction, with a ``catalog.imported`` event.
        """
        return self.import_rows(parse_catalog(path), source=str(path))

    def import_bytes(self, data: bytes, *, source: str = "") -> ImportReport:
        """Import an uploaded catalog file (CSV or XLSX, told apart by its first bytes), all
        rows or none, as :meth:`import_csv` does."""
        return self.import_rows(parse_catalog_bytes(data), source=source)

    def import_rows(self, rows: list[ProcedureRow], *, source: str = "") -> ImportReport:
        """Upsert already validated rows by code, in one transaction."""
        added = updated = unchanged = 0
        with self._db.transaction() as session:
            existing = {procedure.code: procedure
                        for procedure in session.scalars(select(Procedure))}
            for row in rows:
                procedure = existing.get(row.code)
                columns = _columns(row, new=procedure is None)
                if "note" in columns:
                    columns["note"] = _packed(row, procedure)
                if procedure is None:
                    session.add(Procedure(code=row.code, **columns))
                    added += 1
                elif any(getattr(procedure, key) != value for key, value in columns.items()):
                    for key, value in columns.items():
                        setattr(procedure, key, value)
                    updated += 1
                else:
                    unchanged += 1
            session.flush()
            record(session, EventKind.CATALOG_IMPORTED, self._db.now(session), file=source,
                   added=added, updated=updated, unchanged=unchanged, by=self.actor)
        self.refresh()
        return ImportReport(added=added, updated=updated, unchanged=unchanged, total=len(rows))

    # -- editing one procedure -----------------------------------------------------------
    def update_procedure(self, code: str, *, documents: list[str] | None = None,
                         steps: list[str] | None = None, time_limit: int | None = UNCHANGED,
                         time_unit: str | None = UNCHANGED, fee: str | None = None,
                         source: str | None = None,
                         legal_basis: list[str] | None = None) -> ProcedureView:
        """Change what a procedure requires: its documents, steps, time limit (None = not
        known; with its unit), fee, legal basis and where these come from. ``None``
        (``UNCHANGED`` for the time limit and unit) leaves a value as it is. Checked as an
        imported row is; one transaction with a ``catalog.changed`` event (before, after, by
        whom)."""
        with self._db.transaction() as session:
            procedure = session.scalars(
                select(Procedure).where(Procedure.code == code.strip())).one_or_none()
            if procedure is None:
                raise NotFound(f"Không có thủ tục mã {code} trong danh mục.",
                               f"There is no procedure with code {code} in the catalog.")
            before = _view(procedure)
            limit = procedure.time_limit if time_limit is UNCHANGED else time_limit
            unit = procedure.time_unit if time_unit is UNCHANGED else (time_unit or None)
            _check_time_limit(limit, unit)
            procedure.time_limit = limit
            procedure.time_unit = unit if limit is not None else None
            if documents is not None:
                procedure.documents = _items(documents)
            if steps is not None:
                procedure.steps = _items(steps)
            if fee is not None:
                procedure.fee = fee.strip()
            if source is not None:
                procedure.source = source.strip()
            if legal_basis is not None:
                procedure.note = pack_note(before.note, _items(legal_basis))
            session.flush()
            after = _view(procedure)
            if after != before:
                changed = {key: [_json(getattr(before, key)), _json(getattr(after, key))]
                           for key in _EDITABLE if getattr(before, key) != getattr(after, key)}
                record(session, EventKind.CATALOG_CHANGED, self._db.now(session),
                       procedure=procedure.code, changed=changed, by=self.actor)
        if after != before and self._index is not None:
            self.refresh()
        return after

    # -- reading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the search index from the database (after another process imported)."""
        with self._db.reading() as session:
            procedures = session.scalars(select(Procedure).order_by(Procedure.code)).all()
            views = [_view(procedure) for procedure in procedures]
        if self._synonyms is None:
            self._synonyms = load_synonyms(synonym_files())
        self._index = CatalogIndex(views, self._synonyms)

    @property
    def index(self) -> CatalogIndex:
        """The in-memory index, loaded on first use."""
        if self._index is None:
            self.refresh()
        assert self._index is not None
        return self._index

    def search(self, query: str, limit: int = 20) -> list[ProcedureView]:
        """Procedures matching ``query`` by name (accents optional, the citizen's words of the
        synonyms files, a typo forgiven) or code, best first."""
        return self.index.search(query, limit)

    def get(self, code: str) -> ProcedureView:
        """The procedure with this code, read from the database; NotFound if there is none."""
        with self._db.reading() as session:
            procedure = session.scalars(
                select(Procedure).where(Procedure.code == code.strip())).one_or_none()
            if procedure is None:
                raise NotFound(f"Không có thủ tục mã {code} trong danh mục.",
                               f"There is no procedure with code {code} in the catalog.")
            return _view(procedure)

    def fields(self) -> list[FieldCount]:
        """Every field with its number of procedures, by accent-insensitive name."""
        counts = Counter(view.field for view in self.index.all())
        return [FieldCount(field, count)
                for field, count in sorted(counts.items(), key=lambda item: fold(item[0]))]

    def by_field(self, field: str) -> list[ProcedureView]:
        """The procedures of one field, by accent-insensitive name."""
        return sorted((view for view in self.index.all() if view.field == field),
                      key=lambda view: (fold(view.name), view.code))

    def service_for_procedure(self, site: str, code: str) -> ServiceView | None:
        """The active service of site ``site`` (its code) that handles this procedure's field.

        None when no service of the site handles the field; NotFound for an unknown procedure.
        """
        procedure = self.get(code)
        with self._db.reading() as session:
            service = session.scalars(
                select(Service)
                .join(Site, Site.id == Service.site_id)
                .join(ServiceField, ServiceField.service_id == Service.id)
                .where(Site.code == site, ServiceField.field == procedure.field,
                       Service.active.is_(True))
                .order_by(Service.sort_order, Service.id)
            ).first()
            if service is None:
                return None
            fields = session.scalars(
                select(ServiceField.field).where(ServiceField.service_id == service.id)
                .order_by(ServiceField.field)).all()
            return ServiceView(
                id=service.id, site_code=site, code=service.code, name=service.name,
                name_en=service.name_en, prefix=service.prefix,
                number_format=service.number_format, daily_cap=service.daily_cap,
                icon=service.icon, fields=tuple(fields),
            )


_EDITABLE = ("documents", "steps", "time_limit", "time_unit", "fee", "source", "legal_basis")


def _packed(row: ProcedureRow, procedure: Procedure | None) -> str:
    """The note column for an imported row: a column the file lacks keeps its stored part."""
    stored_note, stored_basis = unpack_note(procedure.note if procedure is not None else "")
    note = row.note if procedure is None or "note" in row.columns else stored_note
    basis = row.legal_basis if procedure is None or "legal_basis" in row.columns else stored_basis
    return pack_note(note, basis)


def _items(items: list[str]) -> list[str]:
    return [" ".join(item.split()) for item in items if item.strip()]


def _json(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _check_time_limit(limit: int | None, unit: str | None) -> None:
    """The rules of an imported row (shared/catalog_csv.py) for an edited time limit."""
    if limit is None:
        return
    if not 0 <= limit <= MAX_TIME_LIMIT:
        raise InvalidOperation(f"Thời hạn phải từ 0 (trong ngày) đến {MAX_TIME_LIMIT}.",
                               f"The time limit must be 0 (same day) to {MAX_TIME_LIMIT}.")
    if unit not in TIME_UNITS:
        raise InvalidOperation("Hãy chọn đơn vị của thời hạn (ngày làm việc, ngày hoặc giờ).",
                               "Choose the time limit's unit (working days, days or hours).")
