"""High-contrast looks for the three apps, and sizes in millimetres and window fractions.

- kiosk: white, big type, touch targets of at least 18 mm, for elderly people at 1 m;
- counter: light and compact, for a clerk with a mouse and F-keys;
- display: a dark board with yellow numbers, readable at 5 m.

Stylesheet roles an app sets with ``widget.setProperty("role", ...)``: buttons ``primary``,
``priority``, ``danger``, ``tile`` (a big service tile with an icon); labels ``title``,
``subtitle``, ``muted``, ``number`` (a ticket number, 2.5× the body size on the display).
Call :func:`apply_theme` once at start and again from ``resizeEvent`` when the window's size
class changes (fonts follow the window's shorter side).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from PySide6.QtGui import QColor, QGuiApplication, QPalette, QScreen
from PySide6.QtWidgets import QApplication, QWidget

AppKind = Literal["kiosk", "counter", "display"]

#: Used when a screen does not report a believable physical DPI (VMs, some projectors).
FALLBACK_DPI = 96.0
MIN_TOUCH_MM = 15.0


@dataclass(frozen=True)
class Colors:
    """The colours of one app; every text/background pair meets WCAG AAA (7:1) or AA-large."""

    background: str
    surface: str
    text: str
    muted: str
    primary: str
    on_primary: str
    priority: str
    on_priority: str
    danger: str
    on_danger: str
    highlight: str
    border: str


@dataclass(frozen=True)
class Sizing:
    """Body font as a fraction of the window's shorter side, its minimum, and touch size."""

    font_ratio: float
    min_font_px: int
    touch_mm: float
    radius_px: int


COLORS: dict[AppKind, Colors] = {
    "kiosk": Colors(background="#FFFFFF", surface="#EEF3F9", text="#0D1B2A", muted="#37474F",
                    primary="#0B4A8F", on_primary="#FFFFFF", priority="#8C2F00",
                    on_priority="#FFFFFF", danger="#A4161A", on_danger="#FFFFFF",
                    highlight="#0B4A8F", border="#0B4A8F"),
    "counter": Colors(background="#F5F7FA", surface="#FFFFFF", text="#111111", muted="#3D4852",
                      primary="#0B4A8F", on_primary="#FFFFFF", priority="#8C2F00",
                      on_priority="#FFFFFF", danger="#A4161A", on_danger="#FFFFFF",
                      highlight="#0B4A8F", border="#8A97A6"),
    "display": Colors(background="#0A0F1A", surface="#16213A", text="#FFFFFF", muted="#C5D3E3",
                      primary="#FFD54A", on_primary="#0A0F1A", priority="#FFB38A",
                      on_priority="#0A0F1A", danger="#FF8A80", on_danger="#0A0F1A",
                      highlight="#FFD54A", border="#3A4E78"),
}

SIZING: dict[AppKind, Sizing] = {
    "kiosk": Sizing(font_ratio=0.030, min_font_px=22, touch_mm=18.0, radius_px=14),
    "counter": Sizing(font_ratio=0.016, min_font_px=14, touch_mm=9.0, radius_px=6),
    "display": Sizing(font_ratio=0.050, min_font_px=28, touch_mm=0.0, radius_px=10),
}


def effective_dpi(reported: float) -> float:
    """``reported`` if it is a believable physical DPI (50–600), else 96."""
    if math.isfinite(reported) and 50.0 <= reported <= 600.0:
        return reported
    return FALLBACK_DPI


def _screen_of(target: QWidget | QScreen | None) -> QScreen | None:
    if isinstance(target, QScreen):
        return target
    if isinstance(target, QWidget):
        return target.screen()
    return QGuiApplication.primaryScreen()


def mm_to_px(target: QWidget | QScreen | None, mm: float) -> int:
    """Logical pixels for ``mm`` millimetres on the screen of ``target`` (96 dpi if unknown).

    Uses the screen's physical DPI divided by its device pixel ratio, since Qt widgets are
    sized in device-independent pixels.
    """
    screen = _screen_of(target)
    if screen is None:
        dpi, ratio = FALLBACK_DPI, 1.0
    else:
        dpi = effective_dpi(screen.physicalDotsPerInch())
        ratio = screen.devicePixelRatio() or 1.0
    return max(1, round(mm / 25.4 * dpi / ratio))


def base_font_px(kind: AppKind, width_px: int, height_px: int) -> int:
    """The body font size in pixels of ``kind`` for a window of that size."""
    sizing = SIZING[kind]
    return max(sizing.min_font_px, round(min(width_px, height_px) * sizing.font_ratio))


