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
