"""``layso dossier import`` through the real entry point, and the figures after an import: the
board, ``layso status``, the report, its JSON and the console's summary table give the same
numbers at the same moment, the no-due-date bucket included (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.board import BoardReader
from shared.cli.main import main
from shared.cli.report_cmd import report_json
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.dossier_figures import month_bounds_of
from shared.dossier_import import import_file, mapping_for
from shared.period_report import period_report
from shared.queue import QueueService
from shared.report_export.tables import summary
from shared.status import site_status
from tests.shared import dossier_center
from tests.shared.dossier_center import at, clock_of, seed_center
from tests.shared.test_dossier_import import FIRST, LATER, write_csv

center_db = dossier_center.center_db

OPENCPS_HEADERS = ["STT", "Mã hồ sơ", "Mã thủ tục", "Nội dung", "Chủ hồ sơ", "Ngày tiếp nhận",
                   "Ngày hẹn trả", "Ngày hoàn thành", "Ngày trả", "Trạng thái"]
EXTRA = '[values.status]\n"Đã trả kết quả" = "returned"\n'


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LAYSO_CONFIG", raising=False)
    monkeypatch.delenv("LAYSO_LANGUAGE", raising=False)
    database_url = f"sqlite:///{tmp_path / 'layso.db'}"
    db = Database(database_url)
    upgrade(db)
    seed_center(db)
    db.dispose()
    return database_url


def opencps_export(path: Path, status: str = "Đang xử lý") -> Path:
    """A file in the OpenCPS dynamic report's shape (the preset's headers), UTF-8 with BOM."""
    rows = [OPENCPS_HEADERS,
            ["1", "000.22.33.H48-261201-0007", "1.001193", "Đăng ký khai sinh", "Trần Bình",
             "01/12/2026 08:10:00", "01/12/2026 17:00:00", "", "", status],
            ["2", "000.22.33.H48-261201-0008", "1.004873", "Chứng thực bản sao", "Lê Cúc",
             "01/12/2026 09:00:00", "", "01/12/2026 10:00:00", "01/12/2026 10:30:00",
             "Đã trả kết quả"]]
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8-sig")
    return path


def test_the_command_prints_the_counts_and_a_reimport_changes_nothing(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "extra.toml"
    extra.write_text(EXTRA, encoding="utf-8")
    export = opencps_export(tmp_path / "ds.csv")
    argv = ["--db", url, "--site", "cs1", "dossier", "import", str(export), "--preset",
            "opencps", "--mapping", str(extra), "--json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out) == {"created": 2, "updated": 0, "unchanged": 0,
                                                   "errors": []}
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out) == {"created": 0, "updated": 0, "unchanged": 2,
                                                   "errors": []}


def test_the_command_reports_bad_rows_and_exits_1(url: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Without the extra mapping the preset does not know "Đã trả kết quả": line 3, nothing
    written (a later show finds nothing); in text, Vietnamese."""
    export = opencps_export(tmp_path / "ds.csv")
    assert main(["--db", url, "--site", "cs1", "dossier", "import", str(export),
                 "--preset", "opencps"]) == 1
    out = capsys.readouterr().out
    assert "Không nhập gì:" in out
    assert "Dòng 3: trạng thái “Đã trả kết quả” chưa có trong bảng ánh xạ" in out
    assert main(["--db", url, "--site", "cs1", "dossier", "show",
                 "000.22.33.H48-261201-0007"]) != 0
    assert "Không tìm thấy hồ sơ" in capsys.readouterr().err


