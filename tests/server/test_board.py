"""The wall board in a browser, through the test client: server/board/ on SQLite and
PostgreSQL (the page, its zone, its event stream and its sounds)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest

from server.board.zone import ZoneError, parse_zone
from shared.clock import FixedClock
from shared.config import load_settings
from shared.db.database import Database
from shared.models import CounterStatus
from shared.queue import QueueService
from tests.center_data import SITE

Event = tuple[str, dict[str, Any], str]


def _counter_id(db: Database, number: int) -> int:
    return next(c.id for c in QueueService(db).counters(SITE) if c.number == number)


def _events(response: Any) -> Iterator[Event]:
    """The stream's events as (name, data, id)."""
    name, data, ident = "message", "", ""
    for line in response.iter_lines():
        if not line:
            if data:
                yield name, json.loads(data), ident
            name, data = "message", ""
            continue
        field, _, value = line.partition(": ")
        if field == "event":
            name = value
        elif field == "data":
            data = value
        elif field == "id":
            ident = value


def _until(events: Iterator[Event], wanted: Callable[[Event], bool]) -> Event:
    for event in events:
        if wanted(event):
            return event
    raise AssertionError("the stream ended")


def test_the_page_shows_each_counters_number_and_the_figures(client: Any, center: Database
                                                            ) -> None:
    """Every counter with the number it serves (or its state), the recent calls, the waiting
    counts per service and the dossier figures, in Vietnamese, with the script and styles."""
    queue = QueueService(center)
    for _ in range(3):
        queue.issue_ticket(SITE, "HT")
    queue.call_next(_counter_id(center, 1))
    queue.set_counter_status(_counter_id(center, 3), CounterStatus.CLOSED)
    response = client.get("/board/HQ")
    assert response.status_code == 200
    html = response.text
    for text in ("QUẦY 1", "QUẦY 2", "QUẦY 3", "A001", "Hộ tịch", "ĐÓNG QUẦY", "VỪA GỌI",
                 "ĐANG CHỜ", "HỒ SƠ", "Đang giải quyết trong hạn", "Tỷ lệ đúng hạn",
                 "/static/board/board.js", "MẤT KẾT NỐI"):
        assert text in html, text
    # the count, and before it the wait a ticket taken now would get (shared.wait_board)
    assert re.search(r'<div class="row yellow detail"><dt>Hộ tịch</dt>'
                     r'<dd class="wait">~\d+ phút</dd><dd>2</dd></div>', html)
    assert "chờ dự kiến" in html
    assert client.get("/static/board/board.js").status_code == 200
    assert client.get("/static/board/board.css").status_code == 200
    english = client.get("/board/HQ?lang=en").text
    assert "Civil status" in english and "CONNECTION LOST" in english


def test_a_zone_shows_only_its_counters(client: Any, center: Database) -> None:
    """?counters=1-2 shows counters 1 and 2, and its stream carries only theirs."""
    html = client.get("/board/HQ?counters=1-2").text
    assert "QUẦY 1" in html and "QUẦY 2" in html and "QUẦY 3" not in html
    assert "/board/HQ/events?counters=1-2" in html
    with client.stream("GET", "/board/HQ/events?counters=3") as response:
        _name, data, _id = next(_events(response))
    assert [c["number"] for c in data["board"]["counters"]] == [3]


def test_a_zones_figures_count_only_the_services_its_counters_serve(client: Any,
                                                                    center: Database) -> None:
    """Counter 2 serves only CT: its zone's waiting list and totals are CT's, not the whole
    site's; counters 1-2 (HT, CT) count both; no zone counts every service."""
    queue = QueueService(center)
    for service in ("HT", "HT", "CT", "DD"):
        queue.issue_ticket(SITE, service)

    def figures(zone: str) -> dict[str, Any]:
        with client.stream("GET", f"/board/HQ/events{zone}") as response:
            _name, data, _id = next(_events(response))
        result: dict[str, Any] = data["board"]["figures"]
        return result

    only_ct = figures("?counters=2")
    assert [(f["code"], f["waiting"]) for f in only_ct["services"]] == [("CT", 1)]
    assert only_ct["waiting"] == 1
    assert {f["code"] for f in figures("?counters=1-2")["services"]} == {"HT", "CT"}
    assert figures("?counters=1-2")["waiting"] == 3
    assert figures("")["waiting"] == 4
    html = client.get("/board/HQ?counters=2").text
    assert "<dt>Đất đai</dt>" not in html and "<dt>Chứng thực</dt>" in html


