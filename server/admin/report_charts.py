"""The report page's charts, drawn on the server as inline SVG: no script, no chart library, the
page's own font, readable when printed. Each chart is a titled ``<svg>`` with a ``<title>`` per
mark (the figure on hover) and its numbers written beside the marks in Vietnamese style."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from shared.period_report import PeriodReport
from shared.report_export.numbers import decimal, percent, rate, whole
from shared.report_export.tables import channel_rows, hour_text, hours_of

WIDTH = 620
#: early, on time, late, open within time, open overdue, withdrawn
RESULTS: tuple[tuple[str, str, str, str], ...] = (
    ("finished_early", "Trước hạn", "Early", "#198754"),
    ("finished_on_time", "Đúng hạn", "On time", "#0d6efd"),
    ("finished_late", "Quá hạn", "Late", "#dc3545"),
    ("open_within_time", "Đang giải quyết trong hạn", "Open, within time", "#8a99a8"),
    ("open_overdue", "Đang giải quyết quá hạn", "Open, overdue", "#fd7e14"),
    ("open_no_deadline", "Đang giải quyết chưa có hạn", "Open, no due date", "#adb5bd"),
    ("withdrawn", "Rút hồ sơ", "Withdrawn", "#6f42c1"),
)
BAR = "#0d6efd"
BUSY = "#0d3b66"
INK = "#1b2a3a"
MUTED = "#5b6b7b"
GRID = "#dde3ea"


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    svg: Markup
    wide: bool = False


def _t(lang: str, vietnamese: str, english: str) -> str:
    return english if lang == "en" else vietnamese


def _svg(height: float, body: list[str], label: str) -> Markup:
    return Markup(f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
                  f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
                  + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 12,
          colour: str = INK, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{colour}" font-weight="{weight}">{escape(text)}</text>')


def _fitted_label(x: float, y: float, text: str, room: float, size: int) -> str:
    """A right-aligned label cut with "…" to fit ``room`` px (a long service name would run
    off the chart's left edge), the whole name as its tooltip."""
    fits = max(4, int(room / (size * 0.55)))  # Noto Sans: about 0.55 em a character
    shown = text if len(text) <= fits else text[:fits - 1].rstrip(" ,") + "…"
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end" font-size="{size}" '
            f'fill="{INK}"><title>{escape(text)}</title>{escape(shown)}</text>')


def _rect(x: float, y: float, width: float, height: float, colour: str, tip: str) -> str:
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(0.0, width):.1f}" '
            f'height="{height:.1f}" fill="{colour}" rx="2"><title>{escape(tip)}</title></rect>')


def _empty(lang: str) -> Markup:
    return _svg(40, [_text(WIDTH / 2, 24, _t(lang, "Không có số liệu trong kỳ.",
                                             "No figures in the period."), "middle",
                           colour=MUTED)], "")


# ----------------------------------------------------------------------------- bar charts
def stacked_bars(rows: Sequence[tuple[str, Sequence[tuple[float, str, str]]]], lang: str,
                 label_width: float = 190, legend: Sequence[tuple[str, str]] = (),
                 total_text: Callable[[float], str] = whole) -> Markup:
    """A horizontal bar per row, its parts (value, colour, name) stacked, the total after it;
    a legend (name, colour) below."""
    totals = [sum(value for value, _c, _n in parts) for _label, parts in rows]
    if not rows or not any(totals):
        return _empty(lang)
    top = max(totals)
    bar, gap = 22.0, 10.0
    area = WIDTH - label_width - 50
    body: list[str] = []
    y = 6.0
    for (label, parts), total in zip(rows, totals, strict=True):
        body.append(_text(label_width - 8, y + bar * 0.7, label, "end"))
        x = label_width
        for value, colour, name in parts:
            length = area * value / top
            if length > 0:
                body.append(_rect(x, y, length, bar, colour,
                                  f"{label} · {name}: {whole(value)}"))
                x += length
        body.append(_text(x + 6, y + bar * 0.7, total_text(total), weight="600"))
        y += bar + gap
    x, y = label_width, y + 4
    for name, colour in legend:
        width = 26 + 6.4 * len(name)
        if x + width > WIDTH:
            x, y = label_width, y + 20
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="11" height="11" fill="{colour}" '
                    'rx="2"/>')
        body.append(_text(x + 15, y + 10, name, size=11, colour=MUTED))
        x += width
    return _svg(y + 20, body, "")


