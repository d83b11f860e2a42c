"""Idle that helps and an exit that needs a real PIN (issue 14): the ticket screen goes home
by itself, other screens ask "Ông/bà còn ở đây không?" first; a sold-out tile says what to do,
legibly; the default PIN 0000 never opens the exit, a kiosk without a PIN asks for one at its
first start, and five quick taps on the clock open the PIN pad."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kiosk.admin_exit import PinDialog, PinSetupDialog
from kiosk.idle import STILL_HERE_SECONDS, TICKET_SECONDS
from kiosk.pin_store import PinStore
from shared.center import CenterService
from shared.db.database import Database
from tests.center_data import SITE
from tests.kiosk.conftest import MakeKiosk

LEFT = Qt.MouseButton.LeftButton


def test_the_ticket_screen_goes_home_by_itself_without_asking(make_kiosk: MakeKiosk,
                                                              qtbot: QtBot) -> None:
    """The ticket screen waits about 15 s (TICKET_SECONDS), not idle_seconds, then goes home
    directly: the citizen has the number and has gone to sit down."""
    assert 10 <= TICKET_SECONDS <= 20
    window = make_kiosk(idle_seconds=60)
    qtbot.mouseClick(window.home.tiles["HT"], LEFT)
    assert window.current() is window.ticket
    assert window.idle.interval_seconds() == TICKET_SECONDS
    window.ticket_seconds = 0.5
    window.show_screen(window.ticket)  # re-armed with the shorter time
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=3000)
    assert not window.still_here.isVisible()


def test_other_screens_ask_are_you_still_there_before_going_home(make_kiosk: MakeKiosk,
                                                                 qtbot: QtBot) -> None:
    """Idle on the lookup screen: "Ông/bà còn ở đây không?" counts down; "Tôi vẫn đang dùng"
    keeps the screen and what was typed; idle again and no answer: home, input forgotten."""
    assert 5 <= STILL_HERE_SECONDS <= 20
    window = make_kiosk(idle_seconds=1)
    window.still_here_seconds = 3
    qtbot.mouseClick(window.home.lookup, LEFT)
    qtbot.mouseClick(window.lookup.keyboard.key("h"), LEFT)
    qtbot.waitUntil(window.still_here.isVisible, timeout=3000)
    assert window.still_here.title.text() == "Ông/bà còn ở đây không?"
    assert "sau 3 giây" in window.still_here.countdown.text()
    qtbot.waitUntil(lambda: "sau 2 giây" in window.still_here.countdown.text(), timeout=2000)
    assert window.current() is window.lookup
    qtbot.mouseClick(window.still_here.button, LEFT)
    assert not window.still_here.isVisible()
    assert window.current() is window.lookup and window.lookup.query() == "h"
    assert window.idle.is_armed()
    qtbot.waitUntil(window.still_here.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: window.current() is window.home, timeout=5000)
    assert not window.still_here.isVisible()
    assert window.lookup.query() == ""


def test_a_touch_anywhere_on_the_countdown_means_still_here(make_kiosk: MakeKiosk,
                                                            qtbot: QtBot) -> None:
    """A tap on the veil, not only on the button, keeps the citizen's screen."""
    window = make_kiosk(idle_seconds=1)
    window.still_here_seconds = 5
    window.open_dossier()
    qtbot.waitUntil(window.still_here.isVisible, timeout=3000)
    qtbot.mouseClick(window.still_here, LEFT, pos=window.still_here.rect().topLeft())
    assert not window.still_here.isVisible() and window.current() is window.dossier


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio (1 to 21)."""
    high, low = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def pixels_of(widget: QWidget) -> Image.Image:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(image.constBits())[: image.bytesPerLine() * image.height()]
    return Image.frombuffer("RGB", (image.width(), image.height()), data, "raw", "RGB",
                            image.bytesPerLine(), 1)


def text_contrast(tile: QWidget, label: QWidget) -> float:
    """The contrast of a label's text on its tile, from the painted pixels: the tile's most
    common colour (the background) against the label's colour furthest from it (the ink)."""
    background = Counter(pixels_of(tile).get_flattened_data()).most_common(1)[0][0]
    ink = max(set(pixels_of(label).get_flattened_data()), key=lambda rgb: abs(
        relative_luminance(rgb) - relative_luminance(background)))
    return contrast(background, ink)


def test_a_sold_out_tile_says_what_to_do_legibly(make_kiosk: MakeKiosk, qtbot: QtBot,
                                                 kiosk_db: Database) -> None:
    """A service at its daily cap: the tile says come back on the next working day (Monday
    23/11/2026 → Wednesday 25/11, as Tuesday is Vietnamese Culture Day) or file online at
    dichvucong.gov.vn, with its title and words at a WCAG contrast of at least 4.5:1
    measured on the painted tile (the old grey tile with white text had about 2.9:1)."""
    CenterService(kiosk_db).add_service(SITE, "XN", "Xác nhận", prefix="D", daily_cap=1)
    window = make_kiosk()
    qtbot.mouseClick(window.home.tiles["XN"], LEFT)
    qtbot.mouseClick(window.ticket.done, LEFT)
    tile = window.home.tiles["XN"]
    qtbot.waitUntil(lambda: not tile.isEnabled(), timeout=5000)
    words = tile.subtitle.text()
    assert words.startswith("Đã hết số hôm nay")
    assert "Thứ Tư 25/11" in words and "dichvucong.gov.vn" in words
    assert contrast((0xFF, 0xFF, 0xFF), (0x8A, 0x97, 0xA6)) < 4.5  # the old look fails
    assert text_contrast(tile, tile.subtitle) >= 4.5
    assert text_contrast(tile, tile.title) >= 4.5
    window.set_language("en")
    assert "Wednesday 25/11" in tile.subtitle.text() and "online" in tile.subtitle.text()
    window.show_screen(window.priority)  # its sold-out tile too (white on dark slate)
    other = window.priority.tiles["XN"]
    qtbot.waitUntil(other.isVisible, timeout=2000)
    assert not other.isEnabled()
    assert text_contrast(other, other.subtitle) >= 4.5


