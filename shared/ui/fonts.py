"""Load the bundled Noto Sans fonts (full Vietnamese) and make them the application font."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from shared.paths import FONTS_DIR

log = logging.getLogger(__name__)

#: The family of the bundled fonts.
FAMILY = "Noto Sans"

_loaded: dict[str, int] = {}


def load_fonts(point_size: int = 12) -> str:
    """Register assets/fonts/*.ttf once, set the app font, and return its family name.

    Call it after the QGuiApplication exists, at every app start. Falls back to the system's
    font (and logs) if the bundled files are missing, so an app still starts.
    """
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        if str(path) in _loaded:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.error("cannot load font %s", path)
            continue
        _loaded[str(path)] = font_id
    families = {family for font_id in _loaded.values()
                for family in QFontDatabase.applicationFontFamilies(font_id)}
    family = FAMILY if FAMILY in families else QGuiApplication.font().family()
    if family != FAMILY:
        log.warning("bundled font %s not found in %s; using %s", FAMILY, FONTS_DIR, family)
    font = QFont(family, point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    QGuiApplication.setFont(font)
    return family
