"""Tests for shared/ui/app.py: start-up, the safety net for errors, logging, screenshots."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from shared import i18n
from shared.errors import PrinterError
from shared.ui import app as kit
from shared.ui.messages import Banner


@pytest.fixture
def clean_app(qapp: QApplication) -> Iterator[QApplication]:
    """The test QApplication, with its look, language, hook and log handlers restored after."""
    sheet, palette, font, hook = qapp.styleSheet(), qapp.palette(), qapp.font(), sys.excepthook
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    QGuiApplication.setFont(font)
    sys.excepthook = hook
    i18n.set_language("vi")
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == "layso-app"]:
        root.removeHandler(handler)
        handler.close()


def test_create_application_sets_font_language_and_theme(clean_app: QApplication) -> None:
    """create_application() reuses the app, loads Noto Sans, sets the language and kiosk theme."""
    app = kit.create_application("kiosk", language="en")
    assert app is clean_app
    assert QGuiApplication.font().family() == "Noto Sans"
    assert i18n.current_language() == "en"
    assert QGuiApplication.applicationDisplayName() == "Queue ticket kiosk"
    assert "font-size" in app.styleSheet()


def test_language_defaults_to_the_config(clean_app: QApplication,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a language argument, LAYSO_LANGUAGE (through shared.config) decides."""
    monkeypatch.setenv("LAYSO_LANGUAGE", "en")
    kit.create_application("counter")
    assert i18n.current_language() == "en"


def test_uncaught_error_is_logged_and_shown_in_vietnamese(
        qtbot: QtBot, clean_app: QApplication) -> None:
    """An uncaught LaysoError goes to the log file and to a banner, never a traceback."""
    log_path = kit.configure_logging("test-app")
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    kit.install_exception_hook()
    error = PrinterError("Máy in hết giấy.", "The printer is out of paper.")
    sys.excepthook(type(error), error, None)
    assert Banner.for_window(window).message() == "Máy in hết giấy."
    try:
        raise KeyError("internal detail")
    except KeyError as unexpected:
        sys.excepthook(KeyError, unexpected, unexpected.__traceback__)
    assert "internal detail" not in Banner.for_window(window).message()
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_path.read_text(encoding="utf-8")
    assert "Máy in hết giấy." in logged and "Traceback" in logged and "internal detail" in logged


def test_logging_goes_to_the_data_dir_once(clean_app: QApplication) -> None:
    """configure_logging() writes under data_dir()/logs and does not stack handlers."""
    first = kit.configure_logging("test-app")
    second = kit.configure_logging("test-app")
    assert first == second and first.parent.name == "logs"
    names = [h.get_name() for h in logging.getLogger().handlers]
    assert names.count("layso-app") == 2  # one file, one console


def test_screenshot_saves_a_png_of_the_requested_size(qtbot: QtBot, tmp_path: Path) -> None:
    """screenshot() resizes, shows, grabs and saves a PNG of exactly that size."""
    label = QLabel("Trang chủ")
    qtbot.addWidget(label)
    path = kit.screenshot(label, tmp_path / "shots" / "home.png", (640, 360))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (640, 360)


def test_run_app_screenshot_mode_returns_without_a_loop(
        qtbot: QtBot, clean_app: QApplication, tmp_path: Path) -> None:
    """run_app(..., ["--screenshot", PATH, "--size", "WxH"]) saves the window and returns 0."""
    made: list[QWidget] = []
    collecting: list[bool] = []

    def make_window(app: QApplication) -> QWidget:
        collecting.append(gc.isenabled())
        made.append(QLabel("Máy lấy số thứ tự"))
        qtbot.addWidget(made[-1])
        return made[-1]

    path = tmp_path / "kiosk.png"
    code = kit.run_app("kiosk", make_window, ["kiosk", "--screenshot", str(path),
                                             "--size", "480x320"], language="vi")
    assert code == 0 and QImage(str(path)).width() == 480
    # While the app runs, cycles are collected on the GUI thread only (shared/ui/gc_guard.py);
    # automatic collection is back once it returns.
    assert collecting == [False] and gc.isenabled()


def test_run_app_shows_a_start_up_error_instead_of_crashing(
        qtbot: QtBot, clean_app: QApplication, tmp_path: Path) -> None:
    """A LaysoError while building the window becomes a window with its message."""
    def make_window(app: QApplication) -> QWidget:
        raise PrinterError("Không tìm thấy máy in.", "Printer not found.")

    path = tmp_path / "error.png"
    assert kit.run_app("kiosk", make_window, ["kiosk", "--screenshot", str(path)]) == 0
    assert QImage(str(path)).width() == 1280
    window = kit.startup_error_window(PrinterError("Không tìm thấy máy in.", "Printer not found."))
    qtbot.addWidget(window)
    label = window.findChild(QLabel)
    assert label is not None and label.text() == "Không tìm thấy máy in."