def columns(items: Sequence[tuple[str, float | None, str]], lang: str, maximum: float | None,
            highlight: set[int] | None = None, colour: str = BAR) -> Markup:
    """A vertical column per item (label, value or None, the value as text)."""
    values = [value for _l, value, _t in items if value is not None]
    if not items or not values:
        return _empty(lang)
    top = maximum or max(values) or 1
    height, base, left = 170.0, 190.0, 10.0
    step = (WIDTH - 2 * left) / len(items)
    width = min(56.0, step * 0.7)
    body = [f'<line x1="{left}" y1="{base}" x2="{WIDTH - left}" y2="{base}" '
            f'stroke="{GRID}"/>']
    for index, (label, value, text) in enumerate(items):
        centre = left + step * (index + 0.5)
        size = 11 if step > 44 else 9
        body.append(_text(centre, base + 16, label, "middle", size=size, colour=MUTED))
        if value is None:
            body.append(_text(centre, base - 6, "—", "middle", size=size, colour=MUTED))
            continue
        length = height * min(1.0, value / top)
        fill = BUSY if highlight and index in highlight else colour
        body.append(_rect(centre - width / 2, base - length, width, length, fill,
                          f"{label}: {text}"))
        body.append(_text(centre, base - length - 5, text, "middle", size=size,
                          weight="600"))
    return _svg(base + 24, body, "")


def bars(items: Sequence[tuple[str, float | None, str]], lang: str, maximum: float | None,
         label_width: float = 230, colour: str = BAR) -> Markup:
    """A horizontal bar per item (label, value or None, the value as text)."""
    values = [value for _l, value, _t in items if value is not None]
    if not items or not values:
        return _empty(lang)
    top = maximum or max(values) or 1
    bar, gap = 18.0, 8.0
    area = WIDTH - label_width - 120
    body: list[str] = []
    y = 4.0
    for label, value, text in items:
        body.append(_text(label_width - 8, y + bar * 0.72, label, "end"))
        length = 0.0 if value is None else area * min(1.0, value / top)
        if length:
            body.append(_rect(label_width, y, length, bar, colour, f"{label}: {text}"))
        body.append(_text(label_width + length + 6, y + bar * 0.72, text, weight="600"))
        y += bar + gap
    return _svg(y, body, "")


# ----------------------------------------------------------------------------- the charts
def results_by_channel(report: PeriodReport, lang: str) -> Markup:
    rows = [(label, [(getattr(buckets, name), colour, _t(lang, vi, en))
                     for name, vi, en, colour in RESULTS])
            for label, buckets in channel_rows(report, lang)]
    legend = [(_t(lang, vi, en), colour) for _name, vi, en, colour in RESULTS]
    return stacked_bars(rows, lang, legend=legend)


def on_time_by_month(report: PeriodReport, lang: str) -> Markup:
    items = [(f"{month.start.astimezone(report.start.tzinfo):%m/%Y}",
              month.dossiers.on_time_rate, rate(month.dossiers.on_time_rate))
             for month in report.months]
    return columns(items, lang, maximum=1.0, colour="#198754")


def busiest_hours(report: PeriodReport, lang: str) -> Markup:
    hours = hours_of(report)
    busiest = set(report.queue.busiest_hours)
    items = [(f"{hour:02d}h", float(report.queue.issued_by_hour[hour]),
              whole(report.queue.issued_by_hour[hour])) for hour in hours]
    return columns(items, lang, maximum=None,
                   highlight={index for index, hour in enumerate(hours) if hour in busiest})


