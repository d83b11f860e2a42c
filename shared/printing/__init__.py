"""Ticket and form layouts (Pillow, the bundled font) and printer connections (python-escpos).

The apps use :class:`~shared.printing.service.PrintService`; the layouts are also callable on
their own (``render_ticket``, ``render_slip``, ``slip_pages`` for A5 PDFs).
"""
