"""``layso dossier``: receive dossiers, follow them, compute due dates.

    layso dossier receive --procedure CODE --name NAME [--phone …] [--channel online] …
    layso dossier resolve|return|supplemented CODE
    layso dossier supplement|refuse CODE --reason TEXT
    layso dossier withdraw CODE [--reason TEXT]      # the citizen withdraws it ("rút hồ sơ")
    layso dossier list [--counter N] [--query TEXT]
    layso dossier search TEXT               # every dossier of the site, finished ones too
    layso dossier reschedule CODE --due "YYYY-MM-DD HH:MM" --reason TEXT   # form 04
    layso dossier receive … --time-limit 5|5d|8h|0|unknown | --due "…"   # catalog has none
    layso dossier show CODE
    layso dossier due-date --procedure CODE --received "YYYY-MM-DD HH:MM"
    layso dossier report --from YYYY-MM-DD --to YYYY-MM-DD [--as-of "YYYY-MM-DD HH:MM"]
    layso dossier import FILE [--mapping FILE] [--preset NAME]   # the province's list
    layso dossier local-codes [on|off]      # may LấySố make codes here, or must the clerk
                                            # type the province's

Every sub-command takes --json. Times without an offset are Hà Nội local times.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from shared.cli import context
from shared.errors import ConfigError

if TYPE_CHECKING:
    from shared.dossier_limits import LimitChoice
    from shared.dossier_views import DossierView
    from shared.dossiers import DossierService
    from shared.reports import DossierReport

COMMANDS = {"dossier": "hồ sơ thủ tục (dossiers)"}


def register(subparsers: Any) -> None:
    """Add ``dossier`` and its sub-commands to the main parser's subparsers."""
    from shared.models import Channel, Delivery

    parser = subparsers.add_parser("dossier", help=COMMANDS["dossier"])
    commands = parser.add_subparsers(dest="dossier_command", required=True)

    receive = commands.add_parser("receive", help="tiếp nhận hồ sơ (receive a dossier)")
    receive.add_argument("--procedure", required=True, help="mã thủ tục")
    receive.add_argument("--name", required=True, help="họ tên người nộp")
    for option in ("--address", "--phone", "--email", "--fee", "--note"):
        receive.add_argument(option)
    receive.add_argument("--channel", choices=[c.value for c in Channel], default="in_person")
    receive.add_argument("--delivery", choices=[d.value for d in Delivery], default="counter")
    receive.add_argument("--document", action="append", default=[], help="giấy tờ (lặp lại)")
    receive.add_argument("--copies", type=int, default=1)
    receive.add_argument("--ticket", type=int, help="mã số thứ tự (ticket id)")
    receive.add_argument("--counter", type=int, help="số quầy")
    receive.add_argument("--received", help="thời điểm nộp (mặc định: bây giờ)")
    receive.add_argument("--code", help="mã hồ sơ do hệ thống một cửa tỉnh cấp (mặc định: mã "
                         "nội bộ, nếu điểm phục vụ cho phép)")
    limit = receive.add_mutually_exclusive_group()
    limit.add_argument("--time-limit", help="thời hạn khi danh mục chưa có: 5 (ngày làm việc), "
                       "5d (ngày), 8h (giờ làm việc), 0 (trong ngày), hoặc unknown (chưa xác "
                       "định)")
    limit.add_argument("--due", help='ngày hẹn trả đặt tay "YYYY-MM-DD HH:MM"')
    receive.set_defaults(func=run_receive)

    reschedule = commands.add_parser(
        "reschedule", help="xin lỗi, hẹn lại ngày trả (mẫu 04) (a new due date, form 04)")
    reschedule.add_argument("code")
    reschedule.add_argument("--due", required=True, help='"YYYY-MM-DD HH:MM"')
    reschedule.add_argument("--reason", required=True)
    reschedule.set_defaults(func=run_reschedule)
    context.add_json(reschedule)

    search = commands.add_parser(
        "search", help="tìm mọi hồ sơ của điểm phục vụ: mã, tên (không cần dấu), số điện "
        "thoại (search every dossier)")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=50)
    search.set_defaults(func=run_search)
    context.add_json(search)

    for name, text in (("resolve", "đã có kết quả (result ready)"),
                       ("return", "đã trả kết quả (result returned)"),
                       ("supplemented", "đã bổ sung hồ sơ (supplement received)"),
                       ("supplement", "yêu cầu bổ sung (request a supplement)"),
                       ("refuse", "từ chối giải quyết (refuse)"),
                       ("withdraw", "công dân rút hồ sơ (withdrawn by the citizen)"),
                       ("show", "xem hồ sơ (show a dossier)")):
        step = commands.add_parser(name, help=text)
        step.add_argument("code")
        if name in ("supplement", "refuse"):
            step.add_argument("--reason", required=True)
        elif name == "withdraw":
            step.add_argument("--reason", default="")
        step.set_defaults(func=run_show if name == "show" else run_step)
        context.add_json(step)

    listing = commands.add_parser("list", help="hồ sơ đang xử lý (open dossiers)")
    listing.add_argument("--counter", type=int)
    listing.add_argument("--query")
    listing.set_defaults(func=run_list)

    due = commands.add_parser("due-date", help="tính hạn trả kết quả (compute a due date)")
    due.add_argument("--procedure", required=True)
    due.add_argument("--received", required=True, help='"YYYY-MM-DD HH:MM"')
    due.set_defaults(func=run_due_date)

    imports = commands.add_parser(
        "import", help="nhập danh sách hồ sơ từ hệ thống một cửa tỉnh (import the province's "
        "dossier list: XLSX or CSV)")
    imports.add_argument("file", help="tệp XLSX hoặc CSV (UTF-8, UTF-16)")
    imports.add_argument("--mapping", help="tệp ánh xạ TOML: cột nào chứa gì, từ nào ứng với gì")
    imports.add_argument("--preset", help="mẫu ánh xạ có sẵn (assets/dossier_presets), ví dụ "
                         "opencps")
    imports.set_defaults(func=run_import)
    context.add_json(imports)

    local = commands.add_parser(
        "local-codes", help="cho phép mã hồ sơ nội bộ ở điểm phục vụ này (on) hay bắt buộc mã "
        "của hệ thống một cửa tỉnh (off); không tham số: xem (local dossier codes)")
    local.add_argument("state", nargs="?", choices=["on", "off"])
    local.set_defaults(func=run_local_codes)
    context.add_json(local)

    report = commands.add_parser("report", help="số liệu hồ sơ (report buckets)")
    report.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    report.add_argument("--to", dest="end", required=True, type=date.fromisoformat,
                        help="ngày cuối (tính cả ngày này)")
    report.add_argument("--as-of", dest="as_of")
    report.set_defaults(func=run_report)
    for command in (receive, listing, due, report):
        context.add_json(command)


