"""A clerk's audit of the desk (issue 13, second pass), by keyboard on a real SQLite file:
finishing a ticket acts on the citizen typed (word starts, best match first, nothing chosen
before the clerk chooses, the name and procedure shown at the confirm step), messages that
cover nothing the clerk needs, the receive form's Tab order, the A5 archive file name, the
slip after a supplement, a second dossier carrying the citizen over, the Hồ sơ tab's keys,
errors that do not outlive what they were about."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyleOptionSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from counter.app import CounterWindow
from counter.slips import slip_document
from shared.clock import LOCAL_TZ, FixedClock
from shared.config import Settings
from shared.dossier_limits import LimitUnit
from shared.dossiers import Applicant
from shared.models import DossierStatus, Outcome
from shared.printing.slip_layout import render_slip_copy, slip_blocks
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, log_in, press, type_text
from tests.counter.test_dossier_cases import (
    CTRL_SHIFT,
    NO_LIMIT,
    SIZES,
    THREE_WORKING_DAYS,
    fill,
    jobs,
    pick_procedure,
    same,
    serving,
)
from tests.shared.printing.test_slip_layout import words

CTRL = Qt.KeyboardModifier.ControlModifier
CHUNG_THUC = "2.000884"  # "… chứng thực chữ ký trong các giấy tờ, văn bản … điểm chỉ …"


def test_refusing_hoang_van_em_refuses_hers_not_le_hoang_cuongs(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """F5 5, "hoang van em", Enter: "van" no longer finds Lê Hoàng Cường through "văn bản"
    nor "em" through "điểm"; the refusal form names Hoàng Văn Em and her procedure."""
    window = serving(qtbot, make_window)
    em = window.ctx.dossiers.receive(SITE, NO_LIMIT, Applicant("Hoàng Văn Em"), counter=1)
    cuong = window.ctx.dossiers.receive(SITE, CHUNG_THUC, Applicant("Lê Hoàng Cường"),
                                        counter=1)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_5)
    picker = window.desk.dossier_picker
    qtbot.keyClicks(picker.search, "hoang van em")
    assert picker.codes() == [em.code]
    press(qtbot, window, Qt.Key.Key_Return)
    form = picker.reason_form
    assert form.isVisible()
    assert em.code in form.title.text()
    assert "Hoàng Văn Em" in form.who.text() and "đăng ký lại khai sinh" in form.who.text()
    type_text(qtbot, form.reason, "Không thuộc thẩm quyền")
    qtbot.keyClick(form.reason, Qt.Key.Key_Return)
    assert window.ctx.dossiers.details(em.code).status == DossierStatus.REFUSED
    assert window.ctx.dossiers.details(cuong.code).status == DossierStatus.RECEIVED


def test_the_best_match_comes_first_whatever_was_received_last(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """A name matched whole comes before a newer one matched in part; the code's end before
    a name; a phone's digits at word starts only."""
    window = serving(qtbot, make_window)
    service = window.ctx.dossiers
    an = service.receive(SITE, THREE_WORKING_DAYS, Applicant("Trần An", phone="0912 000 111"),
                         counter=1)
    newer = service.receive(SITE, THREE_WORKING_DAYS, Applicant("Trần Văn Anh"), counter=1)
    assert [d.code for d in service.search(SITE, "tran an")] == [an.code, newer.code]
    serial = an.code.rsplit("-", 1)[1]
    assert service.search(SITE, serial)[0].code == an.code
    assert service.search(SITE, "000 111")[0].code == an.code
    assert service.search(SITE, "an")[0].code == an.code  # "An" whole before "Anh"
    assert [d.code for d in service.search(SITE, "ran")] == []  # not "Trần"'s middle


