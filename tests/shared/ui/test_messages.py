"""Tests for shared/ui/messages.py: banners and the overlay inform without blocking."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from shared.errors import DatabaseUnavailable
from shared.ui.messages import Banner, UnavailableOverlay, user_message


def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    return widget


def test_banner_shows_then_hides_by_itself(qtbot: QtBot) -> None:
    """A banner spans the top of its window and disappears after its timeout."""
    parent = window(qtbot)
    banner = Banner.for_window(parent)
    banner.show_message("Đã in phiếu", "success", timeout_ms=50)
    assert banner.isVisible() and banner.message() == "Đã in phiếu"
    assert banner.y() < 50 and banner.width() > 700
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=2000)


def test_one_banner_per_window(qtbot: QtBot) -> None:
    """for_window() returns the same banner each time, so messages replace each other."""
    parent = window(qtbot)
    assert Banner.for_window(parent) is Banner.for_window(parent)


def test_banner_shows_a_layso_errors_message_and_hides_other_details(qtbot: QtBot) -> None:
    """A LaysoError shows its Vietnamese message; any other exception a generic apology."""
    parent = window(qtbot)
    banner = Banner.for_window(parent)
    banner.show_error(DatabaseUnavailable("Mất kết nối cơ sở dữ liệu.", "Database lost."))
    assert banner.message() == "Mất kết nối cơ sở dữ liệu."
    assert banner.level() == "error"
    banner.show_error(ZeroDivisionError("division by zero"))
    assert "division" not in banner.message()
    assert banner.message().startswith("Đã xảy ra lỗi")


def test_user_message_is_localised() -> None:
    """user_message() picks the English text of a LaysoError when asked."""
    error = DatabaseUnavailable("Mất kết nối.", "Connection lost.")
    assert user_message(error, "en") == "Connection lost."
    assert user_message(error, "vi") == "Mất kết nối."


def test_overlay_covers_the_window_and_recovers_by_itself(qtbot: QtBot) -> None:
    """The overlay covers its window until the probe succeeds, then hides and emits recovered."""
    parent = window(qtbot)
    attempts: list[int] = []
    back = False

    def probe() -> bool:
        attempts.append(1)
        return back

    overlay = UnavailableOverlay(parent, probe=probe, retry_ms=20)
    overlay.show_unavailable("server closed the connection")
    assert overlay.isVisible() and overlay.geometry() == parent.rect()
    assert overlay.title() == "Hệ thống tạm thời gián đoạn"
    qtbot.waitUntil(lambda: len(attempts) >= 2, timeout=2000)
    assert overlay.isVisible()
    back = True
    with qtbot.waitSignal(overlay.recovered, timeout=2000):
        pass
    assert not overlay.isVisible() and not overlay.is_probing()


def test_a_probe_that_raises_counts_as_still_unavailable(qtbot: QtBot) -> None:
    """An exception in the probe keeps the overlay up instead of crashing."""
    parent = window(qtbot)

    def probe() -> bool:
        raise OSError("connection refused")

    overlay = UnavailableOverlay(parent, probe=probe, retry_ms=10)
    overlay.show_unavailable()
    qtbot.wait(60)
    assert overlay.isVisible()
    overlay.set_available(True)
    assert not overlay.isVisible()


def test_overlay_follows_the_window_size(qtbot: QtBot) -> None:
    """When the window is resized the overlay still covers all of it."""
    parent = window(qtbot)
    overlay = UnavailableOverlay(parent)
    overlay.set_available(False)
    parent.resize(1024, 700)
    qtbot.waitUntil(lambda: overlay.geometry() == parent.rect(), timeout=2000)