def parse_moment(text: str) -> datetime:
    """'YYYY-MM-DD HH:MM' in Hà Nội time, or ISO 8601 with an offset."""
    from shared.clock import LOCAL_TZ

    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise ConfigError(f"Thời điểm không hợp lệ: {text!r} (cần dạng YYYY-MM-DD HH:MM).",
                          f"Invalid moment {text!r} (expected YYYY-MM-DD HH:MM).") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_TZ)


def _service(args: argparse.Namespace) -> DossierService:
    """Due dates count the working sessions of the site's hours set in the console (the
    configured site, else the first), else the file's ``[calendar] sessions``."""
    from shared.calendar_settings import calendar_settings
    from shared.center import CenterService
    from shared.center_settings import CenterSettingsService
    from shared.dossiers import DossierService
    from shared.errors import NotFound

    db, settings = context.database(args), context.settings(args)
    sites = [settings.site] if settings.site else [site.code for site in
                                                   CenterService(db).sites()[:1]]
    try:
        hours = CenterSettingsService(db).hours(sites[0], settings) if sites else None
    except NotFound:  # a configured site that is not there: the file's sessions
        hours = None
    return DossierService(db, calendar_settings(settings, hours))


def _when(moment: datetime | None, english: bool) -> str:
    if moment is None:
        return "to be confirmed" if english else "chưa xác định"
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}" if not english \
        else f"{moment:%H:%M}, {moment:%d/%m/%Y}"


def _line(view: DossierView, english: bool) -> str:
    from shared.dossier_codes import code_label

    status = view.status_text_en if english else view.status_text
    late = (" — OVERDUE" if english else " — QUÁ HẠN") if view.overdue else ""
    due = "due" if english else "hạn"
    code = code_label(view.code, view.origin, "en" if english else "vi")
    return (f"{code}  {view.procedure_name}  [{status}]  {due}: "
            f"{_when(view.due_at, english)}{late}")


