"""Item 1 of issue 12 at the desk: the clerk scans the province's code into the receive form (a
scanner types it and presses Enter); a bad one is refused before saving; a code taken is
refused by the service; with local codes off a code is required; a local code is marked on the
printed slip."""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter.app import CounterWindow
from counter.slips import slip_document
from shared.dossier_codes import set_local_codes
from shared.printing.form_parts import FormSizes
from shared.printing.paper import Paper
from shared.printing.slip_layout import LOCAL_CODE_NOTE, slip_blocks
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, log_in, press, type_text
from tests.shared.printing.test_slip_layout import words
from tests.tools.escpos_render import parse

PROVINCE_CODE = "000.22.33.H48-261123-0042"


def _serving(qtbot: QtBot, make_window: MakeWindow) -> CounterWindow:
    window = make_window(1)
    window.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F1)
    return window


def _open_form(qtbot: QtBot, window: CounterWindow) -> None:
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    qtbot.keyClicks(window.desk.picker.search, "xac nhan tinh trang hon")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_widget() is window.desk.receive


def _scan(qtbot: QtBot, window: CounterWindow, text: str) -> None:
    """What a keyboard-wedge scanner does: the characters, then Enter."""
    form = window.desk.receive
    assert form.code.hasFocus()  # the form opens on the code
    qtbot.keyClicks(form.code, text)
    qtbot.keyClick(form.code, Qt.Key.Key_Return)


def test_a_scanned_province_code_is_the_dossiers_code_and_the_slip_is_not_marked(
        qtbot: QtBot, make_window: MakeWindow, printer_file: Path) -> None:
    window = _serving(qtbot, make_window)
    _open_form(qtbot, window)
    _scan(qtbot, window, " " + PROVINCE_CODE.lower())
    form = window.desk.receive
    assert form.name.hasFocus()  # Enter moved on, it did not submit
    assert window.ctx.dossiers.list_open(SITE, 1) == []
    type_text(qtbot, form.name, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [dossier] = window.ctx.dossiers.list_open(SITE, 1)
    assert (dossier.code, dossier.origin) == (PROVINCE_CODE, "province")
    images = [item.image for item in parse(printer_file.read_bytes()).items
              if item.kind == "image"]
    codes = [c.text for image in images for c in zxingcpp.read_barcodes(image.convert("L"))]
    assert codes == [PROVINCE_CODE, PROVINCE_CODE]
    text = words(slip_blocks(slip_document(dossier, "Lan"), "Liên 2: giao người nộp",
                             FormSizes.for_paper(Paper.MM80)))
    assert f"Mã hồ sơ: {PROVINCE_CODE}" in text and LOCAL_CODE_NOTE not in text


def test_a_bad_code_is_refused_before_saving(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = _serving(qtbot, make_window)
    _open_form(qtbot, window)
    _scan(qtbot, window, "ABC#12")
    form = window.desk.receive
    type_text(qtbot, form.name, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.error.text().startswith("Mã hồ sơ “ABC#12” không hợp lệ")
    assert form.code.hasFocus()
    assert window.ctx.dossiers.list_open(SITE, 1) == []


def test_a_code_already_taken_is_refused_and_the_form_kept(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    window = _serving(qtbot, make_window)
    from shared.dossiers import Applicant

    window.ctx.dossiers.receive(SITE, "1.004873", Applicant("Lê Văn Bình"), code=PROVINCE_CODE)
    _open_form(qtbot, window)
    _scan(qtbot, window, PROVINCE_CODE)
    type_text(qtbot, window.desk.receive.name, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.current_widget() is window.desk.receive
    assert window.desk.receive.name.text() == "Phạm Thị Dung"
    assert len(window.ctx.dossiers.list_open(SITE)) == 1


def test_with_local_codes_off_a_code_is_required_and_a_local_one_is_marked(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """Local codes on (the default): no code typed → a local code, marked on the slip. Off:
    the same form is refused with the reason, nothing saved."""
    window = _serving(qtbot, make_window)
    _open_form(qtbot, window)
    type_text(qtbot, window.desk.receive.name, "Phạm Thị Dung")
    form = window.desk.receive
    set_local_codes(window.ctx.db, SITE, False, actor="admin")
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.current_widget() is form
    assert window.ctx.dossiers.list_open(SITE, 1) == []
    set_local_codes(window.ctx.db, SITE, True, actor="admin")
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [dossier] = window.ctx.dossiers.list_open(SITE, 1)
    assert dossier.origin == "local"
    text = words(slip_blocks(slip_document(dossier, "Lan"), "Liên 2: giao người nộp",
                             FormSizes.for_paper(Paper.MM80)))
    assert LOCAL_CODE_NOTE in text
