"""What the apps call: print a ticket, a slip (form 01) or forms 02–04 on the configured
printer.

Every call returns a :class:`PrintResult` at once and never raises for printer trouble: a job
the printer refused waits in the spool (``retry_pending()`` from a timer sends it later), and
the app shows the number on screen meanwhile.

    printing = PrintService.from_env()           # LAYSO_PRINTER, LAYSO_PAPER_MM
    result = printing.print_ticket(ticket_doc)
    if not result.printed: show(result.error.message)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PIL import Image

from shared.config import PrinterSettings
from shared.printing.apology_layout import render_apology
from shared.printing.connection import send
from shared.printing.documents import (
    ApologyDocument,
    RefusalDocument,
    SlipDocument,
    SupplementDocument,
    TicketDocument,
)
from shared.printing.escpos_job import escpos_bytes
from shared.printing.paper import Paper
from shared.printing.refusal_layout import render_refusal
from shared.printing.slip_layout import render_slip
from shared.printing.spec import PrinterSpec
from shared.printing.spooler import (
    PrintJob,
    PrintResult,
    PrintSpooler,
    PrintStatus,
    SpoolerState,
)
from shared.printing.supplement_layout import render_supplement
from shared.printing.ticket_layout import render_ticket

log = logging.getLogger(__name__)


class PrintService:
    """One printer (spec + paper width) with its spool. Create one per app process."""

    def __init__(self, spec: PrinterSpec, paper: Paper = Paper.MM80, *, timeout: float = 5.0,
                 check_paper: bool = True, status_timeout: float = 1.0,
                 listener: Callable[[SpoolerState], None] | None = None,
                 max_age: float = 600.0) -> None:
        self.spec = spec
        self.paper = paper
        self.timeout = timeout
        self.check_paper = check_paper
        self.status_timeout = status_timeout
        self.spooler = PrintSpooler(self._send, listener=listener, max_age=max_age)

    @staticmethod
    def from_settings(printer: PrinterSettings, **options: Any) -> PrintService:
        """From the ``[printer]`` settings (spec and paper_mm); a bad spec is a ConfigError."""
        paper = Paper.parse(str(printer.paper_mm))
        return PrintService(PrinterSpec.parse(printer.spec or "none"), paper, **options)

    @staticmethod
    def from_env(environ: Mapping[str, str] | None = None, **options: Any) -> PrintService:
        """From ``LAYSO_PRINTER`` (default ``none``) and ``LAYSO_PAPER_MM`` (58/80, default 80).

        A malformed value raises ConfigError with a Vietnamese message.
        """
        env = os.environ if environ is None else environ
        spec = PrinterSpec.parse(env.get("LAYSO_PRINTER", "none") or "none")
        paper = Paper.parse(env.get("LAYSO_PAPER_MM", "80") or "80")
        return PrintService(spec, paper, **options)

    def print_ticket(self, doc: TicketDocument) -> PrintResult:
        """Print a queue ticket (one image, one cut)."""
        return self._submit(f"Phiếu {doc.ticket_number}", lambda: [render_ticket(doc, self.paper)])

    def print_slip(self, doc: SlipDocument, copies: int = 2) -> PrintResult:
        """Print form 01: Liên 1 and Liên 2, each with its own cut (``copies=1``: Liên 2 only)."""
        return self._submit(f"Giấy hẹn {doc.dossier_code}",
                            lambda: render_slip(doc, self.paper, copies))

    def print_supplement(self, doc: SupplementDocument) -> PrintResult:
        """Print form 02 (request to supplement the dossier)."""
        return self._submit(f"Phiếu bổ sung {doc.dossier_code}",
                            lambda: [render_supplement(doc, self.paper)])

    def print_refusal(self, doc: RefusalDocument) -> PrintResult:
        """Print form 03 (the dossier is refused, with the reason)."""
        return self._submit(f"Phiếu từ chối {doc.dossier_code}",
                            lambda: [render_refusal(doc, self.paper)])

    def print_apology(self, doc: ApologyDocument) -> PrintResult:
        """Print form 04 (apology and the new due date)."""
        return self._submit(f"Phiếu xin lỗi {doc.dossier_code}",
                            lambda: [render_apology(doc, self.paper)])

    def job_bytes(self, parts: Sequence[Image.Image]) -> bytes:
        """The ESC/POS bytes this printer gets for these images."""
        return escpos_bytes(parts, self.paper.dots)

    def retry_pending(self) -> int:
        """Resend waiting jobs (call it from a timer); the number printed."""
        return self.spooler.retry_pending()

    @property
    def pending_count(self) -> int:
        return self.spooler.pending_count

    def _submit(self, label: str, render: Callable[[], Sequence[Image.Image]]) -> PrintResult:
        if self.spec.kind == "none":
            log.info("%s not printed: no printer configured (LAYSO_PRINTER=none)", label)
            return PrintResult(PrintStatus.SKIPPED, PrintJob(label, b""))
        return self.spooler.submit(PrintJob(label, self.job_bytes(render())))

    def _send(self, data: bytes) -> None:
        send(self.spec, data, width_dots=self.paper.dots, timeout=self.timeout,
             check_paper=self.check_paper, status_timeout=self.status_timeout)
