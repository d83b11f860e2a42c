"""The Alembic migrations build exactly the schema of shared/models.py, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from shared.db.database import Database
from shared.db.migrate import current_revision, head_revision
from shared.models import Base


def test_migrated_database_matches_the_models(db: Database) -> None:
    """No difference between the migrated schema and the models (a model change needs a
    migration)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    assert current_revision(db) == head_revision()


def test_upgrade_to_0002_keeps_the_oldest_dossier_of_a_ticket_and_unlinks_the_others(
        sqlite_db: Database) -> None:
    """A database of revision 0001 holding two dossiers of one ticket (the retry bug) still
    upgrades: the first keeps the ticket, the second loses the link and says so in its note;
    afterwards a third dossier for that ticket is refused by the unique index."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from shared.db.migrate import upgrade
    from shared.dossiers import Applicant, DossierService
    from shared.queue import QueueService
    from tests.center_data import SITE, build_center

    build_center(sqlite_db)
    ticket = QueueService(sqlite_db).issue_ticket(SITE, "HT")
    from shared.catalog import CatalogService
    from shared.paths import CATALOG_DIR

    CatalogService(sqlite_db).import_csv(CATALOG_DIR / "procedures.csv")
    first = DossierService(sqlite_db).receive(SITE, "1.004873", Applicant("Phạm Thị Dung"),
                                              ticket_id=ticket.id)
    from alembic import command

    from shared.db.migrate import _config

    config = _config()
    with sqlite_db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    copy_columns = ("site_id, procedure_code, procedure_name, channel, status, applicant_name, "
                    "applicant_address, applicant_phone, applicant_email, documents, copies, "
                    "fee, delivery, received_at, ticket_id, register_book, register_entry, note")
    with sqlite_db.engine.begin() as connection:
        connection.execute(text(f"INSERT INTO dossiers (code, {copy_columns}) SELECT "
                                f"code || '-B', {copy_columns} FROM dossiers"))
    upgrade(sqlite_db, "0002")  # 0008 lets a ticket have several again
    with sqlite_db.engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT code, ticket_id, note FROM dossiers ORDER BY id")).all()
    assert rows[0][:2] == (first.code, ticket.id)
    assert rows[1][1] is None and f"mã lượt {ticket.id}" in rows[1][2]
    with pytest.raises(IntegrityError), sqlite_db.engine.begin() as connection:
        connection.execute(text("UPDATE dossiers SET ticket_id = :t WHERE code = :c"),
                           {"t": ticket.id, "c": rows[1][0]})
