"""The period report as a PDF to print or hand in: A4 landscape, the bundled Noto Sans embedded
(subset) so the Vietnamese text is real, selectable text on any PC, the figures in Vietnamese
style (1.881; 97,74 %), and the charts drawn as vector shapes (fpdf2), not pictures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shared.clock import local
from shared.paths import FONTS_DIR
from shared.report_export.numbers import decimal, percent, rate, whole
from shared.report_export.tables import Table, all_tables, channel_rows, period_text

if TYPE_CHECKING:
    from shared.period_report import PeriodReport

FONT = "NotoSans"
#: the result colours of the page's charts: early, on time, late, open within, overdue, withdrawn
RESULT_COLOURS = ((25, 135, 84), (13, 110, 253), (220, 53, 69), (108, 117, 125),
                  (253, 126, 20), (173, 181, 189), (111, 66, 193))
INK = (27, 42, 58)
GRID = (210, 218, 226)
#: a table split across pages leaves at least this many of its rows (its total among them) on
#: its last page
LAST_ROWS = 3


def pdf_bytes(report: PeriodReport, lang: str = "vi", site_name: str = "",
              printed_at: datetime | None = None) -> bytes:
    """The report as the bytes of a PDF file."""
    return bytes(_document(report, lang, site_name, printed_at).output())


def write_pdf(report: PeriodReport, path: str | Path, lang: str = "vi", site_name: str = "",
              printed_at: datetime | None = None) -> Path:
    target = Path(path)
    target.write_bytes(pdf_bytes(report, lang, site_name, printed_at))
    return target


def _t(lang: str, vietnamese: str, english: str) -> str:
    return english if lang == "en" else vietnamese


def _document(report: PeriodReport, lang: str, site_name: str,
              printed_at: datetime | None) -> Any:
    import logging

    from fpdf import FPDF

    # fontTools logs every glyph of the font subset at INFO: not for the CLI's or server's log.
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_margins(12, 12, 12)
    pdf.add_font(FONT, "", str(FONTS_DIR / "NotoSans-Regular.ttf"))
    pdf.add_font(FONT, "B", str(FONTS_DIR / "NotoSans-Bold.ttf"))
    title = _t(lang, "BÁO CÁO KẾT QUẢ TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ VÀ PHỤC VỤ TẠI QUẦY",
               "REPORT: DOSSIERS RECEIVED AND HANDLED, THE QUEUE, SATISFACTION")
    pdf.set_title(f"{title} · {report.site_code} · {period_text(report)}")
    pdf.set_creator("LấySố")
    pdf.set_text_color(*INK)
    footer = f"{report.site_code} · {period_text(report)}"
    pdf.footer = lambda: _footer(pdf, footer, lang)  # type: ignore[method-assign]
    pdf.add_page()
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    site = f"{site_name} ({report.site_code})" if site_name else report.site_code
    as_of = local(report.dossiers.as_of)
    pdf.multi_cell(0, 5.5, f"{_t(lang, 'Cơ sở', 'Site')}: {site} · "
                   f"{_t(lang, 'Kỳ báo cáo', 'Period')}: {period_text(report)}", align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8.5)
    made = (f" · {_t(lang, 'Lập lúc', 'Made at')} {local(printed_at):%H:%M %d/%m/%Y}"
            if printed_at is not None else "")
    pdf.cell(0, 5, f"{_t(lang, 'Hồ sơ đang giải quyết tính đến', 'Open dossiers as of')} "
             f"{as_of:%H:%M %d/%m/%Y}{made}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    tables = {table.key: table for table in all_tables(report, lang)}
    top = pdf.get_y()
    _result_chart(pdf, report, lang, x=142, y=top, width=143)
    pdf.set_y(top)
    # beside the chart, whole with its title (on the next page if it did not fit there)
    place_table(pdf, tables["summary"], lang, width=120, font_size=8, header_row=False)
    for key in ("by_channel", "by_field", "by_month", "by_service", "by_hour",
                "wait_by_hour", "satisfaction"):
        table = tables[key]
        pdf.add_page() if key in ("by_channel", "by_service", "satisfaction") else pdf.ln(4)
        place_table(pdf, table, lang)
        if key == "by_month":
            _bars(pdf, [(row[0], row[6]) for row in table.rows], lang, rate,
                  _t(lang, "Tỷ lệ đúng hạn theo tháng", "On-time rate by month"), maximum=1)
        elif key == "by_hour":
            _bars(pdf, [(row[0], row[1]) for row in table.rows], lang, whole,
                  _t(lang, "Giờ cao điểm: số đã cấp theo giờ", "Busiest hours: numbers "
                     "issued"))
        elif key == "satisfaction" and table.rows:
            rows = table.rows[:-1] if table.has_total else table.rows
            _bars(pdf, [(f"{_t(lang, 'Quầy', 'Counter')} {row[0]} – {row[1]}", row[5])
                        for row in rows], lang, percent,
                  _t(lang, "Tỷ lệ hài lòng theo quầy và cán bộ",
                     "Satisfied share by counter and clerk"), maximum=100)
    return pdf


def _footer(pdf: Any, text: str, lang: str) -> None:
    pdf.set_y(-10)
    pdf.set_font(FONT, "", 7.5)
    pdf.cell(0, 5, f"LấySố · {text} · {_t(lang, 'Trang', 'Page')} {pdf.page_no()}",
             align="R")


def place_table(pdf: Any, table: Table, lang: str, width: float | None = None,
                font_size: float = 7.5, header_row: bool = True) -> None:
    """The table with its title where it reads best, each choice tried first in a dry run
    (fpdf2's ``offset_rendering``, rewound after), not by adding up heights:

    - here, when it fits in what is left of the page;
    - else whole on the next page, when it fits there;
    - else split, starting here when the title and the first :data:`LAST_ROWS` rows fit here
      (on the next page otherwise), the heading row repeated on every page (the table's
      ``repeat_headings``), and at least :data:`LAST_ROWS` rows on its last page: when fewer
      would be there, the last :data:`LAST_ROWS` start a new page under the heading row.
    """
    def draw(start: int = 0, stop: int | None = None, title: bool = True) -> Callable[[], None]:
        return lambda: _table(pdf, table, lang, width, font_size, header_row,
                              rows=range(len(table.rows))[start:stop], title=title)

    whole = draw()
    if _breaks(pdf, whole) == 0:
        whole()
        return
    if _breaks(pdf, whole, new_page=True) == 0 or len(table.rows) <= LAST_ROWS:
        pdf.add_page()
        whole()
        return
    if _breaks(pdf, draw(stop=LAST_ROWS)):  # not even the title and a few rows here
        pdf.add_page()
    cut = len(table.rows) - LAST_ROWS
    if _breaks(pdf, draw(stop=cut)) == _breaks(pdf, whole):  # the last rows follow the rest
        whole()
        return
    draw(stop=cut)()
    pdf.add_page()
    draw(start=cut, title=False)()


def _breaks(pdf: Any, drawing: Callable[[], None], new_page: bool = False) -> int:
    """How many pages ``drawing`` would add, drawn here (or on a new page): a dry run."""
    with pdf.offset_rendering():
        if new_page:
            pdf.add_page()
        first = pdf.page
        drawing()
        return int(pdf.page - first)


def _table(pdf: Any, table: Table, lang: str, width: float | None = None,
           font_size: float = 7.5, header_row: bool = True, rows: range | None = None,
           title: bool = True) -> None:
    """The title (``title``) and a grid of ``rows`` (all by default), under the columns'
    heading row (``header_row``), repeated on each page the grid runs on."""
    from fpdf.fonts import FontFace

    if title:
        pdf.set_font(FONT, "B", 11)
        pdf.cell(0, 7, table.title(lang), new_x="LMARGIN", new_y="NEXT")
    if not table.rows:
        pdf.set_font(FONT, "", 9)
        pdf.cell(0, 6, _t(lang, "Không có số liệu trong kỳ.", "No figures in the period."),
                 new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font(FONT, "", font_size)
    pdf.set_fill_color(255, 255, 255)  # a chart's colour must not fill the cells
    count = len(table.columns)
    full = width or (pdf.epw if count > 4 else 150.0)
    first = min(62.0, full * 0.32) if count > 4 else full * (0.56 if count == 2 else 0.4)
    rest = (full - first) / max(1, count - 1)
    widths = (first, *([rest] * (count - 1)))
    align = ("LEFT", *(("LEFT" if c.kind == "text" else "RIGHT") for c in table.columns[1:]))
    # a table without a heading row (the summary) is a compact list: less padding
    with pdf.table(width=full, col_widths=widths, text_align=align, align="LEFT",
                   line_height=font_size * 0.55,
                   padding=(0.8, 1.2) if header_row else (0.3, 1.2),
                   headings_style=FontFace(emphasis="BOLD", fill_color=(220, 230, 240)),
                   borders_layout="SINGLE_TOP_LINE" if not header_row else "ALL",
                   first_row_as_headings=header_row, repeat_headings=1) as grid:
        if header_row:
            header = grid.row()
            for column in table.columns:
                header.cell(column.title(lang))
        for index in rows if rows is not None else range(len(table.rows)):
            values = table.rows[index]
            is_total = table.has_total and index == len(table.rows) - 1
            style = FontFace(emphasis="BOLD") if is_total else None
            row = grid.row(style=style)
            for column_index in range(len(values)):
                row.cell(table.text(index, column_index))


def _bars(pdf: Any, items: list[tuple[Any, Any]], lang: str, label: Any, title: str,
          maximum: float | None = None) -> None:
    """Horizontal bars, one per item (label, value; None draws nothing), vector shapes."""
    values = [value for _name, value in items if isinstance(value, int | float)]
    if not values:
        return
    top = maximum or max(values) or 1
    bar, gap, name_width, area = 4.2, 1.6, 62.0, 150.0
    needed = 9 + len(items) * (bar + gap)
    if pdf.get_y() + needed > pdf.h - 14:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, "B", 9.5)
    pdf.cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 7.5)
    x0 = pdf.l_margin + name_width
    for name, value in items:
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(name_width - 2, bar, str(name), align="R")
        pdf.set_draw_color(*GRID)
        pdf.line(x0, y - gap / 2, x0, y + bar + gap / 2)
        if isinstance(value, int | float):
            length = area * min(1.0, value / top)
            pdf.set_fill_color(*RESULT_COLOURS[1])
            if length > 0:
                pdf.rect(x0, y, length, bar, style="F")
            pdf.set_xy(x0 + length + 1.5, y)
            pdf.cell(30, bar, label(value))
        pdf.set_xy(pdf.l_margin, y + bar + gap)
    pdf.ln(2)


def _result_chart(pdf: Any, report: PeriodReport, lang: str, x: float, y: float,
                  width: float) -> None:
    """Dossiers by result and channel: a stacked bar per channel, beside the summary."""
    series = (("finished_early", _t(lang, "Trước hạn", "Early")),
              ("finished_on_time", _t(lang, "Đúng hạn", "On time")),
              ("finished_late", _t(lang, "Quá hạn", "Late")),
              ("open_within_time", _t(lang, "Đang giải quyết trong hạn", "Open, within time")),
              ("open_overdue", _t(lang, "Đang giải quyết quá hạn", "Open, overdue")),
              ("open_no_deadline", _t(lang, "Đang giải quyết chưa có hạn",
                                      "Open, no due date")),
              ("withdrawn", _t(lang, "Rút hồ sơ", "Withdrawn")))
    rows = channel_rows(report, lang)
    totals = [sum(getattr(buckets, name) for name, _ in series) for _label, buckets in rows]
    top = max(totals) or 1
    after = pdf.get_y()
    pdf.set_xy(x, y)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(width, 6, _t(lang, "Hồ sơ theo kết quả và kênh", "Dossiers by result and channel"))
    name_width, bar, gap = 44.0, 7.0, 3.0
    area = width - name_width - 14
    pdf.set_font(FONT, "", 8)
    row_y = y + 9
    for (name, buckets), total in zip(rows, totals, strict=True):
        pdf.set_xy(x, row_y)
        pdf.cell(name_width - 2, bar, name, align="R")
        left = x + name_width
        for (attribute, _label), colour in zip(series, RESULT_COLOURS, strict=True):
            length = area * getattr(buckets, attribute) / top
            if length > 0:
                pdf.set_fill_color(*colour)
                pdf.rect(left, row_y, length, bar, style="F")
                left += length
        pdf.set_xy(left + 1.5, row_y)
        pdf.cell(14, bar, whole(total))
        row_y += bar + gap
    pdf.set_font(FONT, "", 7.5)
    legend_x = x + name_width
    row_y += 1
    for (_attribute, name), colour in zip(series, RESULT_COLOURS, strict=True):
        text_width = pdf.get_string_width(name) + 8
        if legend_x + text_width > x + width:
            legend_x, row_y = x + name_width, row_y + 5
        pdf.set_fill_color(*colour)
        pdf.rect(legend_x, row_y + 1, 3, 3, style="F")
        pdf.set_xy(legend_x + 4, row_y)
        pdf.cell(text_width - 4, 5, name)
        legend_x += text_width
    rate_text = rate(report.dossiers.total.on_time_rate)
    pdf.set_xy(x + name_width, row_y + 8)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(area, 6, f"{_t(lang, 'Tỷ lệ đúng hạn và trước hạn', 'On time or early')}: "
             f"{rate_text}")
    waits = report.queue.total.wait
    pdf.set_xy(x + name_width, row_y + 15)
    pdf.set_font(FONT, "", 9)
    pdf.cell(area, 6, f"{_t(lang, 'Chờ đến lượt, trung vị', 'Median wait')}: "
             f"{decimal(waits.median)} {_t(lang, 'phút', 'min')}")
    pdf.set_xy(pdf.l_margin, max(after, row_y + 22))
