"""The period report (shared/period_report.py) as tables a manager hands in, in one place for
every output: the console's page, the XLSX workbook and the PDF.

- ``numbers``: Vietnamese number style (1.881; 97,74 %; 12,5).
- ``tables``: the report → titled tables (a summary, dossiers by channel and by field as the
  provincial forms lay them out, month by month, the queue per service and per hour,
  satisfaction per counter and clerk), raw numbers in the cells.
- ``xlsx``: a workbook, a sheet per table, numbers as numbers, native Excel charts (openpyxl).
- ``pdf``: an A4 document with the bundled Noto Sans embedded, selectable text (fpdf2).
"""
