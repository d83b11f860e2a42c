"""Silent outages on PostgreSQL (issue 15): how fast the change feed says "lost", how fast it
is right again after the link comes back, and how long the GUI's event loop stalls while a
database call waits on a stalled link.

A TCP proxy on 127.0.0.1 (tests/tools/tcp_proxy.py) sits between this process and PostgreSQL
and stops forwarding without closing anything (no FIN, no RST). A kiosk connected directly
issues a ticket every 0.3 s throughout.

    .venv/bin/python -m bench.bench_outage [--outages 3] [--seconds 15] [--stall 3]

Prints JSON: per outage ``lost_after_s`` (pause to the feed's DatabaseUnavailable),
``resync_after_s`` (resume to every event made meanwhile read), ``missed`` and ``duplicates``;
then ``gui``: a query through the stalled link run with shared/ui/worker.py while a 10 ms
QTimer measures the event loop (``longest_stall_ms`` minus the GUI thread's run-queue wait,
``raw_longest_stall_ms`` without that correction).
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from bench.common import SITE, bench_database, build_center
from shared.changes import ChangeFeed
from shared.db.database import Database
from shared.errors import DatabaseUnavailable
from shared.events import EventKind
from shared.models import Event
from shared.queue import QueueService
from tests.tools.tcp_proxy import TcpProxy


def _issued(db: Database, after: int) -> list[int]:
    with db.reading() as session:
        return list(session.scalars(select(Event.id).where(
            Event.kind == EventKind.TICKET_ISSUED, Event.id > after).order_by(Event.id)))


def feed_outages(url: str, proxy: TcpProxy, outages: int, seconds: float) -> list[dict[str, Any]]:
    direct = Database(url)
    proxied = Database(make_url(url).set(port=proxy.port).render_as_string(hide_password=False))
    kiosk = QueueService(direct)
    stop = threading.Event()

    def issue() -> None:
        while not stop.wait(0.3):
            kiosk.issue_ticket(SITE, "HT")

    feed = ChangeFeed(proxied)
    start = feed.version()
    seen: list[int] = []
    lost_at: list[float] = []
    state = {"lost": False}

    def listen() -> None:
        while not stop.is_set():
            try:
                if feed.wait(0.2):
                    seen.extend(c.id for c in feed.changes_since(feed.position)
                                if c.kind == EventKind.TICKET_ISSUED)
                    state["lost"] = False
            except DatabaseUnavailable:
                if not state["lost"]:
                    state["lost"] = True
                    lost_at.append(time.monotonic())
                stop.wait(0.5)

    threads = [threading.Thread(target=issue, daemon=True),
               threading.Thread(target=listen, daemon=True)]
    for thread in threads:
        thread.start()
    results = []
    for _ in range(outages):
        time.sleep(2)
        paused = time.monotonic()
        proxy.pause()
        time.sleep(seconds)
        proxy.resume()
        resumed = time.monotonic()
        expected = set(_issued(direct, start))
        while not expected <= set(seen) and time.monotonic() - resumed < 60:
            time.sleep(0.05)
        synced = time.monotonic()
        lost = [at for at in lost_at if at >= paused]
        results.append({
            "outage_s": seconds,
            "lost_after_s": round(lost[0] - paused, 2) if lost else None,
            "resync_after_s": round(synced - resumed, 2),
            "missed": len(expected - set(seen)),
            "duplicates": len(seen) - len(set(seen)),
            "events_so_far": len(expected),
        })
    stop.set()
    for thread in threads:
        thread.join(5)
    feed.close()
    proxied.dispose()
    direct.dispose()
    return results


def gui_stall(url: str, proxy: TcpProxy, stall: float) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from shared.ui.worker import OffThread
    from tests.tools.stall_probe import StallProbe

    app = QApplication.instance() or QApplication([])
    proxied = Database(make_url(url).set(port=proxy.port).render_as_string(hide_password=False))
    with proxied.reading() as session:  # a pooled connection through the link
        session.execute(text("SELECT 1"))
    calls = OffThread()
    proxy.pause()
    threading.Timer(stall, proxy.resume).start()
    probe = StallProbe()
    started = time.monotonic()

    def query() -> int:
        with proxied.reading() as session:
            return int(session.execute(text("SELECT count(*) FROM tickets")).scalar_one())

    calls.run(query)
    took = time.monotonic() - started
    probe.stop()
    proxied.dispose()
    del app
    return {"stall_s": stall, "call_s": round(took, 2), "ticks": probe.ticks,
            "longest_stall_ms": probe.longest_ms, "raw_longest_stall_ms": probe.raw_longest_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outages", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--stall", type=float, default=3)
    args = parser.parse_args()
    with bench_database("postgresql") as url:
        build_center(url)
        parsed = make_url(url)
        proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432).start()
        try:
            outages = feed_outages(url, proxy, args.outages, args.seconds)
            gui = gui_stall(url, proxy, args.stall)
        finally:
            proxy.close()
    print(json.dumps({"feed": outages, "gui": gui}, indent=2))


if __name__ == "__main__":
    main()