def test_the_default_pin_never_opens_the_exit(qtbot: QtBot, tmp_path: Path) -> None:
    """A kiosk configured with the factory PIN 0000 does not accept 0000 (nor an empty PIN),
    whether given as a plain PIN or through its store."""
    for pin in ("0000", PinStore("0000", tmp_path / "pin.json")):
        dialog = PinDialog(pin, "vi")
        qtbot.addWidget(dialog)
        assert not dialog.try_pin("0000")
        assert not dialog.try_pin("")
        assert dialog.result() == 0


def test_a_kiosk_without_a_pin_asks_for_one_at_its_first_start(
        make_kiosk: MakeKiosk, qtbot: QtBot, tmp_path: Path) -> None:
    """No PIN but the default: the first start shows "Đặt mã quản trị" (no cancel, Escape
    does not skip it); a weak PIN and a mistyped confirmation are refused; the PIN typed
    twice is kept on this PC as a salted hash; then the exit opens with it, never with 0000,
    and the next start asks no more."""
    path = tmp_path / "kiosk-admin-pin.json"
    window = make_kiosk(admin_pin="0000", fullscreen=True, start=False)
    window.pin_store = PinStore("0000", path)
    window.start()
    dialog = window.pin_dialog
    assert isinstance(dialog, PinSetupDialog) and dialog.isVisible()
    assert not dialog.findChild(QWidget, "pin_cancel").isVisible()
    dialog.reject()
    assert dialog.isVisible()
    assert not dialog.try_pin("1234") and "không được là 0000" in dialog.error.text()
    assert not dialog.try_pin("2580") and "Nhập lại" in dialog.error.text()
    assert not dialog.try_pin("2581") and "không khớp" in dialog.error.text()
    assert not dialog.try_pin("2580")
    for key in "2580":
        qtbot.mouseClick(dialog.keys[key], LEFT)
    qtbot.mouseClick(dialog.keys["✔"], LEFT)
    assert dialog.saved and not dialog.isVisible()
    stored = json.loads(path.read_text())
    assert "2580" not in path.read_text() and set(stored) == {"salt", "iterations", "hash"}
    store = PinStore("0000", path)
    assert store.is_set() and store.verify("2580") and not store.verify("0000")
    window.close()
    assert window.isVisible()  # full screen: no way out without the PIN
    window.ask_admin_pin()
    exit_pad = window.pin_dialog
    assert isinstance(exit_pad, PinDialog) and not isinstance(exit_pad, PinSetupDialog)
    assert not exit_pad.try_pin("0000")
    assert exit_pad.try_pin("2580")
    assert window.unlocked


def tap(widget: QWidget, kind: QEvent.Type, timestamp: int) -> None:
    """One mouse event as a touchscreen's tap reaches a widget, at ``timestamp`` ms."""
    centre = QPointF(widget.rect().center())
    for event_type in (kind, QEvent.Type.MouseButtonRelease):
        event = QMouseEvent(event_type, centre, widget.mapToGlobal(centre), LEFT,
                            LEFT if event_type != QEvent.Type.MouseButtonRelease
                            else Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
        event.setTimestamp(timestamp)
        QApplication.sendEvent(widget, event)


def test_five_quick_taps_on_the_clock_open_the_pin_pad(make_kiosk: MakeKiosk,
                                                      qtbot: QtBot) -> None:
    """Five taps within a second and a half: Qt delivers every second quick tap to a widget
    as a double click instead of a press, and each one counts, so the PIN pad opens; a
    double click that follows its own press (same time) is one tap; four taps do not
    open it, nor five spread over more than three seconds."""
    window = make_kiosk(fullscreen=True)
    clock = window.top.clock
    press, double = QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick
    for index, kind in enumerate((press, double, press, double)):
        tap(clock, kind, 10_000 + index * 150)
    tap(clock, double, 10_000 + 3 * 150)  # the same tap again, as Qt 6 may send it
    assert window.pin_dialog is None
    for index in range(5):
        tap(clock, press, 20_000 + index * 800)
    assert window.pin_dialog is None
    for index, kind in enumerate((press, double, press, double, press)):
        tap(clock, kind, 30_000 + index * 150)
    qtbot.waitUntil(lambda: window.pin_dialog is not None and window.pin_dialog.isVisible(),
                    timeout=2000)
    assert window.pin_dialog is not None
    window.pin_dialog.reject()
