"""How long the desk waits for a dossier search (the Hồ sơ tab and the finishing picker run
one per keystroke): DossierService.search over a site's dossiers, every status.

    .venv/bin/python -m bench.bench_dossier_search --backend sqlite|postgresql [--dossiers 20000]

A fresh database gets ``--dossiers`` dossiers bulk-inserted (names from a pool of Vietnamese
names, phones, codes over 200 days; a fifth still open). Then, for each kind of query the
clerk types, the search runs ``--runs`` times: p50 / p95 milliseconds and the rows found.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from bench.common import SITE, bench_database, build_center
from shared.db.database import Database
from shared.dossier_text import search_text
from shared.dossiers import DossierService
from shared.lookups import get_site
from shared.models import Dossier, DossierStatus, Procedure

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
MIDDLE = ("Thị", "Văn", "Hữu", "Minh", "Ngọc", "Đức", "Thanh", "Quốc")
GIVEN = ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phúc",
         "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến", "Đạt")
STATUSES = (DossierStatus.RETURNED,) * 6 + (DossierStatus.RESOLVED, DossierStatus.RECEIVED,
                                            DossierStatus.SUPPLEMENT_REQUESTED,
                                            DossierStatus.REFUSED)


def load(url: str, count: int) -> None:
    build_center(url)
    db = Database(url)
    rng = random.Random(13)
    start = datetime(2026, 5, 1, 1, 0, tzinfo=UTC)
    with db.transaction() as s:
        s.add(Procedure(code="1.004873", name="Cấp Giấy xác nhận tình trạng hôn nhân",
                        field="Hộ tịch", time_limit=3, time_unit="working_days"))
        site_id = get_site(s, SITE).id
        rows: list[dict[str, Any]] = []
        for number in range(count):
            received = start + timedelta(minutes=14 * number)
            code = f"000.00.00.B1-{received:%y%m%d}-{number:06d}"
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            phone = f"09{rng.randrange(10**8):08d}"
            procedure = "Cấp Giấy xác nhận tình trạng hôn nhân"
            rows.append(dict(
                code=code, site_id=site_id, procedure_code="1.004873", procedure_name=procedure,
                channel="in_person", status=str(rng.choice(STATUSES)), applicant_name=name,
                search_text=search_text(code, name, phone, procedure, "1.004873"),
                applicant_address="", applicant_phone=phone,
                applicant_email="", documents=[], copies=1, fee="", delivery="counter",
                received_at=received, due_at=received + timedelta(days=3),
                register_book="2026", register_entry=str(number), note=""))
        s.execute(insert(Dossier), rows)
    db.dispose()


def timed(call: Any, runs: int) -> dict[str, float | int]:
    times, found = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        found = len(call())
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2), "found": found}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--dossiers", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    with bench_database(args.backend) as url:
        began = time.perf_counter()
        load(url, args.dossiers)
        loaded = time.perf_counter() - began
        service = DossierService(Database(url))
        open_ones = (DossierStatus.RECEIVED, DossierStatus.SUPPLEMENT_REQUESTED,
                     DossierStatus.RESOLVED)
        queries: dict[str, Any] = {
            "name_without_accents": lambda: service.search(SITE, "pham thi dung"),
            "phone_digits": lambda: service.search(SITE, "0903"),
            "code_part": lambda: service.search(SITE, "-000123"),
            "one_letter": lambda: service.search(SITE, "n"),
            "picker_open_only": lambda: service.search(SITE, "tran", statuses=open_ones,
                                                       limit=50),
            "no_match": lambda: service.search(SITE, "khong ai co ten nay"),
        }
        report = {"backend": args.backend, "dossiers": args.dossiers,
                  "load_s": round(loaded, 1),
                  **{name: timed(call, args.runs) for name, call in queries.items()}}
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
