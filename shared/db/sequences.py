"""Per-key counters taken atomically: ``INSERT … ON CONFLICT DO UPDATE … RETURNING``.

Dossier codes (per agency and day) and register entries (per agency and book) are numbered
this way, never by ``max(number) + 1``, so two PCs receiving at once never share a number.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def take_next(session: Session, model: Any, **key: Any) -> int:
    """The next value of ``model``'s ``last_number`` for ``key`` (1 for a new key)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    upsert = insert(model).values(**key, last_number=1).on_conflict_do_update(
        index_elements=[getattr(model, name) for name in key],
        set_={"last_number": model.last_number + 1},
    )
    return int(session.execute(upsert.returning(model.last_number)).scalar_one())
