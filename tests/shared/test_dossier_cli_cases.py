"""``layso dossier`` for the desk's cases (issue 13): a time limit at receipt when the catalog
has none, a new due date with its reason (form 04), the site-wide search."""

from __future__ import annotations

import json

import pytest

from tests.shared.dossier_center import THREE_DAYS, UNKNOWN
from tests.shared.test_dossier_cli import layso, url

__all__ = ["url"]


def test_receive_with_a_time_limit_then_reschedule_and_search(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--time-limit 5 on a procedure with none (received Mon 11/03/2030, ahead of the real
    clock a new due date is checked against): due 5 working days on; reschedule moves it and
    keeps the first; search finds it by the name without accents."""
    status, out, _ = layso(url, capsys, "receive", "--procedure", UNKNOWN, "--name",
                           "Phạm Thị Dung", "--phone", "0903 123 456", "--time-limit", "5",
                           "--received", "2030-03-11 09:00", "--json")
    assert status == 0
    dossier = json.loads(out)
    assert dossier["due_at"] == "2030-03-18T09:00:00+07:00"
    assert dossier["time_limit_text"] == "5 ngày làm việc"
    status, out, _ = layso(url, capsys, "reschedule", dossier["code"], "--due",
                           "2030-03-28 16:00", "--reason", "Chờ xác minh", "--json")
    assert status == 0
    moved = json.loads(out)
    assert moved["due_at"] == "2030-03-28T16:00:00+07:00"
    assert moved["first_due_at"] == "2030-03-18T09:00:00+07:00"
    status, out, _ = layso(url, capsys, "search", "pham thi dung", "--json")
    assert status == 0 and [d["code"] for d in json.loads(out)] == [dossier["code"]]


def test_unknown_only_when_asked_and_a_bad_limit_is_one_clear_line(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--time-limit unknown: no due date, "chưa xác định"; "5x" is refused in one line."""
    _, out, _ = layso(url, capsys, "receive", "--procedure", UNKNOWN, "--name", "An",
                      "--time-limit", "unknown", "--json")
    assert json.loads(out)["time_limit_text"] == "chưa xác định"
    status, _, err = layso(url, capsys, "receive", "--procedure", THREE_DAYS, "--name", "An",
                           "--time-limit", "5x")
    assert status != 0 and "Thời hạn không hợp lệ" in err and len(err.strip().splitlines()) == 1
