"""Ticket and form layouts (Pillow, the bundled font) and printer connections (python-escpos).

The apps use :class:`~shared.printing.service.PrintService`; the layouts are also callable on
their own (``render_ticket``, ``render_slip``, ``render_refusal``, ``render_apology``; A5:
``page.form_pdf`` for a PDF of real text, ``page.form_pages`` for page images).
"""
