"""The period report's additions from the provincial forms (carried over, per field, partly /
fully online, withdrawn) and its exports: Vietnamese number style, the XLSX workbook (its cells
equal `layso report --json`, native charts in it) and the PDF (real text in the bundled font)."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from shared.cli.main import main
from shared.clock import FixedClock
from shared.db.database import Database
from shared.db.migrate import upgrade
from shared.dossier_views import Applicant
from shared.dossiers import DossierService
from shared.errors import InvalidOperation
from shared.models import Channel, DossierStatus, Procedure
from shared.period_report import period_report
from shared.report_export.numbers import decimal, percent, rate, whole
from shared.report_export.xlsx import HEADER_ROW
from shared.reports import Buckets, OnlineLevel, dossier_report, online_level
from tests.center_data import SITE, build_center
from tests.shared import dossier_center
from tests.shared.dossier_center import FIFTEEN_DAYS, SAME_DAY, THREE_DAYS, UNKNOWN, at, clock_of

center_db = dossier_center.center_db
AN = Applicant("Nguyễn Văn An")


def test_numbers_in_vietnamese_style() -> None:
    """A dot between thousands, a decimal comma, a space before %: 1.881; 97,74 %."""
    assert whole(1881) == "1.881" and whole(1_234_567) == "1.234.567" and whole(0) == "0"
    assert rate(1844 / 1881) == "98,03 %" and rate(0.97744) == "97,74 %"
    assert rate(1.0) == "100,00 %" and rate(None) == "—"
    assert decimal(12.5) == "12,5" and decimal(4.0) == "4" and decimal(1234.5) == "1.234,5"
    assert percent(94.7) == "94,70 %" and percent(50.0) == "50,00 %"  # one format


@pytest.mark.parametrize(("text", "level"), [
    ("Toàn trình", OnlineLevel.FULLY), ("DVC trực tuyến toàn trình", OnlineLevel.FULLY),
    ("Mức độ 4", OnlineLevel.FULLY), ("Một phần", OnlineLevel.PARTLY),
    ("mức độ 3", OnlineLevel.PARTLY), ("", OnlineLevel.UNKNOWN), (None, OnlineLevel.UNKNOWN),
])
def test_online_level_from_the_catalogs_words(text: str | None, level: OnlineLevel) -> None:
    assert online_level(text) is level


def test_carried_over_per_field_online_split_and_withdrawn(center_db: Database) -> None:
    """The week of Mon 17/03/2025, open dossiers as of Fri 21/03 17:00.

    Before it, on Mon 10/03 09:00, in person: A (Chứng thực, 3 working days, due Thu 13/03
    09:00), B (Hộ tịch, same day, resolved that day), C (Hộ tịch, 15 days, withdrawn Wed 12/03)
    and D (Hộ tịch, 15 days, due Tue 25/03). On 17/03 at 09:00 online: E (same day, a
    "Toàn trình" procedure, withdrawn at 10:00), F (3 working days, "Một phần", due Thu 20/03,
    resolved Tue 18/03), G (Hộ tịch, a procedure of no known level and no time limit). A is
    resolved on Tue 18/03 (late).

    Carried over: A and D (B was resolved, C withdrawn before the week) = 2. Received: E, F,
    G = 3, all online: 1 fully (E), 1 partly (F), 1 of unknown level (G). Finished: F early,
    A late (on-time rate 1/2). Withdrawn: E. Open within time: D (due 25/03); G (no due date) is
    open with no due date ("chưa có hạn"), none overdue. Per field: Chứng thực carried over 1
    (A), received 1 (F), early 1, late 1; Hộ tịch carried over 1 (D), received 2 (E, G),
    withdrawn 1, open within time 1, open with no due date 1.
    """
    with center_db.transaction() as session:
        for code, level in ((SAME_DAY, "Toàn trình"), (THREE_DAYS, "Một phần")):
            session.execute(update(Procedure).where(Procedure.code == code)
                            .values(online_level=level))
    service, clock = DossierService(center_db), clock_of(center_db)
    a, b, c, _d = (service.receive("cs1", code, AN).code
                   for code in (THREE_DAYS, SAME_DAY, FIFTEEN_DAYS, FIFTEEN_DAYS))
    service.resolve(b)
    clock.moment = at("2025-03-12 10:00")
    assert service.withdraw(c, note="Công dân xin rút").status == DossierStatus.WITHDRAWN
    clock.moment = at("2025-03-17 09:00")
    e, f, _g = (service.receive("cs1", code, AN, channel=Channel.ONLINE).code
                for code in (SAME_DAY, THREE_DAYS, UNKNOWN))
    clock.moment = at("2025-03-17 10:00")
    service.withdraw(e)
    clock.moment = at("2025-03-18 10:00")
    service.resolve(f)
    service.resolve(a)

    week = dossier_report(center_db, "cs1", at("2025-03-17 00:00"), at("2025-03-24 00:00"),
                          as_of=at("2025-03-21 17:00"))
    total = week.total
    assert (total.carried_over, total.received, total.withdrawn) == (2, 3, 1)
    assert (total.finished_early, total.finished_on_time, total.finished_late) == (1, 0, 1)
    assert (total.open_within_time, total.open_overdue, total.open_no_deadline) == (1, 0, 1)
    assert total.on_time_rate == 0.5
    assert week.by_channel[Channel.IN_PERSON] == Buckets(carried_over=2, finished_late=1,
                                                         open_within_time=1)
    levels = week.by_online_level
    assert levels[OnlineLevel.FULLY] == Buckets(received=1, withdrawn=1)
    assert levels[OnlineLevel.PARTLY] == Buckets(received=1, finished_early=1)
    assert levels[OnlineLevel.UNKNOWN] == Buckets(received=1, open_no_deadline=1)
    assert list(week.by_field) == ["Chứng thực", "Hộ tịch"]
    assert week.by_field["Chứng thực"] == Buckets(carried_over=1, received=1,
                                                  finished_early=1, finished_late=1)
    assert week.by_field["Hộ tịch"] == Buckets(carried_over=1, received=2, withdrawn=1,
                                               open_within_time=1, open_no_deadline=1)
    # Withdrawn is final: it cannot be withdrawn again, nor resolved.
    for action in (service.withdraw, service.resolve):
        with pytest.raises(InvalidOperation):
            action(e)

    # Month by month: March holds all seven, April none.
    report = period_report(center_db, "cs1", at("2025-03-01 00:00"), at("2025-05-01 00:00"),
                           as_of=at("2025-03-21 17:00"))
    assert [month.dossiers.received for month in report.months] == [7, 0]
    assert report.months[0].dossiers.withdrawn == 2
    assert report.months[1].dossiers.carried_over == 2  # D and G, still open on 1 April


def _sample_center(url: str, clock: FixedClock) -> None:
    """The test center (tests/center_data.py) with a morning of the queue and dossiers:
    4 numbers issued for HT (3 served, waits 5, 10, 15 min; 1 no-show), 2 ratings (one
    unhappy); dossiers: 2 online (one partly online, resolved early; one fully online, withdrawn)
    and 1 in person (open)."""
    from tests.shared.test_period_report import _morning

    db = Database(url, clock=clock)
    upgrade(db)
    build_center(db)
    with db.transaction() as session:
        session.add_all([
            Procedure(code="2.000815", name="Chứng thực hợp đồng", field="Chứng thực",
                      time_limit=3, time_unit="working_days", online_level="Một phần"),
            Procedure(code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch",
                      time_limit=0, time_unit="working_days", online_level="Toàn trình")])
    dossiers = DossierService(db)
    early = dossiers.receive(SITE, "2.000815", AN, channel=Channel.ONLINE).code
    withdrawn = dossiers.receive(SITE, "1.001193", AN, channel=Channel.ONLINE).code
    dossiers.receive(SITE, "1.001193", AN)
    _morning(db, clock)
    dossiers.resolve(early)
    dossiers.withdraw(withdrawn)
    db.dispose()


def _sheet_rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def test_the_workbook_holds_the_jsons_figures_and_native_charts(
        tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> None:
    """`layso report 2026-Q4 --json --xlsx FILE --pdf FILE`: each sheet's numbers (numbers,
    not text) equal the JSON's; the workbook carries Excel charts; the PDF is text in the
    bundled Noto Sans with the Vietnamese headings and figures in Vietnamese style."""
    from openpyxl import load_workbook

    url = f"sqlite:///{tmp_path}/report.db"
    _sample_center(url, clock)
    xlsx, pdf = tmp_path / "bao-cao.xlsx", tmp_path / "bao-cao.pdf"
    assert main(["--db", url, "--site", SITE, "--json", "report", "2026-Q4",
                 "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    data = json.loads(capsys.readouterr().out)
    dossiers, queue = data["dossiers"], data["queue"]
    assert (dossiers["received"], dossiers["withdrawn"], dossiers["finished_early"]) == (3, 1, 1)
    assert dossiers["by_online_level"]["fully"]["received"] == 1

    book = load_workbook(xlsx)
    assert book.sheetnames == ["Tổng hợp", "Theo kênh", "Theo lĩnh vực", "Theo tháng",
                               "Theo dịch vụ", "Theo giờ", "Chờ theo giờ", "Hài lòng"]
    summary = dict(_sheet_rows(book["Tổng hợp"]))
    assert summary["Hồ sơ tiếp nhận trong kỳ"] == dossiers["received"]
    assert summary["Công dân rút hồ sơ"] == dossiers["withdrawn"]
    assert summary["   + toàn trình"] == dossiers["by_online_level"]["fully"]["received"]
    assert summary["Tỷ lệ giải quyết đúng hạn và trước hạn"] == dossiers["on_time_rate"] == 1.0
    assert summary["Thời gian chờ, trung vị (phút)"] == queue["wait"]["median_minutes"] == 12.5
    # every rate a share (0..1) shown with a percent format, so formulas can mix them
    assert summary["Tỷ lệ hài lòng"] == data["satisfaction"]["satisfied_percent"] / 100 == 0.5

    names = ("carried_over", "received", "finished_early", "finished_on_time",
             "finished_late", "finished_no_deadline", "open_within_time", "open_overdue",
             "open_no_deadline", "withdrawn", "refused", "on_time_rate")
    channels = {row[0]: row[1:] for row in _sheet_rows(book["Theo kênh"])}
    assert channels["Tổng cộng"] == tuple(dossiers[name] for name in names)
    assert channels["Trực tuyến toàn trình"] == tuple(
        dossiers["by_online_level"]["fully"][name] for name in names)
    assert channels["Trực tiếp"] == tuple(dossiers["by_channel"]["in_person"][name]
                                          for name in names)
    fields = {row[0]: row[1:] for row in _sheet_rows(book["Theo lĩnh vực"])}
    for item in dossiers["by_field"]:
        assert fields[item["field"]] == tuple(item[name] for name in names)
    months = _sheet_rows(book["Theo tháng"])
    assert [row[0] for row in months] == ["10/2026", "11/2026", "12/2026"]
    assert [row[1] for row in months] == [m["received"] for m in dossiers["by_month"]]
    services = {row[0]: row[1:] for row in _sheet_rows(book["Theo dịch vụ"])}
    for item in queue["services"]:
        assert services[item["name"]][:5] == (item["issued"], item["priority"], item["served"],
                                              item["no_show"], item["cancelled"])
        assert services[item["name"]][5] == item["wait"]["median_minutes"]
    assert services["Tổng cộng"][2] == queue["served"] == 3
    hours = _sheet_rows(book["Theo giờ"])
    assert hours == [("09:00–10:00", 4, queue["wait_by_hour"]["9"])]
    ratings = _sheet_rows(book["Hài lòng"])
    assert ratings[-1][:5] == ("Tổng cộng", None, 2, 1, 1)
    total_rate = book["Theo kênh"].cell(book["Theo kênh"].max_row, 13)  # a number, shown as %
    assert total_rate.value == 1.0 and total_rate.number_format == "0.00%"
    with zipfile.ZipFile(xlsx) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) >= 5  # by channel, field, month, service, hour, waits, ratings
    rates = [cell for sheet in book for row in sheet.iter_rows(min_row=HEADER_ROW + 1)
             for cell in row if "%" in cell.number_format]
    assert {cell.parent.title for cell in rates} == {  # the satisfied share's included
        "Tổng hợp", "Theo kênh", "Theo lĩnh vực", "Theo tháng", "Hài lòng"}
    for cell in rates:  # a number between 0 and 1 with Excel's percent format, no literal "%"
        assert isinstance(cell.value, int | float) and 0 <= cell.value <= 1, cell.coordinate
        assert cell.number_format == "0.00%", (cell.parent.title, cell.coordinate)
    assert [row[0] for row in ratings[:-1]] == [1]  # the counter is a number, not "1"

    english = tmp_path / "report.xlsx"
    assert main(["--db", url, "--site", SITE, "--language", "en", "report", "2026-Q4",
                 "--xlsx", str(english)]) == 0
    assert load_workbook(english).sheetnames == [
        "Summary", "By channel", "By field", "By month", "By service", "By hour",
        "Wait by service and hour", "Satisfaction"]

    raw = pdf.read_bytes()
    assert raw.startswith(b"%PDF") and b"/FontFile2" in raw and b"NotoSans" in raw
    text = _pdf_text(pdf)
    for heading in ("BÁO CÁO KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ", "Hồ sơ theo kênh tiếp nhận",
                    "Hồ sơ theo lĩnh vực", "Trực tuyến toàn trình", "Hồ sơ kỳ trước chuyển qua",
                    "Công dân rút hồ sơ", "Mức độ hài lòng theo quầy và cán bộ",
                    "01/10/2026 – 31/12/2026"):
        assert heading in text, heading
    assert "100,00 %" in text and "12,5" in text and "50,00 %" in text
    # the summary whole on page 1 with its heading (a wrapped source cell pushed its last
    # rows, "Tỷ lệ hài lòng" among them, alone onto page 2)
    first = _pdf_pages(pdf)[0]
    for line in ("Số liệu tổng hợp", "Hồ sơ kỳ trước chuyển qua", "Nguồn số liệu hồ sơ",
                 "Lượt đánh giá", "Tỷ lệ hài lòng"):
        assert line in first, line


def _pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext (poppler-utils) extracts it."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: scripts/system-deps.sh")
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, timeout=60)
    return " ".join(done.stdout.decode().split())


def _pdf_pages(path: Path) -> list[str]:
    """The text of each page (pdftotext puts a form feed between pages)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: scripts/system-deps.sh")
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, timeout=60)
    return [" ".join(page.split()) for page in done.stdout.decode().split("\f")
            if page.strip()]


