"""Least-privilege PostgreSQL roles, one per kind of PC (``layso db roles``).

The schema owner (the account ``layso db upgrade`` runs as) owns every table and is the only
one who may change the schema, drop or disable the event log's trigger. Each PC gets a login
role of its own with only what it needs:

- ``kiosk``: issue tickets (tickets, their day's number, the event), read the catalog, the
  queue and a dossier's status; never the clerks' accounts nor the API tokens.
- ``display``: read only; the clerks' names but not their password hashes; no API tokens.
- ``counter``: the queue and the dossiers (tickets, counters, dossiers, ratings and the other
  working tables); reads the clerks to log them in and may record a failed log-in and a
  lock-out (``failed_logins``, ``locked_until``), but may not change a clerk's role, name,
  password or PIN; the center's set-up (sites, services, catalog, calendar, settings) is
  read-only to it; no API tokens.
- ``server``: what the web service needs: the console changes the set-up and the accounts.
- ``admin``: the set-up from the command line (``layso site/service/clerk/catalog …``).

For every role the event log is append-only: INSERT and SELECT only, and the trigger of
migration 0009 refuses UPDATE and DELETE even to the owner. A table added later gets the
rights of its kind by default (read for kiosk and display, read and write for the others)
when ``layso db roles`` is run again after ``layso db upgrade``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, exc, text
from sqlalchemy.engine import make_url

from shared.db.database import Database
from shared.errors import ConfigError, InvalidOperation

ROLES = ("kiosk", "display", "counter", "server", "admin")

#: Which PC uses each role (printed beside its URL).
USED_BY = {
    "kiosk": "máy lấy số (kiosk)",
    "display": "màn hình gọi số (display)",
    "counter": "máy tính ở quầy (counter)",
    "server": "máy chủ web (layso serve)",
    "admin": "quản trị, thiết lập bằng dòng lệnh (layso site/service/clerk/catalog …)",
}

#: Tables nobody but the server and the admin reads: the API tokens' hashes.
_SECRET_TABLES = frozenset({"api_tokens"})
#: Columns of ``clerks`` the display may not read.
_CLERK_SECRETS = frozenset({"password_hash", "pin_hash"})
#: The center's set-up: read-only to a counter.
_SETUP_TABLES = frozenset({"sites", "services", "service_fields", "procedures",
                           "calendar_days", "site_settings", "counter_services"})
#: What a kiosk may write.
_KIOSK_INSERT = frozenset({"tickets", "events", "ticket_sequences", "ratings"})
_KIOSK_UPDATE = {"ticket_sequences": ("last_number",), "tickets": ("status", "finished_at")}
_DML = "SELECT, INSERT, UPDATE, DELETE"


@dataclass(frozen=True)
class RoleAccount:
    role: str
    name: str
    url: str
    used_by: str


def create_roles(db: Database, *, prefix: str = "layso", host: str | None = None,
                 port: int | None = None) -> list[RoleAccount]:
    """Create (or bring up to date) the five login roles of this database, each with a new
    random password, and grant each its rights on every table there is now. Returns each
    role's URL (the owner's URL with the role's name and password, and ``host``/``port`` if
    given: the address the other PCs reach the server at)."""
    if not db.is_postgres:
        raise InvalidOperation(
            "layso db roles chỉ dùng với PostgreSQL. Với SQLite, cơ sở dữ liệu là một tệp: "
            "bảo vệ bằng quyền của thư mục chia sẻ.",
            "layso db roles is for PostgreSQL only. A SQLite database is one file: protect it "
            "with the shared folder's permissions.")
    if not prefix.replace("_", "").isalnum() or not prefix[0].isalpha():
        raise ConfigError(f"Tiền tố tên vai trò không hợp lệ: {prefix!r}.",
                          f"Invalid role name prefix: {prefix!r}.")
    try:
        return _create_roles(db, prefix, host, port)
    except exc.ProgrammingError as error:  # e.g. no CREATEROLE right
        raise InvalidOperation(
            "Tài khoản đang dùng không tạo được vai trò (cần quyền CREATEROLE, ví dụ tài khoản "
            f"postgres hoặc chủ lược đồ có CREATEROLE): {error.orig}",
            "This account cannot create roles (it needs CREATEROLE, e.g. postgres or a schema "
            f"owner with CREATEROLE): {error.orig}") from error


def _create_roles(db: Database, prefix: str, host: str | None,
                  port: int | None) -> list[RoleAccount]:
    accounts = []
    with db.engine.begin() as connection:
        database = str(connection.execute(text("SELECT current_database()")).scalar())
        tables = list(connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"))
            .scalars())
        clerk_columns = list(connection.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name = 'clerks' ORDER BY ordinal_position")).scalars())
        for role in ROLES:
            name = f"{prefix}_{role}"
            password = secrets.token_urlsafe(24)  # letters, digits, - and _: safe in quotes
            _create_or_reset(connection, name, password)
            _grant(connection, role, name, database, tables, clerk_columns)
            url = make_url(db.url).set(username=name, password=password)
            if host:
                url = url.set(host=host)
            if port:
                url = url.set(port=port)
            accounts.append(RoleAccount(role, name, url.render_as_string(hide_password=False),
                                        USED_BY[role]))
    return accounts


def drop_roles(db: Database, *, prefix: str = "layso") -> None:
    """Remove the roles' rights in this database and the roles (for tests and clean-up)."""
    with db.engine.begin() as connection:
        for role in ROLES:
            name = f"{prefix}_{role}"
            if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                                  {"n": name}).first():
                connection.execute(text(f'DROP OWNED BY "{name}"'))
                connection.execute(text(f'DROP ROLE "{name}"'))