def test_a_file_that_is_not_a_spreadsheet_gives_the_same_json_and_exit_1(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    picture = tmp_path / "ds.xlsx"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert main(["--db", url, "--site", "cs1", "dossier", "import", str(picture),
                 "--preset", "opencps", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["created"], data["updated"], data["unchanged"]) == (0, 0, 0)
    assert "không phải bảng tính" in data["errors"][0]


def test_board_status_report_and_console_agree_after_an_import(center_db: Database,
                                                                tmp_path: Path) -> None:
    """At one moment (Tue 18/03/2025 09:00, after both exports): the wall's figures, the
    status's, the March report's (object, JSON and the console's summary table) are equal,
    open-with-no-due-date included; the source is the province's import."""
    mapping = mapping_for(_mapping_file(tmp_path))
    clock = clock_of(center_db)
    clock.moment = at("2025-03-10 16:00")
    import_file(center_db, "cs1", write_csv(tmp_path / "a.csv", FIRST), mapping)
    clock.moment = at("2025-03-18 09:00")
    extra = [list(row) for row in LATER[:1]] + [
        ["4", "H48.99-250317-0004", "", "Xác nhận cư trú", "Công an", "Ngô Ý",
         "17/03/2025 08:00", "", "", "", "Trực tuyến", "Đang giải quyết"]]
    import_file(center_db, "cs1", write_csv(tmp_path / "b.csv", extra), mapping)

    wall = BoardReader(center_db, "cs1").figures().dossiers
    status = site_status(center_db, QueueService(center_db), "cs1")["dossier_figures"]
    start, end = month_bounds_of(clock.moment)
    report = period_report(center_db, "cs1", start, end)
    as_json = report_json(report)["dossiers"]
    table = {row[0]: row[1] for row in summary(report).rows}
    names = ("open_within_time", "open_overdue", "open_no_deadline", "finished_early",
             "finished_on_time", "finished_late", "on_time_rate")
    expected = {"open_within_time": 0, "open_overdue": 0, "open_no_deadline": 2,
                "finished_early": 1, "finished_on_time": 0, "finished_late": 1,
                "on_time_rate": 0.5}
    assert {name: getattr(wall, name) for name in names} == expected
    assert {name: status[name] for name in names} == expected
    assert {name: getattr(report.dossiers.total, name) for name in names} == expected
    assert {name: as_json[name] for name in names} == expected
    assert table["Đang giải quyết chưa có hạn"] == 2
    assert table["Đang giải quyết trong hạn"] == 0
    assert table["Tỷ lệ giải quyết đúng hạn và trước hạn"] == 0.5
    assert wall.source.kind == status["source"]["kind"] == report.source.kind == "import"
    assert status["source"]["updated_at"].startswith("2025-03-18T09:00")
    assert table["Nguồn số liệu hồ sơ"] == \
        "Hệ thống một cửa tỉnh (tệp nhập) · cập nhật lúc 09:00 18/03"
    assert as_json["source"]["stale"] is False


def test_an_old_import_is_marked_stale(center_db: Database, tmp_path: Path) -> None:
    """25 hours after the last import the figures' source is stale, on the wall and in the
    status."""
    mapping = mapping_for(_mapping_file(tmp_path))
    clock = clock_of(center_db)
    clock.moment = at("2025-03-10 16:00")
    import_file(center_db, "cs1", write_csv(tmp_path / "a.csv", FIRST), mapping)
    clock.moment = at("2025-03-11 16:59")
    assert not BoardReader(center_db, "cs1").figures().dossiers.source.stale
    clock.moment = at("2025-03-11 17:01")
    assert BoardReader(center_db, "cs1").figures().dossiers.source.stale
    status = site_status(center_db, QueueService(center_db), "cs1")
    assert status["dossier_figures"]["source"]["stale"] is True


def _mapping_file(tmp_path: Path) -> Path:
    from tests.shared.test_dossier_import import MAPPING_TOML

    path = tmp_path / "mapping.toml"
    path.write_text(MAPPING_TOML, encoding="utf-8")
    return path


def test_the_report_marks_a_stale_import(center_db: Database, tmp_path: Path) -> None:
    """The report's summary (the console's table, the workbook's sheet) says "SỐ LIỆU CŨ"
    after the source went stale, as the wall does."""
    mapping = mapping_for(_mapping_file(tmp_path))
    clock = clock_of(center_db)
    clock.moment = at("2025-03-10 16:00")
    import_file(center_db, "cs1", write_csv(tmp_path / "a.csv", FIRST), mapping)
    clock.moment = at("2025-03-12 09:00")
    start, end = month_bounds_of(clock.moment)
    table = {row[0]: row[1] for row in summary(period_report(center_db, "cs1", start, end)).rows}
    assert str(table["Nguồn số liệu hồ sơ"]).endswith("– SỐ LIỆU CŨ")


def test_one_stale_minutes_setting_for_the_status_the_report_and_the_wall(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``[province] stale_minutes = 60`` and an import two hours old: ``layso status``,
    ``layso report`` (this month) and a wall reader built with the setting all say stale;
    with the default (25 hours) none does."""
    from datetime import timedelta

    from shared.clock import local
    from shared.models import DossierImport

    extra = tmp_path / "extra.toml"
    extra.write_text(EXTRA, encoding="utf-8")
    export = opencps_export(tmp_path / "ds.csv")
    assert main(["--db", url, "--site", "cs1", "dossier", "import", str(export), "--preset",
                 "opencps", "--mapping", str(extra), "--json"]) == 0
    capsys.readouterr()
    db = Database(url)
    try:
        with db.transaction() as session:
            for row in session.query(DossierImport):
                row.imported_at = row.imported_at - timedelta(hours=2)
        with db.reading() as session:
            now = local(db.now(session))
        config = tmp_path / "layso.toml"
        config.write_text("[province]\nstale_minutes = 60\n", encoding="utf-8")
        for with_config, stale in ((True, True), (False, False)):
            base = ["--db", url, "--site", "cs1", "--json"]
            base += ["--config", str(config)] if with_config else []
            assert main([*base, "status"]) == 0
            status = json.loads(capsys.readouterr().out)
            assert status["dossier_figures"]["source"]["stale"] is stale
            assert main([*base, "report", f"{now:%Y-%m}"]) == 0
            report = json.loads(capsys.readouterr().out)
            assert report["dossiers"]["source"]["stale"] is stale, with_config
        assert BoardReader(db, "cs1", stale_minutes=60).figures().dossiers.source.stale
        assert not BoardReader(db, "cs1").figures().dossiers.source.stale
    finally:
        db.dispose()


@pytest.mark.parametrize(("name", "content", "said"), [
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
     "định dạng Excel cũ (.xls): hãy mở bằng Excel và lưu lại dạng .xlsx"),
    ("igate.xls", "<html><body><table><tr><th>Mã hồ sơ</th></tr></table>".encode(),
     "định dạng Excel cũ (.xls)"),
    ("empty.csv", b"", "rỗng: không có dòng nào để nhập"),
    ("blank.csv", b"\r\n  \r\n", "rỗng"),
])
def test_an_old_excel_file_and_an_empty_file_say_so(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
        content: bytes, said: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["--db", url, "--site", "cs1", "dossier", "import", str(path), "--preset",
                 "opencps", "--json"]) == 1
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert len(errors) == 1 and said in errors[0], errors


@pytest.mark.parametrize(("options", "said"), [
    (["--preset", "nope"], "Không có mẫu ánh xạ “nope”"),
    (["--mapping", "BAD"], "[columns] có cột không biết: foo"),
])
def test_a_bad_mapping_or_preset_is_json_with_json(
        url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str],
        said: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\ncode = "Mã hồ sơ"\nfoo = "X"\n', encoding="utf-8")
    options = [str(bad) if option == "BAD" else option for option in options]
    export = opencps_export(tmp_path / "ds.csv")
    assert main(["--db", url, "--site", "cs1", "dossier", "import", str(export), *options,
                 "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["created"] == 0 and said in data["errors"][0]
