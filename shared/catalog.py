"""The procedure catalog: import a CSV file (all or nothing), search, browse by field.

``CatalogService(db)`` keeps an in-memory search index (shared/catalog_index.py) loaded once
from the database on first use; :meth:`CatalogService.refresh` reloads it (an import in this
process refreshes it by itself). Parsing and validation live in shared/catalog_csv.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from shared.catalog_csv import ProcedureRow, parse_catalog
from shared.catalog_index import CatalogIndex, ProcedureView
from shared.db.database import Database
from shared.errors import NotFound
from shared.events import EventKind, record
from shared.models import Procedure, Service, ServiceField, Site
from shared.textfold import fold
from shared.views import ServiceView

__all__ = ["CatalogService", "FieldCount", "ImportReport", "ProcedureView"]


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
    return ProcedureView(
        code=procedure.code, name=procedure.name, field=procedure.field,
        level=procedure.level or None, time_limit=procedure.time_limit,
        time_unit=procedure.time_unit, fee=procedure.fee or None,
        online_level=procedure.online_level or None, documents=tuple(procedure.documents),
        steps=tuple(procedure.steps), portal_url=procedure.portal_url,
        source=procedure.source or None, note=procedure.note or None,
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
        "portal_url": row.portal_url, "source": row.source or "", "note": row.note or "",
    }
    return required | {key: value for key, value in optional.items()
                       if new or key in row.columns}


class CatalogService:
    """Import, search and browse the procedure catalog of one database."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._index: CatalogIndex | None = None

    # -- import ---------------------------------------------------------------------------
    def import_csv(self, path: Path | str) -> ImportReport:
        """Import a catalog file: every row valid, or CatalogError and nothing imported.

        Procedures are matched by code: new codes are added, known ones updated (only the
        columns the file has; the others keep their values); procedures absent from the file
        are kept. One transaction, with a ``catalog.imported`` event.
        """
        return self.import_rows(parse_catalog(path), source=str(path))

    def import_rows(self, rows: list[ProcedureRow], *, source: str = "") -> ImportReport:
        """Upsert already validated rows by code, in one transaction."""
        added = updated = unchanged = 0
        with self._db.transaction() as session:
            existing = {procedure.code: procedure
                        for procedure in session.scalars(select(Procedure))}
            for row in rows:
                procedure = existing.get(row.code)
                columns = _columns(row, new=procedure is None)
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
                   added=added, updated=updated, unchanged=unchanged)
        self.refresh()
        return ImportReport(added=added, updated=updated, unchanged=unchanged, total=len(rows))

    # -- reading --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the search index from the database (after another process imported)."""
        with self._db.reading() as session:
            procedures = session.scalars(select(Procedure).order_by(Procedure.code)).all()
            views = [_view(procedure) for procedure in procedures]
        self._index = CatalogIndex(views)

    @property
    def index(self) -> CatalogIndex:
        """The in-memory index, loaded on first use."""
        if self._index is None:
            self.refresh()
        assert self._index is not None
        return self._index

    def search(self, query: str, limit: int = 20) -> list[ProcedureView]:
        """Procedures matching ``query`` by name (accents optional) or code, best first."""
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