def _create_or_reset(connection: Connection, name: str, password: str) -> None:
    exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                                {"n": name}).first()
    verb = "ALTER" if exists else "CREATE"
    connection.execute(text(
        f"{verb} ROLE \"{name}\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT "
        f"NOREPLICATION NOBYPASSRLS PASSWORD '{password}'"))


def _grant(connection: Connection, role: str, name: str, database: str, tables: list[str],
           clerk_columns: list[str]) -> None:
    quoted = f'"{name}"'

    def run(sql: str) -> None:
        connection.execute(text(sql))

    run(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}")
    run(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {quoted}")
    run(f'GRANT CONNECT ON DATABASE "{database}" TO {quoted}')
    run(f"GRANT USAGE ON SCHEMA public TO {quoted}")
    if role != "display":
        run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
    for table in tables:
        for sql in _table_grants(role, table, clerk_columns):
            run(sql.format(table=f'"{table}"', role=quoted))


def _table_grants(role: str, table: str, clerk_columns: list[str]) -> list[str]:
    """The GRANT statements (``{table}``, ``{role}`` to fill in) of one role on one table."""
    grant = "GRANT {privileges} ON {table} TO {role}"
    if table == "alembic_version":  # every app checks the schema version at start
        return [grant.replace("{privileges}", "SELECT")]
    if table == "events":  # append-only for everyone (and the trigger refuses the rest)
        return [grant.replace("{privileges}",
                              "SELECT" if role == "display" else "SELECT, INSERT")]
    if role in ("server", "admin"):
        return [grant.replace("{privileges}", _DML)]
    if table in _SECRET_TABLES:
        return []
    if table == "clerks":
        if role == "display":
            columns = ", ".join(c for c in clerk_columns if c not in _CLERK_SECRETS)
            return [grant.replace("{privileges}", f"SELECT ({columns})")]
        if role == "counter":  # log-in: read the hashes, record failures and lock-outs
            return [grant.replace("{privileges}",
                                  "SELECT, UPDATE (failed_logins, locked_until)")]
        return []  # the kiosk never reads the accounts
    if role == "display":
        return [grant.replace("{privileges}", "SELECT")]
    if role == "kiosk":
        statements = [grant.replace("{privileges}", "SELECT")]
        if table in _KIOSK_INSERT:
            statements.append(grant.replace("{privileges}", "INSERT"))
        if table in _KIOSK_UPDATE:
            statements.append(grant.replace(
                "{privileges}", f"UPDATE ({', '.join(_KIOSK_UPDATE[table])})"))
        return statements
    # counter
    if table in _SETUP_TABLES:
        return [grant.replace("{privileges}", "SELECT")]
    return [grant.replace("{privileges}", _DML)]
