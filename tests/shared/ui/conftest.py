"""Fixtures for the Qt kit tests: an offscreen QApplication with the bundled fonts loaded."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from shared.ui.fonts import load_fonts


@pytest.fixture
def font_family(qapp: QApplication) -> str:
    """The family load_fonts() made the application font."""
    return load_fonts()
