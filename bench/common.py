"""What the core benchmarks share: a throw-away database per backend, a bench center, a fast
bulk load of ticket history, and percentiles.

PostgreSQL: ``LAYSO_BENCH_PG_URL`` (else ``LAYSO_TEST_PG_URL``, else the local server); each run
creates a database of its own there and drops it at the end.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from shared.center import CenterService
from shared.clock import LOCAL_TZ
from shared.db.database import Database
from shared.db.migrate import upgrade

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SITE = "HQ"
SERVICES = ("HT", "CT", "DD", "XH")
COUNTERS = (1, 2, 3, 4)


def pg_admin_url() -> str:
    url = (os.environ.get("LAYSO_BENCH_PG_URL") or os.environ.get("LAYSO_TEST_PG_URL")
           or DEFAULT_PG_URL)
    return make_url(url).set(drivername="postgresql+psycopg").render_as_string(
        hide_password=False)


@contextmanager
def bench_database(backend: str) -> Iterator[str]:
    """The URL of a fresh, migrated database on ``backend`` (removed afterwards)."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="layso-bench-") as folder:
            url = f"sqlite:///{folder}/bench.db"
            _migrate(url)
            yield url
        return
    if backend != "postgresql":
        raise SystemExit(f"unknown backend {backend!r} (sqlite | postgresql)")
    name = f"layso_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_admin_url()).set(database=name).render_as_string(hide_password=False)
    try:
        _migrate(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = :name"), {"name": name})
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _migrate(url: str) -> None:
    db = Database(url)
    upgrade(db)
    db.dispose()


def build_center(url: str) -> None:
    """Site HQ with four services and four open counters, each serving all four."""
    db = Database(url)
    center = CenterService(db)
    center.add_site(SITE, "Trung tâm Phục vụ hành chính công (bench)", agency_code="000.00.00.B1")
    for prefix, code in zip("ABCD", SERVICES, strict=True):
        center.add_service(SITE, code, f"Dịch vụ {code}", prefix=prefix)
    for number in COUNTERS:
        rotated = SERVICES[number - 1:] + SERVICES[:number - 1]
        center.add_counter(SITE, number, f"Quầy {number}", list(rotated))
    from shared.models import CounterStatus
    from shared.queue import QueueService

    queue = QueueService(db)
    for number in COUNTERS:
        queue.set_counter_status(queue.find_counter(SITE, number).id, CounterStatus.OPEN)
    db.dispose()


TICKET_COLUMNS = ("site_id", "service_id", "issued_service_id", "business_day", "sequence",
                  "number", "priority", "status", "issued_at", "queued_at", "called_at",
                  "first_called_at", "finished_at", "counter_id", "outcome", "call_count",
                  "note")
EVENT_COLUMNS = ("at", "site_id", "kind", "ticket_id", "counter_id", "data")


def _history(total: int, days: int, today: date) -> Iterator[tuple[Any, ...]]:
    """Finished tickets of the ``days`` business days before ``today``, evenly spread.
    Ids of site, services and counters are those build_center made (1, 1-4, 1-4)."""
    per_day = max(1, total // days)
    made = 0
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        opening = datetime.combine(day, time(7, 30), LOCAL_TZ).astimezone(UTC)
        for i in range(per_day):
            if made == total:
                return
            service = i % len(SERVICES) + 1
            issued = opening + timedelta(seconds=i * 10)
            called = issued + timedelta(minutes=7)
            no_show = i % 23 == 0
            yield (1, service, service, day, i // len(SERVICES) + 1,
                   f"{'ABCD'[service - 1]}{i // len(SERVICES) + 1:03d}", "none",
                   "no_show" if no_show else "finished", issued, issued, called, called,
                   called + timedelta(minutes=6), i % len(COUNTERS) + 1,
                   None if no_show else "guided", 1, "")
            made += 1


def load_history(url: str, total: int, days: int = 400) -> float:
    """Bulk-insert ``total`` past tickets and one event each (COPY or executemany, not the
    service); returns the seconds it took."""
    import time as clock

    started = clock.perf_counter()
    today = datetime.now(LOCAL_TZ).date()
    if url.startswith("sqlite"):
        _load_sqlite(str(make_url(url).database), _history(total, days, today))
    else:
        _load_postgres(url, _history(total, days, today))
    return clock.perf_counter() - started


def _sqlite_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _load_sqlite(path: str, rows: Iterator[tuple[Any, ...]]) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN")
    ticket_sql = (f"INSERT INTO tickets ({', '.join(TICKET_COLUMNS)}) "
                  f"VALUES ({', '.join('?' * len(TICKET_COLUMNS))})")
    dates = {8, 9, 10, 11, 12}
    converted = ([_sqlite_time(v) if i in dates else v.isoformat() if i == 3 else v
                  for i, v in enumerate(row)] for row in rows)
    connection.executemany(ticket_sql, converted)
    connection.execute(
        f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT finished_at, site_id, "
        "'ticket.finished', id, counter_id, '{}' FROM tickets ORDER BY id")
    _sequences(connection.execute)
    connection.execute("COMMIT")
    connection.close()


def _load_postgres(url: str, rows: Iterator[tuple[Any, ...]]) -> None:
    parsed = make_url(url)
    with psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                         password=parsed.password, dbname=parsed.database) as connection:
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY tickets ({', '.join(TICKET_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT finished_at, "
                "site_id, 'ticket.finished', id, counter_id, '{}' FROM tickets ORDER BY id")
            _sequences(cursor.execute)
        connection.commit()
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")


def _sequences(execute: Any) -> None:
    execute("INSERT INTO ticket_sequences (service_id, business_day, last_number) "
            "SELECT issued_service_id, business_day, max(sequence) FROM tickets "
            "GROUP BY issued_service_id, business_day")


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max of latencies in milliseconds, rounded to 0.01 ms."""
    if not samples_ms:
        return {"n": 0}
    ordered = sorted(samples_ms)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 \
        else [ordered[0]] * 99
    return {"n": len(ordered), "p50": round(cuts[49], 2), "p95": round(cuts[94], 2),
            "p99": round(cuts[98], 2), "max": round(ordered[-1], 2)}


def database_size(url: str) -> str:
    if url.startswith("sqlite"):
        path = Path(str(make_url(url).database))
        return f"{path.stat().st_size / 2**20:.0f} MB"
    engine = create_engine(url)
    with engine.connect() as connection:
        size = connection.execute(text(
            "SELECT pg_size_pretty(pg_database_size(current_database()))")).scalar()
    engine.dispose()
    return str(size)
