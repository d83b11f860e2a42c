"""Tests for shared/cli/catalog_cmd.py: ``layso catalog`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.cli.main import main
from shared.paths import CATALOG_DIR


def _run(database: Path, *argv: str) -> int:
    """Run the real ``layso`` entry point on the SQLite file ``database``."""
    return main(["--db", f"sqlite:///{database}", *argv])


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A SQLite file holding the bundled catalog (Vietnamese output, no user config)."""
    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LAYSO_CONFIG", raising=False)
    monkeypatch.delenv("LAYSO_LANGUAGE", raising=False)
    path = tmp_path / "layso.db"
    assert _run(path, "db", "upgrade") == 0
    assert _run(path, "catalog", "import", str(CATALOG_DIR / "procedures.csv")) == 0
    return path


def test_import_reports_counts(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Re-importing the same file says every procedure is unchanged, in Vietnamese."""
    capsys.readouterr()
    assert _run(database, "catalog", "import", str(CATALOG_DIR / "procedures.csv")) == 0
    assert capsys.readouterr().out.strip() == (
        "Đã nhập 80 thủ tục: 0 mới, 0 cập nhật, 80 không đổi.")


def test_import_of_a_bad_file_lists_problems_and_fails(
        database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad file exits with code 2 and prints each problem with its line, no traceback."""
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,field,time_limit,time_unit\n1.001193,,Hộ tịch,x,days\n", "utf-8")
    capsys.readouterr()
    assert _run(database, "catalog", "import", str(bad)) == 2
    err = capsys.readouterr().err
    assert "chưa nhập thủ tục nào" in err
    assert "Dòng 2: thiếu tên thủ tục" in err and "Dòng 2: thời hạn 'x'" in err


def test_search_json_lists_code_and_name_best_first(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``search QUERY --json`` prints a JSON list of objects with code and name, best first."""
    capsys.readouterr()
    assert _run(database, "catalog", "search", "dang ky khai sinh", "--json") == 0
    results = json.loads(capsys.readouterr().out)
    assert results[0] == {"code": "1.001193", "name": "Thủ tục đăng ký khai sinh",
                          "field": "Hộ tịch"}


def test_show_prints_the_procedure_and_unknown_limits_as_to_be_confirmed(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``show`` prints labelled fields; a missing time limit reads "Chưa xác định"."""
    capsys.readouterr()
    assert _run(database, "catalog", "show", "1.001193") == 0
    out = capsys.readouterr().out
    assert "Tên: Thủ tục đăng ký khai sinh" in out
    assert "Thời hạn: 0 ngày làm việc (trong ngày)" in out
    assert _run(database, "catalog", "show", "2.000986") == 0
    assert "Thời hạn: Chưa xác định" in capsys.readouterr().out


def test_show_prints_the_legal_basis_and_search_takes_the_citizens_words(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The certified copy's legal basis is listed after its fields; "sao y" finds it."""
    capsys.readouterr()
    assert _run(database, "catalog", "show", "2.000815") == 0
    out = capsys.readouterr().out
    assert "Căn cứ pháp lý:\n  1. Nghị định 23/2015/NĐ-CP" in out
    assert _run(database, "catalog", "search", "sao y", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["code"] == "2.000815"


def test_show_of_an_unknown_code_fails_cleanly(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown code exits with code 2 and a Vietnamese message."""
    assert _run(database, "catalog", "show", "9.999999") == 2
    assert "Không có thủ tục mã 9.999999" in capsys.readouterr().err


def test_fields_json_counts_procedures(database: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """``fields --json`` lists every field with its count; the counts add up to 80."""
    capsys.readouterr()
    assert _run(database, "catalog", "fields", "--json") == 0
    fields = json.loads(capsys.readouterr().out)
    assert {"field": "Hộ tịch", "count": 19} in fields
    assert sum(item["count"] for item in fields) == 80


def test_english_output_with_the_global_language_option(
        database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--language en`` gives English labels, and an unknown limit reads "To be confirmed"."""
    capsys.readouterr()
    assert _run(database, "--language", "en", "catalog", "show", "2.000986") == 0
    out = capsys.readouterr().out
    assert "Name: Liên thông thủ tục hành chính về đăng ký khai sinh" in out
    assert "Time limit: To be confirmed" in out
    assert _run(database, "--language", "en", "catalog", "show", "2.000815") == 0
    assert "Legal basis:\n  1. Nghị định 23/2015/NĐ-CP" in capsys.readouterr().out


@pytest.mark.parametrize("json_option", [["catalog", "import", "FILE", "--json"],
                                         ["--json", "catalog", "import", "FILE"]])
def test_import_json_gives_the_counts(database: Path, tmp_path: Path, json_option: list[str],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """``import --json`` (or the global --json) prints added, updated, unchanged and total."""
    extra = tmp_path / "one.csv"
    extra.write_text("code,name,field,time_limit,time_unit\n"
                     "1.001193,Thủ tục đăng ký khai sinh,Hộ tịch,0,working_days\n"
                     "1.999999,Thủ tục mới,Hộ tịch,,\n", "utf-8")
    capsys.readouterr()
    argv = [str(extra) if item == "FILE" else item for item in json_option]
    assert _run(database, *argv) == 0
    assert json.loads(capsys.readouterr().out) == {"added": 1, "updated": 0, "unchanged": 1,
                                                   "total": 2}


def test_a_missing_file_is_one_line(database: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A catalog file that does not exist: one line naming it, exit 2, in English with
    --language en."""
    capsys.readouterr()
    missing = tmp_path / "nowhere.csv"
    assert _run(database, "catalog", "import", str(missing)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"Không tìm thấy tệp danh mục {missing}" in err
    assert _run(database, "--language", "en", "catalog", "import", str(missing)) == 2
    err = capsys.readouterr().err
    assert err == f"layso: Catalog file not found: {missing}.\n"


def test_import_into_a_missing_database_creates_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``catalog import`` on a database that does not exist asks for ``db upgrade`` and makes
    neither the file nor its folder."""
    path = tmp_path / "new" / "layso.db"
    assert _run(path, "catalog", "import", str(CATALOG_DIR / "procedures.csv")) == 2
    assert "layso db upgrade" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()