def waits_by_service(report: PeriodReport, lang: str) -> Markup:
    unit = _t(lang, "phút", "min")
    items = [(service.name, service.wait.median,
              f"{decimal(service.wait.median)} / {decimal(service.wait.p90)} {unit}"
              if service.wait.median is not None else "—")
             for service in report.queue.services if service.issued]
    return bars(items, lang, maximum=None)


def satisfaction(report: PeriodReport, lang: str) -> Markup:
    counter = _t(lang, "Quầy", "Counter")
    items = [(f"{counter} {item.counter or '—'} · {item.clerk_name or '—'}",
              item.satisfied_percent,
              f"{percent(item.satisfied_percent)} ({whole(item.total)})")
             for item in report.ratings]
    return bars(items, lang, maximum=100.0, colour="#198754")


def waits_heat_map(report: PeriodReport, lang: str) -> Markup:
    """Services down, hours across: each cell the median wait, darker when longer."""
    hours = hours_of(report)
    services = [service for service in report.queue.services if service.issued]
    if not hours or not services:
        return _empty(lang)
    label_width, cell_height = 200.0, 26.0
    cell_width = (WIDTH - label_width) / len(hours)
    waits = [wait for service in services for wait in service.wait_by_hour.values()]
    top = max(waits, default=0.0) or 1.0
    body: list[str] = []
    for column, hour in enumerate(hours):
        body.append(_text(label_width + cell_width * (column + 0.5), 14, f"{hour:02d}h",
                          "middle", size=11, colour=MUTED))
    for row, service in enumerate(services):
        y = 22 + row * cell_height
        body.append(_fitted_label(label_width - 8, y + cell_height * 0.65, service.name,
                                  label_width - 12, size=11))
        for column, hour in enumerate(hours):
            wait = service.wait_by_hour.get(hour)
            x = label_width + cell_width * column
            if wait is None:
                body.append(_text(x + cell_width / 2, y + cell_height * 0.65, "·", "middle",
                                  colour=MUTED))
                continue
            share = min(1.0, wait / top)
            light = round(96 - 56 * share)
            tip = f"{service.name}, {hour_text(hour)}: {decimal(wait)} {_t(lang, 'phút', 'min')}"
            body.append(f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell_width - 2:.1f}" '
                        f'height="{cell_height - 2:.1f}" fill="hsl(28, 90%, {light}%)" rx="2">'
                        f"<title>{escape(tip)}</title></rect>")
            body.append(_text(x + cell_width / 2, y + cell_height * 0.65, decimal(wait),
                              "middle", size=10 if cell_width < 40 else 11,
                              colour="#fff" if light < 60 else INK))
    return _svg(24 + len(services) * cell_height, body, "")


def all_charts(report: PeriodReport, lang: str) -> list[Chart]:
    return [
        Chart("results", _t(lang, "Hồ sơ theo kết quả và kênh",
                            "Dossiers by result and channel"), results_by_channel(report, lang)),
        Chart("on_time", _t(lang, "Tỷ lệ giải quyết đúng hạn theo tháng",
                            "On-time rate month by month"), on_time_by_month(report, lang)),
        Chart("hours", _t(lang, "Giờ cao điểm: số đã cấp theo giờ (đậm: 3 giờ đông nhất)",
                          "Busiest hours: numbers issued by hour (dark: the 3 busiest)"),
              busiest_hours(report, lang)),
        Chart("waits", _t(lang, "Thời gian chờ theo dịch vụ (trung vị / 90 %)",
                          "Waits by service (median / 90 %)"), waits_by_service(report, lang)),
        Chart("heat", _t(lang, "Thời gian chờ trung vị (phút) theo dịch vụ và giờ lấy số",
                         "Median wait (minutes) by service and hour issued"),
              waits_heat_map(report, lang)),
        Chart("satisfaction", _t(lang, "Tỷ lệ hài lòng theo quầy và cán bộ (số lượt)",
                                 "Satisfied share by counter and clerk (ratings)"),
              satisfaction(report, lang)),
    ]
