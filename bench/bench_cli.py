"""Start-up time of the `layso` command (``--help``, ``ticket issue``), printed as JSON.

``layso --help``, and ``layso ticket issue --service HT --json`` on a temporary SQLite
database with one site and one service, made by that same ``layso`` (``db upgrade``,
``site add``, ``service add``).

    .venv/bin/python -m bench.bench_cli [--runs 20] [--baseline DIR]

Each run is a fresh process started the way the installed ``layso`` script starts (its
interpreter, ``from shared.cli.main import main``), timed from ``Popen`` to its exit: the whole
wall time a user waits, interpreter start-up included. As on an installed copy, modules load
from compiled ``.pyc`` files: the runs write and read them in a temporary
``PYTHONPYCACHEPREFIX`` (``PYTHONDONTWRITEBYTECODE``, set in some shells here, would compile
every module of shared/ again on each run, ~0.2 s more). The first run of each command is a
warm-up (cold file cache, ``.pyc`` files written) and is not counted. Target: each < 0.25 s.
``--baseline DIR`` also times the ``layso`` of another copy of the repository with this venv
(say, the commit before a change: ``git archive HEAD | tar -x -C DIR``), run for run in turns
with this one, on a database of its own (its schema version may differ), and prints its
figures under ``"baseline"``. The runs use a temporary data folder (logs) and no config file.
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

from bench.common import SERVICES, SITE

ROOT = Path(__file__).resolve().parents[1]
#: What the console script ``layso`` runs (pyproject.toml [project.scripts]).
LAYSO = [sys.executable, "-c", "import sys; from shared.cli.main import main; sys.exit(main())"]
TARGET_S = 0.25


def layso(tree: Path, argv: list[str], env: dict[str, str]) -> None:
    """Run the ``layso`` of ``tree`` once; it must exit 0."""
    result = subprocess.run([*LAYSO, *argv], cwd=tree, env=dict(env, PYTHONPATH=str(tree)),
                            capture_output=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"layso {' '.join(argv)} failed in {tree} ({result.returncode}): "
                         f"{result.stderr.decode(errors='replace').strip()}")


def bench_center(tree: Path, path: Path, env: dict[str, str]) -> str:
    """A SQLite database at ``path`` made by the ``layso`` of ``tree``, with site HQ and
    service HT."""
    url = f"sqlite:///{path}"
    for argv in (["db", "upgrade"], ["site", "add", SITE, "Trung tâm (bench)"],
                 ["service", "add", SERVICES[0], "Hộ tịch", "--prefix", "A"]):
        layso(tree, ["--db", url, *argv], env)
    return url


def time_runs(argv_of: dict[Path, list[str]], runs: int,
              env: dict[str, str]) -> dict[Path, list[float]]:
    """Wall seconds of ``runs`` runs of ``layso ARGV`` in each tree (``argv_of[tree]``), after
    one warm-up run in each; the trees take turns, so a change in the machine's load hits
    each alike."""
    samples: dict[Path, list[float]] = {tree: [] for tree in argv_of}
    for index in range(runs + 1):
        for tree, argv in argv_of.items():
            started = time.perf_counter()
            layso(tree, argv, env)
            if index:
                samples[tree].append(time.perf_counter() - started)
    return samples


def figures(samples: list[float]) -> dict[str, Any]:
    """Median, p95 and max in seconds (rounded to the millisecond)."""
    ordered = sorted(samples)
    p95 = statistics.quantiles(ordered, n=20, method="inclusive")[18] if len(ordered) > 1 \
        else ordered[0]
    median = statistics.median(ordered)
    return {"runs": len(ordered), "median_s": round(median, 3), "p95_s": round(p95, 3),
            "max_s": round(ordered[-1], 3), "target_s": TARGET_S, "met": median < TARGET_S}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per command (≥ 10)")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also time the layso of this copy of the repository, in turns")
    args = parser.parse_args(argv)
    trees = [ROOT] + ([args.baseline.resolve()] if args.baseline else [])
    env = dict(os.environ)
    for variable in ("LAYSO_DATABASE_URL", "LAYSO_SITE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(variable, None)
    with (tempfile.TemporaryDirectory(prefix="layso-bench-") as folder,
          tempfile.TemporaryDirectory() as pycache, tempfile.TemporaryDirectory() as data):
        env.update(PYTHONPYCACHEPREFIX=pycache, LAYSO_DATA_DIR=data, LAYSO_CONFIG="")
        issue = {tree: ["--db", bench_center(tree, Path(folder) / f"{index}.db", env),
                        "--site", SITE, "ticket", "issue", "--service", SERVICES[0], "--json"]
                 for index, tree in enumerate(trees)}
        load = os.getloadavg()[0]
        help_times = time_runs({tree: ["--help"] for tree in trees}, args.runs, env)
        issue_times = time_runs(issue, args.runs, env)
        load = max(load, os.getloadavg()[0])
    result: dict[str, Any] = {
        "bench": "cli", "backend": "sqlite", "load_average_max": round(load, 2),
        "help": figures(help_times[ROOT]), "ticket_issue": figures(issue_times[ROOT])}
    if args.baseline:
        result["baseline"] = {"tree": str(trees[1]), "help": figures(help_times[trees[1]]),
                              "ticket_issue": figures(issue_times[trees[1]])}
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
