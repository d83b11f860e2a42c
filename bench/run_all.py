"""Run every core benchmark on SQLite and PostgreSQL and print all the figures as one JSON.

The CLI's start-up (bench_cli) runs once, on SQLite.

    .venv/bin/python -m bench.run_all [--history 1000000] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from typing import Any

from bench import bench_cli, bench_feed, bench_queue


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    results = []
    for backend in args.backends.split(","):
        for name, run, extra in (("feed", bench_feed.main, []),
                                 ("queue", bench_queue.main, ["--history", str(args.history)])):
            print(f"… {name} on {backend}", file=sys.stderr, flush=True)
            with contextlib.redirect_stdout(io.StringIO()):
                results.append(run(["--backend", backend, *extra]))
    print("… cli on sqlite", file=sys.stderr, flush=True)
    with contextlib.redirect_stdout(io.StringIO()):
        results.append(bench_cli.main([]))
    print(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