def touch_px(kind: AppKind, target: QWidget | QScreen | None = None) -> int:
    """The minimum button height of ``kind`` in pixels (kiosk ≥ 18 mm, counter 9 mm)."""
    return mm_to_px(target, SIZING[kind].touch_mm) if SIZING[kind].touch_mm else 0


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    def luminance(color: str) -> float:
        qcolor = QColor(color)
        channels = (qcolor.redF(), qcolor.greenF(), qcolor.blueF())
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def build_palette(kind: AppKind) -> QPalette:
    """A QPalette with the colours of ``kind`` (for widgets the stylesheet does not cover)."""
    colors = COLORS[kind]
    palette = QPalette()
    role = QPalette.ColorRole
    for which, value in ((role.Window, colors.background), (role.WindowText, colors.text),
                         (role.Base, colors.surface), (role.Text, colors.text),
                         (role.Button, colors.surface), (role.ButtonText, colors.text),
                         (role.Highlight, colors.primary),
                         (role.HighlightedText, colors.on_primary),
                         (role.PlaceholderText, colors.muted)):
        palette.setColor(which, QColor(value))
    return palette


def build_stylesheet(kind: AppKind, font_px: int, min_button_px: int = 0) -> str:
    """The Qt stylesheet of ``kind`` with body text of ``font_px`` pixels."""
    c, radius = COLORS[kind], SIZING[kind].radius_px
    button_px = max(min_button_px, round(font_px * 2.0))
    pad = max(4, font_px // 2)
    return f"""
QWidget {{ background: {c.background}; color: {c.text}; font-size: {font_px}px; }}
QLabel {{ background: transparent; }}
QLabel[role="title"] {{ font-size: {round(font_px * 1.6)}px; font-weight: bold; }}
QLabel[role="subtitle"] {{ font-size: {round(font_px * 1.25)}px; font-weight: bold; }}
QLabel[role="muted"] {{ color: {c.muted}; }}
QLabel[role="number"] {{ font-size: {round(font_px * 2.5)}px; font-weight: bold;
    color: {c.highlight}; }}
QPushButton {{ background: {c.surface}; color: {c.text}; border: 2px solid {c.border};
    border-radius: {radius}px; min-height: {button_px}px; padding: 0 {pad}px; }}
QPushButton:pressed {{ background: {c.border}; color: {c.background}; }}
QPushButton:disabled {{ color: {c.muted}; border-style: dashed; }}
QPushButton:focus {{ border: 3px solid {c.highlight}; }}
QPushButton[role="primary"], QPushButton[role="tile"] {{ background: {c.primary};
    color: {c.on_primary}; border-color: {c.primary}; font-weight: bold; }}
QPushButton[role="tile"] {{ text-align: left; padding: {pad}px {pad * 2}px;
    font-size: {round(font_px * 1.2)}px; }}
QPushButton[role="priority"] {{ background: {c.priority}; color: {c.on_priority};
    border-color: {c.priority}; font-weight: bold; }}
QPushButton[role="danger"] {{ background: {c.danger}; color: {c.on_danger};
    border-color: {c.danger}; font-weight: bold; }}
QLineEdit, QComboBox, QSpinBox, QTextEdit, QPlainTextEdit, QListView, QTableView {{
    background: {c.surface}; color: {c.text}; border: 2px solid {c.border};
    border-radius: {max(2, radius // 2)}px; padding: {max(2, pad // 2)}px;
    selection-background-color: {c.primary}; selection-color: {c.on_primary}; }}
QLineEdit {{ min-height: {round(font_px * 1.6)}px; }}
QHeaderView::section {{ background: {c.surface}; color: {c.text}; font-weight: bold;
    border: 1px solid {c.border}; padding: 2px {pad}px; }}
"""


def apply_theme(app: QApplication, kind: AppKind, width_px: int | None = None,
                height_px: int | None = None) -> int:
    """Set the palette and stylesheet of ``kind``; return the body font size in pixels.

    Without a size, the primary screen's available size is used.
    """
    if width_px is None or height_px is None:
        screen = QGuiApplication.primaryScreen()
        size = screen.availableSize() if screen else None
        width_px = size.width() if size else 1280
        height_px = size.height() if size else 800
    font_px = base_font_px(kind, width_px, height_px)
    app.setPalette(build_palette(kind))
    app.setStyleSheet(build_stylesheet(kind, font_px, touch_px(kind)))
    return font_px
