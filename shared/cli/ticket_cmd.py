"""``layso ticket issue|call-next|call|recall|no-show|transfer|finish|show|waiting|print``, and
the desk's cases: ``hold``, ``take-back``, ``call-again``, ``requeue``, ``expire``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from shared.cli import context

if TYPE_CHECKING:
    from collections.abc import Callable

    from shared.queue import QueueService
    from shared.views import Called, TicketView

COMMANDS = {"ticket": "số thứ tự (tickets)"}


def register(subparsers: Any) -> None:
    from shared.enums import Outcome, Priority

    parser = subparsers.add_parser("ticket", help=COMMANDS["ticket"])
    commands = parser.add_subparsers(dest="ticket_command", required=True)

    issue = commands.add_parser("issue", help="cấp số (issue a ticket)")
    issue.add_argument("--service", required=True, help="mã dịch vụ, ví dụ HT")
    issue.add_argument("--priority", default="none",
                       choices=[p.value for p in Priority], help="loại ưu tiên")
    context.add_json(issue)
    issue.set_defaults(func=run_issue)

    for name, handler, helptext in (
        ("call-next", run_call_next, "gọi số tiếp theo"),
        ("recall", run_recall, "gọi lại số đang phục vụ"),
        ("no-show", run_no_show, "báo vắng mặt"),
    ):
        command = commands.add_parser(name, help=helptext)
        command.add_argument("--counter", type=int, required=True, help="số quầy")
        context.add_json(command)
        command.set_defaults(func=handler)

    hold = commands.add_parser("hold", help="tạm giữ số đang phục vụ (put the ticket on hold)")
    hold.add_argument("--counter", type=int, required=True, help="số quầy")
    context.add_json(hold)
    hold.set_defaults(func=run_hold)

    for name, handler, helptext in (
        ("take-back", run_take_back, "phục vụ tiếp số quầy đang giữ (take back a held ticket)"),
        ("call-again", run_call_again,
         "hủy báo vắng và gọi lại ngay tại quầy (undo a no-show: call it again)"),
        ("requeue", run_requeue, "đưa số vắng mặt trở lại hàng đợi, giữ chỗ cũ (a no-show back "
         "in the queue); không có --counter: như giám sát viên"),
    ):
        command = commands.add_parser(name, help=helptext)
        command.add_argument("number", help="số thứ tự hôm nay, ví dụ A012")
        command.add_argument("--counter", type=int, required=name != "requeue",
                             help="số quầy")
        context.add_json(command)
        command.set_defaults(func=handler)

    call = commands.add_parser("call", help="gọi một số cụ thể")
    call.add_argument("number", help="số thứ tự, ví dụ A012")
    call.add_argument("--counter", type=int, required=True)
    context.add_json(call)
    call.set_defaults(func=run_call)

    transfer = commands.add_parser("transfer", help="chuyển sang dịch vụ/quầy khác")
    transfer.add_argument("--counter", type=int, required=True)
    transfer.add_argument("--to-service")
    transfer.add_argument("--to-counter", type=int)
    context.add_json(transfer)
    transfer.set_defaults(func=run_transfer)

    finish = commands.add_parser("finish", help="hoàn thành với kết quả")
    finish.add_argument("--counter", type=int, required=True)
    finish.add_argument("--outcome", required=True, choices=[o.value for o in Outcome])
    finish.add_argument("--procedure", help="mã thủ tục")
    context.add_json(finish)
    finish.set_defaults(func=run_finish)

    show = commands.add_parser("show", help="xem một số trong ngày")
    show.add_argument("number")
    context.add_json(show)
    show.set_defaults(func=run_show)

    waiting = commands.add_parser("waiting", help="danh sách chờ của một quầy")
    waiting.add_argument("--counter", type=int, required=True)
    context.add_json(waiting)
    waiting.set_defaults(func=run_waiting)

    expire = commands.add_parser(
        "expire", help="kết thúc các số của ngày trước còn chờ, tạm giữ hoặc đang phục vụ "
        "(also done by the day's first ticket and each counter's first call)")
    context.add_json(expire)
    expire.set_defaults(func=run_expire)

    reprint = commands.add_parser("print", help="in lại phiếu (reprint a ticket)")
    reprint.add_argument("number")
    reprint.add_argument("--printer", metavar="SPEC")
    reprint.add_argument("--paper", choices=["58", "80"])
    reprint.set_defaults(func=run_print)


def _ticket_json(view: TicketView) -> dict[str, Any]:
    """The ticket as the API gives it (``shared.ticket_json``), its wait's range included."""
    from shared.ticket_json import ticket_json

    return ticket_json(view)


def _describe(args: argparse.Namespace) -> Callable[[dict[str, Any] | None], str]:
    """The ticket's line of text in the command's language (shared/cli/ticket_text.py)."""
    from shared.cli.ticket_text import describe

    language = context.language(args)
    return lambda data: describe(data, language)


