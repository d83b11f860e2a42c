"""`layso ticket hold|take-back|call-again|requeue`: the desk's cases, scriptable, --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.shared.test_cli import run, setup_center


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/cli.db"


def _ticket(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> dict[str, object]:
    status, out, err = run(capsys, url, "--site", "HQ", "ticket", *argv, "--json")
    assert status == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_hold_take_back_no_show_call_again_and_requeue(capsys: pytest.CaptureFixture[str],
                                                       url: str) -> None:
    setup_center(capsys, url)
    for _ in range(2):
        _ticket(capsys, url, "issue", "--service", "HT")
    _ticket(capsys, url, "call-next", "--counter", "1")
    assert _ticket(capsys, url, "hold", "--counter", "1")["status"] == "on_hold"
    assert _ticket(capsys, url, "call-next", "--counter", "1")["number"] == "A002"
    status, _out, err = run(capsys, url, "--site", "HQ", "ticket", "take-back", "A001",
                            "--counter", "1")
    assert status != 0 and "đang phục vụ số A002" in err
    _ticket(capsys, url, "no-show", "--counter", "1")
    back = _ticket(capsys, url, "call-again", "A002", "--counter", "1")
    assert (back["number"], back["status"], back["counter"]) == ("A002", "serving", 1)
    _ticket(capsys, url, "no-show", "--counter", "1")
    assert _ticket(capsys, url, "requeue", "A002")["status"] == "waiting"
    taken = _ticket(capsys, url, "take-back", "A001", "--counter", "1")
    assert (taken["number"], taken["status"]) == ("A001", "serving")
