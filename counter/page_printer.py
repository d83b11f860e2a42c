"""A5 pages (the forms' images) on a system printer through Qt's print system, with no print
dialog: the default printer, a named one, or ``pdf:PATH`` (Qt's PDF output, the same path
through QPrinter and QPainter; what the tests use in place of a device)."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image
from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from shared.errors import PrinterError


def _qimage(page: Image.Image) -> QImage:
    grey = page.convert("L")
    image = QImage(grey.tobytes(), grey.width, grey.height, grey.width,
                   QImage.Format.Format_Grayscale8)
    return image.copy()  # own the pixels (the bytes object goes away)


def make_printer(target: str) -> QPrinter:
    """A QPrinter set for A5 portrait with no margins: ``target`` is a printer name, "" for
    the default printer, or ``pdf:PATH``."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if target.startswith("pdf:"):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(target[4:])
    else:
        info = (QPrinterInfo.printerInfo(target) if target
                else QPrinterInfo.defaultPrinter())
        if info.isNull():
            raise PrinterError(
                f"Không tìm thấy máy in “{target}”." if target
                else "Máy tính chưa có máy in mặc định.",
                f"Printer “{target}” not found." if target else "No default printer.")
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A5),
                                      QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    printer.setDocName("LấySố")
    return printer


def print_pages(pages: Sequence[Image.Image], target: str = "") -> None:
    """Print each image on its own A5 page, scaled to the whole page (the images already
    hold the forms' margins). Raises PrinterError when the printer cannot be used."""
    if not pages:
        return
    printer = make_printer(target)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterError(f"Không in được ra “{target or 'máy in mặc định'}”.",
                           f"Cannot print to “{target or 'the default printer'}”.")
    try:
        for index, page in enumerate(pages):
            if index:
                printer.newPage()
            area = printer.pageRect(QPrinter.Unit.DevicePixel)
            painter.drawImage(QRectF(0, 0, area.width(), area.height()), _qimage(page))
    finally:
        painter.end()
