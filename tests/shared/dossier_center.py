"""A small real center for the dossier, report and CLI tests: migrated database, fixed clock.

``center_db`` is a temporary stand-in until tests/conftest.py's ``db`` fixture lands; it is
parametrised over SQLite and PostgreSQL in the same way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest

from shared.clock import FixedClock
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.models import Counter, Procedure, Site

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PG_ADMIN = os.environ.get("LAYSO_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
AGENCY = "000.00.53.H48"
SAME_DAY = "1.001193"  # Đăng ký khai sinh: trong ngày
THREE_DAYS = "2.000815"  # 3 ngày làm việc
FIFTEEN_DAYS = "1.003583"  # 15 ngày (calendar days)
UNKNOWN = "1.000656"  # time limit not known


def at(text: str) -> datetime:
    """A local Vietnamese time from 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN)


@pytest.fixture(params=["sqlite", "postgresql"])
def center_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated database with one center (2 sites, 2 counters, 4 procedures)."""
    clock = FixedClock(at("2025-03-10 09:00"))
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'layso.db'}", clock=clock)
        upgrade(database)
        seed_center(database)
        yield database
        database.dispose()
        return
    name = f"layso_dossiers_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    database = Database(f"{base}/{name}", clock=clock)
    upgrade(database)
    seed_center(database)
    yield database
    database.dispose()
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def clock_of(db: Database) -> FixedClock:
    assert isinstance(db.clock, FixedClock)
    return db.clock


def seed_center(db: Database) -> None:
    with db.transaction() as s:
        main = Site(code="cs1", name="Cơ sở 1", agency_name="UBND phường Ba Đình",
                    agency_code=AGENCY)
        other = Site(code="cs2", name="Cơ sở 2", agency_name="UBND xã Đông Anh",
                     agency_code="")
        s.add_all([main, other])
        s.flush()
        s.add_all([Counter(site_id=main.id, number=1, name="Quầy 1"),
                   Counter(site_id=main.id, number=2, name="Quầy 2")])
        s.add_all([
            Procedure(code=SAME_DAY, name="Đăng ký khai sinh", field="Hộ tịch",
                      time_limit=0, time_unit="working_days", fee="Miễn phí"),
            Procedure(code=THREE_DAYS, name="Chứng thực hợp đồng, giao dịch",
                      field="Chứng thực", time_limit=3, time_unit="working_days",
                      fee="50.000 đồng"),
            Procedure(code=FIFTEEN_DAYS, name="Đăng ký lại khai tử", field="Hộ tịch",
                      time_limit=15, time_unit="days", fee="Miễn phí"),
            Procedure(code=UNKNOWN, name="Xác nhận tình trạng hôn nhân", field="Hộ tịch"),
        ])
