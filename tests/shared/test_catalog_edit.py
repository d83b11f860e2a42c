"""Tests for CatalogService.update_procedure: an admin edits one procedure's documents,
steps, time limit and fee, checked as an import is, logged with who did it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.catalog import CatalogService
from shared.db.database import Database
from shared.errors import InvalidOperation, NotFound
from shared.models import Event
from shared.paths import CATALOG_DIR

CODE = "1.001193"


@pytest.fixture
def catalog(db: Database) -> CatalogService:
    service = CatalogService(db, actor="admin:admin")
    service.import_csv(CATALOG_DIR / "procedures.csv")
    return service


def _events(db: Database, kind: str) -> list[dict[str, object]]:
    with db.reading() as session:
        return [dict(data) for data in session.scalars(
            select(Event.data).where(Event.kind == kind).order_by(Event.id))]


def test_an_edit_is_stored_searchable_and_logged_with_who(db: Database,
                                                          catalog: CatalogService) -> None:
    """New documents, steps, limit and fee are read back, by another service too, and one
    catalog.changed event names the procedure, what changed (before/after) and who."""
    catalog.search("khai sinh")  # the index is loaded: the edit must refresh it
    before = catalog.get(CODE)
    view = catalog.update_procedure(CODE, documents=["Tờ khai", "  Giấy chứng sinh ", ""],
                                    steps=["Nộp hồ sơ", "Nhận kết quả"], time_limit=2,
                                    time_unit="working_days", fee="8.000 đồng",
                                    source="Quyết định 123/QĐ-UBND")
    assert view.documents == ("Tờ khai", "Giấy chứng sinh")
    assert (view.time_limit, view.time_unit, view.fee) == (2, "working_days", "8.000 đồng")
    assert CatalogService(db).get(CODE) == view
    assert catalog.index.get(CODE) == view
    [event] = _events(db, "catalog.changed")
    assert event["procedure"] == CODE and event["by"] == "admin:admin"
    changed = event["changed"]
    assert isinstance(changed, dict)
    assert changed["time_limit"] == [before.time_limit, 2]
    assert changed["documents"][1] == ["Tờ khai", "Giấy chứng sinh"]


def test_an_edit_that_changes_nothing_logs_nothing(db: Database,
                                                   catalog: CatalogService) -> None:
    """Saving a procedure as it is appends no event."""
    before = catalog.get(CODE)
    catalog.update_procedure(CODE, documents=list(before.documents), fee=before.fee or "")
    assert _events(db, "catalog.changed") == []


def test_a_time_limit_can_be_cleared_to_unknown(catalog: CatalogService) -> None:
    """time_limit None = not known: the unit goes too."""
    catalog.update_procedure(CODE, time_limit=3, time_unit="days")
    view = catalog.update_procedure(CODE, time_limit=None)
    assert (view.time_limit, view.time_unit) == (None, None)


@pytest.mark.parametrize(("limit", "unit"), [(-1, "days"), (1001, "days"), (3, None),
                                             (3, "weeks")])
def test_a_bad_time_limit_is_refused_and_nothing_changes(
        db: Database, catalog: CatalogService, limit: int, unit: str | None) -> None:
    """A negative or huge limit, or one without a valid unit, changes nothing."""
    before = catalog.get(CODE)
    with pytest.raises(InvalidOperation):
        catalog.update_procedure(CODE, time_limit=limit, time_unit=unit, fee="1")
    assert catalog.get(CODE) == before
    assert _events(db, "catalog.changed") == []


def test_an_unknown_code_is_not_found(catalog: CatalogService) -> None:
    with pytest.raises(NotFound):
        catalog.update_procedure("9.999999", fee="1")
