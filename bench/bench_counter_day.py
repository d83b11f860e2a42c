"""What a counter's services for the day cost the call: the positions read of call_next.

    .venv/bin/python -m bench.bench_counter_day --backend sqlite|postgresql [--reads 3000]

call_next starts by reading the counter's services in order (``queue_sql.COUNTER_POSITIONS``).
Since a supervisor can change them for the rest of the day (shared/counter_day.py) the read is
a UNION of the day's own list and, when there is none, the usual ``counter_services``. This
times that read against the old one (``counter_services`` only), alternately on one
connection, without and with a list for the day, and prints the medians in microseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from sqlalchemy import bindparam, select

from bench.common import SITE, bench_database
from shared import queue_sql
from shared.center import CenterService
from shared.counter_day import CounterDayServices
from shared.db.database import Database

#: The read before day lists existed.
USUAL_ONLY = (
    select(queue_sql.COUNTER_SERVICES.c.service_id, queue_sql.COUNTER_SERVICES.c.position)
    .where(queue_sql.COUNTER_SERVICES.c.counter_id == bindparam("counter_id"))
    .order_by(queue_sql.COUNTER_SERVICES.c.position, queue_sql.COUNTER_SERVICES.c.service_id))


def _center(db: Database) -> int:
    center = CenterService(db)
    center.add_site(SITE, "Bench")
    for code, prefix in (("HT", "A"), ("CT", "B"), ("DD", "C")):
        center.add_service(SITE, code, code, prefix=prefix)
    return center.add_counter(SITE, 1, "Quầy 1", ["HT", "CT"]).id


def run(backend: str, reads: int) -> dict[str, object]:
    figures: dict[str, object] = {"backend": backend, "reads": reads}
    with bench_database(backend) as url:
        db = Database(url)
        counter_id = _center(db)
        for label in ("usual_list", "list_for_the_day"):
            if label == "list_for_the_day":
                CounterDayServices(db).set_today(SITE, 1, ["DD", "CT"])
            day = CounterDayServices(db).counter(SITE, 1).day
            times: dict[str, list[float]] = {"before_us": [], "now_us": []}
            params = {"counter_id": counter_id, "day": day}
            with db.engine.connect() as connection:
                for _ in range(reads):
                    for name, statement in (("before_us", USUAL_ONLY),
                                            ("now_us", queue_sql.COUNTER_POSITIONS)):
                        start = time.perf_counter()
                        connection.execute(statement, params).all()
                        times[name].append(time.perf_counter() - start)
            figures[label] = {name: round(statistics.median(values) * 1e6, 1)
                              for name, values in times.items()}
        db.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--reads", type=int, default=3000)
    args = parser.parse_args()
    print(json.dumps(run(args.backend, args.reads), indent=2))


if __name__ == "__main__":
    main()
