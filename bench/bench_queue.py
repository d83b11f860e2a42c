"""Issue and call-next latency and throughput over a large ticket history; prints JSON.

    .venv/bin/python -m bench.bench_queue --backend sqlite|postgresql [--history 1000000]

A fresh database gets a bench center (4 services, 4 counters) and ``--history`` finished
tickets spread over 400 past days, bulk-loaded (COPY / executemany) with one event each. Then
each of 1 and then 4 processes (one per counter) repeats: issue a ticket, call next at its
counter, finish it, through the real QueueService. Latencies are per operation, measured in
the process that made it, as wall time and as that process's CPU time ("_cpu": the Python and
SQLAlchemy work, without waiting for locks or for a busy machine); the first 20 operations of
each process are warm-up. Phases: 1 process back to back; 4 processes back to back
(saturation: latency there is mostly queueing for the write lock); 4 processes at 4 rounds a
second each (16 tickets/s, far above a large center's peak of about one a second).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from bench.common import (
    COUNTERS,
    SERVICES,
    SITE,
    bench_database,
    build_center,
    database_size,
    load_history,
    percentiles,
)

WARM_UP = 20
SPAWN = multiprocessing.get_context("spawn")


def worker(url: str, number: int, operations: int, pace: float, go: Any, out: str) -> None:
    """One counter's process: issue, call next, finish, ``operations`` times, one round every
    ``pace`` seconds (0: back to back)."""
    from shared.db.database import Database
    from shared.queue import QueueService

    db = Database(url)
    queue = QueueService(db)
    counter_id = queue.find_counter(SITE, number).id
    timings: dict[str, list[float]] = {"issue": [], "call_next": [], "finish": [],
                                       "issue_cpu": [], "call_next_cpu": []}
    go.wait()
    started = time.monotonic()
    for i in range(operations):
        if pace:
            offset = (number - 1) * pace / len(COUNTERS)  # spread the processes' rounds
            time.sleep(max(0.0, started + offset + i * pace - time.monotonic()))
        t0, c0 = time.perf_counter(), time.process_time()
        queue.issue_ticket(SITE, SERVICES[(i + number) % len(SERVICES)])
        t1, c1 = time.perf_counter(), time.process_time()
        called = queue.call_next(counter_id)
        t2, c2 = time.perf_counter(), time.process_time()
        if called is not None:
            queue.finish(counter_id, "guided")
        t3 = time.perf_counter()
        if i >= WARM_UP:
            timings["issue"].append((t1 - t0) * 1000)
            timings["call_next"].append((t2 - t1) * 1000)
            timings["issue_cpu"].append((c1 - c0) * 1000)
            timings["call_next_cpu"].append((c2 - c1) * 1000)
            if called is not None:
                timings["finish"].append((t3 - t2) * 1000)
    ended = time.monotonic()
    db.dispose()
    Path(out).write_text(json.dumps({"timings": timings, "started": started, "ended": ended}))


def run_phase(url: str, processes: int, operations: int, pace: float = 0.0) -> dict[str, Any]:
    with TemporaryDirectory() as folder:
        go = SPAWN.Event()
        outs = [f"{folder}/{number}.json" for number in COUNTERS[:processes]]
        children = [SPAWN.Process(target=worker, args=(url, number, operations, pace, go, out))
                    for number, out in zip(COUNTERS[:processes], outs, strict=True)]
        for child in children:
            child.start()
        time.sleep(1.0 + 0.5 * processes)  # let every child import and connect
        go.set()
        for child in children:
            child.join()
        if any(child.exitcode for child in children):
            raise SystemExit("a bench process failed")
        results = [json.loads(Path(out).read_text()) for out in outs]
    wall = max(r["ended"] for r in results) - min(r["started"] for r in results)
    merged = {kind: [ms for r in results for ms in r["timings"][kind]]
              for kind in ("issue", "call_next", "finish", "issue_cpu", "call_next_cpu")}
    transactions = sum(len(merged[kind]) for kind in ("issue", "call_next", "finish"))
    return {
        "processes": processes,
        "rounds_per_s_per_process": round(1 / pace, 1) if pace else "back to back",
        "operations_per_process": operations,
        "latency_ms": {kind: percentiles(samples) for kind, samples in merged.items()},
        "transactions_per_s": round(transactions / wall, 1),
        "tickets_per_s": round(processes * operations / wall, 1),
        "wall_s": round(wall, 2),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--operations", type=int, default=400, help="per process")
    args = parser.parse_args(argv)
    with bench_database(args.backend) as url:
        build_center(url)
        load_seconds = load_history(url, args.history)
        report = {
            "bench": "queue",
            "backend": args.backend,
            "history_tickets": args.history,
            "history_load_s": round(load_seconds, 1),
            "database_size": database_size(url),
            "phases": [run_phase(url, 1, args.operations),
                       run_phase(url, len(COUNTERS), args.operations),
                       run_phase(url, len(COUNTERS), args.operations // 2, pace=0.25)],
        }
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
