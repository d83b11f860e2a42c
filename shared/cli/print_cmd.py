"""`layso printer test` (a sample ticket on the configured printer) and `layso printer reprint`.

``reprint_ticket(args, number)`` is what `layso ticket print NUMBER` calls.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from shared.cli import context
from shared.errors import PrinterError

if TYPE_CHECKING:
    from shared.printing.documents import TicketDocument
    from shared.printing.service import PrintService
    from shared.printing.spooler import PrintResult

COMMANDS = {"printer": "máy in phiếu (ticket printer)"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("printer", help=COMMANDS["printer"])
    commands = parser.add_subparsers(dest="printer_command", required=True, metavar="LỆNH")
    test = commands.add_parser("test", help="in thử một phiếu mẫu (print a sample ticket)")
    _add_printer_options(test)
    test.set_defaults(func=_run_test)
    reprint = commands.add_parser("reprint", help="in lại phiếu trong ngày (reprint a ticket)")
    reprint.add_argument("number", help="số thứ tự, ví dụ A012")
    _add_printer_options(reprint)
    reprint.set_defaults(func=lambda args: reprint_ticket(args, args.number))


def _add_printer_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--printer", metavar="SPEC",
                        help="máy in, ví dụ network:192.168.1.50 (mặc định: LAYSO_PRINTER)")
    parser.add_argument("--paper", choices=["58", "80"], help="khổ giấy mm (paper width)")


def service_for(args: argparse.Namespace) -> PrintService:
    """The printer of the settings, with --printer / --paper on top (checked fail fast)."""
    from shared.printing.paper import Paper
    from shared.printing.service import PrintService
    from shared.printing.spec import PrinterSpec

    printer = context.settings(args).printer
    spec = PrinterSpec.parse(getattr(args, "printer", None) or printer.spec or "none")
    paper = Paper.parse(getattr(args, "paper", None) or str(printer.paper_mm))
    return PrintService(spec, paper, max_age=60.0)


def sample_ticket(language: str) -> TicketDocument:
    from shared.printing.documents import TicketDocument

    return TicketDocument(
        center_name="Trung tâm Phục vụ hành chính công", ticket_number="A001",
        service_name="In thử - Kiểm tra máy in" if language != "en" else "Printer test",
        issued_at=datetime.now(UTC), qr_payload="LAYSO-TEST", people_ahead=3,
        estimated_wait_minutes=10, header_lines=("Phiếu in thử: tiếng Việt có dấu ổn định",),
        footer_lines=("ẮẰẲẴẶ ẤẦẨẪẬ ĐƠƯ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ",), language=language)


def _run_test(args: argparse.Namespace) -> int:
    service = service_for(args)
    return _report(args, service, service.print_ticket(sample_ticket(context.language(args))))


def reprint_ticket(args: argparse.Namespace, number: str) -> int:
    """Reprint today's ticket ``number`` of the chosen site on the configured printer, as it
    stands now: its people ahead and wait (read now, as the phone page reads them) and the
    counters of its service while it waits, its counter once called, its end once ended;
    marked "IN LẠI" with the time of the reprint (the database's clock)."""
    from shared.center import CenterService
    from shared.printing.from_views import counters_serving, ticket_document
    from shared.queue import QueueService

    db = context.database(args)
    site_code = context.site(args)
    ticket = QueueService(db).find_ticket(site_code, number)
    center = CenterService(db)
    site = center.site(site_code)
    counters = counters_serving(center.counters(site_code), ticket.service)
    with db.connect(reading=True) as connection:
        now = db.now(connection)
    settings = context.settings(args)
    doc = ticket_document(ticket, site, settings.printer, context.language(args),
                          center_name=settings.kiosk.center_name,
                          public_url=settings.server.public_url, counters=counters,
                          reprinted_at=now)
    service = service_for(args)
    return _report(args, service, service.print_ticket(doc))


def _report(args: argparse.Namespace, service: PrintService, result: PrintResult) -> int:
    """Say what happened; a printer failure is a PrinterError (exit status 2, one line)."""
    from shared.printing.spooler import PrintStatus

    if result.status is PrintStatus.QUEUED:
        assert result.error is not None
        raise result.error
    english = context.language(args) == "en"
    if result.status is PrintStatus.SKIPPED:
        text = ("No printer configured (LAYSO_PRINTER=none): nothing printed." if english else
                "Chưa cấu hình máy in (LAYSO_PRINTER=none): không in gì.")
    else:
        where = service.spec.describe()
        text = (f"Printed {result.job.label} on {where}." if english else
                f"Đã in {result.job.label} tới máy in {where}.")
    context.emit(args, {"status": result.status.value, "printer": service.spec.describe(),
                        "job": result.job.label, "bytes": len(result.job.data)},
                 lambda _: text)
    return 0 if result.status is PrintStatus.PRINTED else 1


__all__ = ["PrinterError", "register", "reprint_ticket", "service_for"]
