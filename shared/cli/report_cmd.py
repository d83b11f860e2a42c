"""``layso report PERIOD``: the manager's report of a month or a quarter (dossiers, the queue,
satisfaction), as the centers publish it.

    layso report 2026-Q4             # a quarter;  layso report 2026-11  # a month
    layso report --from 2026-10-01 --to 2026-12-31 [--as-of "2026-12-31 17:00"] [--json]
    layso report 2026-Q4 --xlsx bao-cao.xlsx --pdf bao-cao.pdf   # files to hand in
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from shared.cli import context
from shared.errors import InvalidOperation

if TYPE_CHECKING:
    from shared.period_report import Durations, PeriodReport

COMMANDS = {"report": "báo cáo tháng/quý: hồ sơ, lượt phục vụ, mức độ hài lòng"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("report", help=COMMANDS["report"])
    parser.add_argument("period", nargs="?", metavar="PERIOD",
                        help="2026-Q4 (quý) hoặc 2026-11 (tháng)")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="ngày cuối (tính cả ngày này)")
    parser.add_argument("--as-of", dest="as_of", metavar="'YYYY-MM-DD HH:MM'",
                        help="hồ sơ còn mở tính đến lúc này (mặc định: cuối kỳ hoặc bây giờ)")
    parser.add_argument("--xlsx", metavar="FILE",
                        help="ghi báo cáo ra tệp Excel (mỗi bảng một trang tính, có biểu đồ)")
    parser.add_argument("--pdf", metavar="FILE", help="ghi báo cáo ra tệp PDF để in, nộp")
    context.add_json(parser)
    parser.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    from shared.period_report import period_report

    start, end = _bounds(args)
    as_of = None
    if args.as_of:
        from shared.cli.dossier_cmd import parse_moment

        as_of = parse_moment(args.as_of)
    report = period_report(context.database(args), context.site(args), start, end, as_of,
                           stale_minutes=context.settings(args).province.stale_minutes)
    english = getattr(args, "language", None) == "en"
    _write_files(args, report, "en" if english else "vi")
    return context.emit(args, report_json(report),
                        lambda _: (report_text_en if english else report_text)(report))


def _write_files(args: argparse.Namespace, report: PeriodReport, lang: str) -> None:
    """--xlsx FILE / --pdf FILE: the workbook and the PDF (shared/report_export); a line on
    stderr names each file written, so --json output stays clean."""
    import sys

    if args.xlsx:
        from shared.report_export.xlsx import write_workbook

        print(f"Đã ghi {write_workbook(report, args.xlsx, lang)}", file=sys.stderr)
    if args.pdf:
        from shared.center import CenterService
        from shared.report_export.pdf import write_pdf

        names = {site.code: site.name for site in CenterService(context.database(args)).sites()}
        written = write_pdf(report, args.pdf, lang, site_name=names.get(report.site_code, ""))
        print(f"Đã ghi {written}", file=sys.stderr)


def _bounds(args: argparse.Namespace) -> tuple[datetime, datetime]:
    from shared.clock import LOCAL_TZ
    from shared.period_report import parse_period

    if args.period and (args.start or args.end):
        raise InvalidOperation("Chọn một kỳ (2026-Q4) hoặc --from/--to, không cả hai.",
                               "Give a period (2026-Q4) or --from/--to, not both.")
    if args.period:
        return parse_period(args.period)
    if not (args.start and args.end):
        raise InvalidOperation("Hãy cho kỳ báo cáo: 2026-Q4, 2026-11, hoặc --from … --to ….",
                               "Give the period: 2026-Q4, 2026-11, or --from … --to ….")
    return (datetime.combine(args.start, time(0), LOCAL_TZ),
            datetime.combine(args.end + timedelta(days=1), time(0), LOCAL_TZ))


# ----------------------------------------------------------------------------- text
def _rate(value: float | None) -> str:
    """A share as a percentage, as the console and the XLSX/PDF exports print it ("85,71 %")."""
    from shared.report_export.numbers import rate

    return rate(value)


def _percent(value: float | None) -> str:
    """A number already in percent (the satisfied share) in that same format ("85,70 %")."""
    from shared.report_export.numbers import percent

    return percent(value)


def _minutes(durations: Durations, unit: str = "phút") -> str:
    if durations.median is None:
        return "—"
    text = f"{durations.median:g} / {durations.p90:g} {unit}"
    return text.replace(".", ",") if unit == "phút" else text


def _period_vi(report: PeriodReport) -> str:
    from shared.clock import local

    last = local(report.end) - timedelta(days=1)
    return f"từ {local(report.start):%d/%m/%Y} đến {last:%d/%m/%Y}"


def report_text(report: PeriodReport) -> str:
    """The report in Vietnamese, in the words the centers publish."""
    from shared.clock import local
    from shared.models import Channel
    from shared.report_export.numbers import whole as n
    from shared.reports import Buckets, OnlineLevel

    total, channels = report.dossiers.total, report.dossiers.by_channel
    online = channels.get(Channel.ONLINE, Buckets()).received
    other = total.received - online
    levels = report.dossiers.by_online_level
    partly = levels.get(OnlineLevel.PARTLY, Buckets()).received
    fully = levels.get(OnlineLevel.FULLY, Buckets()).received
    unknown = levels.get(OnlineLevel.UNKNOWN, Buckets()).received
    q = report.queue.total
    lines = [
        f"BÁO CÁO {report.site_code} {_period_vi(report)}".upper(),
        "",
        "1. Hồ sơ",
        *_province_vi(report),
        f"- Kỳ trước chuyển qua {n(total.carried_over)} hồ sơ.",
        f"- Tiếp nhận {n(total.received)} hồ sơ ({n(online)} trực tuyến: {n(partly)} một "
        f"phần, {n(fully)} toàn trình"
        + (f", {n(unknown)} chưa rõ mức độ" if unknown else "")
        + f"; {n(other)} trực tiếp hoặc qua bưu chính).",
        f"- Đã giải quyết {n(total.finished)} hồ sơ ({n(total.finished_early)} trước hạn, "
        f"{n(total.finished_on_time)} đúng hạn, {n(total.finished_late)} quá hạn"
        + (f", {n(total.finished_no_deadline)} chưa xác định thời hạn"
           if total.finished_no_deadline else "") + ").",
        f"- Đang giải quyết: {n(total.open_within_time)} trong hạn, {n(total.open_overdue)} "
        f"quá hạn, {n(total.open_no_deadline)} chưa có hạn "
        f"(tính đến {local(report.dossiers.as_of):%H:%M %d/%m/%Y}).",
        f"- Yêu cầu bổ sung {n(total.supplement_requested)}, từ chối {n(total.refused)}, "
        f"công dân rút {n(total.withdrawn)}, đã trả kết quả {n(total.returned)}.",
        f"- Tỷ lệ giải quyết đúng hạn và trước hạn: {_rate(total.on_time_rate)}.",
        f"- {_local_source(report).text('vi')}"
        + (" (SỐ LIỆU CŨ)" if _local_source(report).stale else "") + ".",
    ]
    for name, buckets in report.dossiers.by_field.items():
        lines.append(f"  · {name or 'Khác'}: tiếp nhận {n(buckets.received)}, chuyển qua "
                     f"{n(buckets.carried_over)}, đã giải quyết {n(buckets.finished)}, "
                     f"đúng hạn {_rate(buckets.on_time_rate)}")
    lines += [
        "",
        "2. Lượt phục vụ tại quầy",
        f"- Cấp {n(q.issued)} số thứ tự ({n(q.priority)} ưu tiên); đã phục vụ {n(q.served)}, "
        f"vắng mặt {n(q.no_show)}, huỷ cuối ngày {n(q.cancelled)}.",
        f"- Thời gian chờ đến lượt (trung vị / 90%): {_minutes(q.wait)}; thời gian phục vụ: "
        f"{_minutes(q.service_time)}.",
    ]
    if report.queue.busiest_hours:
        hours = ", ".join(f"{hour:02d}:00–{hour + 1:02d}:00"
                          for hour in report.queue.busiest_hours)
        lines.append(f"- Giờ đông nhất: {hours}.")
    for service in report.queue.services:
        if service.issued:
            lines.append(f"  · {service.name}: {service.issued} số, phục vụ {service.served}, "
                         f"chờ {_minutes(service.wait)}")
    lines += ["", "3. Mức độ hài lòng"]
    if report.ratings_total:
        lines.append(f"- {report.ratings_total} lượt đánh giá, "
                     f"{_percent(report.satisfied_percent)} hài lòng trở lên.")
        for summary in report.ratings:
            who = summary.clerk_name or "—"
            lines.append(f"  · Quầy {summary.counter or '—'}, {who}: {summary.total} lượt, "
                         f"{_percent(summary.satisfied_percent)} hài lòng")
    else:
        lines.append("- Chưa có lượt đánh giá nào trong kỳ.")
    return "\n".join(lines)


def _local_source(report: PeriodReport) -> Any:
    return report.local_source if report.province is not None else report.source


def _no_deadline(value: int | None) -> str:
    return "—" if value is None else str(value)


def _province_vi(report: PeriodReport) -> list[str]:
    """The province's figures the board shows (OpenCPS), first; the dossiers in LấySố under."""
    from shared.clock import local
    from shared.report_export.numbers import whole as n

    figures = report.province
    if figures is None:
        return []
    source = figures.source
    return [
        f"- Số liệu của tỉnh tháng {local(report.dossiers.as_of):%m/%Y} (như trên bảng; "
        f"{source.text('vi')}"
        + (", SỐ LIỆU CŨ" if source.stale else "") + "): "
        f"đang giải quyết {n(figures.open_within_time)} trong hạn, "
        f"{n(figures.open_overdue)} quá hạn, {_no_deadline(figures.open_no_deadline)} chưa có "
        f"hạn; đã giải quyết {n(figures.finished_early)} trước hạn, "
        f"{n(figures.finished_on_time)} đúng hạn, {n(figures.finished_late)} quá hạn; tỷ lệ "
        f"đúng hạn và trước hạn {_rate(figures.on_time_rate)}.",
        "- Hồ sơ trong LấySố (tiếp nhận tại trung tâm, tệp nhập):",
    ]


