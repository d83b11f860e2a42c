"""`layso service|counter|clerk` set-up changes through the real entry point
(shared/cli/center_cmd.py, shared/cli/center_edit_cmd.py): JSON out, one-line errors, and an
event per change naming the OS user."""

from __future__ import annotations

import getpass
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from shared.cli.main import main
from shared.db.database import Database
from shared.models import Event
from tests.shared.test_cli import run, setup_center


@pytest.fixture
def url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A SQLite file with site HQ, services HT (A) and CT (B), counters 1 (HT,CT), 2 (CT)."""
    url = f"sqlite:///{tmp_path}/center.db"
    setup_center(capsys, url)
    return url


def _json(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> Any:
    status, out, err = run(capsys, url, *argv)
    assert status == 0, err
    return json.loads(out)


def _changes(url: str) -> list[dict[str, Any]]:
    db = Database(url)
    try:
        with db.reading() as session:
            return [event.data for event in session.scalars(
                select(Event).where(Event.kind == "config.changed").order_by(Event.id))]
    finally:
        db.dispose()


@pytest.mark.parametrize("argv", [
    ["service", "add", "Y", "Y", "--prefix", "Y", "--format", "{prefix}12"],
    ["service", "add", "Y", "Y", "--prefix", "B"],
    ["service", "add", "Y", "Y", "--prefix", "Y", "--start", "-5"],
    ["service", "set", "CT", "--prefix", "A"],
    ["service", "set", "CT"],
    ["service", "set", "CT", "--cap", "many"],
    ["counter", "services", "2", "--services", "HT,XX"],
    ["counter", "set", "1", "--active", "no"],
    ["counter", "set", "1", "--active", "maybe"],
    ["clerk", "set", "nobody", "--role", "admin"],
], ids=" ".join)
def test_bad_changes_fail_with_one_line_and_write_nothing(
        capsys: pytest.CaptureFixture[str], url: str, argv: list[str]) -> None:
    """The same number issued twice ({prefix}12, a prefix of another service), a start below
    0, nothing to change, a bad value, an unknown service or clerk, a counter in use:
    exit 2, one line, no traceback, and services, counters and events unchanged."""
    main(["--db", url, "ticket", "issue", "--service", "HT"])  # counter 1 then serves it
    main(["--db", url, "ticket", "call-next", "--counter", "1"])
    capsys.readouterr()
    before = (_json(capsys, url, "service", "list", "--all", "--json"),
              _json(capsys, url, "counter", "list", "--json"), _changes(url))
    try:
        status, out, err = run(capsys, url, *argv)
    except SystemExit as usage:  # argparse: a bad value of an option
        status, out, err = int(usage.code or 0), *capsys.readouterr()
    assert status == 2 and out == "" and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert (_json(capsys, url, "service", "list", "--all", "--json"),
            _json(capsys, url, "counter", "list", "--json"), _changes(url)) == before


def test_the_gap_command_is_refused_in_english_too(capsys: pytest.CaptureFixture[str],
                                                   url: str) -> None:
    """`service add Y Y --prefix B --format "{prefix}12"` with --language en: one English line."""
    status, _, err = run(capsys, url, "--language", "en", "service", "add", "Y", "Y",
                         "--prefix", "B", "--format", "{prefix}12")
    assert status == 2
    assert err.startswith("layso: The number format '{prefix}12' prints 'B12' for both")


def test_service_set_and_fields_and_list_all(capsys: pytest.CaptureFixture[str],
                                             url: str) -> None:
    """`service set` changes name, prefix, format, cap and active; `service fields` replaces
    the fields; `service list --all --json` shows the inactive one; each is an event with the
    OS user."""
    data = _json(capsys, url, "service", "set", "CT", "--name", "Chứng thực bản sao",
                 "--prefix", "C", "--format", "{prefix}{n:04d}", "--cap", "50", "--json")
    assert (data["name"], data["prefix"], data["number_format"], data["daily_cap"]) == (
        "Chứng thực bản sao", "C", "{prefix}{n:04d}", 50)
    assert _json(capsys, url, "ticket", "issue", "--service", "CT", "--json")["number"] == "C0001"
    data = _json(capsys, url, "service", "fields", "CT", "--fields", "Chứng thực,Hộ tịch",
                 "--json")
    assert data["fields"] == ["Chứng thực", "Hộ tịch"]
    assert _json(capsys, url, "service", "set", "CT", "--cap", "none", "--active", "no",
                 "--json")["active"] is False
    assert [s["code"] for s in _json(capsys, url, "service", "list", "--json")] == ["HT"]
    listed = _json(capsys, url, "service", "list", "--all", "--json")
    assert [(s["code"], s["active"], s["daily_cap"]) for s in listed] == [
        ("HT", True, None), ("CT", False, None)]
    changes = [c for c in _changes(url) if c["change"].startswith("service.")
               and c["service"] == "CT"]
    assert [c["change"] for c in changes] == ["service.added", "service.changed",
                                              "service.fields", "service.changed"]
    assert {c["by"] for c in changes[1:]} == {getpass.getuser()}


def test_counter_services_set_and_clerk_set(capsys: pytest.CaptureFixture[str],
                                            url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`counter services N --services` sets services and order; `counter set` renames and
    takes a counter out of use; `clerk set` changes role and deactivates; all with --json
    (or the global --json) and an event each."""
    assert _json(capsys, url, "counter", "services", "1", "--services", "CT,HT",
                 "--json")["services"] == ["CT", "HT"]
    assert _json(capsys, url, "--json", "counter", "set", "2", "--name",
                 "Quầy trả kết quả")["name"] == "Quầy trả kết quả"
    assert _json(capsys, url, "counter", "set", "2", "--active", "no", "--json")["active"] is False
    assert [c["number"] for c in _json(capsys, url, "counter", "list", "--json")] == [1]
    monkeypatch.setattr("sys.stdin", io.StringIO("matkhau1\n"))
    status, _, err = run(capsys, url, "clerk", "add", "lan", "Lan", "--password-stdin")
    assert status == 0, err
    data = _json(capsys, url, "clerk", "set", "lan", "--role", "supervisor", "--active", "no",
                 "--json")
    assert (data["role"], data["active"]) == ("supervisor", False)
    status, out, _ = run(capsys, url, "clerk", "set", "lan", "--active", "yes")
    assert status == 0 and "Cán bộ lan" in out
    kinds = [c["change"] for c in _changes(url)]
    assert kinds[-6:] == ["counter.services", "counter.changed", "counter.changed",
                          "clerk.added", "clerk.changed", "clerk.changed"]


def test_clerk_add_names_the_os_user(capsys: pytest.CaptureFixture[str], url: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`clerk add` writes its clerk.added change naming the OS user who ran it (as every
    other set-up command does), and no secret."""
    monkeypatch.setattr("sys.stdin", io.StringIO("matkhau1\n"))
    status, _, err = run(capsys, url, "clerk", "add", "tuan", "Tuấn", "--password-stdin")
    assert status == 0, err
    added = [c for c in _changes(url) if c["change"] == "clerk.added"]
    assert [(c["username"], c["by"]) for c in added] == [("tuan", getpass.getuser())]
    assert "matkhau1" not in str(added)