def test_enter_on_the_untouched_picker_hands_over_nothing(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """F5 3 Enter with nothing typed or moved: nothing returned, "Chọn hồ sơ"; ↓ then Enter
    returns the first."""
    window = serving(qtbot, make_window)
    ticket_id = window.state.current.id  # type: ignore[union-attr]
    dossier = window.ctx.dossiers.receive(SITE, THREE_WORKING_DAYS, Applicant("Phạm Thị Dung"),
                                          counter=1)
    window.ctx.dossiers.resolve(dossier.code)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_3)
    picker = window.desk.dossier_picker
    assert picker.codes() == [dossier.code] and picker.chosen() is None
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.ctx.dossiers.details(dossier.code).status == DossierStatus.RESOLVED
    assert picker.notice.text().startswith("Chọn hồ sơ")
    assert window.current_widget() is picker
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.ctx.dossiers.details(dossier.code).status == DossierStatus.RETURNED
    assert window.ctx.queue.ticket(ticket_id).outcome == Outcome.RESULT_RETURNED


def _inputs_and_lists(window: CounterWindow) -> list[QWidget]:
    kinds = (QLineEdit, QAbstractItemView, QComboBox, QAbstractSpinBox, QPlainTextEdit)
    return [widget for widget in window.findChildren(QWidget)
            if isinstance(widget, kinds) and widget.isVisible()
            and widget.window() is window and widget.parentWidget() is not None]


def _rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _message_covers_nothing(window: CounterWindow) -> None:
    banner = window.banner
    assert banner.isVisible()
    assert not banner.visibleRegion().isEmpty()  # not drawn behind a page
    shown = _rect(banner, window)
    covered = [widget.objectName() or type(widget).__name__
               for widget in _inputs_and_lists(window)
               if not banner.isAncestorOf(widget) and _rect(widget, window).intersects(shown)]
    assert covered == []
    headings = [label for label in window.findChildren(QLabel)
                if label.isVisible() and label.property("role") == "subtitle"]
    assert not [label.text() for label in headings if _rect(label, window).intersects(shown)]


def test_a_message_covers_no_input_or_list_of_any_view(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """The long message after a receipt, shown on the waiting list, the procedure picker, the
    receive form, the dossier picker, the Hồ sơ tab (after a tab switch) and the transfer
    list: it intersects none of their inputs, lists or headings, and it is drawn."""
    window = serving(qtbot, make_window)
    text = ("Đã tiếp nhận hồ sơ 000.00.53.H48-261205-0001, hẹn trả 17:00 09/12/2026. "
            "Đã in giấy hẹn (2 liên).")
    window.banner.show_message(text, "success", 0)
    _message_covers_nothing(window)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    assert window.current_widget() is window.desk.picker
    _message_covers_nothing(window)
    qtbot.keyClicks(window.desk.picker.search, "dang ky lai khai sinh")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_widget() is window.desk.receive
    _message_covers_nothing(window)
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_F4)
    _message_covers_nothing(window)
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    assert window.tabs.currentWidget() is window.dossiers
    _message_covers_nothing(window)
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    _message_covers_nothing(window)


