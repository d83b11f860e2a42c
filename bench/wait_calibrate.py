"""Calibrate the wait estimate's range (``shared.wait_estimate.RANGE_TABLE``).

    .venv/bin/python -m bench.wait_calibrate [--seeds 10] [--days 2] [--cover 0.8]
                                             [--target 0.8]
                                             [--save pairs.json | --load pairs.json]

Runs the six tuning layouts of ``bench.bench_wait`` (never the ``holdout`` one) on seeds other
than the bench's (100 and up), and for every ticket called takes the relative error of the
central estimate m (as printed, whole minutes), r = (actual − m) ÷ (m + ``RANGE_PAD``). Per
band of m it finds the shortest interval of r holding ``--cover`` of the tickets, and prints
the table to paste into ``shared/wait_estimate.py``: the range is then m + lo·(m + pad) to
m + hi·(m + pad). With ``--target`` each band's share is chosen so that its ranges as printed
(rounded outwards to whole minutes) hold that share of its actual waits: the rounding alone
adds several points to the share of the errors, most in the bands of short waits.
"""

from __future__ import annotations

import argparse
import json
import math
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
    parser.add_argument("--cover", type=float, default=0.8,
                        help="each band's interval holds this share of its errors")
    parser.add_argument("--target", type=float,
                        help="instead, choose each band's share so that this share of its "
                             "actual waits is inside the ranges as printed (rounded outwards)")
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
    by_band: dict[float, list[tuple[float, float]]] = {edge: [] for edge in BANDS}
    for m, actual in pairs:
        by_band[next(edge for edge in BANDS if m < edge)].append((m, actual))
    chosen: list[tuple[float, float, float]] = []
    print("RANGE_TABLE: tuple[tuple[float, float, float], ...] = (")
    for edge, values in errors.items():
        cover = args.cover
        if args.target and values:  # the share that makes the band's printed ranges hold it
            cover = min((c / 100 for c in range(50, 96)), key=lambda c: abs(
                inside(by_band[edge], [(edge, *interval(values, c))]) - args.target))
        low, high = interval(values, cover) if values else (-1.0, 1.0)
        chosen.append((edge, low, high))
        held = inside(by_band[edge], [chosen[-1]]) if values else 0.0
        print(f"    ({edge!r}, {low:.2f}, {high:.2f}),  # {len(values)} tickets, "
              f"{cover:.2f} of the errors, {held:.3f} inside as printed")
    print(")")
    print(f"# all the tickets: {inside(pairs, chosen):.3f} inside the ranges as printed")


def interval(values: list[float], cover: float) -> tuple[float, float]:
    low, high = shortest(values, cover)
    return round(low, 2), round(high, 2)


def inside(pairs: list[tuple[float, float]], rows: list[tuple[float, float, float]]) -> float:
    """The share of actual waits inside the ranges as the estimate prints them (whole minutes
    out from the central one) and the bench counts them (half a minute of rounding)."""
    count = 0
    for m, actual in pairs:
        low, high = next((lo, hi) for edge, lo, hi in rows if m < edge)
        scale = m + RANGE_PAD
        shown_low = min(m, math.floor(max(0.0, m + low * scale)))
        shown_high = max(m, math.ceil(m + high * scale))
        count += shown_low - 0.5 <= actual <= shown_high + 0.5
    return count / len(pairs)


if __name__ == "__main__":
    main()
