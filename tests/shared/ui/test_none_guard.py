"""Tests for shared/ui/none_guard.py: thousands of Qt calls do not abort the process."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

import shared.ui  # noqa: F401  (importing the kit installs the guard)
from shared.ui.none_guard import keep_none_alive


def test_many_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    """20,000 void Qt calls (PySide6 6.12 drops a None reference on each) leave None alive."""
    label = QLabel()
    qtbot.addWidget(label)
    for index in range(20_000):
        label.setText("x" if index % 2 else "y")
    assert sys.getrefcount(None) > 1_000_000 or sys.version_info >= (3, 12)


def test_the_guard_runs_once() -> None:
    """Calling keep_none_alive() again does nothing more (it already ran at import)."""
    assert keep_none_alive() is False
