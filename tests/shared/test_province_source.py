"""The OpenCPS statistics as the wall's source (issue 12 item 3), against a local HTTP server
that answers like ``/o/rest/statistics``: the figures used, the agency's total row chosen, a
timeout or an error keeps the last good figures and marks them stale (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from shared.board import BoardReader
from shared.config import ProvinceSettings
from shared.db.database import Database
from shared.dossier_figures import wall_figures
from shared.province_source import SourceError, counts_of, forget, refresh
from shared.queue import QueueService
from shared.status import site_status
from tests.shared import dossier_center
from tests.shared.dossier_center import at, clock_of

center_db = dossier_center.center_db

RESPONSE: dict[str, Any] = {"total": 3, "agency": "", "data": [
    {"month": 3, "year": 2025, "govAgencyCode": "000.00.53.H48", "domainCode": "",
     "undueCount": 37, "overdueCount": 2, "betimesCount": 1246, "ontimeCount": 597,
     "overtimeCount": 1, "remainingCount": 39, "onlineCount": 1832},
    {"month": 3, "year": 2025, "govAgencyCode": "000.00.53.H48", "domainCode": "HOTICH",
     "undueCount": 30, "overdueCount": 2, "betimesCount": 1000, "ontimeCount": 500,
     "overtimeCount": 1},
    {"month": 3, "year": 2025, "govAgencyCode": "000.00.99.H48", "domainCode": "",
     "undueCount": 5, "overdueCount": 9, "betimesCount": 1, "ontimeCount": 1,
     "overtimeCount": 9},
]}


class Statistics:
    """What the fake service answers next: a JSON body, an HTTP status, or a delay."""

    def __init__(self) -> None:
        self.body: bytes = json.dumps(RESPONSE).encode()
        self.status = 200
        self.delay = 0.0
        self.requests: list[tuple[str, str | None]] = []


@pytest.fixture
def opencps() -> Iterator[tuple[str, Statistics]]:
    answer = Statistics()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer.requests.append((self.path, self.headers.get("groupId")))
            time.sleep(answer.delay)
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", answer
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _settings(url: str, **extra: Any) -> ProvinceSettings:
    return ProvinceSettings(source="opencps", source_url=url, agency="000.00.53.H48",
                            group_id="35417", fetch_minutes=10, timeout_seconds=1, **extra)


def test_the_wall_shows_the_provinces_figures_and_says_so(
        center_db: Database, opencps: tuple[str, Statistics]) -> None:
    url, answer = opencps
    clock_of(center_db).moment = at("2025-03-14 10:00")
    assert refresh(center_db, "cs1", _settings(url)).ok
    path, group = answer.requests[0]
    assert path == "/o/rest/statistics?month=3&year=2025&agency=000.00.53.H48"
    assert group == "35417"
    figures = BoardReader(center_db, "cs1").figures().dossiers
    assert (figures.open_within_time, figures.open_overdue) == (37, 2)
    assert figures.open_no_deadline is None  # OpenCPS has no such count: "—", not 0
    assert (figures.finished_early, figures.finished_on_time, figures.finished_late) == (
        1246, 597, 1)
    assert figures.on_time_rate == pytest.approx(1843 / 1844)
    assert figures.source.kind == "opencps" and not figures.source.stale
    assert figures.source.updated_at == at("2025-03-14 10:00")
    status = site_status(center_db, QueueService(center_db), "cs1")["dossier_figures"]
    assert status["open_within_time"] == 37 and status["source"]["kind"] == "opencps"


@pytest.mark.parametrize("failure", ["http_500", "timeout", "not_json", "wrong_shape"])
def test_a_failed_fetch_keeps_the_last_good_figures_marked_stale(
        center_db: Database, opencps: tuple[str, Statistics], failure: str) -> None:
    url, answer = opencps
    clock = clock_of(center_db)
    clock.moment = at("2025-03-14 10:00")
    refresh(center_db, "cs1", _settings(url))
    if failure == "http_500":
        answer.status = 500
    elif failure == "timeout":
        answer.delay = 1.5
    elif failure == "not_json":
        answer.body = "<html>Bảo trì</html>".encode()
    else:
        answer.body = json.dumps({"total": 1, "data": [{"undueCount": "nhiều"}]}).encode()
    clock.moment = at("2025-03-14 10:10")
    started = time.monotonic()
    result = refresh(center_db, "cs1", _settings(url))
    assert not result.ok and result.error
    assert time.monotonic() - started < 3  # the timeout holds
    figures = wall_figures(center_db, "cs1")
    assert figures.open_within_time == 37  # the last good ones
    assert figures.source.stale and figures.source.error == result.error
    assert figures.source.updated_at == at("2025-03-14 10:00")


def test_old_figures_turn_stale_after_three_intervals(
        center_db: Database, opencps: tuple[str, Statistics]) -> None:
    url, _answer = opencps
    clock = clock_of(center_db)
    clock.moment = at("2025-03-14 10:00")
    refresh(center_db, "cs1", _settings(url))
    clock.moment = at("2025-03-14 10:29")
    assert not wall_figures(center_db, "cs1").source.stale
    clock.moment = at("2025-03-14 10:31")
    assert wall_figures(center_db, "cs1").source.stale
    forget(center_db, "cs1")
    assert wall_figures(center_db, "cs1").source.kind == "local"


def test_the_agency_total_row_is_chosen_or_rows_added_up() -> None:
    assert counts_of(RESPONSE, "000.00.99.H48")["overdue"] == 9
    assert counts_of({"data": RESPONSE["data"][0]}, "")["betimes"] == 1246  # a single object
    only_fields = {"data": [dict(RESPONSE["data"][1], domainCode="A"),
                            dict(RESPONSE["data"][1], domainCode="B")]}
    assert counts_of(only_fields, "000.00.53.H48")["undue"] == 60
    with pytest.raises(SourceError, match="không có dòng"):
        counts_of({"total": 0, "data": []})


def test_the_report_of_this_month_heads_with_the_provinces_figures_as_the_board(
        center_db: Database, opencps: tuple[str, Statistics]) -> None:
    """With OpenCPS as the source, the report of this month (object, text, JSON, the summary
    table of the console, XLSX and PDF, the console's cards) shows the board's figures first
    with their source; the dossiers in LấySố stay below, labelled so. Last month's report,
    which the statistics do not cover, is unchanged."""
    from server.admin.reports import _key_figures
    from shared.cli.report_cmd import report_json, report_text, report_text_en
    from shared.dossier_figures import month_bounds_of
    from shared.period_report import period_report
    from shared.report_export.tables import summary

    url, _answer = opencps
    clock = clock_of(center_db)
    clock.moment = at("2025-03-14 10:00")
    assert refresh(center_db, "cs1", _settings(url)).ok
    board = BoardReader(center_db, "cs1").figures().dossiers
    start, end = month_bounds_of(clock.moment)
    report = period_report(center_db, "cs1", start, end)
    assert report.province == board
    assert report.source.kind == "opencps" and report.local_source.kind == "local"
    table = {row[0]: row[1] for row in summary(report).rows}
    assert table["Tỉnh – đang giải quyết trong hạn"] == board.open_within_time == 37
    assert table["Tỉnh – đang giải quyết quá hạn"] == 2
    assert table["Tỉnh – đang giải quyết chưa có hạn"] == "—"
    assert table["Tỉnh – đã giải quyết trước hạn"] == 1246
    assert table["Tỉnh – tỷ lệ đúng hạn và trước hạn"] == board.on_time_rate
    assert str(table["Số liệu của tỉnh tháng 03/2025 (như trên bảng)"]).startswith(
        "Hệ thống một cửa tỉnh (OpenCPS) · cập nhật lúc 10:00")
    assert "Hồ sơ trong LấySố (tiếp nhận tại trung tâm, tệp nhập)" in table
    assert table["Nguồn số liệu hồ sơ trong LấySố"].startswith("Hồ sơ tiếp nhận tại trung tâm")
    rows = [row[0] for row in summary(report).rows]
    assert rows.index("Tỉnh – đang giải quyết trong hạn") < rows.index(
        "Đang giải quyết trong hạn")
    text = report_text(report)
    assert ("Số liệu của tỉnh tháng 03/2025 (như trên bảng; Nguồn: Hệ thống một cửa tỉnh "
            "(OpenCPS)") in text
    assert "đang giải quyết 37 trong hạn, 2 quá hạn, — chưa có hạn" in text
    assert text.index("Số liệu của tỉnh") < text.index("Hồ sơ trong LấySố")
    assert "open 37 within time, 2 overdue" in report_text_en(report)
    as_json = report_json(report)
    assert as_json["province"]["open_within_time"] == 37
    assert as_json["province"]["source"]["kind"] == "opencps"
    assert as_json["dossiers"]["source"]["kind"] == "local"
    cards = {vi: value for vi, _en, value, _tone in _key_figures(report, "vi")}
    assert cards["Đang giải quyết quá hạn (số liệu tỉnh, như trên bảng)"] == "2"
    from shared.report_export.pdf import pdf_bytes
    from shared.report_export.xlsx import workbook_bytes

    assert pdf_bytes(report, "vi").startswith(b"%PDF")
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook_bytes(report, "vi")), read_only=True)
    cells = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)
             if len(row) > 1}
    assert cells["Tỉnh – đang giải quyết trong hạn"] == 37
    book.close()
    # this quarter (still running) too; February: not what the statistics cover
    from shared.period_report import quarter_bounds

    quarter = period_report(center_db, "cs1", *quarter_bounds(2025, 1))
    assert quarter.province == board
    earlier = period_report(center_db, "cs1", *month_bounds_of(at("2025-02-10 10:00")))
    assert earlier.province is None and earlier.source.kind == "local"
    assert "Tỉnh – đang giải quyết trong hạn" not in {row[0] for row in summary(earlier).rows}


def test_the_status_text_uses_words_and_says_why_the_source_is_stale(
        center_db: Database, opencps: tuple[str, Statistics]) -> None:
    """``layso status`` (text): counters and today's dossiers in Vietnamese words, not the
    JSON's keys; a stale source with its reason (the last fetch's error)."""
    from shared.cli.status_cmd import _text

    url, answer = opencps
    clock = clock_of(center_db)
    clock.moment = at("2025-03-14 10:00")
    refresh(center_db, "cs1", _settings(url))
    answer.status = 500
    clock.moment = at("2025-03-14 10:10")
    refresh(center_db, "cs1", _settings(url))
    text = _text(site_status(center_db, QueueService(center_db), "cs1"))
    assert "[đang mở]" in text or "[đóng quầy]" in text or "[tạm nghỉ]" in text
    assert "Hồ sơ hôm nay: tiếp nhận 0, kỳ trước chuyển qua 0" in text
    for key in ("finished_early", "open_within_time", "on_time_rate", "[open]", "[closed]",
                "None"):
        assert key not in text, key
    assert "SỐ LIỆU CŨ (lần lấy gần nhất lỗi: máy chủ thống kê trả lỗi HTTP 500)" in text
