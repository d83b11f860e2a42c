"""Start-up time of the `layso` command, printed as JSON: ``layso --help`` and ``layso ticket
issue --service HT --json`` on a temporary SQLite database holding the bench center.

    .venv/bin/python -m bench.bench_cli [--runs 20]

Each run is a fresh process started the way the installed ``layso`` script starts (its
interpreter, ``from shared.cli.main import main``), timed from ``Popen`` to its exit: the whole
wall time a user waits, interpreter start-up included. As on an installed copy, modules load
from compiled ``.pyc`` files: the runs write and read them in a temporary
``PYTHONPYCACHEPREFIX`` (``PYTHONDONTWRITEBYTECODE``, set in some shells here, would compile
every module of shared/ again on each run, ~0.2 s more). The first run of each command is a
warm-up (cold file cache, ``.pyc`` files written) and is not counted. Target: each < 0.25 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import SERVICES, SITE, bench_database, build_center

ROOT = Path(__file__).resolve().parents[1]
#: What the console script ``layso`` runs (pyproject.toml [project.scripts]).
LAYSO = [sys.executable, "-c", "import sys; from shared.cli.main import main; sys.exit(main())"]
TARGET_S = 0.25


def time_runs(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Wall seconds of ``runs`` runs of ``layso argv`` after one warm-up run; each must exit 0."""
    samples = []
    for index in range(runs + 1):
        started = time.perf_counter()
        result = subprocess.run([*LAYSO, *argv], cwd=ROOT, env=env, capture_output=True,
                                check=False)
        elapsed = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(f"layso {' '.join(argv)} failed ({result.returncode}): "
                             f"{result.stderr.decode(errors='replace').strip()}")
        if index:
            samples.append(elapsed)
    return samples


def figures(samples: list[float]) -> dict[str, Any]:
    """Median, p95 and max in seconds (rounded to the millisecond)."""
    ordered = sorted(samples)
    p95 = statistics.quantiles(ordered, n=20, method="inclusive")[18] if len(ordered) > 1 \
        else ordered[0]
    median = statistics.median(ordered)
    return {"runs": len(ordered), "median_s": round(median, 3), "p95_s": round(p95, 3),
            "max_s": round(ordered[-1], 3), "target_s": TARGET_S,
            "met": median < TARGET_S}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command (≥ 10)")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for variable in ("LAYSO_CONFIG", "LAYSO_DATABASE_URL", "LAYSO_SITE",
                     "PYTHONDONTWRITEBYTECODE"):
        env.pop(variable, None)
    with bench_database("sqlite") as url, tempfile.TemporaryDirectory() as pycache:
        env["PYTHONPYCACHEPREFIX"] = pycache
        build_center(url)
        help_times = time_runs(["--help"], args.runs, env)
        issue_times = time_runs(["--db", url, "--site", SITE, "ticket", "issue",
                                 "--service", SERVICES[0], "--json"], args.runs, env)
    result = {"bench": "cli", "backend": "sqlite",
              "load_average": round(os.getloadavg()[0], 2),
              "help": figures(help_times), "ticket_issue": figures(issue_times)}
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
