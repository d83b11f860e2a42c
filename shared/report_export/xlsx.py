"""The period report as an Excel workbook: a sheet per table, numbers as numbers (formatted by
Excel, so the reader's Excel shows 1.881 and 97,74 % in a Vietnamese locale), and native Excel
charts (openpyxl's chart objects, drawn and editable in Excel, not pictures).

Each sheet: the table's title in A1, the site and period in A2, the column headings in row
:data:`HEADER_ROW`, the rows below it (a total last where the table has one, in bold).
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shared.report_export.tables import Table, all_tables, period_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from shared.period_report import PeriodReport

HEADER_ROW = 4
#: Excel number formats by column kind: every rate a share with Excel's percent format (a
#: ``pct``, already in percent, is divided by 100), so a formula can mix any two of them
FORMATS = {"int": "#,##0", "rate": "0.00%", "pct": "0.00%", "minutes": "0.0"}
HEADER_FILL = "DCE6F0"


def workbook_bytes(report: PeriodReport, lang: str = "vi") -> bytes:
    """The workbook of ``report`` as the bytes of an .xlsx file."""
    buffer = BytesIO()
    _workbook(report, lang).save(buffer)
    return buffer.getvalue()


def write_workbook(report: PeriodReport, path: str | Path, lang: str = "vi") -> Path:
    target = Path(path)
    target.write_bytes(workbook_bytes(report, lang))
    return target


def _workbook(report: PeriodReport, lang: str) -> Any:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    caption = (f"{'Site' if lang == 'en' else 'Cơ sở'} {report.site_code} · "
               f"{period_text(report, lang)}")
    book.properties.title = f"{'Report' if lang == 'en' else 'Báo cáo'} {caption}"
    book.properties.creator = "LấySố"
    for table in all_tables(report, lang):
        sheet = book.create_sheet(table.sheet(lang))
        _fill(sheet, table, lang, caption)
        _CHARTS.get(table.key, _no_chart)(sheet, table, lang)
    return book


def _fill(sheet: Worksheet, table: Table, lang: str, caption: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet["A1"] = table.title(lang)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = caption
    bold = Font(bold=True)
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(HEADER_ROW, index, column.title(lang))
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row_index, row in enumerate(table.rows):
        is_total = table.has_total and row_index == len(table.rows) - 1
        for column_index, value in enumerate(row):
            kind = table.kind(row_index, column_index)
            if kind == "pct" and isinstance(value, int | float):
                value = value / 100  # 95.5 (percent) → 0.955, shown 95,50 %
            cell = sheet.cell(HEADER_ROW + 1 + row_index, column_index + 1, value)
            number_format = FORMATS.get(kind)
            if number_format and isinstance(value, int | float):
                cell.number_format = number_format
            if is_total:
                cell.font = bold
    sheet.column_dimensions["A"].width = 38 if table.key == "summary" else 30
    for index in range(2, len(table.columns) + 1):
        sheet.column_dimensions[sheet.cell(HEADER_ROW, index).column_letter].width = 14
    sheet.row_dimensions[HEADER_ROW].height = 45
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)


# ----------------------------------------------------------------------------- charts
def _data_rows(table: Table) -> tuple[int, int]:
    """The first and last sheet rows of the table's rows, its total left out."""
    count = len(table.rows) - (1 if table.has_total else 0)
    return HEADER_ROW + 1, HEADER_ROW + count


def _place(sheet: Worksheet, chart: Any, table: Table, width: float = 18,
           height: float = 9) -> None:
    chart.width, chart.height = width, height
    # Written out, or a recent Excel hides both axes (openpyxl leaves ``delete`` unset).
    chart.x_axis.delete = chart.y_axis.delete = False
    if getattr(chart, "type", "") == "bar":  # horizontal bars: the table's first row on top
        chart.x_axis.scaling.orientation = "maxMin"
    anchor_row = HEADER_ROW + len(table.rows) + 3
    sheet.add_chart(chart, f"A{anchor_row}")


def _series_chart(sheet: Worksheet, table: Table, columns: list[int], title: str,
                  kind: str = "col", stacked: bool = False, percent: bool = False) -> None:
    from openpyxl.chart import BarChart, Reference

    first, last = _data_rows(table)
    if last < first:
        return
    chart = BarChart()
    chart.type = kind
    chart.title = title
    if stacked:
        chart.grouping, chart.overlap = "stacked", 100
    for column in columns:
        chart.add_data(Reference(sheet, min_col=column, min_row=HEADER_ROW, max_row=last),
                       titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    if percent:
        chart.y_axis.number_format = "0%"
    _place(sheet, chart, table)


def _channel_chart(sheet: Worksheet, table: Table, lang: str) -> None:
    # early, on time, late, open within time, open overdue, withdrawn (the sheet's columns)
    _series_chart(sheet, table, [4, 5, 6, 8, 9, 10],
                  "Dossiers by result and channel" if lang == "en"
                  else "Hồ sơ theo kết quả và kênh", kind="bar", stacked=True)


def _field_chart(sheet: Worksheet, table: Table, lang: str) -> None:
    _series_chart(sheet, table, [2, 3],
                  "Dossiers by field" if lang == "en" else "Hồ sơ theo lĩnh vực", kind="bar")


def _month_chart(sheet: Worksheet, table: Table, lang: str) -> None:
    from openpyxl.chart import LineChart, Reference

    first, last = _data_rows(table)
    if last < first:
        return
    chart = LineChart()
    chart.title = "On-time rate by month" if lang == "en" else "Tỷ lệ đúng hạn theo tháng"
    chart.add_data(Reference(sheet, min_col=7, min_row=HEADER_ROW, max_row=last),
                   titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    _place(sheet, chart, table)


def _service_chart(sheet: Worksheet, table: Table, lang: str) -> None:
    _series_chart(sheet, table, [7, 8], "Waits by service (minutes)" if lang == "en"
                  else "Thời gian chờ theo dịch vụ (phút)", kind="bar")


def _hour_chart(sheet: Worksheet, table: Table, lang: str) -> None:
    _series_chart(sheet, table, [2], "Numbers issued by hour" if lang == "en"
                  else "Số đã cấp theo giờ")


def _wait_hour_chart(sheet: Worksheet, table: Table, lang: str) -> None:
    from openpyxl.chart import LineChart, Reference

    first, last = _data_rows(table)
    if last < first or len(table.columns) < 2:
        return
    chart = LineChart()
    chart.title = ("Median wait by hour (minutes)" if lang == "en"
                   else "Thời gian chờ trung vị theo giờ (phút)")
    for row in range(first, last + 1):  # a line per service, the hours along the axis
        chart.add_data(Reference(sheet, min_col=1, max_col=len(table.columns), min_row=row),
                       from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, max_col=len(table.columns),
                                   min_row=HEADER_ROW))
    _place(sheet, chart, table)


def _satisfaction_chart(sheet: Worksheet, table: Table, lang: str) -> None:
    _series_chart(sheet, table, [4, 5], "Ratings by counter and clerk" if lang == "en"
                  else "Đánh giá theo quầy và cán bộ", kind="bar", stacked=True)


def _no_chart(sheet: Worksheet, table: Table, lang: str) -> None:
    return None


_CHARTS = {"by_channel": _channel_chart, "by_field": _field_chart, "by_month": _month_chart,
           "by_service": _service_chart, "by_hour": _hour_chart,
           "wait_by_hour": _wait_hour_chart, "satisfaction": _satisfaction_chart}
