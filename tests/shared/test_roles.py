"""PostgreSQL roles of least privilege (``layso db roles``, shared/db/roles.py) and the
append-only event log (migration 0009): each role connects and does its job, and is refused
what it must not do; the trigger refuses UPDATE and DELETE of events even to the owner, on
both backends."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, exc, text, update

from shared.center import CenterService
from shared.clerks import ClerkService, _scrypt_hash
from shared.cli.main import main
from shared.db.database import Database
from shared.db.roles import create_roles, drop_roles
from shared.errors import LaysoError
from shared.models import Clerk
from shared.queue import QueueService
from tests.center_data import PASSWORD, SITE


@pytest.fixture
def pg_center(postgres_db: Database) -> Database:
    from tests.center_data import build_center

    build_center(postgres_db)
    return postgres_db


@pytest.fixture
def roles(pg_center: Database) -> Iterator[dict[str, str]]:
    """The five roles (a prefix of this test's own: roles belong to the whole cluster)."""
    prefix = f"t{os.getpid()}{uuid.uuid4().hex[:6]}"
    accounts = create_roles(pg_center, prefix=prefix)
    yield {account.role: account.url for account in accounts}
    drop_roles(pg_center, prefix=prefix)


def _refused(url: str, *statements: str) -> None:
    """Each statement fails for lack of privilege (or by the events trigger)."""
    engine = create_engine(url)
    try:
        for statement in statements:
            with pytest.raises((exc.ProgrammingError, exc.InternalError),
                               match=r"permission denied|append-only|must be owner"), \
                    engine.begin() as connection:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _allowed(url: str, statement: str) -> object:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            return connection.execute(text(statement)).all()
    finally:
        engine.dispose()


EVERY_ROLE_REFUSED = (
    "UPDATE events SET kind = 'x'",
    "DELETE FROM events",
    "DROP TRIGGER events_append_only ON events",
    "ALTER TABLE events DISABLE TRIGGER events_append_only",
    "DROP TABLE tickets",
    "CREATE TABLE mine (x int)",
)


def test_the_kiosk_issues_and_reads_but_touches_no_account_nor_the_queue(
        roles: dict[str, str], pg_center: Database) -> None:
    kiosk = Database(roles["kiosk"], clock=pg_center.clock)
    try:
        queue = QueueService(kiosk)
        ticket = queue.issue_ticket(SITE, "HT")
        assert ticket.number == "A001" and queue.find_ticket(SITE, "A001").id == ticket.id
        with pytest.raises(LaysoError):  # calling is the counter's: UPDATE counters refused
            try:
                queue.call_next(queue.find_counter(SITE, 1).id)
            except exc.ProgrammingError as error:
                raise LaysoError("refused", "refused") from error
    finally:
        kiosk.dispose()
    _refused(roles["kiosk"], *EVERY_ROLE_REFUSED,
             "SELECT username FROM clerks", "SELECT * FROM api_tokens",
             "INSERT INTO sites (code, name) VALUES ('X', 'X')",
             "UPDATE tickets SET number = 'Z999'", "DELETE FROM tickets",
             "UPDATE counters SET status = 'open'")


def test_the_display_reads_the_board_and_the_clerks_names_only(
        roles: dict[str, str], pg_center: Database) -> None:
    QueueService(pg_center).issue_ticket(SITE, "HT")
    display = Database(roles["display"], clock=pg_center.clock)
    try:
        counters = QueueService(display).counters(SITE)
        assert [c.number for c in counters] == [1, 2, 3]
        assert counters[0].clerk_name == "Nguyễn Thị Lan"
    finally:
        display.dispose()
    assert _allowed(roles["display"], "SELECT full_name FROM clerks WHERE username = 'lan'") \
        == [("Nguyễn Thị Lan",)]
    _refused(roles["display"], *EVERY_ROLE_REFUSED, "SELECT password_hash FROM clerks",
             "SELECT * FROM api_tokens", "INSERT INTO events (at, kind, data) "
             "VALUES (now(), 'x', '{}')", "UPDATE tickets SET status = 'cancelled'")


def test_the_counter_logs_in_and_serves_but_cannot_change_accounts_or_set_up(
        roles: dict[str, str], pg_center: Database) -> None:
    """A counter logs in (a wrong password is counted), calls and finishes; it cannot make
    anyone an admin, change a password hash, or change a service. An old scrypt hash still
    logs in (its upgrade is left to a role that may write hashes)."""
    QueueService(pg_center).issue_ticket(SITE, "HT")
    with pg_center.transaction() as session:
        session.execute(update(Clerk).where(Clerk.username == "lan")
                        .values(password_hash=_scrypt_hash(PASSWORD)))
    counter = Database(roles["counter"], clock=pg_center.clock)
    try:
        clerks = ClerkService(counter)
        with pytest.raises(LaysoError):
            clerks.authenticate("lan", "sai")
        assert clerks.login("lan", PASSWORD, SITE, 1).username == "lan"
        queue = QueueService(counter)
        counter_id = queue.find_counter(SITE, 1).id
        called = queue.call_next(counter_id)
        assert called is not None and called.ticket.number == "A001"
        queue.finish(counter_id, "guided")
    finally:
        counter.dispose()
    with pg_center.reading() as session:
        assert session.query(Clerk).filter_by(username="lan").one().password_hash.startswith(
            "scrypt$")
    _refused(roles["counter"], *EVERY_ROLE_REFUSED,
             "UPDATE clerks SET role = 'admin'", "UPDATE clerks SET password_hash = 'x'",
             "INSERT INTO clerks (username, full_name, role, password_hash, active, "
             "failed_logins) VALUES ('evil', 'E', 'admin', 'x', true, 0)",
             "UPDATE services SET prefix = 'Z'", "SELECT * FROM api_tokens")


def test_the_server_and_the_admin_set_up_but_the_log_stays_append_only(
        roles: dict[str, str], pg_center: Database) -> None:
    for role, prefix in (("server", "S"), ("admin", "T")):
        db = Database(roles[role], clock=pg_center.clock)
        try:
            ClerkService(db, actor=role).add(f"new{role}", "Người mới", "matkhau1", site=SITE)
            CenterService(db).add_service(SITE, f"S{prefix}", "Dịch vụ mới", prefix=prefix)
        finally:
            db.dispose()
        _refused(roles[role], *EVERY_ROLE_REFUSED)


@pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)
def test_the_event_log_refuses_update_and_delete_even_to_the_owner(center: Database) -> None:
    QueueService(center).issue_ticket(SITE, "HT")
    for statement in ("UPDATE events SET kind = 'x'", "DELETE FROM events"):
        with pytest.raises(exc.DatabaseError, match="append-only"), \
                center.engine.begin() as connection:
            connection.execute(text(statement))
    with center.engine.begin() as connection:
        assert connection.execute(text("SELECT count(*) FROM events WHERE kind = 'x'")
                                  ).scalar() == 0


def test_layso_db_roles_prints_a_url_per_pc(pg_center: Database,
                                            capsys: pytest.CaptureFixture[str],
                                            sqlite_db: Database) -> None:
    prefix = f"c{os.getpid()}{uuid.uuid4().hex[:6]}"
    try:
        status = main(["--db", pg_center.url, "db", "roles", "--prefix", prefix,
                       "--host", "192.168.1.10", "--json"])
        assert status == 0
        rows = json.loads(capsys.readouterr().out)
        assert [r["role"] for r in rows] == ["kiosk", "display", "counter", "server", "admin"]
        assert all(f"{prefix}_{r['role']}:" in r["url"] and "@192.168.1.10" in r["url"]
                   for r in rows)
        assert len({r["url"] for r in rows}) == 5
    finally:
        drop_roles(pg_center, prefix=prefix)
    assert main(["--db", sqlite_db.url, "db", "roles"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err


def test_an_account_without_createrole_is_told_so(roles: dict[str, str]) -> None:
    from shared.errors import InvalidOperation

    kiosk = Database(roles["kiosk"])
    try:
        with pytest.raises(InvalidOperation, match="CREATEROLE"):
            create_roles(kiosk, prefix=f"x{os.getpid()}")
    finally:
        kiosk.dispose()
