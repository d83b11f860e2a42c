"""Smaller faults found by fault injection (issue 15 item 9): a number format that would make a
huge string is refused at once, and a 10 MB CSV line is one clear line, not a traceback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from shared.catalog_csv import parse_catalog_bytes
from shared.dossier_import.reader import read_table
from shared.errors import CatalogError, InvalidOperation
from shared.paths import CATALOG_DIR
from shared.ticket_numbers import check_number_format

HUGE = 10_000_000


@pytest.mark.parametrize("number_format", [
    "{prefix}{n:0999999999d}", "{n:>100000}", "{n:.999999999f}", "{n:{prefix}}",
    "{prefix}" + "x" * 100 + "{n}",
])
def test_a_number_format_that_would_make_a_huge_string_is_refused_at_once(
        number_format: str) -> None:
    started = time.monotonic()
    with pytest.raises(InvalidOperation) as error:
        check_number_format(number_format, "99999999" if "{prefix}}" in number_format else "A")
    assert time.monotonic() - started < 0.5
    assert "quá dài" in error.value.message


def test_an_ordinary_number_format_still_passes() -> None:
    assert "A012" in check_number_format("{prefix}{n:03d}", "A")


def _catalog_with_a_huge_line() -> bytes:
    header = (CATALOG_DIR / "procedures.csv").read_bytes().split(b"\n", 1)[0]
    return header + b"\n1.999999,Th\xe1\xbb\xa7 t\xe1\xbb\xa5c,H\xe1\xbb\x99 t\xe1\xbb\x8bch,5," \
        + b"x" * HUGE + b",,,,,,,,,\n"


def test_a_10_mb_catalog_line_is_one_clear_problem() -> None:
    with pytest.raises(CatalogError) as error:
        parse_catalog_bytes(_catalog_with_a_huge_line())
    assert error.value.problems == [
        "Dòng 2: một ô dài hơn 131.072 ký tự (tệp hỏng hoặc không phải bảng CSV)"]


def test_a_10_mb_dossier_import_line_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "ho-so.csv"
    path.write_text("Mã hồ sơ,Họ tên\nH48-0001," + "x" * HUGE + "\n", encoding="utf-8")
    with pytest.raises(InvalidOperation) as error:
        read_table(path, "Mã hồ sơ")
    assert "dòng 2: một ô quá dài" in error.value.message


def test_the_cli_gives_one_line_for_a_10_mb_catalog_line(tmp_path: Path) -> None:
    from shared.db.database import Database
    from shared.db.migrate import upgrade

    db = Database(f"sqlite:///{tmp_path}/layso.db")
    upgrade(db)
    db.dispose()
    path = tmp_path / "danh-muc.csv"
    path.write_bytes(_catalog_with_a_huge_line())
    result = subprocess.run(
        [str(Path(sys.executable).parent / "layso"), "catalog", "import", str(path)],
        capture_output=True, text=True, timeout=120,
        env={"LAYSO_DATABASE_URL": f"sqlite:///{tmp_path}/layso.db", "PATH": "/usr/bin",
             "HOME": str(tmp_path)})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "Dòng 2: một ô dài hơn 131.072 ký tự" in result.stderr
