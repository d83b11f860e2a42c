"""What every kiosk screen has: a body, an optional navigation bar, language and shape hooks."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.widgets import NavBar


class ScreenLayout(QVBoxLayout):
    """A screen fills the window: wrapped labels inside must not make the window taller
    (Qt would ask the window for the height of every label wrapped at its width)."""

    def hasHeightForWidth(self) -> bool:
        return False


class Screen(QWidget):
    """A page of the kiosk. Subclasses fill ``self.body`` and override the hooks."""

    back_requested = Signal()
    home_requested = Signal()

    def __init__(self, *, with_nav: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = ScreenLayout(self)
        outer.setContentsMargins(20, 12, 20, 12)
        outer.setSpacing(10)
        self.body = QVBoxLayout()
        self.body.setSpacing(10)
        outer.addLayout(self.body, 1)
        self.nav: NavBar | None = None
        if with_nav:
            self.nav = NavBar(self)
            self.nav.back_clicked.connect(self.back_requested)
            self.nav.home_clicked.connect(self.home_requested)
            outer.addWidget(self.nav)
        self.language = "vi"
        self.portrait = False
        self.font_px = 24
        self.window_width = 1280

    def retranslate(self, language: str) -> None:
        """Show every text in ``language`` ("vi" or "en")."""
        self.language = language
        if self.nav is not None:
            self.nav.retranslate(language)

    def set_shape(self, portrait: bool, font_px: int, width: int = 1280) -> None:
        """Lay the screen out for a portrait or landscape window ``width`` pixels wide with
        body text of ``font_px``."""
        self.portrait = portrait
        self.font_px = font_px
        self.window_width = width

    def reset(self) -> None:
        """Forget what a citizen typed or chose (on going home and after the idle timeout)."""
