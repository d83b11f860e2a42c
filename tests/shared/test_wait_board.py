"""The current wait per service on the wall (shared/wait_board.py through shared/board.py and
shared/board_json.py): what the wall shows beside a service's waiting count is the estimate a
ticket of that service issued at that moment gets, on SQLite and PostgreSQL."""

from __future__ import annotations

from types import SimpleNamespace

from shared.board import BoardReader, apply_events
from shared.board_json import snapshot_json
from shared.clock import FixedClock
from shared.db.database import Database
from shared.queue import QueueService
from shared.wait_board import ServiceWait, service_wait, wait_text
from shared.wait_estimate import WaitEstimate
from tests.center_data import SITE


def _shown(reader: BoardReader) -> dict[str, ServiceWait]:
    return {figure.code: figure.wait for figure in reader.figures().services}


def test_the_wall_shows_the_wait_a_ticket_issued_now_gets(center: Database,
                                                          clock: FixedClock) -> None:
    """Counters 1 (HT, CT), 2 (CT), 3 (DD, HT). An hour of history (HT 6 min a call at
    counter 1, CT 3 min at counter 2, DD 12 min at counter 3), then 6 HT, 3 CT and 2 DD
    waiting and every counter serving. For each service in turn, the wall's figure is read,
    then a ticket of that service issued at the same moment: its printed estimate is the
    figure's. HT, with 6 ahead, is well above five minutes: "~N phút"."""
    queue = QueueService(center)
    reader = BoardReader(center, SITE, queue)
    for _ in range(5):  # the history: five rounds of one call per counter
        for counter, service in ((1, "HT"), (2, "CT"), (3, "DD")):
            queue.issue_ticket(SITE, service)
            queue.call_next(queue.find_counter(SITE, counter).id)
        clock.advance(minutes=3)
        queue.finish(queue.find_counter(SITE, 2).id, "guided")
        clock.advance(minutes=3)
        queue.finish(queue.find_counter(SITE, 1).id, "guided")
        clock.advance(minutes=6)
        queue.finish(queue.find_counter(SITE, 3).id, "guided")
    for service, count in (("HT", 7), ("CT", 4), ("DD", 3)):
        for _ in range(count):
            queue.issue_ticket(SITE, service)
    for counter in (1, 2, 3):
        queue.call_next(queue.find_counter(SITE, counter).id)
    clock.advance(minutes=1)
    for service in ("HT", "CT", "DD"):
        shown = _shown(reader)[service]
        issued = queue.issue_ticket(SITE, service)
        assert issued.estimated_wait_minutes is not None
        expected = service_wait(WaitEstimate(issued.estimated_wait_minutes, 0, 0))
        assert shown == expected, service
    assert _shown(reader)["HT"].kind == "minutes"
    assert _shown(reader)["HT"].minutes >= 10


def test_soon_when_a_counter_is_free_and_nothing_when_none_is_open(center: Database) -> None:
    """Nobody waiting and the counters free: a ticket taken now is called at once, "Sắp đến
    lượt". With counter 2, the only one for CT besides counter 1, and counter 1 closed, CT
    has no counter: nothing is shown for it (no "~0 phút")."""
    queue = QueueService(center)
    reader = BoardReader(center, SITE, queue)
    assert set(_shown(reader).values()) == {ServiceWait("soon")}
    for counter in (1, 2):
        queue.set_counter_status(queue.find_counter(SITE, counter).id, "closed")
    shown = _shown(reader)
    assert shown["CT"] == ServiceWait("none")
    assert shown["DD"] == ServiceWait("soon")  # counter 3 still open
    assert wait_text(shown["CT"], "vi") == ""
    assert wait_text(ServiceWait("soon"), "vi") == "Sắp đến lượt"
    assert wait_text(ServiceWait("minutes", 15), "vi") == "~15 phút"
    assert wait_text(ServiceWait("minutes", 15), "en") == "~15 min"


def test_the_browser_board_gets_the_same_texts_and_a_break_refreshes_them(
        center: Database, clock: FixedClock) -> None:
    """The JSON of the browser board carries each service's wait in both languages, as the
    Qt wall draws it; a counter going on break marks the figures stale (re-read, like the
    counts after a ticket event)."""
    queue = QueueService(center)
    reader = BoardReader(center, SITE, queue)
    for _ in range(8):
        queue.issue_ticket(SITE, "DD")
    queue.call_next(queue.find_counter(SITE, 3).id)
    snapshot = reader.snapshot()
    services = {s["code"]: s for s in snapshot_json(snapshot)["figures"]["services"]}
    dd = next(f for f in snapshot.figures.services if f.code == "DD")
    assert dd.wait.kind == "minutes"
    assert services["DD"]["wait"] == f"~{dd.wait.minutes} phút"
    assert services["DD"]["wait_en"] == f"~{dd.wait.minutes} min"
    assert services["CT"]["wait"] == "Sắp đến lượt"

    event = SimpleNamespace(kind="counter.status", site_id=snapshot.site_id, counter_id=None,
                            at=None, data={"number": 3, "status": "paused"})
    applied = apply_events(snapshot, [event], recent_limit=6, now=clock.moment)
    assert applied.figures_stale