def _details(view: DossierView, english: bool) -> str:
    labels = (("Applicant", "Phone", "Received", "Due", "Documents", "Sets", "Fee")
              if english else
              ("Người nộp", "Điện thoại", "Tiếp nhận lúc", "Hẹn trả", "Giấy tờ", "Số bộ",
               "Lệ phí"))
    values = (view.applicant.name, view.applicant.phone, _when(view.received_at, english),
              _when(view.due_at, english), "; ".join(view.documents), str(view.copies),
              view.fee)
    return "\n".join([_line(view, english)]
                     + [f"  {label}: {value}" for label, value in zip(labels, values,
                                                                        strict=True)])


def _english(args: argparse.Namespace) -> bool:
    return context.language(args) == "en"


def run_receive(args: argparse.Namespace) -> int:
    from shared.dossiers import Applicant
    from shared.models import Channel, Delivery

    applicant = Applicant(args.name, args.address or "", args.phone or "", args.email or "")
    view = _service(args).receive(
        context.site(args), args.procedure, applicant, channel=Channel(args.channel),
        documents=args.document, copies=args.copies, delivery=Delivery(args.delivery),
        fee=args.fee, ticket_id=args.ticket, counter=args.counter, note=args.note or "",
        received_at=parse_moment(args.received) if args.received else None,
        code=args.code or None, limit=_limit(args.time_limit, args.due))
    return context.emit(args, view, lambda v: _details(v, _english(args)))


def _limit(text: str | None, due: str | None) -> LimitChoice | None:
    """``--time-limit`` / ``--due`` as the receive form's choice (None: the catalog's)."""
    from shared.dossier_limits import LimitChoice, LimitUnit

    if due:
        return LimitChoice(LimitUnit.DATE, due_at=parse_moment(due))
    if text is None:
        return None
    cleaned = text.strip().lower()
    if cleaned in ("unknown", "chua-xac-dinh"):
        return LimitChoice(LimitUnit.UNKNOWN)
    unit = {"d": LimitUnit.DAYS, "h": LimitUnit.HOURS}.get(cleaned[-1:], LimitUnit.WORKING_DAYS)
    number = cleaned.rstrip("dh")
    if not number.isdigit():
        raise ConfigError(f"Thời hạn không hợp lệ: {text!r} (ví dụ 5, 5d, 8h, 0, unknown).",
                          f"Invalid time limit {text!r} (e.g. 5, 5d, 8h, 0, unknown).")
    if int(number) == 0:
        return LimitChoice(LimitUnit.SAME_DAY)
    return LimitChoice(unit, int(number))


def run_reschedule(args: argparse.Namespace) -> int:
    view = _service(args).reschedule(args.code, parse_moment(args.due), args.reason)
    return context.emit(args, view, lambda v: _line(v, _english(args)))


def run_search(args: argparse.Namespace) -> int:
    views = _service(args).search(context.site(args), args.query, limit=args.limit)
    return context.emit(args, views,
                        lambda vs: "\n".join(_line(v, _english(args)) for v in vs))


def run_step(args: argparse.Namespace) -> int:
    service = _service(args)
    step = args.dossier_command
    if step == "resolve":
        view = service.resolve(args.code)
    elif step == "return":
        view = service.return_result(args.code)
    elif step == "supplemented":
        view = service.supplement_received(args.code)
    elif step == "supplement":
        view = service.request_supplement(args.code, args.reason)
    elif step == "withdraw":
        view = service.withdraw(args.code, note=args.reason)
    else:
        view = service.refuse(args.code, args.reason)
    return context.emit(args, view, lambda v: _line(v, _english(args)))


def run_show(args: argparse.Namespace) -> int:
    view = _service(args).details(args.code)
    return context.emit(args, view, lambda v: _details(v, _english(args)))


def run_list(args: argparse.Namespace) -> int:
    views = _service(args).list_open(context.site(args), args.counter, args.query)
    return context.emit(args, views,
                        lambda vs: "\n".join(_line(v, _english(args)) for v in vs))


def run_due_date(args: argparse.Namespace) -> int:
    from shared.clock import LOCAL_TZ

    received = parse_moment(args.received)
    due = _service(args).due_date(args.procedure, received)
    data = {"procedure": args.procedure, "received_at": received,
            "due_at": due.astimezone(LOCAL_TZ) if due else None}
    return context.emit(args, data, lambda d: _when(d["due_at"], _english(args)))


