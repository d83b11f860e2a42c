"""`layso report`'s text prints every percentage as the console and the XLSX/PDF exports do:
two decimals, a decimal comma, a space before "%" (shared.report_export.numbers)."""

from __future__ import annotations

from dataclasses import replace

from shared.cli.report_cmd import report_text, report_text_en
from shared.db.database import Database
from shared.period_report import PeriodReport, month_bounds, period_report
from shared.ratings import RatingSummary
from shared.report_export.numbers import percent, rate
from shared.reports import Buckets
from tests.center_data import SITE


def _six_of_seven(center: Database) -> PeriodReport:
    """A month with 6 of 7 dossiers early or on time, and 6 of 7 ratings satisfied."""
    report = period_report(center, SITE, *month_bounds(2026, 11))
    total = Buckets(received=7, finished_early=4, finished_on_time=2, finished_late=1)
    return replace(report, dossiers=replace(report.dossiers, total=total,
                                            by_field={"Hộ tịch": total}),
                   ratings=(RatingSummary(1, None, "Nguyễn Thị Lan", 3, {3: 6, 1: 1}),))


def test_report_text_prints_shares_as_the_console_and_exports_do(center: Database) -> None:
    """The on-time share 6/7 prints "85,71 %" and the satisfied share "85,70 %" (it is
    kept to one decimal, 85.7), in both languages: the one function of the exports
    (``rate`` / ``percent``), never "85,7%" or "85.71%"."""
    report = _six_of_seven(center)
    on_time, satisfied = rate(report.dossiers.total.on_time_rate), percent(
        report.satisfied_percent)
    assert (on_time, satisfied) == ("85,71 %", "85,70 %")
    text = report_text(report)
    assert f"Tỷ lệ giải quyết đúng hạn và trước hạn: {on_time}." in text
    assert f"· Hộ tịch: tiếp nhận 7, chuyển qua 0, đã giải quyết 7, đúng hạn {on_time}" in text
    assert f"- 7 lượt đánh giá, {satisfied} hài lòng trở lên." in text
    assert f"· Quầy 1, Nguyễn Thị Lan: 7 lượt, {satisfied} hài lòng" in text
    english = report_text_en(report)
    assert f"on time or early {on_time}." in english
    assert f"Satisfaction: {satisfied} satisfied of 7." in english
