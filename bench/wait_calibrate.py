"""Calibrate the wait estimate's range (``shared.wait_estimate.RANGE_TABLE``).

    .venv/bin/python -m bench.wait_calibrate [--seeds 10] [--days 2] [--cover 0.8]
                                             [--save pairs.json | --load pairs.json]

Runs the six tuning layouts of ``bench.bench_wait`` (never the ``holdout`` one) on seeds other
than the bench's (100 and up), and for every ticket called takes the relative error of the
central estimate m (as printed, whole minutes), r = (actual − m) ÷ (m + ``RANGE_PAD``). Per
band of m it finds the shortest interval of r holding ``--cover`` of the tickets, and prints
the table to paste into ``shared/wait_estimate.py``: the range is then m + lo·(m + pad) to
m + hi·(m + pad).
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from bench.bench_wait import FIRST_DAY, LAYOUTS
from bench.wait_sim import Layout, Record, build, simulate_day
from shared.clock import LOCAL_TZ, FixedClock
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.wait_estimate import RANGE_PAD

#: Upper edges (minutes of the central estimate) of the bands.
BANDS = (1.0, 3.0, 6.0, 10.0, 15.0, 25.0, 40.0, float("inf"))


def records_of(layout: Layout, seeds: range, days: int) -> list[Record]:
    records: list[Record] = []
    for seed in seeds:
        with TemporaryDirectory(prefix="layso-cal-") as folder:
            clock = FixedClock(datetime.combine(FIRST_DAY, datetime.min.time(), LOCAL_TZ))
            db = Database(f"sqlite:///{folder}/sim.db", clock=clock)
            upgrade(db)
            build(db, layout)
            rng = random.Random(f"{layout.name}-{seed}")
            for offset in range(days):
                records += simulate_day(db, clock, layout, FIRST_DAY + timedelta(days=offset),
                                        rng)
            db.dispose()
    return records


def shortest(values: list[float], cover: float) -> tuple[float, float]:
    """The shortest interval holding ``cover`` of ``values``."""
    ordered = sorted(values)
    size = max(1, round(cover * len(ordered)))
    start = min(range(len(ordered) - size + 1),
                key=lambda i: ordered[i + size - 1] - ordered[i])
    return ordered[start], ordered[start + size - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--cover", type=float, default=0.8)
    parser.add_argument("--save", type=Path, help="also write the (estimate, actual) pairs")
    parser.add_argument("--load", type=Path, help="take the pairs from a --save file")
    args = parser.parse_args()
    if args.load:
        pairs = [tuple(pair) for pair in json.loads(args.load.read_text())]
    else:
        pairs = [(float(r.estimate), r.actual) for layout in LAYOUTS.values()
                 for r in records_of(layout, range(100, 100 + args.seeds), args.days)
                 if r.actual is not None and r.estimate is not None]
    if args.save:
        args.save.write_text(json.dumps(pairs))
    errors: dict[float, list[float]] = {edge: [] for edge in BANDS}
    for m, actual in pairs:
        edge = next(edge for edge in BANDS if m < edge)
        errors[edge].append((actual - m) / (m + RANGE_PAD))
    print("RANGE_TABLE: tuple[tuple[float, float, float], ...] = (")
    for edge, values in errors.items():
        low, high = shortest(values, args.cover) if values else (-1.0, 1.0)
        print(f"    ({edge!r}, {low:.2f}, {high:.2f}),  # {len(values)} tickets")
    print(")")


if __name__ == "__main__":
    main()
