"""Backups of the database, verified after writing, kept for N days, and restore.

SQLite: SQLite's online backup API (``sqlite3.Connection.backup``) copies a consistent
snapshot while kiosks and counters keep writing (WAL: readers and the copy do not block the
writer for long); the copy is then opened and checked with ``PRAGMA integrity_check`` and must
hold the schema version (``alembic_version``). PostgreSQL: ``pg_dump --format=custom`` (a
consistent snapshot too), checked by ``pg_restore --list`` reading its whole table of
contents; ``pg_restore`` brings it back. The password of a PostgreSQL URL goes to the tools in
the ``PGPASSWORD`` environment variable, never on their command line.

A backup is written under a temporary name and renamed when verified: a file named
``layso-YYYYMMDD-HHMMSS.db`` (or ``.dump``) is always a whole, checked backup.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from shared import paths
from shared.clock import LOCAL_TZ
from shared.errors import ConfigError, InvalidOperation

log = logging.getLogger(__name__)

_NAME = re.compile(r"^layso-(\d{8})-(\d{6})\.(db|dump)$")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    backend: str
    seconds: float
    removed: tuple[Path, ...] = ()


def default_folder() -> Path:
    return paths.data_dir() / "backups"


def backup(url: str, folder: Path | str | None = None, *, keep_days: int | None = None,
           now: datetime | None = None) -> BackupResult:
    """Back up the database at ``url`` into ``folder`` (made if missing), verify the copy,
    then delete the backups there older than ``keep_days`` days (None: keep all)."""
    import time

    started = time.perf_counter()
    target_folder = Path(folder) if folder else default_folder()
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidOperation(
            f"Không tạo được thư mục sao lưu {target_folder}: {error.strerror}.",
            f"Cannot create the backup folder {target_folder}: {error.strerror}.") from error
    moment = (now or datetime.now(LOCAL_TZ)).astimezone(LOCAL_TZ)
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    suffix = "db" if backend == "sqlite" else "dump"
    final = target_folder / f"layso-{moment:%Y%m%d-%H%M%S}.{suffix}"
    partial = final.with_name(final.name + ".partial")
    try:
        if backend == "sqlite":
            _sqlite_backup(_sqlite_path(parsed), partial)
            verify_sqlite(partial)
        else:
            _pg_dump(parsed, partial)
            verify_dump(partial)
        partial.replace(final)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidOperation(
            f"Không ghi được bản sao lưu vào {target_folder}: {error.strerror or error}.",
            f"Cannot write the backup into {target_folder}: {error.strerror or error}.",
        ) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    removed = prune(target_folder, keep_days, moment) if keep_days else ()
    result = BackupResult(final, final.stat().st_size, backend,
                          round(time.perf_counter() - started, 2), removed)
    log.info("backup written and verified: %s (%d bytes, %.2f s), %d old removed",
             final, result.size, result.seconds, len(removed))
    return result


def restore(url: str, source: Path | str, *, replace: bool = False) -> None:
    """Restore backup ``source`` into the database at ``url``. The backup is verified first.
    An existing database that holds data is only overwritten with ``replace``."""
    source = Path(source)
    if not source.is_file():
        raise InvalidOperation(f"Không có tệp sao lưu {source}.", f"No backup file {source}.")
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        verify_sqlite(source)
        target = _sqlite_path(parsed)
        if target.exists() and target.stat().st_size and not replace:
            raise _not_empty(str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        with _connect(source, read_only=True) as src, _connect(target) as dst:
            src.backup(dst)
        src.close()
        dst.close()
        verify_sqlite(target)
        return
    verify_dump(source)
    if not replace and _pg_has_tables(parsed):
        raise _not_empty(parsed.render_as_string(hide_password=True))
    command = [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
               "--single-transaction", "--dbname", _libpq_url(parsed)]
    if replace:
        command[1:1] = ["--clean", "--if-exists"]
    _run([*command, str(source)], parsed, "pg_restore")


def verify_sqlite(path: Path) -> None:
    """``PRAGMA integrity_check`` says ok and the schema version is there, else
    InvalidOperation."""
    try:
        with _connect(path, read_only=True) as connection:
            check = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        connection.close()
    except sqlite3.DatabaseError as error:
        raise InvalidOperation(f"Bản sao lưu {path.name} hỏng hoặc không phải cơ sở dữ liệu "
                               f"LấySố: {error}.",
                               f"Backup {path.name} is damaged or not a LấySố database: "
                               f"{error}.") from error
    if check != ["ok"] or not version:
        raise InvalidOperation(
            f"Bản sao lưu {path.name} không qua kiểm tra toàn vẹn: {'; '.join(check[:3])}.",
            f"Backup {path.name} failed its integrity check: {'; '.join(check[:3])}.")


def verify_dump(path: Path) -> None:
    """``pg_restore --list`` reads the whole archive's table of contents, which must hold the
    events' and tickets' data."""
    listing = subprocess.run([_tool("pg_restore"), "--list", str(path)], capture_output=True,
                             text=True, check=False)
    if listing.returncode != 0 or not all(
            f"TABLE DATA public {table} " in listing.stdout for table in ("events", "tickets")):
        raise InvalidOperation(
            f"Bản sao lưu {path.name} không đọc được hoặc thiếu dữ liệu: "
            f"{listing.stderr.strip()[:200]}",
            f"Backup {path.name} cannot be read or lacks data: {listing.stderr.strip()[:200]}")


def backups(folder: Path | str | None = None) -> list[Path]:
    """The finished backups in ``folder``, oldest first."""
    target = Path(folder) if folder else default_folder()
    if not target.is_dir():
        return []
    return sorted(p for p in target.iterdir() if _NAME.match(p.name))


def prune(folder: Path, keep_days: int, now: datetime) -> tuple[Path, ...]:
    """Delete the backups in ``folder`` taken more than ``keep_days`` days before ``now``
    (the newest is always kept)."""
    limit = now.astimezone(LOCAL_TZ).replace(tzinfo=None) - timedelta(days=keep_days)
    found = backups(folder)
    removed = []
    for path in found[:-1]:
        match = _NAME.match(path.name)
        assert match is not None
        taken = datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
        if taken < limit:
            path.unlink(missing_ok=True)
            removed.append(path)
    return tuple(removed)


# ----------------------------------------------------------------------------- internals
def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except Exception as error:  # sqlalchemy raises ArgumentError and others
        raise ConfigError(f"Địa chỉ cơ sở dữ liệu không hợp lệ: {url!r}",
                          f"Invalid database URL: {url!r}") from error
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError("Chỉ sao lưu được SQLite và PostgreSQL.",
                          "Only SQLite and PostgreSQL can be backed up.")
    return parsed


def _sqlite_path(parsed: URL) -> Path:
    if not parsed.database or parsed.database == ":memory:":
        raise ConfigError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.",
                          "An in-memory SQLite database cannot be backed up.")
    return Path(parsed.database)


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15)
    return sqlite3.connect(path, timeout=15)


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise InvalidOperation(f"Không có cơ sở dữ liệu {source}.", f"No database {source}.")
    src = _connect(source, read_only=True)
    dst = sqlite3.connect(target)
    try:
        # All pages in one step: a consistent snapshot (steps would restart on every write).
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dst.close()
        src.close()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ConfigError(
            f"Không tìm thấy {name}: hãy cài gói PostgreSQL client (postgresql-client) cùng "
            "phiên bản với máy chủ.",
            f"{name} not found: install the PostgreSQL client tools (postgresql-client) of the "
            "server's version.")
    return found


def _libpq_url(parsed: URL) -> str:
    """The URL for libpq tools: no driver name, no password (it goes in PGPASSWORD)."""
    return parsed.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False)


def _env(parsed: URL) -> dict[str, str]:
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    return env


def _run(command: list[str], parsed: URL, tool: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=_env(parsed),
                            check=False)
    if result.returncode != 0:
        detail = result.stderr.strip()[-500:]
        log.warning("%s failed: %s", tool, detail)
        raise InvalidOperation(f"{tool} không thành công: {detail}",
                               f"{tool} failed: {detail}")


def _pg_dump(parsed: URL, target: Path) -> None:
    _check_pg_dump_version(parsed)
    _run([_tool("pg_dump"), "--format=custom", "--file", str(target), "--dbname",
          _libpq_url(parsed)], parsed, "pg_dump")


def _check_pg_dump_version(parsed: URL) -> None:
    """pg_dump refuses a newer server; say which versions in one clear line."""
    from sqlalchemy import create_engine, text

    out = subprocess.run([_tool("pg_dump"), "--version"], capture_output=True, text=True,
                         check=False).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    engine = create_engine(parsed.set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as connection:
            server = int(str(connection.execute(text("SHOW server_version_num")).scalar()))
    finally:
        engine.dispose()
    if match and int(match.group(1)) < server // 10000:
        raise ConfigError(
            f"pg_dump {match.group(1)} cũ hơn máy chủ PostgreSQL {server // 10000}: hãy cài "
            f"postgresql-client-{server // 10000}.",
            f"pg_dump {match.group(1)} is older than the PostgreSQL server "
            f"{server // 10000}: install postgresql-client-{server // 10000}.")


def _pg_has_tables(parsed: URL) -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(parsed.set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = 'public'")).scalar())
    finally:
        engine.dispose()


def _not_empty(where: str) -> InvalidOperation:
    return InvalidOperation(
        f"Cơ sở dữ liệu {where} đã có dữ liệu: thêm --replace để ghi đè bằng bản sao lưu.",
        f"The database {where} holds data: add --replace to overwrite it with the backup.")