def report_text_en(report: PeriodReport) -> str:
    from shared.clock import local
    from shared.models import Channel
    from shared.reports import Buckets

    total, q = report.dossiers.total, report.queue.total
    online = report.dossiers.by_channel.get(Channel.ONLINE, Buckets()).received
    last = local(report.end) - timedelta(days=1)
    satisfied = ("no ratings" if report.satisfied_percent is None
                 else f"{_percent(report.satisfied_percent)} satisfied of {report.ratings_total}")
    province = report.province
    head = [] if province is None else [
        f"The province's figures for {local(report.dossiers.as_of):%m/%Y} (as on the board; "
        f"{province.source.text('en')}"
        + (", OUT OF DATE" if province.source.stale else "") + "): open "
        f"{province.open_within_time} within time, {province.open_overdue} overdue, "
        f"{_no_deadline(province.open_no_deadline)} with no due date; finished "
        f"{province.finished_early} early, {province.finished_on_time} on time, "
        f"{province.finished_late} late; on time or early "
        f"{_rate(province.on_time_rate)}."]
    return "\n".join([
        f"REPORT {report.site_code} {local(report.start):%d/%m/%Y} to {last:%d/%m/%Y}",
        *head,
        ("Dossiers in LấySố" if head else "Dossiers")
        + f": received {total.received} ({online} online); finished {total.finished} "
        f"({total.finished_early} early, {total.finished_on_time} on time, "
        f"{total.finished_late} late); open {total.open_within_time} within time, "
        f"{total.open_overdue} overdue, {total.open_no_deadline} with no due date; "
        f"on time or early "
        f"{_rate(total.on_time_rate)}.",
        f"Queue: {q.issued} numbers issued, {q.served} served, {q.no_show} no-shows; wait "
        f"(median / 90%) {_minutes(q.wait, 'min')}.",
        f"Satisfaction: {satisfied}.",
    ])


