"""``layso counter services N --services … --today``: a counter's services for the rest of the
day from the command line, as on the live page; its usual list stays, and giving the usual
list drops the day's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared.counter_day import CounterDayServices
from shared.db.database import Database
from tests.shared.test_cli import run, setup_center


def test_services_for_today_and_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/center.db"
    setup_center(capsys, url)
    status, out, err = run(capsys, url, "counter", "services", "2", "--services", "HT,CT",
                           "--today", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert (data["services"], data["today"], data["usual"]) == (["HT", "CT"], ["HT", "CT"],
                                                                ["CT"])
    _, out, _ = run(capsys, url, "counter", "list", "--json")
    assert [c["services"] for c in json.loads(out)] == [["HT", "CT"], ["CT"]]  # the set-up
    db = Database(url)
    assert CounterDayServices(db).today("HQ") == {2: ("HT", "CT")}
    status, out, _ = run(capsys, url, "counter", "services", "2", "--services", "CT", "--today")
    assert status == 0 and "thường ngày CT" in out
    assert CounterDayServices(db).today("HQ") == {}
    db.dispose()
    status, _, err = run(capsys, url, "counter", "services", "2", "--services", "XX", "--today")
    assert status != 0 and "XX" in err and "Traceback" not in err
