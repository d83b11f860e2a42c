"""One connection setup for all (issue 15 items 1 and 3): the engine and the change feed take
the same URL options (shared/db/conninfo.py), with timeouts and keepalives by default."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from shared.changes import ChangeFeed
from shared.db.conninfo import conninfo
from shared.db.database import Database
from shared.errors import DatabaseUnavailable


def with_query(url: str, **options: str) -> str:
    parsed = make_url(url)
    return parsed.update_query_dict(options).render_as_string(hide_password=False)


def test_conninfo_passes_every_url_option_and_fills_the_timeouts() -> None:
    info = conninfo("postgresql+psycopg://clerk:s3cret@10.0.0.2:5433/layso?sslmode=verify-full"
                    "&sslrootcert=/etc/layso/ca.crt&sslcert=/etc/layso/pc.crt"
                    "&sslkey=/etc/layso/pc.key&application_name=quay-3&statement_timeout=30s")
    assert info["host"] == "10.0.0.2" and info["port"] == 5433 and info["dbname"] == "layso"
    assert info["user"] == "clerk" and info["password"] == "s3cret"
    assert info["sslmode"] == "verify-full" and info["sslrootcert"] == "/etc/layso/ca.crt"
    assert info["sslcert"] == "/etc/layso/pc.crt" and info["sslkey"] == "/etc/layso/pc.key"
    assert info["application_name"] == "quay-3"
    assert info["connect_timeout"] == "5" and info["keepalives"] == "1"
    assert info["keepalives_idle"] == "4" and info["keepalives_count"] == "3"
    assert "-c statement_timeout=30s" in info["options"]
    assert "-c lock_timeout=5000" in info["options"]
    assert "statement_timeout" not in info  # not a libpq option: sent as a server setting
    feed = conninfo("postgresql+psycopg://u@h/d?connect_timeout=2", application_name="feed")
    assert feed["application_name"] == "feed" and feed["connect_timeout"] == "2"


@pytest.fixture
def ssl_off(pg_url: str) -> str:
    db = Database(pg_url)
    with db.reading() as session:
        ssl = session.scalar(text("SHOW ssl"))
    db.dispose()
    return str(ssl)


@pytest.mark.parametrize("options", [
    {"sslmode": "require"},
    {"sslmode": "verify-full", "sslrootcert": "/nonexistent/layso-ca.crt"},
])
def test_engine_and_feed_both_refuse_what_the_url_forbids(
        pg_url: str, ssl_off: str, options: dict[str, str]) -> None:
    """The server here has SSL off: a URL asking for SSL (or checking a CA that does not
    exist) must be refused by the app's engine AND by the change feed's LISTEN connection."""
    if options["sslmode"] == "require" and ssl_off == "on":  # pragma: no cover - other hosts
        pytest.skip("this server has SSL on; the verify-full case checks the CA")
    db = Database(with_query(pg_url, **options))
    try:
        with pytest.raises(DatabaseUnavailable) as engine_error, db.reading() as session:
            session.execute(text("SELECT 1"))
        feed = ChangeFeed(db)
        with pytest.raises(DatabaseUnavailable) as feed_error:
            feed.wait(0)
        feed.close()
    finally:
        db.dispose()
    for error in (engine_error.value, feed_error.value):
        assert "SSL" in error.detail or "ssl" in error.detail or "root certificate" in error.detail


@pytest.fixture
def timed_db(pg_url: str) -> Iterator[Database]:
    db = Database(with_query(pg_url, statement_timeout="2500", lock_timeout="1s",
                             application_name="layso-test-options"))
    yield db
    db.dispose()


def test_engine_and_feed_connections_carry_the_same_timeouts(timed_db: Database) -> None:
    with timed_db.reading() as session:
        assert session.scalar(text("SHOW statement_timeout")) == "2500ms"
        assert session.scalar(text("SHOW lock_timeout")) == "1s"
        assert session.scalar(text("SHOW application_name")) == "layso-test-options"
    feed = ChangeFeed(timed_db)
    try:
        assert feed.wait(0) is True
        connection = feed._waiter._connection  # type: ignore[attr-defined]
        assert connection.execute("SHOW statement_timeout").fetchone()[0] == "2500ms"
        assert connection.execute("SHOW lock_timeout").fetchone()[0] == "1s"
        parameters = connection.info.get_parameters()
        assert parameters.get("keepalives_idle") == "4"
        assert parameters.get("tcp_user_timeout") == "10000"
    finally:
        feed.close()
    default = Database(make_url(timed_db.url).set(query={}).render_as_string(
        hide_password=False))
    try:
        with default.reading() as session:
            assert session.scalar(text("SHOW statement_timeout")) == "15s"
            assert session.scalar(text("SHOW lock_timeout")) == "5s"
    finally:
        default.dispose()


def test_statement_timeout_ends_a_stuck_query_as_busy(timed_db: Database) -> None:
    with pytest.raises(DatabaseUnavailable) as error, timed_db.reading() as session:
        session.execute(text("SELECT pg_sleep(5)"))
    assert "bận" in error.value.message
