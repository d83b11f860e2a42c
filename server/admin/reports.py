"""``/admin/reports``: the period report of a site (a month, a quarter or a range of days) in the
browser, for supervisors and admins, and the files a manager hands in.

- ``GET /admin/reports[?site=HQ][&period=2026-Q4 | &start=2026-10-01&end=2026-12-31]``: the page
  (the figures the centers publish, charts drawn on the server as inline SVG by
  ``server.admin.report_charts``, and every table of the report); without a period, the
  current quarter;
- ``GET /admin/reports/report.xlsx?…`` and ``/report.pdf?…``: the same report as an Excel
  workbook or a PDF (``shared.report_export``), as ``layso report … --xlsx/--pdf`` writes them.

A supervisor attached to a site sees only that site's report; an admin or a supervisor of no
site chooses among all. The figures are the core's (``shared.period_report``), as the CLI's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from server.admin import report_charts
from server.admin.render import page
from server.admin.sessions import AdminSession, Session
from server.admin.site_choice import console_site, console_sites
from server.errors import ApiError
from server.pages import language
from server.state import server_state
from shared.clock import LOCAL_TZ, local
from shared.errors import InvalidOperation
from shared.period_report import PeriodReport, parse_period, period_report
from shared.report_export import tables
from shared.views import SiteView

router = APIRouter(prefix="/admin/reports", include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Choice:
    """The period asked for: its bounds, how to ask for it again, a name for files."""

    start: datetime
    end: datetime
    query: dict[str, str]
    slug: str


def _site(request: Request, session: AdminSession, code: str | None) -> SiteView:
    return console_site(request, session, code, unseen=(
        "không xem được báo cáo của cơ sở này", "not one you may see"))


def _day(text: str, name_vi: str, name_en: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidOperation(f"{name_vi} {text!r} không hợp lệ: dùng dạng 2026-10-01.",
                               f"{name_en} {text!r} is not valid: use 2026-10-01.") from None


def choose_period(period: str | None, start: str | None, end: str | None,
                  today: date) -> Choice:
    """``period`` (2026-Q4, 2026-11), else ``start``..``end`` (days, both included), else
    the quarter of ``today``. InvalidOperation with the reason if they make no period."""
    if start or end:
        if not (start and end):
            raise InvalidOperation("Hãy chọn cả ngày bắt đầu và ngày kết thúc.",
                                   "Choose both the first and the last day.")
        first = _day(start, "Ngày bắt đầu", "The first day")
        last = _day(end, "Ngày kết thúc", "The last day")
        if last < first:
            raise InvalidOperation("Ngày kết thúc phải sau ngày bắt đầu.",
                                   "The last day must come after the first.")
        return Choice(datetime.combine(first, time(0), LOCAL_TZ),
                      datetime.combine(last + timedelta(days=1), time(0), LOCAL_TZ),
                      {"start": first.isoformat(), "end": last.isoformat()},
                      f"{first:%Y%m%d}-{last:%Y%m%d}")
    if not period:
        period = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    bounds = parse_period(period)
    slug = period.strip().upper().replace("Q", "-Q").replace("--", "-")
    return Choice(*bounds, {"period": period.strip()}, slug)


def shortcuts(today: date) -> list[tuple[str, str, str]]:
    """(period, Vietnamese, English) for the quick choices: this and last month and quarter."""
    quarter = (today.month - 1) // 3 + 1
    last_month = today.replace(day=1) - timedelta(days=1)
    last_quarter = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    return [
        (f"{today.year}-{today.month:02d}", "Tháng này", "This month"),
        (f"{last_month.year}-{last_month.month:02d}", "Tháng trước", "Last month"),
        (f"{today.year}-Q{quarter}", "Quý này", "This quarter"),
        (f"{last_quarter[0]}-Q{last_quarter[1]}", "Quý trước", "Last quarter"),
    ]


def _report(request: Request, site: str, choice: Choice) -> PeriodReport:
    state = server_state(request)
    return period_report(state.db, site, choice.start, choice.end,
                         stale_minutes=state.settings.province.stale_minutes)


def _today(request: Request) -> date:
    db = server_state(request).db
    with db.reading() as session:
        return local(db.now(session)).date()


@router.get("")
def reports_page(request: Request, session: Session, site: str | None = None,
                 period: str | None = None, start: str | None = None,
                 end: str | None = None) -> Response:
    chosen = _site(request, session, site)
    today = _today(request)
    lang = language(request)
    context: dict[str, Any] = {
        "sites": console_sites(request, session), "site": chosen, "today": today,
        "shortcuts": shortcuts(today), "period": period or "", "start": start or "",
        "end": end or ""}
    try:
        choice = choose_period(period, start, end, today)
        report = _report(request, chosen.code, choice)
    except InvalidOperation as error:
        return page(request, "reports.html", session, status_code=422, report=None,
                    error=error.localized(lang), **context)
    query = urlencode({"site": chosen.code, **choice.query})
    if not (period or start or end):
        context["period"] = choice.query["period"]
    return page(request, "reports.html", session, report=report, error=None,
                query=query, period_text=tables.period_text(report),
                key=_key_figures(report, lang), charts=report_charts.all_charts(report, lang),
                tables=tables.all_tables(report, lang), **context)


@router.get("/report.xlsx")
def report_xlsx(request: Request, session: Session, site: str | None = None,
                period: str | None = None, start: str | None = None,
                end: str | None = None) -> Response:
    from shared.report_export.xlsx import workbook_bytes

    chosen, choice, report = _for_file(request, session, site, period, start, end)
    return _file(workbook_bytes(report, language(request)), XLSX,
                 _file_name(request, chosen, choice, "xlsx"))


@router.get("/report.pdf")
def report_pdf(request: Request, session: Session, site: str | None = None,
               period: str | None = None, start: str | None = None,
               end: str | None = None) -> Response:
    from shared.report_export.pdf import pdf_bytes

    chosen, choice, report = _for_file(request, session, site, period, start, end)
    data = pdf_bytes(report, language(request), site_name=chosen.name,
                     printed_at=datetime.now(LOCAL_TZ))
    return _file(data, "application/pdf", _file_name(request, chosen, choice, "pdf"))


def _file_name(request: Request, site: SiteView, choice: Choice, extension: str) -> str:
    """``bao-cao-CS1-2026-Q4.xlsx``, or ``report-CS1-2026-Q4.xlsx`` in English."""
    stem = "report" if language(request) == "en" else "bao-cao"
    return f"{stem}-{site.code}-{choice.slug}.{extension}"


def _for_file(request: Request, session: AdminSession, site: str | None, period: str | None,
              start: str | None, end: str | None) -> tuple[SiteView, Choice, PeriodReport]:
    chosen = _site(request, session, site)
    try:
        choice = choose_period(period, start, end, _today(request))
    except InvalidOperation as error:
        raise ApiError(422, "invalid_period", error.message, error.message_en) from None
    return chosen, choice, _report(request, chosen.code, choice)


def _file(data: bytes, media_type: str, filename: str) -> Response:
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})


def _key_figures(report: PeriodReport, lang: str) -> list[tuple[str, str, str, str]]:
    """(Vietnamese, English, the figure in Vietnamese style, a tone) for the cards on top."""
    from shared.report_export.numbers import decimal, percent, rate, whole

    total, queue = report.dossiers.total, report.queue.total
    on_time, overdue = total.on_time_rate, total.open_overdue
    mark_vi = mark_en = ""
    if report.province is not None:  # the province's, as the wall shows them
        on_time, overdue = report.province.on_time_rate, report.province.open_overdue
        mark_vi, mark_en = " (số liệu tỉnh, như trên bảng)", " (province, as on the board)"
    return [
        ("Tiếp nhận trong kỳ", "Received", whole(total.received), ""),
        ("Kỳ trước chuyển qua", "Carried over", whole(total.carried_over), ""),
        ("Đã giải quyết", "Finished", whole(total.finished), ""),
        ("Tỷ lệ đúng hạn" + mark_vi, "On time or early" + mark_en, rate(on_time),
         "" if on_time is None else ("ok" if on_time >= 0.95 else "warn")),
        ("Đang giải quyết quá hạn" + mark_vi, "Open overdue" + mark_en, whole(overdue),
         "bad" if overdue else "ok"),
        ("Rút hồ sơ", "Withdrawn", whole(total.withdrawn), ""),
        ("Số thứ tự đã cấp", "Numbers issued", whole(queue.issued), ""),
        ("Chờ trung vị", "Median wait", f"{decimal(queue.wait.median)} "
         f"{'min' if lang == 'en' else 'phút'}" if queue.wait.median is not None else "—", ""),
        ("Hài lòng", "Satisfied", percent(report.satisfied_percent), ""),
    ]
