"""Counter app: from the call-next keypress (F1) to the new number painted on screen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_counter.py \
        [--backends sqlite,postgresql] [--calls N] [--db URL]

For each backend: a fresh database (bench/common.py; PostgreSQL from LAYSO_BENCH_PG_URL, else
LAYSO_TEST_PG_URL, else the local server) filled with the demo center, or --db (empty or a
demo); people in the queue; log in at counter 2 and press F1 N times on the real window (its
change feed running); each call is timed until the number label's next paint. Between calls
the ticket is finished through the service (not timed). Prints one JSON line per backend with
p50 / p95 / p99 / max in milliseconds; the target is under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.common import bench_database, percentiles
from counter.app import CounterWindow
from counter.context import CounterContext
from shared.center import CenterService
from shared.config import Settings
from shared.db.database import Database
from shared.db.migrate import check_schema
from shared.demo import PASSWORD, build_demo
from shared.models import Outcome
from shared.ui.app import create_application

SITE, COUNTER, CLERK = "CS1", 2, "minh"


class PaintWatch(QObject):
    """Notes when the watched widget paints."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted = True
        return False


def measure(url: str, calls: int) -> dict[str, object]:
    """Time ``calls`` F1 presses on a counter window over the database at ``url``."""
    db = Database(url)
    check_schema(db)
    if not CenterService(db).sites():
        build_demo(db)
    ctx = CounterContext.create(db, Settings(site=SITE))
    for _ in range(calls + 5):
        ctx.queue.issue_ticket(SITE, "HT")
    window = CounterWindow(ctx, COUNTER, live=True)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    for _ in range(50):
        QApplication.processEvents()
    ctx.clerks.logout(SITE, COUNTER)
    clerk = ctx.clerks.login(CLERK, PASSWORD, SITE, COUNTER)
    window.enter_desk(clerk, COUNTER)
    state = ctx.queue.find_counter(SITE, COUNTER)
    if state.current is not None:
        ctx.queue.finish(state.id, Outcome.OTHER)
        window.reload()
    label = window.desk.serving.number_label
    watch = PaintWatch()
    label.installEventFilter(watch)
    timings: list[float] = []
    for _ in range(calls):
        QApplication.processEvents()
        before = label.text()
        watch.painted = False
        target = QApplication.focusWidget() or window
        start = time.perf_counter()
        QTest.keyClick(target, Qt.Key.Key_F1)
        while not (watch.painted and label.text() != before):
            QApplication.processEvents()
            if time.perf_counter() - start > 5:
                raise SystemExit("the number never appeared")
        timings.append((time.perf_counter() - start) * 1000)
        ctx.queue.finish(state.id, Outcome.GUIDED)
        window.reload()
    window.shutdown()
    window.close()
    result: dict[str, object] = {
        "benchmark": "counter_call_next_to_screen", "database": db.engine.dialect.name,
        "calls": len(timings), **percentiles(timings),
        "median_ms": round(statistics.median(timings), 1), "target_ms": 100}
    db.dispose()
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--db", default=None, help="one given database instead")
    parser.add_argument("--calls", type=int, default=100)
    args = parser.parse_args()
    create_application("counter", language="vi")
    if args.db:
        print(json.dumps(measure(args.db, args.calls)))
        return 0
    for backend in args.backends.split(","):
        with bench_database(backend.strip()) as url:
            print(json.dumps(measure(url, args.calls)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
