"""The province's dossier list: how long a quarter's export takes to import, to import again
(nothing changes), to import as a later export (a third of the statuses changed), and what the
figures and the kiosk's short-code lookup cost with that many dossiers. Prints JSON.

    .venv/bin/python -m bench.bench_dossier_import --backend sqlite|postgresql [--rows 7000]

7,000 rows is the top of a ward center's quarter (DOMAIN.md: 1,500–7,000 dossiers).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import SITE, bench_database, build_center
from shared.clock import LOCAL_TZ
from shared.db.database import Database
from shared.dossier_figures import wall_figures
from shared.dossier_import import import_file
from shared.dossier_import.mapping import Mapping
from shared.dossier_lookup import find_dossier

HEADERS = ["Mã hồ sơ", "Tên thủ tục", "Lĩnh vực", "Người nộp", "Ngày tiếp nhận",
           "Ngày hẹn trả", "Ngày có kết quả", "Trạng thái", "Hình thức"]
MAPPING = Mapping(
    columns={"code": "Mã hồ sơ", "procedure_name": "Tên thủ tục", "field": "Lĩnh vực",
             "applicant": "Người nộp", "received_at": "Ngày tiếp nhận",
             "due_at": "Ngày hẹn trả", "resolved_at": "Ngày có kết quả",
             "status": "Trạng thái", "channel": "Hình thức"},
    values={"status": {"dang xu ly": "received", "da co ket qua": "resolved"},
            "channel": {"truc tuyen": "online", "truc tiep": "in_person"}},
    date_formats=("%d/%m/%Y %H:%M",))


def rows(count: int, resolved_share: float, seed: int = 7) -> list[list[str]]:
    start = datetime(2026, 10, 1, 7, 30, tzinfo=LOCAL_TZ)
    out = []
    for index in range(count):
        rng = random.Random(seed * 1_000_003 + index)  # the same dossier in every export
        received = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 80))
        due = received + timedelta(days=rng.choice([0, 3, 5, 15]))
        done = random.Random(index).random() < resolved_share
        resolved = max(received + timedelta(hours=1),
                       due - timedelta(hours=rng.randrange(0, 30)))
        out.append([
            f"G22.99-{received:%y%m%d}-{index:05d}", f"Thủ tục {index % 40}",
            rng.choice(["Hộ tịch", "Chứng thực", "Đất đai"]), f"Công dân {index}",
            f"{received:%d/%m/%Y %H:%M}", f"{due:%d/%m/%Y %H:%M}",
            f"{resolved:%d/%m/%Y %H:%M}" if done else "",
            "Đã có kết quả" if done else "Đang xử lý",
            "Trực tuyến" if rng.random() < 0.95 else "Trực tiếp"])
    return out


def write(path: Path, data: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(data)
    return path


def timed(work: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return round(time.perf_counter() - started, 3), result


def run(backend: str, count: int) -> dict[str, Any]:
    with bench_database(backend) as url, tempfile.TemporaryDirectory() as folder:
        build_center(url)
        db = Database(url)
        first = write(Path(folder) / "q4.csv", rows(count, 0.5))
        later = write(Path(folder) / "q4-later.csv", rows(count, 0.85))
        seconds_first, result_first = timed(lambda: import_file(db, SITE, first, MAPPING))
        seconds_again, result_again = timed(lambda: import_file(db, SITE, first, MAPPING))
        seconds_later, result_later = timed(lambda: import_file(db, SITE, later, MAPPING))
        figures_ms = []
        for _ in range(10):
            seconds, _figures = timed(lambda: wall_figures(db, SITE))
            figures_ms.append(seconds * 1000)
        lookup_ms = []
        for index in range(0, count, max(1, count // 50)):
            seconds, _view = timed(lambda i=index: find_dossier(db, SITE, f"{i:05d}"))
            lookup_ms.append(seconds * 1000)
        db.dispose()
    return {
        "backend": backend, "rows": count,
        "import_s": seconds_first, "import": result_first.as_dict(),
        "reimport_unchanged_s": seconds_again, "reimport": result_again.as_dict(),
        "later_export_s": seconds_later, "later": result_later.as_dict(),
        "wall_figures_ms_p50": round(statistics.median(figures_ms), 1),
        "kiosk_short_code_ms_p50": round(statistics.median(lookup_ms), 2),
        "kiosk_short_code_ms_max": round(max(lookup_ms), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--rows", type=int, default=7000)
    args = parser.parse_args()
    print(json.dumps(run(args.backend, args.rows), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