def run_import(args: argparse.Namespace) -> int:
    """Print {"created", "updated", "unchanged", "errors"}; exit status 1 with errors (then
    nothing was written)."""
    from shared.dossier_import import ImportResult, import_file, mapping_for
    from shared.errors import InvalidOperation

    try:  # a bad mapping or preset too: the same shape (JSON with --json), exit status 1
        mapping = mapping_for(args.mapping, args.preset)
        result = import_file(context.database(args), context.site(args), args.file, mapping,
                             by="cli")
    except InvalidOperation as error:  # not a spreadsheet, columns missing: same shape
        result = ImportResult(args.file, errors=(error.message,),
                              errors_en=(error.message_en,))
    english = _english(args)
    data = result.as_dict("en" if english else "vi")
    context.emit(args, data, lambda d: "\n".join(
        [("Created {created}, updated {updated}, unchanged {unchanged}." if english else
          "Tạo mới {created}, cập nhật {updated}, không đổi {unchanged}.").format(**d)]
        + ([("Nothing imported:" if english else "Không nhập gì:")] if d["errors"] else [])
        + [f"  {error}" for error in d["errors"]]))
    return 1 if result.errors else 0


def run_local_codes(args: argparse.Namespace) -> int:
    from shared.dossier_codes import local_codes, set_local_codes

    db, site = context.database(args), context.site(args)
    if args.state is not None:
        set_local_codes(db, site, args.state == "on", actor="cli")
    allowed = local_codes(db, site)
    english = _english(args)
    return context.emit(args, {"site": site, "local_codes": allowed}, lambda d: (
        ("Local codes allowed" if d["local_codes"] else "The province's code is required")
        if english else ("Cho phép mã nội bộ" if d["local_codes"]
                         else "Bắt buộc mã của hệ thống một cửa tỉnh")))


def run_report(args: argparse.Namespace) -> int:
    from shared.clock import LOCAL_TZ
    from shared.reports import dossier_report

    start = datetime.combine(args.start, time(0), tzinfo=LOCAL_TZ)
    end = datetime.combine(args.end + timedelta(days=1), time(0), tzinfo=LOCAL_TZ)
    as_of = parse_moment(args.as_of) if args.as_of else None
    report = dossier_report(context.database(args), context.site(args), start, end, as_of)
    if context.wants_json(args):
        return context.emit(args, _report_json(report))
    total = report.total.as_dict()
    labels = REPORT_LABELS_EN if _english(args) else REPORT_LABELS
    return context.emit(args, total, lambda d: "\n".join(
        f"{labels.get(key, key)}: {_figure(key, value)}" for key, value in d.items()))


def _figure(key: str, value: int | float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.2f}" if key == "on_time_rate" else str(value)


REPORT_LABELS = {
    "received": "Tiếp nhận", "finished_early": "Giải quyết trước hạn",
    "finished_on_time": "Giải quyết đúng hạn", "finished_late": "Giải quyết quá hạn",
    "finished_no_deadline": "Giải quyết (chưa xác định thời hạn)",
    "open_within_time": "Đang giải quyết trong hạn", "open_overdue": "Đang giải quyết quá hạn",
    "supplement_requested": "Yêu cầu bổ sung", "refused": "Từ chối",
    "returned": "Đã trả kết quả", "finished": "Tổng đã giải quyết",
    "carried_over": "Kỳ trước chuyển qua", "withdrawn": "Công dân rút hồ sơ",
    "on_time_rate": "Tỷ lệ đúng hạn và trước hạn (%)",
}
REPORT_LABELS_EN = {
    "received": "Received", "finished_early": "Finished early",
    "finished_on_time": "Finished on time", "finished_late": "Finished late",
    "finished_no_deadline": "Finished (no time limit)", "open_within_time": "Open, within time",
    "open_overdue": "Open, overdue", "supplement_requested": "Supplement requested",
    "refused": "Refused", "returned": "Returned", "finished": "Finished in all",
    "carried_over": "Carried over", "withdrawn": "Withdrawn",
    "on_time_rate": "On time or early (%)",
}


def _report_json(report: DossierReport) -> dict[str, Any]:
    return {"site": report.site_code, "start": report.start, "end": report.end,
            "as_of": report.as_of, "total": report.total.as_dict(),
            "by_channel": {str(k): v.as_dict() for k, v in report.by_channel.items()}}
