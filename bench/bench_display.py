"""Wall display benchmarks; prints JSON figures.

1. Latency: from a clerk's commit (``QueueService.call_next`` in a SECOND process) to the new
   number painted on the wall (a tile's paintEvent on the live board, fed by the change feed),
   on SQLite and on PostgreSQL. Target: p95 < 150 ms (SQLite), < 50 ms (PostgreSQL).
2. Memory: the board's resident memory and count of Python objects through 10,000 calls (real feed
   changes applied by ``_on_changes``, figures re-read per wake-up).
3. Memory, live: the same with the live change bridge (its worker thread, the Qt signals) and
   an announcer (real espeak-ng synthesis, the bounded disk cache, the worker thread) on a
   sink that counts what it is given, through 10,000 calls or as many as fit in
   ``--live-seconds`` (300 s by default); the JSON says how many were made.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.bench_display [--calls 200]
        [--memory-calls 10000] [--live-memory-calls 10000] [--live-seconds 300]
        [--backend sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LAYSO_DATA_DIR", tempfile.mkdtemp(prefix="layso-bench-display-"))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from shared.center import CenterService
from shared.changes import ChangeFeed
from shared.config import Settings
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.models import Outcome
from shared.queue import QueueService
from shared.voice import Announcer, VoiceSettings
from shared.voice.sink import AVAILABLE, VoiceStatus
from shared.voice.synth import EspeakSynthesizer

SITE = "HQ"
COUNTERS = 10


def build(db: Database, counters: int = COUNTERS) -> None:
    center = CenterService(db)
    center.add_site(SITE, "Trung tâm Phục vụ hành chính công (benchmark)")
    center.add_service(SITE, "HT", "Hộ tịch", prefix="A", number_format="{prefix}{n:05d}")
    for number in range(1, counters + 1):
        center.add_counter(SITE, number, f"Quầy {number}", ["HT"])


def clerk_process(url: str, calls: int, interval: float) -> None:
    """The second process: call numbers one by one, print "<number> <commit time>"."""
    db = Database(url)
    queue = QueueService(db)
    ids = [state.id for state in queue.counters(SITE)]
    for index in range(calls):
        counter = ids[index % len(ids)]
        if queue.counter(counter).current is not None:
            queue.finish(counter, Outcome.GUIDED)
        queue.issue_ticket(SITE, "HT")
        time.sleep(interval / 2)
        called = queue.call_next(counter)
        committed = time.time()
        if called is not None:
            print(called.ticket.number, committed, flush=True)
        time.sleep(interval / 2)
    db.dispose()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def latency(app: QApplication, url: str, calls: int, interval: float) -> dict[str, object]:
    from display.app import DisplayWindow

    db = Database(url)
    board = DisplayWindow(db, Settings(site=SITE), SITE)
    board.resize(1920, 1080)
    board.show()
    painted: dict[str, float] = {}

    def on_painted(number: str) -> None:
        painted.setdefault(number, time.time())

    board.on_number_painted = on_painted
    committed: dict[str, float] = {}
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_display", "--child", url, str(calls),
         str(interval)], stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            number, moment = line.split()
            committed[number] = float(moment)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + calls * interval * 3 + 30
    while time.monotonic() < deadline:
        app.processEvents()
        if child.poll() is not None and not reader.is_alive() and \
                all(number in painted for number in committed):
            break
        time.sleep(0.001)
    child.wait()
    board.shutdown()
    board.deleteLater()
    app.processEvents()
    db.dispose()
    delays = [(painted[n] - committed[n]) * 1000 for n in committed if n in painted]
    missed = len(committed) - len(delays)
    return {
        "calls": len(committed), "missed": missed,
        "p50_ms": round(statistics.median(delays), 1),
        "p95_ms": round(percentile(delays, 0.95), 1),
        "max_ms": round(max(delays), 1),
    }


def _delete(app: QApplication, board: QWidget) -> None:
    """Delete the board on the GUI thread now, so no garbage collection started by a worker
    thread (the feed's, the announcer's) ever destroys its Qt objects there."""
    board.deleteLater()
    app.processEvents()
    gc.collect()


def rss_kb() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def memory(app: QApplication, url: str, calls: int) -> dict[str, object]:
    """10,000 calls through the core, their feed changes applied one wake-up per round."""
    from display.app import DisplayWindow

    db = Database(url)
    board = DisplayWindow(db, Settings(site=SITE), SITE, live=False)
    board.resize(1920, 1080)
    board.show()
    queue = QueueService(db)
    ids = [state.id for state in queue.counters(SITE)]
    feed = ChangeFeed(db, board.snapshot.site_id)
    version = feed.version()
    samples: dict[int, tuple[int, int]] = {}
    started = time.perf_counter()
    done = 0
    while done < calls:
        for counter in ids:
            if queue.counter(counter).current is not None:
                queue.finish(counter, Outcome.GUIDED)
            queue.issue_ticket(SITE, "HT")
            queue.call_next(counter)
            done += 1
        board._on_changes(feed.changes_since(version))
        version = feed.position
        board._on_figures_due()
        for tile in board.grid.tiles.values():
            tile.repaint()
        QTimer.singleShot(0, lambda: None)
        app.processEvents()
        if done in (1000, calls // 2, calls) or done % 1000 == 0:
            gc.collect()
            samples[done] = (rss_kb(), len(gc.get_objects()))
    seconds = time.perf_counter() - started
    feed.close()
    board.shutdown()
    _delete(app, board)
    db.dispose()
    first, last = samples[min(samples)], samples[max(samples)]
    return {"calls": done, "seconds": round(seconds, 1),
            "rss_kb_after_1000": first[0], f"rss_kb_after_{done}": last[0],
            "python_objects_after_1000": first[1], f"python_objects_after_{done}": last[1],
            "rss_growth_kb": last[0] - first[0], "python_objects_growth": last[1] - first[1],
            "rss_kb_samples": {str(k): v[0] for k, v in sorted(samples.items())}}


class CountingSink:
    """A loudspeaker that is not there: counts the announcements and their bytes, keeps none."""

    def __init__(self) -> None:
        self.played = 0
        self.bytes = 0

    @property
    def status(self) -> VoiceStatus:
        return AVAILABLE

    def play(self, wav: bytes, on_done: Callable[[], None]) -> None:
        self.played += 1
        self.bytes += len(wav)
        on_done()

    def stop(self) -> None:
        """Nothing plays."""


def memory_live(app: QApplication, url: str, calls: int, seconds: float) -> dict[str, object]:
    """Calls through the core in this process; the board learns of them through its live
    bridge and queues every one on a real announcer (espeak-ng) whose sink counts them."""
    from display.app import DisplayWindow

    db = Database(url)
    sink = CountingSink()
    cache = Path(tempfile.mkdtemp(prefix="layso-bench-voice-"))
    synth = EspeakSynthesizer("vi", 140, cache_dir=cache)
    announcer = Announcer(sink, VoiceSettings(), synthesizer=synth)
    board = DisplayWindow(db, Settings(site=SITE), SITE, announcer=announcer)
    board.resize(1920, 1080)
    board.show()
    queue = QueueService(db)
    ids = [state.id for state in queue.counters(SITE)]
    samples: dict[int, tuple[int, int]] = {}
    started = time.perf_counter()
    done = 0
    last = ""
    while done < calls and time.perf_counter() - started < seconds:
        for counter in ids:
            if queue.counter(counter).current is not None:
                queue.finish(counter, Outcome.GUIDED)
            queue.issue_ticket(SITE, "HT")
            called = queue.call_next(counter)
            if called is not None:
                last = called.ticket.number
            done += 1
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (
                board.recent.calls and board.recent.calls[0].ticket_number == last):
            app.processEvents()
            time.sleep(0.002)
        app.processEvents()
        if done % 1000 == 0 or done == 1000:
            gc.collect()
            samples[done] = (rss_kb(), len(gc.get_objects()))
    elapsed = time.perf_counter() - started
    gc.collect()
    samples[done] = (rss_kb(), len(gc.get_objects()))
    cache_bytes = sum(path.stat().st_size for path in cache.glob("*.wav"))
    board.shutdown()
    _delete(app, board)
    db.dispose()
    shutil.rmtree(cache, ignore_errors=True)
    first, last_sample = samples[min(samples)], samples[max(samples)]
    return {"calls": done, "seconds": round(elapsed, 1),
            "announced": sink.played, "synthesised": synth.cache_misses,
            "voice_cache_mb": round(cache_bytes / 2**20, 1),
            f"rss_kb_after_{min(samples)}": first[0], f"rss_kb_after_{done}": last_sample[0],
            "rss_growth_kb": last_sample[0] - first[0],
            "python_objects_growth": last_sample[1] - first[1],
            "rss_kb_samples": {str(k): v[0] for k, v in sorted(samples.items())}}


def sqlite_url(folder: str) -> str:
    return f"sqlite:///{folder}/bench.db"


class PostgresDatabase:
    """A throw-away database on the local PostgreSQL server."""

    def __init__(self) -> None:
        admin = os.environ.get("LAYSO_TEST_PG_URL",
                               "postgresql+psycopg://postgres@127.0.0.1:5432/test")
        self.admin_url = make_url(admin).set(drivername="postgresql+psycopg")
        self.name = f"layso_bench_display_{uuid.uuid4().hex[:8]}"
        self.url = self.admin_url.set(database=self.name).render_as_string(hide_password=False)

    def __enter__(self) -> str:
        self._run(f'CREATE DATABASE "{self.name}"')
        return self.url

    def __exit__(self, *_: object) -> None:
        self._run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  f"WHERE datname = '{self.name}'")
        self._run(f'DROP DATABASE IF EXISTS "{self.name}"')

    def _run(self, statement: str) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()


def prepared(url: str) -> str:
    db = Database(url)
    upgrade(db)
    build(db)
    db.dispose()
    return url


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=3, metavar=("URL", "CALLS", "INTERVAL"))
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.25)
    parser.add_argument("--memory-calls", type=int, default=10_000)
    parser.add_argument("--live-memory-calls", type=int, default=10_000)
    parser.add_argument("--live-seconds", type=float, default=300.0)
    parser.add_argument("--backend", default="sqlite,postgresql")
    args = parser.parse_args()
    if args.child:
        clerk_process(args.child[0], int(args.child[1]), float(args.child[2]))
        return 0
    from shared.ui.app import create_application

    app = create_application("display", ["bench"])
    results: dict[str, object] = {}
    for backend in args.backend.split(","):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                url = prepared(sqlite_url(folder))
                if args.calls:
                    _report(results, "latency_sqlite", latency(app, url, args.calls, args.interval))
                if args.memory_calls:
                    _report(results, "memory_sqlite", memory(app, url, args.memory_calls))
            with tempfile.TemporaryDirectory() as folder:
                url = prepared(sqlite_url(folder))
                if args.live_memory_calls:
                    _report(results, "memory_live_sqlite", memory_live(
                        app, url, args.live_memory_calls, args.live_seconds))
        elif backend == "postgresql":
            with PostgresDatabase() as url:
                prepared(url)
                if args.calls:
                    _report(results, "latency_postgresql",
                            latency(app, url, args.calls, args.interval))
    print(json.dumps(results, indent=2))
    return 0


def _report(results: dict[str, object], name: str, figures: dict[str, object]) -> None:
    """Keep a result and show it at once on stderr (a long run keeps what it measured)."""
    results[name] = figures
    print(name, json.dumps(figures), file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
