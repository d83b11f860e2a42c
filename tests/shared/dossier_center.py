"""A small real center for the dossier, report and CLI tests: 2 sites, 2 counters and 4
procedures with known time limits (same day, 3 working days, 15 days, unknown)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from shared.clock import FixedClock
from shared.db.database import Database
from shared.models import Counter, Procedure, Site

VN = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY = "000.00.53.H48"
SAME_DAY = "1.001193"  # Đăng ký khai sinh: trong ngày
THREE_DAYS = "2.000815"  # 3 ngày làm việc
FIFTEEN_DAYS = "1.003583"  # 15 ngày (calendar days)
UNKNOWN = "1.000656"  # time limit not known


def at(text: str) -> datetime:
    """A local Vietnamese time from 'YYYY-MM-DD HH:MM'."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN)


@pytest.fixture
def center_db(db: Database, clock: FixedClock) -> Database:
    """The conftest ``db`` (SQLite and PostgreSQL) with this small center, clock at
    Mon 10/03/2025 09:00 in Hà Nội."""
    clock.moment = at("2025-03-10 09:00")
    seed_center(db)
    return db


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
