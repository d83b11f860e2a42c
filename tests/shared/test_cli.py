"""The `layso` command: every operation scriptable, --json output, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shared.cli.main import main


def run(capsys: pytest.CaptureFixture[str], db_url: str, *argv: str) -> tuple[int, str, str]:
    status = main(["--db", db_url, *argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/cli.db"


def setup_center(capsys: pytest.CaptureFixture[str], url: str) -> None:
    for argv in (["db", "upgrade"],
                 ["site", "add", "HQ", "Trung tâm", "--agency-code", "000.00.53.H48"],
                 ["service", "add", "HT", "Hộ tịch", "--prefix", "A", "--field", "Hộ tịch"],
                 ["service", "add", "CT", "Chứng thực", "--prefix", "B"],
                 ["counter", "add", "1", "--services", "HT,CT"],
                 ["counter", "add", "2", "--services", "CT"]):
        status, _out, err = run(capsys, url, *argv)
        assert status == 0, err


def test_service_and_counter_lists_in_json(capsys: pytest.CaptureFixture[str], url: str) -> None:
    """`service list --json` gives code and name; `counter list --json` number, name, services."""
    setup_center(capsys, url)
    _, out, _ = run(capsys, url, "service", "list", "--json")
    assert [(s["code"], s["name"]) for s in json.loads(out)] == [("HT", "Hộ tịch"),
                                                                  ("CT", "Chứng thực")]
    _, out, _ = run(capsys, url, "counter", "list", "--json")
    counters = json.loads(out)
    assert [(c["number"], c["services"]) for c in counters] == [(1, ["HT", "CT"]), (2, ["CT"])]
    assert all(c["name"] for c in counters)


def test_ticket_issue_call_finish_round_trip(capsys: pytest.CaptureFixture[str], url: str) -> None:
    """issue → call-next → finish; call-next on an empty queue prints null."""
    setup_center(capsys, url)
    _, out, _ = run(capsys, url, "ticket", "issue", "--service", "CT", "--json")
    ticket = json.loads(out)
    assert {"id", "number", "service", "status", "people_ahead",
            "estimated_wait_minutes"} <= ticket.keys()
    assert ticket["number"] == "B001" and ticket["status"] == "waiting"
    _, out, _ = run(capsys, url, "ticket", "call-next", "--counter", "2", "--json")
    assert json.loads(out)["id"] == ticket["id"]
    status, _, _ = run(capsys, url, "ticket", "finish", "--counter", "2", "--outcome", "guided")
    assert status == 0
    _, out, _ = run(capsys, url, "ticket", "call-next", "--counter", "2", "--json")
    assert json.loads(out) is None


def test_priority_ticket_and_status(capsys: pytest.CaptureFixture[str], url: str) -> None:
    """A priority ticket is called first; status shows it at its counter and the waiting count."""
    setup_center(capsys, url)
    run(capsys, url, "ticket", "issue", "--service", "HT")
    _, out, _ = run(capsys, url, "ticket", "issue", "--service", "HT", "--priority", "elderly",
                    "--json")
    elder = json.loads(out)
    _, out, _ = run(capsys, url, "ticket", "call-next", "--counter", "1", "--json")
    assert json.loads(out)["number"] == elder["number"]
    _, out, _ = run(capsys, url, "status", "--json")
    status = json.loads(out)
    assert status["counters"][0]["current"] == elder["number"]
    assert status["waiting"]["HT"] == 1
    assert "open_overdue" in status["dossiers_today"]


def test_recall_no_show_and_transfer(capsys: pytest.CaptureFixture[str], url: str) -> None:
    """recall counts a second call; transfer keeps the number; no-show ends it."""
    setup_center(capsys, url)
    run(capsys, url, "ticket", "issue", "--service", "HT")
    run(capsys, url, "ticket", "call-next", "--counter", "1")
    _, out, _ = run(capsys, url, "ticket", "recall", "--counter", "1", "--json")
    assert json.loads(out)["status"] == "serving"
    _, out, _ = run(capsys, url, "ticket", "transfer", "--counter", "1", "--to-service", "CT",
                    "--json")
    assert json.loads(out)["number"] == "A001" and json.loads(out)["service"] == "CT"
    _, out, _ = run(capsys, url, "ticket", "call-next", "--counter", "2", "--json")
    assert json.loads(out)["number"] == "A001"
    _, out, _ = run(capsys, url, "ticket", "no-show", "--counter", "2", "--json")
    assert json.loads(out)["status"] == "no_show"


@pytest.mark.parametrize("argv", [
    ["ticket", "issue", "--service", "XX"],
    ["ticket", "finish", "--counter", "1", "--outcome", "guided"],
    ["counter", "add", "1", "--services", "HT"],
    ["service", "add", "Z", "Zeta", "--format", "{prefix}"],
    ["ticket", "call-next", "--counter", "9"],
])
def test_bad_operations_fail_with_one_line_and_write_nothing(
        capsys: pytest.CaptureFixture[str], url: str, argv: list[str]) -> None:
    """An unknown service, finishing with nothing served, a duplicate counter, a bad number
    format, an unknown counter: exit status 2, one line on stderr, no traceback."""
    setup_center(capsys, url)
    _, before, _ = run(capsys, url, "status", "--json")
    status, out, err = run(capsys, url, *argv)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    _, after, _ = run(capsys, url, "status", "--json")
    assert json.loads(after) == json.loads(before)


def test_unreachable_database_gives_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A PostgreSQL server that does not answer: a Vietnamese line, exit status 2."""
    status = main(["--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "status"])
    err = capsys.readouterr().err
    assert status == 2 and "Không kết nối được cơ sở dữ liệu" in err
    assert len(err.strip().splitlines()) == 1


def test_config_value_of_the_wrong_type_is_named(capsys: pytest.CaptureFixture[str], url: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """LAYSO_COUNTER=abc: the message names the setting and what it expected."""
    monkeypatch.setenv("LAYSO_COUNTER", "abc")
    status, _, err = run(capsys, url, "status")
    assert status == 2 and "'counter'" in err and "số nguyên" in err


def test_usage_error_is_one_line(capsys: pytest.CaptureFixture[str], url: str) -> None:
    """A missing required option: exit status 2 and one line."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", url, "ticket", "call-next"])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_layso_console_script_runs(tmp_path: Path) -> None:
    """The installed `layso` entry point answers in a fresh process."""
    url = f"sqlite:///{tmp_path}/x.db"
    result = subprocess.run([sys.executable, "-m", "shared.cli.main", "--db", url, "db",
                             "upgrade", "--json"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["after"]


def test_ticket_expire_reports_how_many_it_cancelled(capsys: pytest.CaptureFixture[str],
                                                      url: str) -> None:
    """`ticket expire --json`: today's waiting tickets are not of a past day: none cancelled,
    and the ticket is still waiting."""
    setup_center(capsys, url)
    run(capsys, url, "--site", "HQ", "ticket", "issue", "--service", "HT")
    status, out, err = run(capsys, url, "--site", "HQ", "ticket", "expire", "--json")
    assert status == 0, err
    assert json.loads(out) == {"cancelled": 0}
    _, out, _ = run(capsys, url, "--site", "HQ", "ticket", "show", "A001", "--json")
    assert json.loads(out)["status"] == "waiting"


def test_a_bad_calendar_setting_stops_every_command_before_it_writes(
        capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """[calendar] sessions = ["07:00-11:30", "bad"]: `ticket issue` writes no ticket and
    `dossier due-date` fails alike, both naming the key, what it expects and what it got."""
    setup_center(capsys, url)
    config = tmp_path / "layso.toml"
    config.write_text('[calendar]\nsessions = ["07:00-11:30", "bad"]\n', encoding="utf-8")
    monkeypatch.setenv("LAYSO_CONFIG", str(config))
    for argv in (["ticket", "issue", "--service", "HT"],
                 ["dossier", "due-date", "--procedure", "1.001193", "--received",
                  "2026-11-23 09:00"]):
        status, out, err = run(capsys, url, *argv)
        assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
        assert "'calendar.sessions'" in err and "07:00-11:30" in err and "'bad'" in err
    monkeypatch.delenv("LAYSO_CONFIG")
    _, out, _ = run(capsys, url, "status", "--json")
    assert json.loads(out)["waiting"].get("HT", 0) == 0


def test_ticket_lines_and_errors_speak_the_configured_language(
        capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path) -> None:
    """A ticket's line of text says its status in the command's language, and an error is in
    English when the config file (--config) says ``language = "en"``, not only with
    --language."""
    setup_center(capsys, url)
    status, out, _ = run(capsys, url, "ticket", "issue", "--service", "CT")
    assert status == 0 and out.startswith("B001 (Chứng thực) — đang chờ, 0 người phía trước")
    config = tmp_path / "en.toml"
    config.write_text('language = "en"\n', encoding="utf-8")
    status, out, _ = run(capsys, url, "--config", str(config), "ticket", "issue", "--service",
                         "CT")
    assert status == 0 and out.startswith("B002 (Chứng thực) — waiting, 1 ahead, ")
    status, _, err = run(capsys, url, "--config", str(config), "ticket", "issue",
                         "--service", "XX")
    assert status == 2 and "No service" in err and "Không" not in err
    status, out, _ = run(capsys, url, "ticket", "call-next", "--counter", "2")
    assert status == 0 and out.startswith("B001 (Chứng thực) — đang phục vụ, quầy 2")
