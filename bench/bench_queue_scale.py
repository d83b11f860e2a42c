"""call_next against the queue's length, and 40 counters working a backlog; prints JSON.

    .venv/bin/python -m bench.bench_queue_scale --backend sqlite|postgresql
        [--waiting 10,1000,10000] [--calls 200] [--backlog] [--backlog-seconds 30]
        [--sync]   (SQLite synchronous=NORMAL beside FULL)

Length phase: for each ``--waiting`` size a fresh database with the bench center (4 services,
4 counters serving all four in rotated orders) and that many of today's tickets waiting (1 in
20 a priority ticket), bulk-loaded. Then ``--calls`` rounds of call_next at a counter (timed)
followed by finish and one new ticket (not timed), so the queue keeps its length. Both
priority policies are timed (``interleave``: the default; ``strict``). ``client_cpu``: this
process's CPU time for the call (without waiting for the server or a busy machine).

Backlog phase (``--backlog``): a center of 4 services and 40 open counters, 10,000 waiting;
40 counter processes each loop call_next → serve ``--serve`` seconds (default 2-6 s: about 10
calls a second in all, tens of times a large center's peak) → finish for
``--backlog-seconds``, while 4 kiosk processes issue a ticket every ``--kiosk-pace`` s each.
Reported: call_next, finish and issue latencies over all processes (first 5 s left out as
warm-up), the client CPU of call_next, and what was done: no ticket called twice.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from bench.common import SERVICES, SITE, bench_database, percentiles

SPAWN = multiprocessing.get_context("spawn")
WARM_UP_S = 5.0


def build(url: str, counters: int, policy: str = "interleave") -> None:
    """Site HQ, four services, ``counters`` open counters each serving all four (rotated)."""
    from shared.center import CenterService
    from shared.db.database import Database
    from shared.models import CounterStatus
    from shared.queue import QueueService

    db = Database(url)
    center = CenterService(db)
    center.add_site(SITE, "Trung tâm Phục vụ hành chính công (bench)",
                    agency_code="000.00.00.B1")
    for prefix, code in zip("ABCD", SERVICES, strict=True):
        center.add_service(SITE, code, f"Dịch vụ {code}", prefix=prefix)
    for number in range(1, counters + 1):
        shift = (number - 1) % len(SERVICES)
        center.add_counter(SITE, number, f"Quầy {number}",
                           list(SERVICES[shift:] + SERVICES[:shift]))
    queue = QueueService(db)
    for number in range(1, counters + 1):
        queue.set_counter_status(queue.find_counter(SITE, number).id, CounterStatus.OPEN)
    if policy == "strict":
        from shared.center_settings import CenterSettingsService

        CenterSettingsService(db).set(SITE, priority_policy="strict")
    db.dispose()


def load_waiting(url: str, count: int) -> None:
    """``count`` of today's tickets waiting, spread over the four services, queued over the
    last hours (1 in 20 a priority ticket); the sequences follow them."""
    from shared.clock import business_day

    now = datetime.now(UTC)
    day = business_day(now)
    rows = []
    for i in range(count):
        service = i % len(SERVICES) + 1
        sequence = i // len(SERVICES) + 1
        queued = now - timedelta(seconds=(count - i) * 0.5 + 1)
        rows.append((1, service, service, day, sequence,
                     f"{'ABCD'[service - 1]}{sequence:05d}",
                     "elderly" if i % 23 == 7 else "none", "waiting", queued, queued,
                     f"bench{i:017d}", 0, ""))
    columns = ("site_id, service_id, issued_service_id, business_day, sequence, number, "
               "priority, status, issued_at, queued_at, public_token, call_count, note")
    sequences = ("INSERT INTO ticket_sequences (service_id, business_day, last_number) "
                 "SELECT issued_service_id, business_day, max(sequence) FROM tickets "
                 "GROUP BY issued_service_id, business_day")
    if url.startswith("sqlite"):
        connection = sqlite3.connect(str(make_url(url).database), isolation_level=None)
        connection.execute("BEGIN")
        connection.executemany(
            f"INSERT INTO tickets ({columns}) VALUES ({', '.join('?' * 13)})",
            [(*r[:3], r[3].isoformat(), *r[4:8],
              r[8].strftime("%Y-%m-%d %H:%M:%S.%f"), r[9].strftime("%Y-%m-%d %H:%M:%S.%f"),
              *r[10:]) for r in rows])
        connection.execute(sequences)
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
        connection.close()
        return
    parsed = make_url(url)
    with psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                         password=parsed.password, dbname=parsed.database) as connection:
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY tickets ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(sequences)
        connection.commit()
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")


def length_phase(backend: str, waiting: int, calls: int, policy: str) -> dict[str, Any]:
    from shared.db.database import Database
    from shared.queue import QueueService

    with bench_database(backend) as url:
        build(url, 4, policy)
        load_waiting(url, waiting)
        db = Database(url)
        queue = QueueService(db)
        counter = queue.find_counter(SITE, 1).id
        timings: list[float] = []
        cpu: list[float] = []
        for i in range(calls + 20):
            started, cpu_started = time.perf_counter(), time.process_time()
            called = queue.call_next(counter)
            elapsed = (time.perf_counter() - started) * 1000
            if called is None:
                raise SystemExit("the queue ran dry")
            if i >= 20:
                timings.append(elapsed)
                cpu.append((time.process_time() - cpu_started) * 1000)
            queue.finish(counter, "guided")
            queue.issue_ticket(SITE, SERVICES[i % len(SERVICES)])
        db.dispose()
    return {"waiting": waiting, "policy": policy, "call_next_ms": percentiles(timings),
            "call_next_client_cpu_ms": percentiles(cpu)}


def sync_phase(rounds: int, waiting: int = 1000) -> dict[str, Any]:
    """SQLite at synchronous=NORMAL beside FULL in one run: blocks of 25 rounds (issue, call
    next, finish; each timed) alternate between the two settings on one database of
    ``waiting`` waiting tickets, so both see the same machine load."""
    import shared.db.database as database
    from shared.db.database import Database
    from shared.queue import QueueService

    timings: dict[str, dict[str, list[float]]] = {
        mode: {"issue": [], "call_next": [], "finish": []} for mode in ("NORMAL", "FULL")}
    with bench_database("sqlite") as url:
        build(url, 4)
        load_waiting(url, waiting)
        block = 25
        for start in range(0, 2 * rounds, block):
            mode = ("NORMAL", "FULL")[(start // block) % 2]
            database.SQLITE_SYNCHRONOUS = mode
            db = Database(url)
            queue = QueueService(db)
            counter = queue.find_counter(SITE, 1).id
            for i in range(block):
                t0 = time.perf_counter()
                queue.issue_ticket(SITE, SERVICES[i % len(SERVICES)])
                t1 = time.perf_counter()
                queue.call_next(counter)
                t2 = time.perf_counter()
                queue.finish(counter, "guided")
                t3 = time.perf_counter()
                for kind, ms in (("issue", t1 - t0), ("call_next", t2 - t1),
                                 ("finish", t3 - t2)):
                    timings[mode][kind].append(ms * 1000)
            db.dispose()
        database.SQLITE_SYNCHRONOUS = "FULL"
    return {mode: {kind: percentiles(samples) for kind, samples in kinds.items()}
            for mode, kinds in timings.items()}


def counter_worker(url: str, number: int, seconds: float, serve: tuple[float, float],
                   go: Any, out: str) -> None:
    from shared.db.database import Database
    from shared.queue import QueueService

    db = Database(url)
    queue = QueueService(db)
    counter = queue.find_counter(SITE, number).id
    rng = random.Random(number)
    calls: list[tuple[float, float]] = []
    cpu: list[tuple[float, float]] = []
    finishes: list[tuple[float, float]] = []
    called_ids: list[int] = []
    go.wait()
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        t0, c0 = time.perf_counter(), time.process_time()
        called = queue.call_next(counter)
        calls.append((time.monotonic() - started, (time.perf_counter() - t0) * 1000))
        cpu.append((time.monotonic() - started, (time.process_time() - c0) * 1000))
        if called is None:
            time.sleep(0.2)
            continue
        called_ids.append(called.ticket.id)
        time.sleep(rng.uniform(*serve))
        t0 = time.perf_counter()
        queue.finish(counter, "guided")
        finishes.append((time.monotonic() - started, (time.perf_counter() - t0) * 1000))
    db.dispose()
    Path(out).write_text(json.dumps({"call": calls, "call_cpu": cpu, "finish": finishes,
                                     "ids": called_ids}))


def kiosk_worker(url: str, number: int, seconds: float, pace: float, go: Any,
                 out: str) -> None:
    from shared.db.database import Database
    from shared.queue import QueueService

    db = Database(url)
    queue = QueueService(db)
    issues: list[tuple[float, float]] = []
    go.wait()
    started = time.monotonic()
    i = 0
    while time.monotonic() - started < seconds:
        time.sleep(max(0.0, started + number * pace / 4 + i * pace - time.monotonic()))
        t0 = time.perf_counter()
        queue.issue_ticket(SITE, SERVICES[(i + number) % len(SERVICES)])
        issues.append((time.monotonic() - started, (time.perf_counter() - t0) * 1000))
        i += 1
    db.dispose()
    Path(out).write_text(json.dumps({"issue": issues}))


def backlog_phase(backend: str, seconds: float, serve: tuple[float, float], kiosk_pace: float,
                  counters: int = 40, kiosks: int = 4) -> dict[str, Any]:
    with bench_database(backend) as url, TemporaryDirectory() as folder:
        build(url, counters)
        load_waiting(url, 10_000)
        go = SPAWN.Event()
        children = [SPAWN.Process(target=counter_worker,
                                  args=(url, n, seconds, serve, go, f"{folder}/c{n}.json"))
                    for n in range(1, counters + 1)]
        children += [SPAWN.Process(target=kiosk_worker,
                                   args=(url, n, seconds, kiosk_pace, go,
                                         f"{folder}/k{n}.json"))
                     for n in range(kiosks)]
        for child in children:
            child.start()
        time.sleep(8.0)  # every child imported and connected
        go.set()
        for child in children:
            child.join()
        if any(child.exitcode for child in children):
            raise SystemExit("a bench process failed")
        results = [json.loads(path.read_text()) for path in Path(folder).glob("*.json")]

    def after_warm_up(kind: str) -> list[float]:
        return [ms for r in results for at, ms in r.get(kind, []) if at >= WARM_UP_S]

    ids = [i for r in results for i in r.get("ids", [])]
    return {"counters": counters, "kiosks": kiosks, "seconds": seconds,
            "serve_s": list(serve), "kiosk_issue_every_s": kiosk_pace,
            "call_next_ms": percentiles(after_warm_up("call")),
            "call_next_client_cpu_ms": percentiles(after_warm_up("call_cpu")),
            "finish_ms": percentiles(after_warm_up("finish")),
            "issue_ms": percentiles(after_warm_up("issue")),
            "tickets_called": len(ids), "called_twice": len(ids) - len(set(ids))}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--waiting", default="10,1000,10000")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--policies", default="interleave,strict")
    parser.add_argument("--backlog", action="store_true")
    parser.add_argument("--backlog-seconds", type=float, default=30.0)
    parser.add_argument("--serve", default="2,6",
                        help="each counter serves a citizen for a random MIN,MAX seconds")
    parser.add_argument("--kiosk-pace", type=float, default=1.0,
                        help="each kiosk issues a ticket every this many seconds")
    parser.add_argument("--sync", action="store_true",
                        help="SQLite: synchronous=NORMAL beside FULL (issue, call, finish)")
    parser.add_argument("--sync-rounds", type=int, default=300)
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"bench": "queue_scale", "backend": args.backend, "length": []}
    if args.sync:
        report["synchronous"] = sync_phase(args.sync_rounds)
        print(json.dumps(report["synchronous"]), flush=True)
    for size in (int(s) for s in args.waiting.split(",") if s):
        for policy in args.policies.split(","):
            report["length"].append(length_phase(args.backend, size, args.calls, policy))
            print(json.dumps(report["length"][-1]), flush=True)
    if args.backlog:
        low, high = (float(v) for v in args.serve.split(","))
        report["backlog"] = backlog_phase(args.backend, args.backlog_seconds, (low, high),
                                          args.kiosk_pace)
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