def test_tab_follows_the_receive_form_top_to_bottom(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """Code scanned, Enter, name, Tab: the address, never back to the code (typing there
    replaced the scanned code)."""
    window = serving(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    qtbot.keyClicks(window.desk.picker.search, "xac nhan tinh trang hon nhan")
    press(qtbot, window, Qt.Key.Key_Return)
    form = window.desk.receive
    assert form.code.hasFocus()
    qtbot.keyClicks(form.code, "000.00.53.H48-261123-9001")
    press(qtbot, window, Qt.Key.Key_Return)
    type_text(qtbot, form.name, "Phạm Thị Dung")
    seen = []
    for _ in range(8):
        press(qtbot, window, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen[:8] == [form.address, form.phone, form.email, form.documents, form.copies,
                        form.delivery, form.fee, form.submit]
    assert form.code.text() == "000.00.53.H48-261123-9001"


def test_the_archive_pdf_is_named_after_the_whole_dossier_code(
        qtbot: QtBot, make_window: MakeWindow, counter_settings: Settings,
        tmp_path: Path) -> None:
    """Two dossiers received for one citizen with the archive copy on A5: each PDF is named
    luu-giay-hen-<the whole code>.pdf (".H48-261123-0001" is no file extension)."""
    printer = dataclasses.replace(counter_settings.printer, archive_copy="a5-pdf")
    window = serving(qtbot, make_window, printer=printer)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, "xac nhan tinh trang hon")
    fill(qtbot, window, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, CTRL_SHIFT)
    pick_procedure(qtbot, window, "xac nhan tinh trang hon")
    if not window.desk.receive.name.text():
        fill(qtbot, window, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    codes = sorted(d.code for d in window.ctx.dossiers.search(SITE, "dung"))
    assert len(codes) == 2
    names = sorted(path.name for path in (tmp_path / "slips").glob("*.pdf"))
    assert names == [f"luu-giay-hen-{code}.pdf" for code in codes]



def test_the_a5_header_never_breaks_a_place_name(
        qtbot: QtBot, make_window: MakeWindow, counter_settings: Settings,
        tmp_path: Path) -> None:
    """The A5 archive slip's agency line wraps between units ("UBND / PHƯỜNG BẾN THÀNH"),
    never inside the place's name ("UBND PHƯỜNG BẾN / THÀNH"): read back from the PDF."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: scripts/system-deps.sh")
    printer = dataclasses.replace(counter_settings.printer, archive_copy="a5-pdf")
    window = serving(qtbot, make_window, printer=printer)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, "xac nhan tinh trang hon")
    fill(qtbot, window, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    (pdf,) = (tmp_path / "slips").glob("*.pdf")
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True)
    lines = [line for line in done.stdout.decode().splitlines() if "BẾN" in line]
    assert lines and all("PHƯỜNG BẾN THÀNH" in line for line in lines), lines


def test_the_slip_of_a_supplement_received_says_when_and_the_limit_restarted(
        qtbot: QtBot, make_window: MakeWindow, printer_file: Path, clock: FixedClock) -> None:
    """Received last week, supplement asked; today F5 4, the code's end, Enter: the new slip
    keeps the first receipt time and prints "Ngày nhận bổ sung" today and the limit counted
    again from it, dated today; the ticket's outcome is a receipt, not "Yêu cầu bổ sung"."""
    window = serving(qtbot, make_window)
    ticket_id = window.state.current.id  # type: ignore[union-attr]
    old = window.ctx.dossiers.receive(SITE, THREE_WORKING_DAYS, Applicant("Phạm Thị Dung"),
                                      counter=1, received_at=datetime(2026, 11, 16, 9, 0,
                                                                      tzinfo=LOCAL_TZ))
    window.ctx.dossiers.request_supplement(old.code, "Thiếu bản sao CCCD")
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_4)
    qtbot.keyClicks(window.desk.dossier_picker.search, old.code.rsplit("-", 1)[1])
    press(qtbot, window, Qt.Key.Key_Return)
    again = window.ctx.dossiers.details(old.code)
    doc = slip_document(again, "Nguyễn Thị Lan", supplemented_at=clock.moment)
    assert same(jobs(printer_file)[-1], render_slip_copy(doc, "Liên 2: giao người nộp"))
    text = words(slip_blocks(doc, "Liên 2: giao người nộp", SIZES))
    for expected in ("Phường Bến Thành, ngày 23 tháng 11 năm 2026",
                     "Thời gian giải quyết hồ sơ theo quy định: 3 ngày làm việc, tính lại từ "
                     "ngày nhận bổ sung",
                     "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 16/11/2026",
                     "Ngày nhận bổ sung: 09 giờ 00 phút, ngày 23/11/2026"):
        assert expected in text, (expected, text)
    ticket = window.ctx.queue.ticket(ticket_id)
    assert ticket.outcome == Outcome.DOSSIER_RECEIVED
    assert "Yêu cầu bổ sung" not in window.desk.serving.last_label.text()


def test_the_next_dossier_for_the_same_citizen_starts_with_their_details(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """Ctrl+Shift+Enter, then the next procedure: name, address and phone are there (the
    clerk may change them); the province code and the rest start blank. A dossier for a new
    ticket (F5 1 afterwards) starts blank again."""
    window = serving(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, "xac nhan tinh trang hon")
    form = window.desk.receive
    type_text(qtbot, form.name, "Phạm Thị Dung")
    type_text(qtbot, form.address, "45 Nguyễn Thái Học")
    qtbot.keyClicks(form.phone, "0903 123 456")
    qtbot.keyClicks(form.email, "dung@example.vn")
    press(qtbot, window, Qt.Key.Key_Return, CTRL_SHIFT)
    pick_procedure(qtbot, window, "dang ky lai khai sinh")
    assert (form.name.text(), form.address.text(), form.phone.text()) == (
        "Phạm Thị Dung", "45 Nguyễn Thái Học", "0903 123 456")
    assert form.code.text() == "" and form.email.text() == "" and form.code.hasFocus()
    form.limit_unit.setCurrentIndex(form.limit_unit.findData(LimitUnit.SAME_DAY))
    form.name.setFocus()
    form.name.selectAll()
    type_text(qtbot, form.name, "Phạm Văn Hùng")  # the clerk may change it
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    names = sorted(d.applicant.name for d in window.ctx.dossiers.search(SITE, "pham"))
    assert names == ["Phạm Thị Dung", "Phạm Văn Hùng"]
    window.ctx.queue.issue_ticket(SITE, "HT")
    press(qtbot, window, Qt.Key.Key_F1)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, "xac nhan tinh trang hon")
    assert form.name.text() == "" and form.phone.text() == ""


def test_the_receive_forms_error_is_the_last_attempts(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """Ctrl+Enter with no name: "nhập họ tên"; the name typed and a code already used:
    the red line now says the code is taken, not the name."""
    window = serving(qtbot, make_window)
    taken = window.ctx.dossiers.receive(SITE, THREE_WORKING_DAYS, Applicant("Lê Văn Tám"),
                                        counter=2, code="000.00.53.H48-261123-9001")
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, "xac nhan tinh trang hon")
    form = window.desk.receive
    qtbot.keyClicks(form.code, taken.code)
    press(qtbot, window, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    first = form.error.text()
    assert first
    type_text(qtbot, form.name, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert window.current_widget() is form
    assert form.error.text() != first and "đã có" in form.error.text()


def test_the_dossiers_tab_search_box_moves_with_the_arrows_and_f10_says_why_not(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """Ctrl+F, "pham", ↓: the second row; ↑: the first. F10 on a dossier whose result is
    ready opens no form and says it cannot be rescheduled and why."""
    window = make_window(1)
    service = window.ctx.dossiers
    older = service.receive(SITE, THREE_WORKING_DAYS, Applicant("Phạm Thị Dung"), counter=1)
    newer = service.receive(SITE, THREE_WORKING_DAYS, Applicant("Phạm Văn Hùng"), counter=1)
    service.resolve(older.code)
    log_in(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    tab = window.dossiers
    qtbot.keyClicks(tab.search, "pham")
    assert tab.codes() == [newer.code, older.code]
    assert tab.selected().code == newer.code  # type: ignore[union-attr]
    press(qtbot, window, Qt.Key.Key_Down)
    assert tab.search.hasFocus() and tab.selected().code == older.code  # type: ignore[union-attr]
    press(qtbot, window, Qt.Key.Key_F10)
    assert not tab.reason_form.isVisible()
    assert tab.notice.isVisible() and older.code in tab.notice.text()
    assert "Không hẹn lại được" in tab.notice.text() and "Đã có kết quả" in tab.notice.text()
    press(qtbot, window, Qt.Key.Key_Up)
    assert tab.selected().code == newer.code  # type: ignore[union-attr]
    assert not tab.notice.isVisible()
    press(qtbot, window, Qt.Key.Key_F10)
    assert tab.reason_form.isVisible() and "Phạm Văn Hùng" in tab.reason_form.who.text()


def test_an_error_goes_when_the_next_call_goes_through(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """The ticket was finished elsewhere; F2 here is refused (red message, shown until
    replaced); F1 then calls the next: the red message about the old ticket is gone."""
    window = make_window(1)
    for _ in range(2):
        window.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F1)
    window.ctx.queue.finish(window.state.id, Outcome.GUIDED)  # type: ignore[union-attr]
    press(qtbot, window, Qt.Key.Key_F2)
    assert window.banner.isVisible() and window.banner.level() == "error"
    window.reload()  # what the live change feed does when a ticket changes elsewhere
    assert window.banner.isVisible() and window.banner.level() == "error"
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.desk.serving.current_number() == "A002"
    assert not (window.banner.isVisible() and window.banner.level() == "error")


def test_a_date_that_does_not_exist_is_called_wrong_not_unknown(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """A procedure with no limit, "Nhập ngày hẹn trả", 32/12/2026: the preview says the date
    is wrong, never "chưa xác định" (which the slip prints only when chosen)."""
    window = serving(qtbot, make_window)
    window.ctx.catalog.update_procedure(NO_LIMIT, time_limit=None, time_unit=None)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, "dang ky lai khai sinh")
    form = window.desk.receive
    form.limit_unit.setCurrentIndex(form.limit_unit.findData(LimitUnit.DATE))
    qtbot.keyClicks(form.due_input, "32/12/2026 16:00")
    assert "ngày chưa đúng" in form.due_label.text()
    assert "chưa xác định" not in form.due_label.text()


def test_after_log_out_nothing_of_the_last_ticket_waits_in_a_hidden_panel(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """A receive form half filled, Ctrl+Q (twice: it asks): the login page has no log-out
    button; the form, the pickers' searches and the reason forms are empty for the next
    clerk."""
    window = serving(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, "xac nhan tinh trang hon")
    form = window.desk.receive
    type_text(qtbot, form.name, "Phạm Thị Dung")
    qtbot.keyClicks(form.phone, "0903 123 456")
    press(qtbot, window, Qt.Key.Key_Q, CTRL)
    press(qtbot, window, Qt.Key.Key_Q, CTRL)
    assert window.pages.currentWidget() is window.login
    assert not window.logout_button.isVisible()
    assert (form.name.text(), form.phone.text(), window.desk.picker.search.text()) == (
        "", "", "")
    log_in(qtbot, window)
    assert window.logout_button.isVisible()


def test_yesterdays_last_message_is_gone_in_the_morning(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """The window left open overnight: the last message of the day before is taken down."""
    window = serving(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_2)
    assert window.desk.serving.last_label.text()
    clock.advance(hours=23)
    qtbot.waitUntil(lambda: window.desk.serving.last_label.text() == "", timeout=3000)


def test_the_spin_boxes_arrows_have_room(qtbot: QtBot, make_window: MakeWindow) -> None:
    """"Số bộ" and the limit's amount: each arrow at least 20 px wide and 8 px high."""
    window = serving(qtbot, make_window)
    window.ctx.catalog.update_procedure(NO_LIMIT, time_limit=None, time_unit=None)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, "dang ky lai khai sinh")
    form = window.desk.receive
    form.limit_unit.setCurrentIndex(form.limit_unit.findData(LimitUnit.WORKING_DAYS))
    for spin in (form.copies, form.limit_amount):
        assert spin.isVisible()
        option = QStyleOptionSpinBox()
        spin.initStyleOption(option)
        for control in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
            rect = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option,
                                               control, spin)
            assert rect.width() >= 20 and rect.height() >= 8, (spin.objectName(), rect)
