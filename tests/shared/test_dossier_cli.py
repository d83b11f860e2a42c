"""Tests for shared/cli/dossier_cmd.py: ``layso dossier …`` through the real `layso` entry point
on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.cli.main import main
from shared.db.database import Database
from shared.db.migrate import upgrade
from tests.shared.dossier_center import AGENCY, THREE_DAYS, seed_center


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated SQLite file with the small test center; Vietnamese output, no user config."""
    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LAYSO_CONFIG", raising=False)
    monkeypatch.delenv("LAYSO_LANGUAGE", raising=False)
    database_url = f"sqlite:///{tmp_path / 'layso.db'}"
    db = Database(database_url)
    upgrade(db)
    seed_center(db)
    db.dispose()
    return database_url


def layso(url: str, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["--db", url, "--site", "cs1", "dossier", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_due_date_json_has_an_iso_time_with_the_vietnam_offset(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Tue 17:30 + 3 working days → Fri 17:00, printed as ISO 8601 with +07:00."""
    status, out, _ = layso(url, capsys, "due-date", "--procedure", THREE_DAYS,
                           "--received", "2025-03-11 17:30", "--json")
    assert status == 0
    assert json.loads(out)["due_at"] == "2025-03-14T17:00:00+07:00"


def test_due_date_text_uses_the_slip_format(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json the due date reads "hh giờ mm phút, ngày dd/mm/yyyy" as on form 01."""
    _, out, _ = layso(url, capsys, "due-date", "--procedure", THREE_DAYS,
                      "--received", "2025-03-10 09:00")
    assert out.strip() == "09 giờ 00 phút, ngày 13/03/2025"


def test_receive_then_follow_the_dossier_to_the_returned_result(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """receive --json gives the code; show, resolve, list and return work on it."""
    status, out, _ = layso(url, capsys, "receive", "--procedure", THREE_DAYS,
                           "--name", "Nguyễn Văn An", "--phone", "0912345678",
                           "--document", "Hợp đồng", "--document", "CCCD",
                           "--received", "2025-03-10 09:00", "--json")
    assert status == 0
    received = json.loads(out)
    code = received["code"]
    assert code == f"{AGENCY}-250310-0001"
    assert received["due_at"] == "2025-03-13T09:00:00+07:00"
    _, shown, _ = layso(url, capsys, "show", code)
    assert "Người nộp: Nguyễn Văn An" in shown and "Giấy tờ: Hợp đồng; CCCD" in shown
    _, listed, _ = layso(url, capsys, "list", "--query", "nguyen van an")
    assert code in listed
    _, resolved, _ = layso(url, capsys, "resolve", code)
    assert "[Đã có kết quả, mời nhận]" in resolved
    assert layso(url, capsys, "return", code)[0] == 0
    assert layso(url, capsys, "list", "--json")[1].strip() == "[]"


def test_errors_are_one_vietnamese_line_without_a_traceback(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown dossier, or a refusal without a valid step, exits 2 with a clear message."""
    status, _, err = layso(url, capsys, "resolve", "KHONG-CO")
    assert status == 2 and "Không tìm thấy hồ sơ" in err and "Traceback" not in err
    status, _, err = layso(url, capsys, "due-date", "--procedure", THREE_DAYS,
                           "--received", "hôm qua")
    assert status == 2 and "Thời điểm không hợp lệ" in err


def test_report_json_counts_received_and_open(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """report --json gives the buckets in total and per channel."""
    layso(url, capsys, "receive", "--procedure", THREE_DAYS, "--name", "Trần Bình",
          "--channel", "online", "--received", "2025-03-10 09:00")
    status, out, _ = layso(url, capsys, "report", "--from", "2025-03-10", "--to", "2025-03-16",
                           "--as-of", "2025-03-14 17:00", "--json")
    report = json.loads(out)
    assert status == 0
    assert report["total"]["received"] == 1 and report["total"]["open_overdue"] == 1
    assert report["by_channel"]["online"]["received"] == 1
    _, text, _ = layso(url, capsys, "report", "--from", "2025-03-10", "--to", "2025-03-16",
                       "--as-of", "2025-03-14 17:00")
    assert "Đang giải quyết quá hạn: 1" in text
