"""What a database failure is called (issue 15 items 1 and 9), on real SQLite files and the
real PostgreSQL server: busy is not lost, a read-only file and a full disk are named, a file
that is not a database says so in one line, a NUL character is refused on both backends."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import shared.db.database as database_module
from shared.center import CenterService
from shared.clock import FixedClock
from shared.db.database import Database
from shared.db.migrate import check_schema, upgrade
from shared.errors import (
    DatabaseBusy,
    DatabaseStorageError,
    DatabaseUnavailable,
    InvalidOperation,
    LaysoError,
    NotADatabase,
)
from shared.queue import QueueService
from tests.center_data import build_center


def test_a_locked_sqlite_file_is_busy_not_lost(tmp_path: Path, clock: FixedClock,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "layso.db"
    db = Database(f"sqlite:///{path}", clock=clock)
    upgrade(db)
    build_center(db)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another PC holds the write lock
    try:
        with pytest.raises(DatabaseBusy) as error:
            QueueService(db).issue_ticket("HQ", "HT")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "đang bận" in error.value.message and "mất kết nối" not in error.value.message.lower()
    assert QueueService(db).issue_ticket("HQ", "HT").number == "A001", "nothing was done before"
    db.dispose()


def test_a_missing_sqlite_folder_is_lost_not_busy(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path}/gone/layso.db")
    with pytest.raises(DatabaseUnavailable) as error, db.reading() as session:
        session.execute(text("SELECT 1"))
    assert not isinstance(error.value, DatabaseBusy | DatabaseStorageError)
    assert "kết nối" in error.value.message
    db.dispose()


def test_a_read_only_database_is_named_as_such(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "layso.db"
    db = Database(f"sqlite:///{path}", clock=clock)
    upgrade(db)
    build_center(db)
    db.dispose()
    read_only = Database(f"sqlite:///file:{path}?mode=ro&uri=true", clock=clock)
    with pytest.raises(DatabaseStorageError) as error:
        QueueService(read_only).issue_ticket("HQ", "HT")
    assert "chỉ cho phép đọc" in error.value.message
    assert "kết nối" not in error.value.message
    read_only.dispose()


def test_a_full_disk_is_named_as_such(tmp_path: Path, clock: FixedClock) -> None:
    """SQLite's own "database or disk is full" (max_page_count reached on this connection)."""
    db = Database(f"sqlite:///{tmp_path}/layso.db", clock=clock)
    upgrade(db)
    with pytest.raises(DatabaseStorageError) as error, db.transaction() as session:
        pages = session.execute(text("PRAGMA page_count")).scalar_one()
        session.execute(text(f"PRAGMA max_page_count = {pages + 2}"))
        session.execute(text("CREATE TABLE filler (x BLOB)"))
        session.execute(text("INSERT INTO filler VALUES (zeroblob(1000000))"))
    assert "đầy" in error.value.message and "kết nối" not in error.value.message
    db.dispose()


def test_a_file_that_is_not_a_database_gives_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("không phải cơ sở dữ liệu\n" * 200, encoding="utf-8")
    db = Database(f"sqlite:///{path}")
    with pytest.raises(NotADatabase) as error:
        check_schema(db)
    assert "không hợp lệ" in error.value.message
    db.dispose()
    result = subprocess.run([str(Path(sys.executable).parent / "layso"), "site", "list"],
                            capture_output=True, text=True, timeout=60,
                            env={"LAYSO_DATABASE_URL": f"sqlite:///{path}", "PATH": "/usr/bin",
                                 "HOME": str(tmp_path)})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "không hợp lệ" in lines[0], result.stderr


def test_a_nul_character_is_refused_on_both_backends(db: Database) -> None:
    build_center(db)
    center = CenterService(db)
    with pytest.raises(InvalidOperation) as error:
        center.add_service("HQ", "ZZ", "Hộ\x00tịch", prefix="Z")
    assert "NUL" in error.value.message
    with pytest.raises(LaysoError):  # a lookup with a NUL: refused, never a crash
        QueueService(db).issue_ticket("HQ", "H\x00T")
    assert QueueService(db).issue_ticket("HQ", "HT").number == "A001"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MB file system (tmpfs), mounted for the test (needs root: the CI runs as root)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:  # pragma: no cover - a machine without mount rights
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_full_disk_and_a_read_only_folder_on_a_real_file_system(
        small_disk: Path, clock: FixedClock) -> None:
    db = Database(f"sqlite:///{small_disk}/layso.db", clock=clock)
    upgrade(db)
    build_center(db)
    filler = small_disk / "filler"
    # the rest of the disk taken by something else
    with filler.open("wb") as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 65536)
            out.flush()
    with pytest.raises(DatabaseStorageError) as error:
        queue = QueueService(db)
        for _ in range(2000):
            queue.issue_ticket("HQ", "HT")
    assert "đầy" in error.value.message, error.value.detail
    db.dispose()
    filler.unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    read_only = Database(f"sqlite:///{small_disk}/layso.db", clock=clock)
    with pytest.raises(DatabaseStorageError) as refused:
        QueueService(read_only).issue_ticket("HQ", "HT")
    assert "chỉ cho phép đọc" in refused.value.message, refused.value.detail
    read_only.dispose()