# ----------------------------------------------------------------------------- JSON
def _durations(value: Durations) -> dict[str, Any]:
    return {"count": value.count, "median_minutes": value.median, "p90_minutes": value.p90}


def report_json(report: PeriodReport) -> dict[str, Any]:
    def service(item: Any) -> dict[str, Any]:
        return {"code": item.code, "name": item.name, "issued": item.issued,
                "served": item.served, "no_show": item.no_show, "cancelled": item.cancelled,
                "priority": item.priority, "wait": _durations(item.wait),
                "service_time": _durations(item.service_time),
                "wait_by_hour": item.wait_by_hour}

    total = report.dossiers.total
    return {
        "site": report.site_code, "start": report.start, "end": report.end,
        # the province's figures the board shows (OpenCPS), this month's report only
        "province": (None if report.province is None
                     else report.province.as_dict(report.dossiers.as_of)),
        "dossiers": {**total.as_dict(), "as_of": report.dossiers.as_of,
                     "source": _local_source(report).as_dict(report.dossiers.as_of),
                     "by_channel": {str(channel): buckets.as_dict() for channel, buckets
                                    in report.dossiers.by_channel.items()},
                     "by_online_level": {str(level): buckets.as_dict() for level, buckets
                                         in report.dossiers.by_online_level.items()},
                     "by_field": [{"field": name, **buckets.as_dict()} for name, buckets
                                  in report.dossiers.by_field.items()],
                     "by_month": [{"start": month.start, "end": month.end,
                                   **month.dossiers.as_dict()} for month in report.months]},
        "queue": {**service(report.queue.total),
                  "services": [service(item) for item in report.queue.services],
                  "issued_by_hour": report.queue.issued_by_hour,
                  "busiest_hours": report.queue.busiest_hours},
        "satisfaction": {"ratings": report.ratings_total,
                         "satisfied_percent": report.satisfied_percent,
                         "by_counter": [{"counter": s.counter, "clerk": s.clerk_name,
                                         "scale": s.scale, "ratings": s.total,
                                         "counts": s.counts,
                                         "satisfied_percent": s.satisfied_percent}
                                        for s in report.ratings]},
    }
