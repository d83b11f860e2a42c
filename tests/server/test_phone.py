"""The citizen's phone page ``/t/<token>`` through the app (TestClient), on SQLite and
PostgreSQL: what it shows in each state, an unknown token, a ticket of a past day, the live
stream, and its weight."""

from __future__ import annotations

import json
import queue
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from shared.clock import FixedClock
from shared.db.database import Database
from shared.queue import QueueService
from shared.views import TicketView
from tests.center_data import SITE

#: Longest a stream may take to bring a change (seconds); the watch re-reads within ~2 s.
STREAM_TIMEOUT = 8.0


def issue(db: Database, service: str = "HT") -> TicketView:
    return QueueService(db).issue_ticket(SITE, service)


def counter_id(db: Database, number: int) -> int:
    return QueueService(db).find_counter(SITE, number).id


def page_text(html: str) -> str:
    """The visible words of a page (tags and script dropped, spaces squeezed)."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


class Stream:
    """The server-sent events of one stream, read in a thread: ``next_state()`` waits."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._thread = threading.Thread(target=self._read, args=(lines,), daemon=True)
        self._thread.start()

    def _read(self, lines: Iterator[str]) -> None:
        name, data = "message", ""
        try:
            for line in lines:
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data = line[5:].strip()
                elif not line and data:
                    self.events.put((name, json.loads(data)))
                    name, data = "message", ""
        except Exception:  # the stream was closed by the test
            pass
        self.events.put(("end", None))

    def next_state(self, timeout: float = STREAM_TIMEOUT) -> dict[str, Any]:
        while True:
            name, data = self.events.get(timeout=timeout)
            if name == "state":
                assert isinstance(data, dict)
                return data
            if name == "end":
                raise AssertionError("the stream ended")

    def state_where(self, check: Any, timeout: float = STREAM_TIMEOUT) -> dict[str, Any]:
        """The first state for which ``check(state)`` holds."""
        while True:
            state = self.next_state(timeout)
            if check(state):
                return state


@contextmanager
def stream(client: Any, token: str) -> Iterator[Stream]:
    with client.stream("GET", f"/t/{token}/events") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        yield Stream(response.iter_lines())


def test_waiting_page_shows_number_service_people_ahead_and_wait(
        client: Any, center: Database) -> None:
    """A waiting ticket's page, drawn on the server: the number, the service, the people ahead
    and the estimated wait, in Vietnamese; private (no cache, no referrer, not indexed)."""
    issue(center)
    ticket = issue(center)
    response = client.get(f"/t/{ticket.public_token}")
    assert response.status_code == 200
    words = page_text(response.text)
    assert "A002" in words and "Hộ tịch" in words
    assert "Đang chờ đến lượt" in words
    assert "Số người chờ trước 1 người" in words
    data = client.get(f"/t/{ticket.public_token}.json").json()
    assert data["people_ahead"] == 1 and data["estimated_wait_minutes"] is not None
    assert data["text"]["wait"] in ("Sắp đến lượt", f"khoảng {data['estimated_wait_low']}-"
                                    f"{data['estimated_wait_high']} phút")
    assert f"Thời gian chờ dự kiến {data['text']['wait']}" in words
    assert 'class="phone s-waiting"' in response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "noindex" in response.headers["x-robots-tag"]


def test_called_page_fills_with_moi_den_quay_and_shows_no_clerk(
        client: Any, center: Database) -> None:
    """Called at counter 1: "Mời đến Quầy 1" (English "Please go to counter 1", remembered
    in a cookie); the page names no clerk and carries nothing personal."""
    ticket = issue(center)
    QueueService(center).call_next(counter_id(center, 1))
    response = client.get(f"/t/{ticket.public_token}")
    words = page_text(response.text)
    assert "Mời đến Quầy 1" in words and "s-serving" in response.text
    assert "Nguyễn Thị Lan" not in words and "lan" not in words.split()
    english = client.get(f"/t/{ticket.public_token}?lang=en")
    assert "Please go to counter 1" in page_text(english.text)
    assert english.cookies.get("lang") == "en"
    assert "Please go to counter 1" in page_text(client.get(f"/t/{ticket.public_token}").text)


@pytest.mark.parametrize(("end", "words"), [
    ("finish", "Đã phục vụ xong"),
    ("no_show", "Số đã bị bỏ qua"),
])
def test_ended_ticket_says_how_it_ended(client: Any, center: Database, end: str,
                                        words: str) -> None:
    """Finished: "Đã phục vụ xong"; not there when called: "Số đã bị bỏ qua"."""
    ticket = issue(center)
    service = QueueService(center)
    counter = counter_id(center, 1)
    service.call_next(counter)
    if end == "finish":
        service.finish(counter, "guided")
    else:
        service.no_show(counter)
    page = client.get(f"/t/{ticket.public_token}")
    assert page.status_code == 200
    assert words in page_text(page.text)
    data = client.get(f"/t/{ticket.public_token}.json").json()
    assert data["status"] == ("finished" if end == "finish" else "no_show")
    assert data["called"] is False


