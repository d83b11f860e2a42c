"""Values that don't fit their column are refused the same way on SQLite and PostgreSQL: a
clear message naming the field, nothing written, and never the SQL or its parameters."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.center import CenterService
from shared.cli.main import main
from shared.db.database import Database
from shared.dossier_views import Applicant
from shared.dossiers import DossierService
from shared.errors import InvalidOperation
from shared.models import Dossier, Procedure, Service


def test_a_too_long_prefix_is_refused_and_nothing_written(center: Database) -> None:
    with pytest.raises(InvalidOperation) as raised:
        CenterService(center).add_service("HQ", "XX", "Thử", prefix="TOOLONGPREFIX")
    assert "Tiền tố" in raised.value.message and "8" in raised.value.message
    with center.reading() as session:
        assert session.scalar(select(func.count()).select_from(Service)
                              .where(Service.code == "XX")) == 0


def test_a_too_long_applicant_name_is_refused_without_echoing_it(center: Database) -> None:
    with center.transaction() as session:
        session.add(Procedure(code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch",
                              time_limit=0, time_unit="working_days"))
    name = "Nguyễn " * 50
    with pytest.raises(InvalidOperation) as raised:
        DossierService(center).receive("HQ", "1.001193", Applicant(name, phone="1" * 40))
    assert "Họ tên người nộp" in raised.value.message and name not in raised.value.message
    with center.reading() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 0


def test_an_integer_beyond_32_bits_is_refused(center: Database) -> None:
    with pytest.raises(InvalidOperation), center.transaction() as session:
        session.add(Procedure(code="9.999999", name="Thử", field="Khác",
                              time_limit=99_999_999_999, time_unit="days"))


def test_the_cli_reports_one_line_without_sql(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path, pg_url: str) -> None:
    """On PostgreSQL too (which used to print "DataError … [SQL: INSERT …] [parameters: …]")."""
    for url in (f"sqlite:///{tmp_path}/limits.db", pg_url):
        db = Database(url)
        from tests.conftest import _empty_postgres

        if db.is_postgres:
            _empty_postgres(db)
        db.dispose()
        for argv in (["db", "upgrade"], ["site", "add", "HQ", "Trung tâm"]):
            assert main(["--db", url, *argv]) == 0
        capsys.readouterr()
        status = main(["--db", url, "--site", "HQ", "service", "add", "X", "Thử",
                       "--prefix", "TOOLONGPREFIX"])
        _out, err = capsys.readouterr()
        assert status == 2
        assert err.count("\n") == 1 and "Tiền tố" in err
        assert "SQL" not in err and "INSERT" not in err


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """`layso … | head -1`: the reader goes away; layso exits quietly, status 0."""
    url = f"sqlite:///{tmp_path}/pipe.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    layso = [sys.executable, "-m", "shared.cli.main", "--db", url]
    subprocess.run([*layso, "db", "upgrade"], check=True, capture_output=True, env=env)
    subprocess.run([*layso, "catalog", "import", "assets/catalog/procedures.csv"], check=True,
                   capture_output=True, env=env)
    process = subprocess.Popen([*layso, "catalog", "search", "thu tuc", "--limit", "80"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `head -1`
    error = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 0, error
    assert "lỗi" not in error and "Traceback" not in error
