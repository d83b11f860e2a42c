"""A center's calendar changes change due dates; `layso calendar` manages them."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from shared.calendar_days import CalendarService
from shared.cli.main import main
from shared.db.database import Database
from shared.dossiers import DossierService
from shared.models import CalendarDayKind
from tests.conftest import LOCAL


def test_a_day_off_moves_a_due_date(center: Database) -> None:
    """A same-day procedure filed on Tuesday after 15:00 is due Wednesday; with Wednesday
    declared a day off, it is due Thursday."""
    from shared.catalog import CatalogService
    from shared.paths import CATALOG_DIR

    CatalogService(center).import_csv(CATALOG_DIR / "procedures.csv")
    dossiers = DossierService(center)
    filed = datetime(2026, 11, 17, 16, 0, tzinfo=LOCAL)
    assert dossiers.due_date("1.001193", filed) == datetime(2026, 11, 18, 17, 0, tzinfo=LOCAL)
    CalendarService(center).set_day(date(2026, 11, 18), CalendarDayKind.DAY_OFF, "Bão")
    assert dossiers.due_date("1.001193", filed) == datetime(2026, 11, 19, 17, 0, tzinfo=LOCAL)
    CalendarService(center).remove_day(date(2026, 11, 18))
    assert dossiers.due_date("1.001193", filed) == datetime(2026, 11, 18, 17, 0, tzinfo=LOCAL)


def test_calendar_cli_lists_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """day-off / working-day are listed by year; check tells a make-up Saturday works."""
    url = f"sqlite:///{tmp_path}/c.db"
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert main(["--db", url, "calendar", "day-off", "2026-12-31", "--note", "Nghỉ"]) == 0
    assert main(["--db", url, "calendar", "working-day", "2026-12-26"]) == 0
    capsys.readouterr()
    assert main(["--db", url, "calendar", "list", "--year", "2026", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(row["day"], row["kind"]) for row in rows] == [("2026-12-26", "working_day"),
                                                           ("2026-12-31", "day_off")]
    assert main(["--db", url, "calendar", "check", "2026-12-26", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["working_day"] is True
    assert main(["--db", url, "calendar", "check", "2026-09-02", "--json"]) == 0
    check = json.loads(capsys.readouterr().out)
    assert check["working_day"] is False and check["reason"]


def test_calendar_cli_rejects_a_bad_date(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A date that is not YYYY-MM-DD: a usage error of one line."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", f"sqlite:///{tmp_path}/c.db", "calendar", "day-off", "31/12/2026"])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
