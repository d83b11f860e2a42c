"""``layso dossier due-date`` counts the working sessions of the site's hours set in the console
(``[calendar] sessions`` of the file until then), like the counters."""

from __future__ import annotations

import json
from datetime import time

import pytest

from shared.center_hours import CenterHours
from shared.center_settings import CenterSettingsService
from shared.db.database import Database
from tests.shared.dossier_center import THREE_DAYS
from tests.shared.test_dossier_cli import layso, url

__all__ = ["url"]  # the fixture, used by name


def test_due_dates_follow_the_centers_weekday_sessions(
        url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Tue 17:30 + 3 working days is Fri 17:00 by the file; with sessions ending at 16:30 it
    is Fri 16:30."""
    _, out, _ = layso(url, capsys, "due-date", "--procedure", THREE_DAYS,
                      "--received", "2025-03-11 17:30", "--json")
    assert json.loads(out)["due_at"] == "2025-03-14T17:00:00+07:00"
    db = Database(url)
    CenterSettingsService(db).set("cs1", hours=CenterHours(
        ((time(7, 30), time(11, 30)), (time(13, 0), time(16, 30)))))
    db.dispose()
    _, out, _ = layso(url, capsys, "due-date", "--procedure", THREE_DAYS,
                      "--received", "2025-03-11 17:30", "--json")
    assert json.loads(out)["due_at"] == "2025-03-14T16:30:00+07:00"