def test_a_long_table_breaks_with_its_heading_and_never_leaves_its_last_rows_alone(
        tmp_path: Path) -> None:
    """A table too long for what is left of the page is moved whole to the next page when
    it fits there; a longer one is split with its heading row repeated, at least three of its
    rows (the total among them) on its last page; the title never ends a page alone. Tables of
    14 to 33 rows (a page holds about 30) after 0 to 15 lines of text: the breaks land
    everywhere, the last one or two rows of a long table alone among them."""
    from fpdf import FPDF

    from shared.paths import FONTS_DIR
    from shared.report_export.pdf import FONT, place_table
    from shared.report_export.tables import Column, Table

    columns = (Column("Dịch vụ", "Service", "text"), Column("Số đã cấp", "Issued"))
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_font(FONT, "", str(FONTS_DIR / "NotoSans-Regular.ttf"))
    pdf.add_font(FONT, "B", str(FONTS_DIR / "NotoSans-Bold.ttf"))
    cases = [(count, lines) for count in (14, 22, 31, 32, 33) for lines in range(0, 16, 3)]
    for case, (count, lines) in enumerate(cases):
        pdf.add_page()
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, "Văn bản.\n" * lines, new_x="LMARGIN", new_y="NEXT")
        rows = (*((f"Dịch vụ {case}-{index}", index) for index in range(1, count)),
                (f"Tổng cộng {case}.", count))
        place_table(pdf, Table(f"t{case}", "Bảng", "Table", f"Bảng thử {case}.", "Test",
                               columns, rows, has_total=True), "vi")
    path = tmp_path / "tables.pdf"
    pdf.output(str(path))
    pages = _pdf_pages(path)
    split = 0
    for case, (count, lines) in enumerate(cases):
        mine = [page for page in pages
                if f"Dịch vụ {case}-" in page or f"Tổng cộng {case}." in page]
        assert f"Bảng thử {case}." in mine[0], (count, lines)  # the title over the first rows
        for page in mine:  # the heading row on every page of the table
            assert "Dịch vụ Số đã cấp" in page, (count, lines, page[:80])
        held = mine[-1].count(f"Dịch vụ {case}-") + 1  # and the total
        assert f"Tổng cộng {case}." in mine[-1] and held >= 3, (count, lines, held)
        assert sum(page.count(f"Dịch vụ {case}-") for page in mine) == count - 1
        split += len(mine) > 1
    assert split >= 10


def test_layso_dossier_withdraw_and_the_reports_count(
        tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]) -> None:
    """`layso dossier withdraw CODE` closes the dossier; `layso report` counts it."""
    url = f"sqlite:///{tmp_path}/withdraw.db"
    db = Database(url, clock=clock)
    upgrade(db)
    build_center(db)
    with db.transaction() as session:
        session.add(Procedure(code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch",
                              time_limit=0, time_unit="working_days"))
    code = DossierService(db).receive(SITE, "1.001193", AN).code
    db.dispose()
    assert main(["--db", url, "--site", SITE, "dossier", "withdraw", code,
                 "--reason", "Công dân xin rút"]) == 0
    assert "Công dân đã rút hồ sơ" in capsys.readouterr().out
    # (the CLI stamps the withdrawal with the real clock: the range holds both moments)
    assert main(["--db", url, "--site", SITE, "report", "--from", "2026-11-01", "--to",
                 "2099-12-31"]) == 0
    text = capsys.readouterr().out
    assert "công dân rút 1" in text and "Kỳ trước chuyển qua 0 hồ sơ" in text
    assert "· Hộ tịch: tiếp nhận 1, chuyển qua 0, đã giải quyết 0" in text
