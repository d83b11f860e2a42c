"""A5 forms on a system printer through Qt's print system, with no print dialog: the default
printer, a named one, or ``pdf:PATH`` (Qt's PDF writer, the same path through QPrinter and
QPainter; what the tests use in place of a device).

The forms are drawn as text in the bundled Noto Sans (the layout of
shared/printing/pdf_writer.py on a QPainter), not as page images: sharp on any printer, and
real text with the font embedded in Qt's PDF."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image
from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from shared.errors import PrinterError
from shared.paths import FONTS_DIR
from shared.printing.blocks import Block
from shared.printing.pdf_writer import draw_page

FAMILY = "Noto Sans"


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


def _font_family() -> str:
    """The bundled Noto Sans, registered with Qt if the app has not done it yet."""
    if FAMILY not in QFontDatabase.families():
        for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
            QFontDatabase.addApplicationFont(str(FONTS_DIR / name))
    return FAMILY


class QtCanvas:
    """The forms' layout (millimetres) on a QPainter whose device has ``dpi``."""

    def __init__(self, painter: QPainter, dpi: float) -> None:
        self.painter = painter
        self.k = dpi / 25.4
        self.family = _font_family()

    def text(self, x: float, baseline: float, text: str, bold: bool, points: float) -> None:
        font = QFont(self.family)
        font.setPointSizeF(points)
        font.setBold(bold)
        self.painter.setFont(font)
        self.painter.drawText(QPointF(x * self.k, baseline * self.k), text)

    def rect(self, x: float, y: float, width: float, height: float) -> None:
        self.painter.fillRect(QRectF(x * self.k, y * self.k, width * self.k, height * self.k),
                              Qt.GlobalColor.black)

    def image(self, image: Image.Image, x: float, y: float, width: float,
              height: float) -> None:
        self.painter.drawImage(QRectF(x * self.k, y * self.k, width * self.k,
                                      height * self.k), _qimage(image))


def print_forms(pages: Sequence[Sequence[Block]], dpi: int, target: str = "") -> None:
    """Each list of blocks on its own A5 page, drawn as text (shared/printing/page.py
    ``form_blocks`` gives them). Raises PrinterError when the printer cannot be used."""
    if not pages:
        return
    printer = make_printer(target)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterError(f"Không in được ra “{target or 'máy in mặc định'}”.",
                           f"Cannot print to “{target or 'the default printer'}”.")
    try:
        canvas = QtCanvas(painter, printer.resolution())
        painter.setPen(Qt.GlobalColor.black)
        for index, blocks in enumerate(pages):
            if index:
                printer.newPage()
            draw_page(canvas, blocks, dpi)
    finally:
        painter.end()