def test_a_bad_zone_is_a_clear_page_in_vietnamese(client: Any) -> None:
    """A spec that cannot be read, or naming no counter of the site, is a 422 page saying how
    to write it; an unknown site is a 404."""
    response = client.get("/board/HQ?counters=1-x")
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]
    assert "không hợp lệ" in response.text and "1-6,9" in response.text
    response = client.get("/board/HQ?counters=50-60")
    assert response.status_code == 422 and "không có quầy nào" in response.text
    assert client.get("/board/NOPE").status_code == 404
    assert client.get("/board/HQ/events?counters=6-1").status_code == 422


def test_zone_specs() -> None:
    """Numbers and ranges separated by commas; the canonical form merges them."""
    assert parse_zone("1-6,9").numbers == frozenset({1, 2, 3, 4, 5, 6, 9})
    assert parse_zone(" 3 , 1-2 ").spec == "1-3"
    assert parse_zone("").numbers is None and parse_zone(None).includes(42)
    for bad in ("0", "a", "3-1", "1,,2", "1-2-3", "1000"):
        with pytest.raises(ZoneError):
            parse_zone(bad)


def test_the_stream_sends_the_board_then_a_call_with_its_audio(client: Any, center: Database
                                                               ) -> None:
    """On connecting: the board; after QueueService.call_next: the board with the new number,
    then the call to announce, with the address of its WAV (chime + speech)."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "CT")
    with client.stream("GET", "/board/HQ/events") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = _events(response)
        name, data, _id = next(events)
        assert name == "board" and not data["board"]["stale"] and data["voice"]["on"]
        assert data["board"]["figures"]["waiting"] == 1
        queue.call_next(_counter_id(center, 2))
        board = _until(events, lambda e: e[0] == "board" and any(
            c["ticket"] == "B001" for c in e[1]["board"]["counters"]))
        tile = next(c for c in board[1]["board"]["counters"] if c["number"] == 2)
        assert tile["service_name"] == "Chứng thực"
        name, call, ident = _until(events, lambda e: e[0] == "call")
    assert (call["ticket"], call["counter"], call["recall"]) == ("B001", 2, False)
    assert call["audio"] == "/board/HQ/audio/call/2/B001.wav"
    assert datetime.fromisoformat(ident) == datetime.fromisoformat(call["at"])
    audio = client.get(call["audio"])
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/wav"
    assert audio.content[:4] == b"RIFF" and len(audio.content) > 20_000
    chime = client.get("/board/HQ/audio/chime.wav")
    assert chime.status_code == 200 and chime.content[:4] == b"RIFF"
    # with calls waiting the page asks for the short call ("bê một, quầy hai"), no chime
    short = client.get(call["audio"] + "?short=1&waiting=5")
    assert short.status_code == 200 and short.content[:4] == b"RIFF"
    assert len(short.content) < (len(audio.content) - len(chime.content)) / 2
    assert client.get("/board/HQ/audio/call/3/B001.wav").status_code == 404  # never called


def test_a_reconnecting_page_gets_the_calls_made_meanwhile_once(
        client: Any, center: Database, clock: FixedClock) -> None:
    """A page back with the id of the last event it got is given the calls made since, and
    only those."""
    queue = QueueService(center)
    for _ in range(3):
        queue.issue_ticket(SITE, "HT")
    queue.call_next(_counter_id(center, 1))
    with client.stream("GET", "/board/HQ/events") as response:
        _name, _data, mark = next(_events(response))
    clock.advance(seconds=30)
    queue.call_next(_counter_id(center, 3))
    with client.stream("GET", "/board/HQ/events", headers={"Last-Event-ID": mark}) as response:
        events = _events(response)
        assert next(events)[0] == "board"
        _name, call, _id = _until(events, lambda e: e[0] == "call")
        assert (call["ticket"], call["counter"]) == ("A002", 3)
        # nothing else to announce: the next events are boards and pings, no second call
        queue.issue_ticket(SITE, "DD")
        assert _until(events, lambda e: e[0] != "board" or e[1]["board"]["figures"][
            "waiting"] == 2)[0] == "board"


@pytest.fixture
def silent_client(center: Database) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from server.app import create_app

    settings = load_settings(environ={}, overrides={"database_url": center.url,
                                                    "voice.engine": "none"})
    with TestClient(create_app(settings, center)) as test_client:
        yield test_client


def test_with_the_voice_turned_off_there_is_no_audio(silent_client: Any, center: Database
                                                     ) -> None:
    """[voice] engine = "none": the page says so, calls carry no audio, the audio is 404."""
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    html = silent_client.get("/board/HQ").text
    assert "Không có âm thanh: Giọng đọc đã tắt" in html
    with silent_client.stream("GET", "/board/HQ/events") as response:
        events = _events(response)
        assert next(events)[1]["voice"]["on"] is False
        queue.call_next(_counter_id(center, 1))
        _name, call, _id = _until(events, lambda e: e[0] == "call")
    assert call["audio"] is None
    assert silent_client.get("/board/HQ/audio/call/1/A001.wav").status_code == 404
    assert silent_client.get("/board/HQ/audio/chime.wav").status_code == 404


def test_a_lost_database_makes_the_board_stale_until_it_is_back(client: Any, center: Database
                                                                 ) -> None:
    """The hub's "lost" batch: the stream's next board says stale (the page's banner); after
    "restored" the board is read again and says fresh."""
    from server.hub import Batch

    hub = client.app.state.layso.hub
    with client.stream("GET", "/board/HQ/events") as response:
        events = _events(response)
        assert next(events)[1]["board"]["stale"] is False
        client.portal.call(_deliver, hub, Batch("lost"))
        _until(events, lambda e: e[0] == "board" and e[1]["board"]["stale"])
        client.portal.call(_deliver, hub, Batch("restored"))
        _until(events, lambda e: e[0] == "board" and not e[1]["board"]["stale"])


async def _deliver(hub: Any, batch: Any) -> None:
    hub._deliver(batch)  # as the feed thread hands a batch to the event loop


def test_the_ticker_set_in_the_console_reaches_the_open_board(client: Any, center: Database
                                                              ) -> None:
    """The board's lines start as the server's file's; once the center sets its own
    (config.changed), the open stream's next board carries them, and a new page too."""
    from shared.center_settings import CenterSettingsService

    with client.stream("GET", "/board/HQ/events") as response:
        events = _events(response)
        name, data, _id = next(events)
        default = client.app.state.layso.settings.display.announcements
        assert name == "board" and data["board"]["announcements"] == list(default)
        CenterSettingsService(center, actor="admin").set(
            SITE, announcements=["Trung tâm làm việc cả sáng thứ Bảy."])
        _until(events, lambda e: e[0] == "board" and e[1]["board"]["announcements"] == [
            "Trung tâm làm việc cả sáng thứ Bảy."])
    assert "Trung tâm làm việc cả sáng thứ Bảy." in client.get("/board/HQ").text


def _stale_province_figures(db: Database, site: str = SITE) -> None:
    """OpenCPS figures fetched two days ago whose last fetch failed: a stale source."""
    from datetime import timedelta

    from shared.lookups import get_site
    from shared.models import ProvinceFigures

    with db.transaction() as session:
        now = db.now(session)
        session.add(ProvinceFigures(
            site_id=get_site(session, site).id, source="opencps", url="http://127.0.0.1:9",
            figures={"undue": 5, "overdue": 1, "betimes": 2, "ontime": 3, "overtime": 0,
                     "interval_minutes": 15},
            fetched_at=now - timedelta(days=2), attempted_at=now,
            error="không kết nối được máy chủ thống kê"))


def test_a_stale_source_is_marked_on_its_line_without_the_lost_connection_overlay(
        client: Any, center: Database) -> None:
    """The source line of a stale source has its own class (``source-old``), never the
    generic ``stale`` of the "MẤT KẾT NỐI" overlay (a fixed layer over the whole board)."""
    _stale_province_figures(center)
    html = client.get("/board/HQ").text
    line = re.search(r'<p class="([^"]*)" id="figures-source">([^<]*)</p>', html)
    assert line is not None
    assert line.group(1).split() == ["source", "source-old"]
    assert "SỐ LIỆU CŨ" in line.group(2)
    css = client.get("/static/board/board.css").text
    assert ".figures .source.source-old" in css and ".source.stale" not in css
    js = client.get("/static/board/board.js").text
    assert '" source-old"' in js and '"source" + (stale ? " stale"' not in js
