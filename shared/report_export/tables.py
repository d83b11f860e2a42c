"""The period report as titled tables: the one layout the page, the workbook and the PDF share.

Cells hold raw numbers (``int``, ``float``, ``None`` for "no figure"); each column says how to
show them (``Column.kind``): ``text``, ``int``, ``rate`` (a share, 0.9774 → 97,74 %), ``pct``
(already in percent, 95.5 → 95,5 %), ``minutes`` (12.5 → 12,5). Rates are the JSON's
(``layso report --json``) as they are, so a workbook's cells equal the JSON's figures (the
workbook stores a ``pct`` as a share, 95.5 → 0.955, so every rate there is a share).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.clock import local
from shared.dossier_figures import DossierFigures, FigureSource
from shared.models import Channel
from shared.period_report import PeriodReport, ServiceFigures
from shared.ratings import levels
from shared.report_export.numbers import formatted
from shared.reports import Buckets, OnlineLevel


@dataclass(frozen=True)
class Column:
    vi: str
    en: str
    kind: str = "int"

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


@dataclass(frozen=True)
class Table:
    """One table: ``key`` names it in code; ``sheet_vi`` and ``sheet_en`` are its sheet's
    names (≤ 31 chars, Excel's limit); the last row is a total when ``has_total``."""

    key: str
    sheet_vi: str
    sheet_en: str
    vi: str
    en: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]
    has_total: bool = False
    #: a "mixed" column's kind, row by row (the summary's values)
    row_kinds: tuple[str, ...] = ()

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi

    def sheet(self, lang: str) -> str:
        return self.sheet_en if lang == "en" else self.sheet_vi

    def kind(self, row: int, column: int) -> str:
        kind = self.columns[column].kind
        return self.row_kinds[row] if kind == "mixed" else kind

    def text(self, row: int, column: int) -> str:
        """A cell in Vietnamese number style."""
        return formatted(self.rows[row][column], self.kind(row, column))


def period_text(report: PeriodReport, lang: str = "vi") -> str:
    """"01/10/2026 – 31/12/2026" (the last day included)."""
    last = local(report.end) - timedelta(days=1)
    return f"{local(report.start):%d/%m/%Y} – {last:%d/%m/%Y}"


# ----------------------------------------------------------------------------- dossiers
#: the provincial forms' columns, in their order: (Buckets attribute or property, vi, en, kind)
BUCKET_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("carried_over", "Kỳ trước chuyển qua", "Carried over", "int"),
    ("received", "Tiếp nhận trong kỳ", "Received", "int"),
    ("finished_early", "Giải quyết trước hạn", "Finished early", "int"),
    ("finished_on_time", "Giải quyết đúng hạn", "Finished on time", "int"),
    ("finished_late", "Giải quyết quá hạn", "Finished late", "int"),
    ("finished_no_deadline", "Giải quyết (chưa có thời hạn)", "Finished (no time limit)",
     "int"),
    ("open_within_time", "Đang giải quyết trong hạn", "Open within time", "int"),
    ("open_overdue", "Đang giải quyết quá hạn", "Open overdue", "int"),
    ("open_no_deadline", "Đang giải quyết chưa có hạn", "Open, no due date", "int"),
    ("withdrawn", "Rút hồ sơ", "Withdrawn", "int"),
    ("refused", "Từ chối", "Refused", "int"),
    ("on_time_rate", "Tỷ lệ đúng hạn", "On time or early", "rate"),
)

CHANNEL_TEXT: dict[Channel, tuple[str, str]] = {
    Channel.IN_PERSON: ("Trực tiếp", "In person"),
    Channel.ONLINE: ("Trực tuyến", "Online"),
    Channel.POST: ("Bưu chính", "By post"),
}
ONLINE_TEXT: dict[OnlineLevel, tuple[str, str]] = {
    OnlineLevel.PARTLY: ("Trực tuyến một phần", "Partly online"),
    OnlineLevel.FULLY: ("Trực tuyến toàn trình", "Fully online"),
    OnlineLevel.UNKNOWN: ("Trực tuyến (chưa rõ mức độ)", "Online (level unknown)"),
}
TOTAL = ("Tổng cộng", "Total")
NO_FIELD = ("Khác (thủ tục ngoài danh mục)", "Other (procedure not in the catalog)")


