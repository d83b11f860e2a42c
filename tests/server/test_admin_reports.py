"""/admin/reports through the TestClient on SQLite and PostgreSQL: refused without a log-in, the
period report with its charts and tables for a supervisor, a bad period explained, and the
XLSX and PDF downloads of the same figures."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from shared.db.database import Database
from shared.dossier_views import Applicant
from shared.dossiers import DossierService
from shared.models import Channel, Procedure
from shared.queue import QueueService
from shared.report_export.xlsx import HEADER_ROW
from tests.center_data import SITE
from tests.server.admin_helpers import log_in


def _a_few_figures(db: Database) -> None:
    """Two numbers issued for HT; a dossier received online for a fully online procedure
    (Hộ tịch) and one in person, withdrawn."""
    with db.transaction() as session:
        session.add(Procedure(code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch",
                              time_limit=0, time_unit="working_days",
                              online_level="Toàn trình"))
    queue = QueueService(db)
    queue.issue_ticket(SITE, "HT")
    queue.issue_ticket(SITE, "HT")
    dossiers = DossierService(db)
    dossiers.receive(SITE, "1.001193", Applicant("Nguyễn Văn An"), channel=Channel.ONLINE)
    withdrawn = dossiers.receive(SITE, "1.001193", Applicant("Trần Thị Bình")).code
    dossiers.withdraw(withdrawn)


def test_strangers_are_sent_to_the_login(client: Any) -> None:
    """The page and both files need a console log-in."""
    for path in ("/admin/reports", "/admin/reports/report.xlsx?period=2026-Q4",
                 "/admin/reports/report.pdf?period=2026-Q4"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/admin/login?next=")


def test_the_page_shows_the_quarter_with_charts_and_the_new_rows(client: Any,
                                                                 center: Database) -> None:
    """Without a period: the current quarter (the test clock: 23/11/2026 → Q4); the key
    figures, six SVG charts, the rows per channel with fully online and the withdrawn."""
    _a_few_figures(center)
    log_in(client, "boss")
    page = client.get("/admin/reports")
    assert page.status_code == 200
    html = page.text
    assert "Báo cáo kỳ <span class=\"period\">01/10/2026 – 31/12/2026</span>" in html
    assert html.count("<svg class=\"chart\"") == 6
    for text in ("Kỳ trước chuyển qua", "Trực tuyến toàn trình", "Rút hồ sơ", "Hộ tịch",
                 "Hồ sơ theo lĩnh vực", "Tỷ lệ giải quyết đúng hạn theo tháng",
                 "Thời gian chờ trung vị (phút) theo dịch vụ và giờ lấy số",
                 "report.xlsx?site=HQ&amp;period=2026-Q4"):
        assert text in html, text
    month = client.get("/admin/reports", params={"period": "2026-11", "lang": "en"})
    assert "01/11/2026 – 30/11/2026" in month.text and "Fully online" in month.text


def test_a_bad_period_is_explained_on_the_page(client: Any) -> None:
    log_in(client, "boss")
    bad = client.get("/admin/reports", params={"period": "2026-Q7"})
    assert bad.status_code == 422 and "2026-Q7" in bad.text and "không hợp lệ" in bad.text
    backwards = client.get("/admin/reports", params={"start": "2026-11-30",
                                                     "end": "2026-11-01"})
    assert backwards.status_code == 422
    assert "Ngày kết thúc phải sau ngày bắt đầu" in backwards.text
    assert client.get("/admin/reports/report.xlsx",
                      params={"period": "nonsense"}).status_code == 422


def test_the_downloads_hold_the_report(client: Any, center: Database) -> None:
    """The XLSX opens with openpyxl with the figures as numbers; the PDF is a PDF; both are
    attachments named after the site and period."""
    from openpyxl import load_workbook

    _a_few_figures(center)
    log_in(client, "boss")
    xlsx = client.get("/admin/reports/report.xlsx",
                      params={"site": SITE, "start": "2026-11-01", "end": "2026-11-30"})
    assert xlsx.status_code == 200
    assert xlsx.headers["content-disposition"] == \
        'attachment; filename="bao-cao-HQ-20261101-20261130.xlsx"'
    book = load_workbook(BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(
        min_row=HEADER_ROW + 1, values_only=True)}
    assert summary["Hồ sơ tiếp nhận trong kỳ"] == 2
    assert summary["   + toàn trình"] == 1 and summary["Công dân rút hồ sơ"] == 1
    assert summary["Số thứ tự đã cấp"] == 2
    assert book["Tổng hợp"]["A2"].value == "Cơ sở HQ · 01/11/2026 – 30/11/2026"
    pdf = client.get("/admin/reports/report.pdf", params={"period": "2026-Q4"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    assert 'filename="bao-cao-HQ-2026-Q4.pdf"' in pdf.headers["content-disposition"]
    english = client.get("/admin/reports/report.xlsx", params={"period": "2026-Q4", "lang": "en"})
    assert 'filename="report-HQ-2026-Q4.xlsx"' in english.headers["content-disposition"]


def test_a_long_service_name_fits_the_heat_maps_labels_and_percentages_have_one_format(
        ) -> None:
    """The heat map's label column is 200 px: "Bảo trợ xã hội, Người có công, Trẻ em" ran off
    the chart's left edge; it is cut with "…", the whole name as its tooltip. A percentage
    already in percent (satisfaction) is written as a share is (two decimals)."""
    from server.admin.report_charts import _fitted_label
    from shared.report_export.numbers import percent, rate

    long_name = "Bảo trợ xã hội, Người có công, Trẻ em"
    svg = _fitted_label(192, 10, long_name, 188, size=11)
    assert ">Bảo trợ xã hội, Người có công…</text>" in svg
    assert f"<title>{long_name}</title>" in svg
    assert _fitted_label(192, 10, "Hộ tịch", 188, size=11).endswith("Hộ tịch</text>")
    assert percent(95.5) == "95,50 %" == rate(0.955)
