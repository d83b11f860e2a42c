"""Per-keystroke catalog search over 2,000 procedures; prints JSON figures.

The 80 real procedures plus realistic variants (province- and district-level versions,
"with a foreign element", mobile, re-registration...) are imported into a fresh SQLite file
through CatalogService; then several queries are typed letter by letter and each prefix is
searched, as the kiosk does on every keystroke (the citizen's words too: synonyms, typos,
filler words, and a query that finds nothing, which tries every fallback).

    .venv/bin/python bench/bench_catalog_search.py
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere

from shared.catalog import CatalogService
from shared.catalog_csv import ProcedureRow, parse_catalog, portal_url_for
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.paths import CATALOG_DIR

TARGET = 2_000
VARIANTS = (
    " có yếu tố nước ngoài", " lưu động", " (cấp tỉnh)", " (cấp huyện)", " cho người nước ngoài",
    " tại cơ quan đại diện", " đối với trường hợp đặc biệt", " trực tuyến toàn trình",
    " cho công dân Việt Nam cư trú ở nước ngoài", " khi thay đổi nơi cư trú", " (liên thông)",
    " đối với người từ đủ 14 tuổi trở lên", " cho trẻ em dưới 6 tuổi", " lần đầu", " lại",
)
QUERIES = ("dang ky khai sinh", "đăng ký kết hôn", "chung thuc ban sao", "tro cap xa hoi",
           "KHAI TU", "giay xac nhan tinh trang hon nhan", "1.001193", "ho kinh doanh",
           # the citizen's words: synonyms, kí/ký, a typo per word, filler, nothing found
           "sao y bản chính", "giấy độc thân", "làm sổ đỏ", "đăng kí kết hôn", "khia sinh",
           "chng thuc ban sao", "xin giấy khai sinh cho con", "hộ chiếu xe máy")


def _procedures() -> list[ProcedureRow]:
    real = parse_catalog(CATALOG_DIR / "procedures.csv")
    rows = list(real)
    serial = itertools.count(1)
    for variant, base in itertools.product(VARIANTS, real):  # 15 x 80 = 1,200 variants
        if len(rows) >= TARGET:
            break
        code = f"3.{next(serial):06d}"
        rows.append(dataclasses.replace(base, code=code, name=base.name + variant,
                                        portal_url=portal_url_for(code)))
    for number, base in enumerate(itertools.cycle(real[:40]), start=2):
        if len(rows) >= TARGET:
            break
        code = f"3.{next(serial):06d}"
        rows.append(dataclasses.replace(base, code=code, name=f"{base.name} (mẫu {number})",
                                        portal_url=portal_url_for(code)))
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(db)
        catalog = CatalogService(db)
        rows = _procedures()
        started = time.perf_counter()
        catalog.import_rows(rows)
        import_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        catalog.refresh()
        load_ms = (time.perf_counter() - started) * 1000
        timings: list[float] = []
        cpu: list[float] = []  # this process's CPU time: steady on a busy machine
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                started, started_cpu = time.perf_counter(), time.process_time()
                catalog.search(query[:end], limit=20)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        first_for_khai_sinh = catalog.search("dang ky khai sinh")[0].name
        db.dispose()
    timings.sort()
    cpu.sort()
    print(json.dumps({
        "procedures": len(rows),
        "keystrokes": len(timings),
        "search_ms_p50": round(statistics.median(timings), 3),
        "search_ms_p95": round(timings[int(len(timings) * 0.95) - 1], 3),
        "search_ms_max": round(timings[-1], 3),
        "search_cpu_ms_p50": round(statistics.median(cpu), 3),
        "search_cpu_ms_p95": round(cpu[int(len(cpu) * 0.95) - 1], 3),
        "import_ms": round(import_ms, 1),
        "index_load_ms": round(load_ms, 1),
        "first_result_for_dang_ky_khai_sinh": first_for_khai_sinh,
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