def _t(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _bucket_row(label: str, buckets: Buckets) -> tuple[object, ...]:
    return (label, *(getattr(buckets, name) for name, _vi, _en, _kind in BUCKET_COLUMNS))


def _bucket_columns(first_vi: str, first_en: str) -> tuple[Column, ...]:
    return (Column(first_vi, first_en, "text"),
            *(Column(vi, en, kind) for _name, vi, en, kind in BUCKET_COLUMNS))


def channel_rows(report: PeriodReport, lang: str = "vi") -> list[tuple[str, Buckets]]:
    """In person, online split by level (partly, fully, unknown if any), by post."""
    dossiers = report.dossiers
    rows = [(_t(CHANNEL_TEXT[Channel.IN_PERSON], lang),
             dossiers.by_channel.get(Channel.IN_PERSON, Buckets()))]
    for level in OnlineLevel:
        buckets = dossiers.by_online_level.get(level, Buckets())
        if level is not OnlineLevel.UNKNOWN or buckets != Buckets():
            rows.append((_t(ONLINE_TEXT[level], lang), buckets))
    rows.append((_t(CHANNEL_TEXT[Channel.POST], lang),
                 dossiers.by_channel.get(Channel.POST, Buckets())))
    return rows


def by_channel(report: PeriodReport, lang: str = "vi") -> Table:
    rows = [_bucket_row(label, buckets) for label, buckets in channel_rows(report, lang)]
    rows.append(_bucket_row(_t(TOTAL, lang), report.dossiers.total))
    return Table("by_channel", "Theo kênh", "By channel", "Hồ sơ theo kênh tiếp nhận",
                 "Dossiers by channel", _bucket_columns("Kênh", "Channel"), tuple(rows),
                 has_total=True)


def by_field(report: PeriodReport, lang: str = "vi") -> Table:
    """A row per field ("lĩnh vực"), by name; procedures outside the catalog last."""
    fields = report.dossiers.by_field
    names = sorted(name for name in fields if name) + ([""] if "" in fields else [])
    rows = [_bucket_row(name or _t(NO_FIELD, lang), fields[name]) for name in names]
    rows.append(_bucket_row(_t(TOTAL, lang), report.dossiers.total))
    return Table("by_field", "Theo lĩnh vực", "By field", "Hồ sơ theo lĩnh vực",
                 "Dossiers by field", _bucket_columns("Lĩnh vực", "Field"), tuple(rows),
                 has_total=True)


def by_month(report: PeriodReport, lang: str = "vi") -> Table:
    columns = (Column("Tháng", "Month", "text"), Column("Tiếp nhận", "Received"),
               Column("Đã giải quyết", "Finished"), Column("Trước hạn", "Early"),
               Column("Đúng hạn", "On time"), Column("Quá hạn", "Late"),
               Column("Tỷ lệ đúng hạn", "On time or early", "rate"))
    rows = tuple((f"{local(month.start):%m/%Y}", month.dossiers.received,
                  month.dossiers.finished, month.dossiers.finished_early,
                  month.dossiers.finished_on_time, month.dossiers.finished_late,
                  month.dossiers.on_time_rate) for month in report.months)
    return Table("by_month", "Theo tháng", "By month", "Tỷ lệ giải quyết đúng hạn theo tháng",
                 "On-time rate month by month", columns, rows)


# ----------------------------------------------------------------------------- the queue
def _service_row(label: str, item: ServiceFigures) -> tuple[object, ...]:
    return (label, item.issued, item.priority, item.served, item.no_show, item.cancelled,
            item.wait.median, item.wait.p90, item.service_time.median, item.service_time.p90)


def by_service(report: PeriodReport, lang: str = "vi") -> Table:
    columns = (Column("Dịch vụ", "Service", "text"), Column("Số đã cấp", "Issued"),
               Column("Ưu tiên", "Priority"), Column("Đã phục vụ", "Served"),
               Column("Vắng mặt", "No-shows"), Column("Huỷ", "Cancelled"),
               Column("Chờ, trung vị (phút)", "Wait, median (min)", "minutes"),
               Column("Chờ, 90 % (phút)", "Wait, 90 % (min)", "minutes"),
               Column("Phục vụ, trung vị (phút)", "Service, median (min)", "minutes"),
               Column("Phục vụ, 90 % (phút)", "Service, 90 % (min)", "minutes"))
    rows = [_service_row(item.name, item) for item in report.queue.services]
    rows.append(_service_row(_t(TOTAL, lang), report.queue.total))
    return Table("by_service", "Theo dịch vụ", "By service", "Lượt phục vụ tại quầy theo dịch vụ",
                 "The queue by service", columns, tuple(rows), has_total=True)


def hours_of(report: PeriodReport) -> list[int]:
    """The hours of the day with numbers issued, in order."""
    return sorted(report.queue.issued_by_hour)


def hour_text(hour: int) -> str:
    return f"{hour:02d}:00–{hour + 1:02d}:00"


def by_hour(report: PeriodReport, lang: str = "vi") -> Table:
    """Numbers issued and the median wait per hour of the day: the busiest hours."""
    queue = report.queue
    columns = (Column("Giờ", "Hour", "text"), Column("Số đã cấp", "Issued"),
               Column("Chờ, trung vị (phút)", "Wait, median (min)", "minutes"))
    rows = tuple((hour_text(hour), queue.issued_by_hour[hour],
                  queue.total.wait_by_hour.get(hour)) for hour in hours_of(report))
    return Table("by_hour", "Theo giờ", "By hour",
                 "Giờ cao điểm: số đã cấp và thời gian chờ theo giờ",
                 "Busiest hours: numbers issued and waits by hour", columns, rows)


def wait_by_service_and_hour(report: PeriodReport, lang: str = "vi") -> Table:
    """The median wait (minutes) of each service in each hour numbers were issued."""
    hours = hours_of(report)
    columns = (Column("Dịch vụ", "Service", "text"),
               *(Column(f"{hour:02d}h", f"{hour:02d}h", "minutes") for hour in hours))
    rows = [(item.name, *(item.wait_by_hour.get(hour) for hour in hours))
            for item in report.queue.services if item.issued]
    rows.append((_t(TOTAL, lang), *(report.queue.total.wait_by_hour.get(hour)
                                    for hour in hours)))
    return Table("wait_by_hour", "Chờ theo giờ", "Wait by service and hour",
                 "Thời gian chờ (trung vị, phút) theo dịch vụ và giờ lấy số",
                 "Median wait (minutes) by service and hour issued", columns, tuple(rows),
                 has_total=True)


# ----------------------------------------------------------------------------- satisfaction
def satisfaction(report: PeriodReport, lang: str = "vi") -> Table:
    """Per counter and clerk: ratings, satisfied or better, not satisfied, the satisfied share.
    The counter is its number (an ``int``, shown as it is), "—" when the rating has none."""
    columns = (Column("Quầy", "Counter", "text"), Column("Cán bộ", "Clerk", "text"),
               Column("Lượt đánh giá", "Ratings"),
               Column("Hài lòng trở lên", "Satisfied or better"),
               Column("Không hài lòng", "Not satisfied"),
               Column("Tỷ lệ hài lòng", "Satisfied", "pct"))
    rows: list[tuple[object, ...]] = []
    all_bad = 0
    for item in report.ratings:
        unhappy = {level.value for level in levels(item.scale) if level.needs_reason}
        bad = sum(count for value, count in item.counts.items() if value in unhappy)
        all_bad += bad
        rows.append((item.counter if item.counter is not None else "—",
                     item.clerk_name or "—", item.total, item.total - bad, bad,
                     item.satisfied_percent))
    total = report.ratings_total
    if rows:
        rows.append((_t(TOTAL, lang), "", total, total - all_bad, all_bad,
                     report.satisfied_percent))
    return Table("satisfaction", "Hài lòng", "Satisfaction", "Mức độ hài lòng theo quầy và cán bộ",
                 "Satisfaction by counter and clerk", columns, tuple(rows),
                 has_total=bool(rows))


# ----------------------------------------------------------------------------- summary
def summary(report: PeriodReport, lang: str = "vi") -> Table:
    """The figures the centers publish, one per row (label, value, how to show it)."""
    total, queue = report.dossiers.total, report.queue.total
    levels_ = report.dossiers.by_online_level
    online = report.dossiers.by_channel.get(Channel.ONLINE, Buckets()).received
    source_row: tuple[str, str, object, str] = (
        "Nguồn số liệu hồ sơ", "Source of the dossier figures",
        source_text(report.source, lang), "text")
    if report.province is not None:  # the headline is the province's: this is LấySố's
        source_row = ("Nguồn số liệu hồ sơ trong LấySố", "Source of the dossiers in LấySố",
                      source_text(report.local_source, lang), "text")
    lines: list[tuple[str, str, object, str]] = [
        ("Hồ sơ kỳ trước chuyển qua", "Dossiers carried over", total.carried_over, "int"),
        ("Hồ sơ tiếp nhận trong kỳ", "Dossiers received", total.received, "int"),
        ("– trực tuyến", "– online", online, "int"),
        ("   + một phần", "   + partly online",
         levels_.get(OnlineLevel.PARTLY, Buckets()).received, "int"),
        ("   + toàn trình", "   + fully online",
         levels_.get(OnlineLevel.FULLY, Buckets()).received, "int"),
        ("   + chưa rõ mức độ", "   + level unknown",
         levels_.get(OnlineLevel.UNKNOWN, Buckets()).received, "int"),
        ("– trực tiếp", "– in person",
         report.dossiers.by_channel.get(Channel.IN_PERSON, Buckets()).received, "int"),
        ("– bưu chính", "– by post",
         report.dossiers.by_channel.get(Channel.POST, Buckets()).received, "int"),
        ("Đã giải quyết", "Finished", total.finished, "int"),
        ("– trước hạn", "– early", total.finished_early, "int"),
        ("– đúng hạn", "– on time", total.finished_on_time, "int"),
        ("– quá hạn", "– late", total.finished_late, "int"),
        ("Đang giải quyết trong hạn", "Open within time", total.open_within_time, "int"),
        ("Đang giải quyết quá hạn", "Open overdue", total.open_overdue, "int"),
        ("Đang giải quyết chưa có hạn", "Open, no due date", total.open_no_deadline, "int"),
        ("Yêu cầu bổ sung", "Supplement requested", total.supplement_requested, "int"),
        ("Từ chối", "Refused", total.refused, "int"),
        ("Công dân rút hồ sơ", "Withdrawn by the citizen", total.withdrawn, "int"),
        ("Đã trả kết quả", "Results returned", total.returned, "int"),
        ("Tỷ lệ giải quyết đúng hạn và trước hạn", "On time or early", total.on_time_rate,
         "rate"),
        source_row,
        ("Số thứ tự đã cấp", "Queue numbers issued", queue.issued, "int"),
        ("Đã phục vụ", "Served", queue.served, "int"),
        ("Vắng mặt", "No-shows", queue.no_show, "int"),
        ("Thời gian chờ, trung vị (phút)", "Wait, median (minutes)", queue.wait.median,
         "minutes"),
        ("Thời gian chờ, 90 % (phút)", "Wait, 90 % (minutes)", queue.wait.p90, "minutes"),
        ("Thời gian phục vụ, trung vị (phút)", "Service, median (minutes)",
         queue.service_time.median, "minutes"),
        ("Lượt đánh giá", "Ratings", report.ratings_total, "int"),
        ("Tỷ lệ hài lòng", "Satisfied", report.satisfied_percent, "pct"),
    ]
    if report.province is not None:
        # the province's figures first, as the wall shows them; the dossiers in LấySố under
        lines[:0] = [*province_lines(report.province, lang, report.dossiers.as_of),
                     ("Hồ sơ trong LấySố (tiếp nhận tại trung tâm, tệp nhập)",
                      "Dossiers in LấySố (received here, imported)", "", "text")]
    columns = (Column("Chỉ tiêu", "Figure", "text"), Column("Số liệu", "Value", "mixed"))
    rows = tuple((en if lang == "en" else vi, value) for vi, en, value, _kind in lines)
    return Table("summary", "Tổng hợp", "Summary", "Số liệu tổng hợp", "Summary", columns, rows,
                 row_kinds=tuple(kind for _vi, _en, _value, kind in lines))


def source_text(source: FigureSource, lang: str) -> str:
    """"Hệ thống một cửa tỉnh (tệp nhập) · cập nhật lúc 09:00 18/03", "– SỐ LIỆU CŨ" after
    it when stale."""
    return (source.text(lang).split(": ", 1)[1]
            + ((" – OUT OF DATE" if lang == "en" else " – SỐ LIỆU CŨ")
               if source.stale else ""))


def province_lines(figures: DossierFigures, lang: str = "vi",
                   as_of: datetime | None = None) -> list[tuple[str, str, object, str]]:
    """The province's figures (OpenCPS) as the wall shows them, this month's: the report's
    headline."""
    no_deadline: object = ("—" if figures.open_no_deadline is None
                           else figures.open_no_deadline)
    month = "" if as_of is None else f"{local(as_of):%m/%Y}"
    return [
        (f"Số liệu của tỉnh tháng {month} (như trên bảng)".replace("  ", " "),
         f"The province's figures for {month} (as on the board)".replace("  ", " "),
         source_text(figures.source, lang), "text"),
        ("Tỉnh – đang giải quyết trong hạn", "Province – open within time",
         figures.open_within_time, "int"),
        ("Tỉnh – đang giải quyết quá hạn", "Province – open overdue", figures.open_overdue,
         "int"),
        ("Tỉnh – đang giải quyết chưa có hạn", "Province – open, no due date", no_deadline,
         "int" if isinstance(no_deadline, int) else "text"),
        ("Tỉnh – đã giải quyết trước hạn", "Province – finished early",
         figures.finished_early, "int"),
        ("Tỉnh – đã giải quyết đúng hạn", "Province – finished on time",
         figures.finished_on_time, "int"),
        ("Tỉnh – đã giải quyết quá hạn", "Province – finished late", figures.finished_late,
         "int"),
        ("Tỉnh – tỷ lệ đúng hạn và trước hạn", "Province – on time or early",
         figures.on_time_rate, "rate"),
    ]


def all_tables(report: PeriodReport, lang: str = "vi") -> list[Table]:
    """Every table of the report, in the order they are shown and exported."""
    return [builder(report, lang) for builder in (
        summary, by_channel, by_field, by_month, by_service, by_hour,
        wait_by_service_and_hour, satisfaction)]