def _queue(args: argparse.Namespace) -> QueueService:
    with context.loading():
        from shared.queue import QueueService

    return QueueService(context.database(args), context.settings(args).queue)


def _counter_id(queue: QueueService, args: argparse.Namespace) -> int:
    return queue.counter_id(context.site(args), args.counter)


def run_issue(args: argparse.Namespace) -> int:
    # Straight to the Core path (shared.queue_issue), as QueueService.issue_ticket does:
    # without QueueService's imports, the ORM is never loaded; on a SQLite file, without
    # SQLAlchemy at all (shared.db.plain), unless this ticket needs it (bench/bench_cli.py).
    with context.loading():
        from shared.enums import Priority
        from shared.queue_issue import issue_ticket
    queue, priority = context.settings(args).queue, Priority(args.priority)
    view: TicketView | None = None
    plain = context.plain_database(args)
    if plain is not None:
        from shared.db.plain import PlainUnsupported

        try:
            view = issue_ticket(plain, queue, context.site(args, plain), args.service, priority)
        except PlainUnsupported:  # rolled back: the usual way below
            view = None
        finally:
            plain.close()
    if view is None:
        view = issue_ticket(context.database(args), queue, context.site(args), args.service,
                            priority)
    return context.emit(args, _ticket_json(view), _describe(args))


def run_call_next(args: argparse.Namespace) -> int:
    queue = _queue(args)
    called = queue.call_next(_counter_id(queue, args))
    return context.emit(args, _ticket_json(called.ticket) if called else None,
                        _describe(args))


def _call_by_number(args: argparse.Namespace,
                    action: Callable[[QueueService], Callable[[int, int], Called]]) -> int:
    """Find ``args.number`` today and call it to ``args.counter`` with ``action(queue)``
    (call, take back, call again): the ticket as called."""
    queue = _queue(args)
    ticket = queue.find_ticket(context.site(args), args.number)
    called = action(queue)(_counter_id(queue, args), ticket.id)
    return context.emit(args, _ticket_json(called.ticket), _describe(args))


def run_call(args: argparse.Namespace) -> int:
    return _call_by_number(args, lambda queue: queue.call_ticket)


def run_recall(args: argparse.Namespace) -> int:
    queue = _queue(args)
    return context.emit(args, _ticket_json(queue.recall(_counter_id(queue, args)).ticket),
                        _describe(args))


def run_no_show(args: argparse.Namespace) -> int:
    queue = _queue(args)
    return context.emit(args, _ticket_json(queue.no_show(_counter_id(queue, args))),
                        _describe(args))


def run_transfer(args: argparse.Namespace) -> int:
    queue = _queue(args)
    view = queue.transfer(_counter_id(queue, args), to_service=args.to_service,
                          to_counter=args.to_counter)
    return context.emit(args, _ticket_json(view), _describe(args))


def run_finish(args: argparse.Namespace) -> int:
    queue = _queue(args)
    view = queue.finish(_counter_id(queue, args), args.outcome, args.procedure)
    return context.emit(args, _ticket_json(view), _describe(args))


def run_hold(args: argparse.Namespace) -> int:
    queue = _queue(args)
    return context.emit(args, _ticket_json(queue.hold(_counter_id(queue, args))),
                        _describe(args))


def run_take_back(args: argparse.Namespace) -> int:
    return _call_by_number(args, lambda queue: queue.take_back)


def run_call_again(args: argparse.Namespace) -> int:
    return _call_by_number(args, lambda queue: queue.call_again)


def run_requeue(args: argparse.Namespace) -> int:
    queue = _queue(args)
    ticket = queue.find_ticket(context.site(args), args.number)
    counter = _counter_id(queue, args) if args.counter is not None else None
    return context.emit(args, _ticket_json(queue.return_to_queue(ticket.id, counter)),
                        _describe(args))


def run_show(args: argparse.Namespace) -> int:
    view = _queue(args).find_ticket(context.site(args), args.number)
    return context.emit(args, _ticket_json(view), _describe(args))


def run_waiting(args: argparse.Namespace) -> int:
    queue = _queue(args)
    entries = queue.waiting(_counter_id(queue, args))
    data = [dict(_ticket_json(entry.ticket), waited_minutes=entry.waited_minutes)
            for entry in entries]
    return context.emit(args, data, lambda rows: "\n".join(
        f"{row['number']:<6} {row['service_name']:<30} {row['waited_minutes']} phút"
        for row in rows) or "Không có ai đang chờ.")


def run_expire(args: argparse.Namespace) -> int:
    cancelled = _queue(args).expire_past_days(context.site(args))
    return context.emit(args, {"cancelled": cancelled},
                        lambda d: f"Đã kết thúc {d['cancelled']} số của ngày trước (còn chờ, "
                        "tạm giữ hoặc đang phục vụ khi hết ngày).")


def run_print(args: argparse.Namespace) -> int:
    from shared.cli.print_cmd import reprint_ticket

    return reprint_ticket(args, args.number)