def test_unknown_token_is_a_friendly_404_in_vietnamese(client: Any, center: Database) -> None:
    """A token nobody was given (or a mangled one) gets a 404 page in Vietnamese saying to
    scan the ticket again; its stream is a plain 404 (the browser stops retrying)."""
    issue(center)
    for token in ("AAAAAAAAAAAAAAAAAAAAAA", "1", "not a token"):
        response = client.get(f"/t/{token}", headers={"accept": "text/html"})
        assert response.status_code == 404
        assert "Không tìm thấy phiếu này" in page_text(response.text)
        assert "quét lại mã QR" in response.text
    assert client.get("/t/AAAAAAAAAAAAAAAAAAAAAA/events").status_code == 404
    assert client.get("/t/AAAAAAAAAAAAAAAAAAAAAA.json").status_code == 404


def test_ticket_of_a_past_day_has_expired_and_shows_nothing(
        client: Any, center: Database, clock: FixedClock) -> None:
    """The next day the page says "Phiếu này đã hết hạn" and shows nothing of the ticket (no
    number, no service), nor does its JSON or its stream (which then ends)."""
    ticket = issue(center)
    assert client.get(f"/t/{ticket.public_token}").status_code == 200
    clock.advance(days=1)
    response = client.get(f"/t/{ticket.public_token}")
    assert response.status_code == 410
    words = page_text(response.text)
    assert "Phiếu này đã hết hạn" in words
    assert "A001" not in response.text and "Hộ tịch" not in response.text
    data = client.get(f"/t/{ticket.public_token}.json").json()
    assert data["status"] == "expired" and "number" not in data and "service" not in data
    with stream(client, ticket.public_token) as events:
        assert events.next_state()["status"] == "expired"
        assert events.events.get(timeout=STREAM_TIMEOUT)[0] == "end"


def test_stream_brings_the_call_the_recall_and_the_end(client: Any, center: Database) -> None:
    """The stream starts with the current state, then brings each change as a full state:
    called at counter 1 (``called``, ``call_count`` 1), recalled (``call_count`` 2, so the page
    alerts again), finished."""
    ticket = issue(center)
    service = QueueService(center)
    counter = counter_id(center, 1)
    with stream(client, ticket.public_token) as events:
        first = events.next_state()
        assert first["status"] == "waiting" and first["number"] == "A001"
        service.call_next(counter)
        called = events.state_where(lambda s: s["status"] == "serving")
        assert called["called"] is True and called["counter"] == 1
        assert called["call_count"] == 1
        assert called["text"]["call"] == "Mời đến Quầy 1"
        service.recall(counter)
        again = events.state_where(lambda s: s["call_count"] == 2)
        assert again["called"] is True and "gọi lại" in again["text"]["call_detail"]
        service.finish(counter, "guided")
        assert events.state_where(lambda s: s["status"] != "serving")["status"] == "finished"


def test_stream_of_a_waiting_ticket_follows_the_people_ahead(
        client: Any, center: Database) -> None:
    """Someone ahead is called: the waiting ticket's stream says one person fewer ahead (read
    by the server's one watch, not per phone)."""
    issue(center)
    ticket = issue(center)
    with stream(client, ticket.public_token) as events:
        assert events.next_state()["people_ahead"] == 1
        QueueService(center).call_next(counter_id(center, 1))
        state = events.state_where(lambda s: s["people_ahead"] == 0)
        assert state["status"] == "waiting" and state["text"]["wait"] == "Sắp đến lượt"


def test_many_phones_of_one_ticket_share_one_watch(client: Any, center: Database) -> None:
    """Three phones on the same ticket: one watch for it, and all three get the call."""
    ticket = issue(center)
    with stream(client, ticket.public_token) as one, \
            stream(client, ticket.public_token) as two, \
            stream(client, ticket.public_token) as three:
        for events in (one, two, three):
            events.next_state()
        watch = client.app.state.phone_watch
        assert len(watch.watches) == 1
        assert len(watch.watches[ticket.id].streams) == 3
        QueueService(center).call_next(counter_id(center, 1))
        for events in (one, two, three):
            assert events.state_where(lambda s: s["called"])["counter"] == 1


def test_page_weighs_under_50_kb(client: Any, center: Database) -> None:
    """HTML, CSS and script of the page (the bundled font aside) weigh under 50 KB."""
    ticket = issue(center)
    html = client.get(f"/t/{ticket.public_token}").text
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert "/static/phone/phone.js" in assets and "/static/phone/phone.css" in assets
    total = len(html.encode())
    for path in assets:
        response = client.get(path)
        assert response.status_code == 200
        total += len(response.content)
    assert total < 50_000, total


def test_the_wait_reads_as_a_range_from_five_minutes_and_soon_below() -> None:
    """The phone page says the wait as the ticket does: "khoảng 18-33 phút" (English "about
    18-33 min") from five minutes up, "Sắp đến lượt" below (issue 16)."""
    from datetime import date

    from server.phone.view import PhoneState, wait_text

    state = PhoneState(1, "A007", "Hộ tịch", "Civil status", "waiting", date(2026, 11, 23),
                       people_ahead=4, estimated_wait_minutes=25, estimated_wait_low=18,
                       estimated_wait_high=33)
    assert wait_text(state, "vi") == "khoảng 18-33 phút"
    assert wait_text(state, "en") == "about 18-33 min"
    soon = PhoneState(1, "A007", "Hộ tịch", "Civil status", "waiting", date(2026, 11, 23),
                      people_ahead=1, estimated_wait_minutes=3, estimated_wait_low=0,
                      estimated_wait_high=8)
    assert wait_text(soon, "vi") == "Sắp đến lượt"
