"""Change-feed latency: from a commit in one process to the wake-up in another; prints JSON.

    .venv/bin/python -m bench.bench_feed --backend sqlite|postgresql [--commits 200]

A writer process issues tickets through QueueService, 10-40 ms apart, and notes when each
commit returned. This process waits on a ChangeFeed (as the bridge's worker does), reads the
changes at each wake-up and notes when each ticket's event arrived. Latency = arrival - commit
(both on the system-wide monotonic clock); "read_ms" is the changes_since call alone.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from bench.common import SITE, bench_database, build_center, percentiles

SPAWN = multiprocessing.get_context("spawn")


def writer(url: str, commits: int, go: Any, out: str) -> None:
    from shared.db.database import Database
    from shared.queue import QueueService

    queue = QueueService(Database(url))
    pacing = random.Random(7)
    notes: dict[int, float] = {}
    go.wait()
    for i in range(commits):
        ticket = queue.issue_ticket(SITE, ("HT", "CT", "DD", "XH")[i % 4])
        notes[ticket.id] = time.monotonic()
        time.sleep(pacing.uniform(0.010, 0.040))
    Path(out).write_text(json.dumps(notes))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--commits", type=int, default=200)
    args = parser.parse_args(argv)
    from shared.changes import ChangeFeed
    from shared.db.database import Database

    with bench_database(args.backend) as url, TemporaryDirectory() as folder:
        build_center(url)
        db = Database(url)
        feed = ChangeFeed(db)
        feed.version()
        feed.wait(0)  # connect
        go = SPAWN.Event()
        out = f"{folder}/writer.json"
        child = SPAWN.Process(target=writer, args=(url, args.commits, go, out))
        child.start()
        time.sleep(1.5)
        go.set()
        arrived: dict[int, float] = {}
        in_hand: dict[int, float] = {}
        reads_ms: list[float] = []
        wake_ups = 0
        deadline = time.monotonic() + 60 + args.commits * 0.1
        while len(arrived) < args.commits and time.monotonic() < deadline:
            if not feed.wait(0.5):
                continue
            woke = time.monotonic()
            changes = feed.changes_since(feed.position)
            read = time.monotonic()
            reads_ms.append((read - woke) * 1000)
            wake_ups += 1
            for change in changes:
                if change.kind == "ticket.issued" and change.ticket_id is not None:
                    arrived[change.ticket_id] = woke
                    in_hand[change.ticket_id] = read
        child.join()
        committed = {int(k): v for k, v in json.loads(Path(out).read_text()).items()}
        feed.close()
        db.dispose()
    latencies = [(arrived[i] - t) * 1000 for i, t in committed.items() if i in arrived]
    report = {
        "bench": "feed",
        "backend": args.backend,
        "commits": len(committed),
        "delivered": len(latencies),
        "wake_ups": wake_ups,
        "commit_to_wake_ms": percentiles(latencies),
        "commit_to_changes_read_ms": percentiles(
            [(in_hand[i] - t) * 1000 for i, t in committed.items() if i in in_hand]),
        "read_ms": percentiles(reads_ms),
    }
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
