"""shared/board_json.py: the board's snapshot as JSON for the browser board."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from shared.board import (
    CounterTile,
    DisplaySnapshot,
    DossierFigures,
    Figures,
    RecentCall,
    ServiceFigure,
)
from shared.board_json import counter_own_name, percent_text, snapshot_json
from shared.models import CounterStatus

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def test_the_json_holds_what_the_board_shows_in_plain_values() -> None:
    """Counters (number, state, ticket, service names), recent calls newest first, figures;
    times in local time; it survives json.dumps."""
    tiles = (CounterTile(11, 1, "Quầy 1", CounterStatus.OPEN, "A012", "HT", NOW),
             CounterTile(12, 2, "Ưu tiên", CounterStatus.PAUSED),
             CounterTile(13, 3, "Quầy 3", CounterStatus.CLOSED))
    figures = Figures((ServiceFigure("HT", "Hộ tịch", "Civil status", waiting=4, served=2),),
                      DossierFigures(open_within_time=5, open_overdue=1, on_time_rate=0.985))
    snapshot = DisplaySnapshot(1, "HQ", "Trung tâm", date(2026, 11, 23), tiles,
                               (RecentCall("A012", 1, NOW),), figures)
    data = json.loads(json.dumps(snapshot_json(snapshot)))
    first, second, third = data["counters"]
    assert (first["ticket"], first["service_name"], first["service_name_en"]) == (
        "A012", "Hộ tịch", "Civil status")
    assert first["called_at"] == "2026-11-23T09:00:00+07:00"
    assert (second["status"], second["name"]) == ("paused", "Ưu tiên")
    assert (third["status"], third["name"]) == ("closed", "")
    assert data["recent"] == [{"ticket": "A012", "counter": 1, "recall": False,
                               "at": "2026-11-23T09:00:00+07:00"}]
    assert data["last_call_at"] == "2026-11-23T09:00:00+07:00"
    assert data["figures"]["waiting"] == 4 and data["figures"]["served"] == 2
    assert data["figures"]["dossiers"]["open_overdue"] == 1
    assert data["month"] == 11


def test_a_counters_own_name_only_when_it_says_more_than_its_number() -> None:
    """"Quầy 3" / "Counter 3" / "3" are not shown again under "QUẦY 3"."""
    for name in ("Quầy 3", "quầy  3", "Counter 3", "3", ""):
        assert counter_own_name(CounterTile(1, 3, name, CounterStatus.OPEN)) == ""
    assert counter_own_name(CounterTile(1, 3, "Trả kết quả", CounterStatus.OPEN)) == (
        "Trả kết quả")


def test_the_on_time_rate_is_written_as_each_language_writes_it() -> None:
    assert percent_text(0.985, "vi") == "98,5 %"
    assert percent_text(0.985, "en") == "98.5 %"
    assert percent_text(None, "vi") == "—"
