"""Every dossier case at the desk (issue 13, items 1, 2, 4, 5, 8), driven from the keyboard
on the real window and a real SQLite file: a result returned at counter 2 for a dossier
received at counter 1, two dossiers on one ticket and one with no ticket, forms 03 and 04
printed (their ESC/POS bytes are exactly the form's image; each field checked), a procedure
with no time limit received with one entered, the archive copy on A5 as a real PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter.app import CounterWindow
from counter.slips import apology_document, refusal_document, slip_document
from shared.clock import LOCAL_TZ, FixedClock
from shared.config import Settings
from shared.dossier_limits import LimitChoice, LimitUnit
from shared.dossiers import Applicant
from shared.models import DossierStatus, Event, Outcome, TicketStatus
from shared.printing.apology_layout import apology_blocks, render_apology
from shared.printing.form_parts import FormSizes
from shared.printing.paper import Paper
from shared.printing.refusal_layout import refusal_blocks, render_refusal
from shared.printing.slip_layout import render_slip_copy, slip_blocks
from tests.center_data import PASSWORD, SITE
from tests.counter.conftest import MakeWindow, log_in, press, type_text
from tests.shared.printing.test_slip_layout import words
from tests.tools.escpos_render import parse

THREE_WORKING_DAYS = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân
NO_LIMIT = "1.004884"  # Đăng ký lại khai sinh: its time limit cleared by no_limit()
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SIZES = FormSizes.for_paper(Paper.MM80)


def jobs(printer_file: Path) -> list[Image.Image]:
    """Each job (up to its cut) of the printer's byte stream as one image."""
    images: list[Image.Image] = []
    bands: list[Image.Image] = []
    for item in parse(printer_file.read_bytes()).items:
        if item.kind == "image":
            assert isinstance(item.image, Image.Image)
            bands.append(item.image.convert("L"))
        elif item.kind == "cut" and bands:
            whole = Image.new("L", (bands[0].width, sum(b.height for b in bands)), 255)
            top = 0
            for band in bands:
                whole.paste(band, (0, top))
                top += band.height
            images.append(whole.convert("1"))
            bands = []
    return images


def same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a.convert("L"),
                                                      b.convert("L")).getbbox() is None


def serving(qtbot: QtBot, make_window: MakeWindow, counter: int = 1, username: str = "lan",
            service: str = "HT", **settings: object) -> CounterWindow:
    window = make_window(counter, **settings)
    window.ctx.queue.issue_ticket(SITE, service)
    log_in(qtbot, window, username, PASSWORD)
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.state is not None and window.state.current is not None
    return window


def no_limit(window: CounterWindow) -> None:
    """The catalog has no time limit for NO_LIMIT (whatever the reference file says now)."""
    window.ctx.catalog.update_procedure(NO_LIMIT, time_limit=None, time_unit=None)


def pick_procedure(qtbot: QtBot, window: CounterWindow, search: str) -> None:
    assert window.current_widget() is window.desk.picker
    qtbot.keyClicks(window.desk.picker.search, search)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_widget() is window.desk.receive


def fill(qtbot: QtBot, window: CounterWindow, name: str, phone: str = "") -> None:
    form = window.desk.receive
    type_text(qtbot, form.name, name)
    if phone:
        qtbot.keyClicks(form.phone, phone)


def test_a_result_received_at_counter_1_is_returned_at_counter_2_by_its_clerk(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """Counter 1 received it; the citizen comes back and counter 2 (minh, Chứng thực only)
    calls them: F5, 3, the name typed without accents, Enter. The result is handed over and
    the ticket finished; the event names minh and counter 2."""
    first = make_window(1)
    dossier = first.ctx.dossiers.receive(SITE, THREE_WORKING_DAYS,
                                         Applicant("Phạm Thị Dung", phone="0903 123 456"),
                                         counter=1)
    first.ctx.dossiers.resolve(dossier.code)
    first.ctx.dossiers.receive(SITE, THREE_WORKING_DAYS, Applicant("Lê Văn Tám"), counter=1)
    window = serving(qtbot, make_window, 2, "minh", "CT")
    ticket_id = window.state.current.id  # type: ignore[union-attr]
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_3)
    picker = window.desk.dossier_picker
    assert window.current_widget() is picker
    assert set(picker.codes()) >= {dossier.code}
    qtbot.keyClicks(picker.search, "pham thi dung")
    assert picker.codes() == [dossier.code]
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.ctx.dossiers.details(dossier.code).status == DossierStatus.RETURNED
    ticket = window.ctx.queue.ticket(ticket_id)
    assert (ticket.status, ticket.outcome) == (TicketStatus.FINISHED, Outcome.RESULT_RETURNED)
    assert window.current_widget() is window.desk.waiting
    assert f"Hồ sơ {dossier.code}: đã trả kết quả" in window.desk.serving.last_label.text()
    with window.ctx.db.reading() as s:
        event = s.scalars(select(Event).where(Event.kind == "dossier.returned")).one()
        assert (event.clerk_id, event.counter_id) == (window.clerk.id, window.state.id)  # type: ignore[union-attr]


def test_a_phone_number_finds_an_in_progress_result_and_returns_it_in_one_go(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """The result was never marked ready: picking it resolves and returns it at once; the
    phone is found with or without its spaces."""
    first = make_window(1)
    dossier = first.ctx.dossiers.receive(SITE, THREE_WORKING_DAYS,
                                         Applicant("Phạm Thị Dung", phone="0903 123 456"),
                                         counter=1)
    window = serving(qtbot, make_window, 2, "minh", "CT")
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_3)
    qtbot.keyClicks(window.desk.dossier_picker.search, "0903123456")
    assert window.desk.dossier_picker.codes() == [dossier.code]
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.ctx.dossiers.details(dossier.code).status == DossierStatus.RETURNED


def test_two_dossiers_on_one_ticket_each_with_its_slip(
        qtbot: QtBot, make_window: MakeWindow, printer_file: Path) -> None:
    """F5 1, the first dossier, Ctrl+Shift+Enter (received, slip printed, the ticket still
    served, the picker open again), the second, Ctrl+Enter (received, the ticket finished).
    Two dossiers name the ticket; four copies were cut (two slips of two copies)."""
    window = serving(qtbot, make_window)
    ticket_id = window.state.current.id  # type: ignore[union-attr]
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, "xac nhan tinh trang hon")
    assert "hồ sơ thứ 1 của số A001" in window.desk.receive.title.text()
    fill(qtbot, window, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, CTRL_SHIFT)
    assert window.ctx.queue.ticket(ticket_id).status == TicketStatus.SERVING
    assert window.current_widget() is window.desk.picker
    pick_procedure(qtbot, window, "dang ky khai sinh")
    assert "hồ sơ thứ 2 của số A001" in window.desk.receive.title.text()
    fill(qtbot, window, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    dossiers = window.ctx.dossiers.of_ticket(ticket_id)
    assert [d.procedure_code for d in dossiers] == [THREE_WORKING_DAYS, "1.001193"]
    ticket = window.ctx.queue.ticket(ticket_id)
    assert (ticket.status, ticket.outcome) == (TicketStatus.FINISHED, Outcome.DOSSIER_RECEIVED)
    printed = jobs(printer_file)
    assert len(printed) == 4
    clerk = "Nguyễn Thị Lan"
    for image, dossier, label in zip(printed, [dossiers[0]] * 2 + [dossiers[1]] * 2,
                                     ["Liên 1: lưu", "Liên 2: giao người nộp"] * 2,
                                     strict=True):
        assert same(image, render_slip_copy(slip_document(dossier, clerk), label))


def test_ctrl_n_receives_one_more_while_serving_and_one_without_a_ticket(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """Ctrl+N while serving: a dossier for the ticket, which is still served; F5 1 then just
    finishes it. Ctrl+N with nobody served: a dossier with no ticket, at this counter."""
    window = serving(qtbot, make_window)
    ticket_id = window.state.current.id  # type: ignore[union-attr]
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    pick_procedure(qtbot, window, "xac nhan tinh trang hon")
    assert "số vẫn đang phục vụ" in window.desk.receive.title.text()
    fill(qtbot, window, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert window.ctx.queue.ticket(ticket_id).status == TicketStatus.SERVING
    assert "vẫn đang phục vụ" in window.desk.serving.last_label.text()
    press(qtbot, window, Qt.Key.Key_F5)
    assert "Đã tiếp nhận 1 hồ sơ: kết thúc số" in window.desk.outcome.labels()[0]
    press(qtbot, window, Qt.Key.Key_1)
    ticket = window.ctx.queue.ticket(ticket_id)
    assert (ticket.status, ticket.outcome) == (TicketStatus.FINISHED, Outcome.DOSSIER_RECEIVED)
    assert "Đã tiếp nhận 1 hồ sơ" in window.desk.serving.last_label.text()
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    pick_procedure(qtbot, window, "dang ky khai sinh")
    assert window.desk.receive.title.text() == "Tiếp nhận hồ sơ không có số thứ tự"
    fill(qtbot, window, "Trần Văn Hùng")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    loose = window.ctx.dossiers.search(SITE, "tran van hung")
    assert len(loose) == 1 and loose[0].ticket_id is None and loose[0].counter == 1
    assert window.current_widget() is window.desk.waiting


def test_refused_on_finishing_prints_form_03_with_its_fields(
        qtbot: QtBot, make_window: MakeWindow, printer_file: Path, clock: FixedClock) -> None:
    """F5 5, pick the dossier, type the reason, Enter: refused, form 03 printed (the bytes are
    exactly its image), the ticket finished as refused."""
    window = serving(qtbot, make_window)
    ticket_id = window.state.current.id  # type: ignore[union-attr]
    dossier = window.ctx.dossiers.receive(SITE, THREE_WORKING_DAYS, Applicant(
        "Phạm Thị Dung", "45 Nguyễn Thái Học", "0903 123 456"), counter=3)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_5)
    qtbot.keyClicks(window.desk.dossier_picker.search, "dung")
    press(qtbot, window, Qt.Key.Key_Return)
    form = window.desk.dossier_picker.reason_form
    assert form.isVisible() and form.reason.hasFocus()
    type_text(qtbot, form.reason, "Không thuộc thẩm quyền giải quyết của phường")
    qtbot.keyClick(form.reason, Qt.Key.Key_Return)
    refused = window.ctx.dossiers.details(dossier.code)
    assert refused.status == DossierStatus.REFUSED
    assert window.ctx.queue.ticket(ticket_id).outcome == Outcome.REFUSED
    doc = refusal_document(refused, "Không thuộc thẩm quyền giải quyết của phường",
                           "Nguyễn Thị Lan", clock.moment)
    assert same(jobs(printer_file)[-1], render_refusal(doc, Paper.MM80))
    text = words(refusal_blocks(doc, SIZES))
    for expected in ("PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ", f"Mã hồ sơ: {dossier.code}",
                     "Ông/bà: Phạm Thị Dung", "Địa chỉ: 45 Nguyễn Thái Học",
                     "Số điện thoại: 0903 123 456",
                     "Nội dung yêu cầu giải quyết: Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
                     "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 23/11/2026",
                     "Lý do: Không thuộc thẩm quyền giải quyết của phường",
                     "Nguyễn Thị Lan", "Phường Bến Thành, ngày 23 tháng 11 năm 2026"):
        assert expected in text, expected
    assert "mẫu 03" in window.desk.serving.last_label.text()
    assert window.current_widget() is window.desk.waiting


def test_f10_moves_the_due_date_with_a_reason_and_prints_form_04(
        qtbot: QtBot, make_window: MakeWindow, printer_file: Path, clock: FixedClock) -> None:
    """On the Hồ sơ tab: F10, the new date typed over the suggestion, Enter, the reason,
    Enter. The due date moves (the first one kept) and form 04 is printed with the old date,
    the reason and the new date."""
    window = make_window(1)
    dossier = window.ctx.dossiers.receive(SITE, THREE_WORKING_DAYS,
                                          Applicant("Phạm Thị Dung"), counter=1)
    log_in(qtbot, window)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    window.dossiers.select_code(dossier.code)
    press(qtbot, window, Qt.Key.Key_F10)
    form = window.dossiers.reason_form
    assert form.isVisible() and form.new_due.hasFocus() and form.new_due.text()
    qtbot.keyClicks(form.new_due, "01/12/2026 16:00")  # the suggestion is selected: replaced
    qtbot.keyClick(form.new_due, Qt.Key.Key_Return)
    type_text(qtbot, form.reason, "Chờ kết quả xác minh của Công an phường")
    qtbot.keyClick(form.reason, Qt.Key.Key_Return)
    moved = window.ctx.dossiers.details(dossier.code)
    new_due = datetime(2026, 12, 1, 16, 0, tzinfo=LOCAL_TZ)
    assert (moved.due_at, moved.first_due_at) == (new_due, dossier.due_at)
    doc = apology_document(moved, dossier.due_at, "Chờ kết quả xác minh của Công an phường",
                           "Nguyễn Thị Lan", clock.moment)
    assert same(jobs(printer_file)[-1], render_apology(doc, Paper.MM80))
    text = words(apology_blocks(doc, SIZES))
    assert dossier.due_at is not None
    for expected in ("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", f"Mã hồ sơ: {dossier.code}",
                     "Kính gửi: Phạm Thị Dung", "Ngày 23/11/2026",
                     "Thời gian giải quyết theo quy định: 3 ngày làm việc",
                     f"Hẹn trả kết quả: {dossier.due_at:%H} giờ {dossier.due_at:%M} phút, "
                     f"ngày {dossier.due_at:%d/%m/%Y}",
                     "Lý do: Chờ kết quả xác minh của Công an phường",
                     "16 giờ 00 phút, ngày 01/12/2026", "Nguyễn Thị Lan"):
        assert expected in text, expected
    assert "01/12/2026" in window.banner.message()


def test_a_procedure_without_a_time_limit_is_received_with_one_entered_and_saved(
        qtbot: QtBot, make_window: MakeWindow, printer_file: Path, clock: FixedClock) -> None:
    """The catalog has none: Ctrl+Enter is refused until a limit is chosen; 5 working days,
    saved to the catalog: the due date is 5 working days on and the slip says so."""
    window = serving(qtbot, make_window)
    no_limit(window)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, NO_LIMIT)
    form = window.desk.receive
    assert form.limit_box.isVisible()
    assert "chưa chọn thời hạn" in form.due_label.text()
    fill(qtbot, window, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert window.current_widget() is form and "chưa có thời hạn" in form.error.text()
    assert form.limit_unit.hasFocus()
    qtbot.keyClick(form.limit_unit, Qt.Key.Key_Down)  # "ngày làm việc"
    qtbot.keyClick(form.limit_amount, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(form.limit_amount, "5")
    qtbot.keyClick(form.save_limit, Qt.Key.Key_Space)
    expected_due = window.ctx.dossiers.due_date(NO_LIMIT, clock.moment,
                                                LimitChoice(LimitUnit.WORKING_DAYS, 5))
    assert expected_due is not None and f"{expected_due:%d/%m/%Y}" in form.due_label.text()
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    dossier = window.ctx.dossiers.search(SITE, "pham thi dung")[0]
    assert dossier.due_at == expected_due and dossier.time_limit_text == "5 ngày làm việc"
    procedure = window.ctx.catalog.get(NO_LIMIT)
    assert (procedure.time_limit, procedure.time_unit) == (5, "working_days")
    assert "Đã lưu thời hạn vào danh mục" in window.desk.serving.last_label.text()
    text = words(slip_blocks(slip_document(dossier, "Nguyễn Thị Lan"), "Liên 2: giao người nộp",
                             SIZES))
    assert "3. Thời gian giải quyết hồ sơ theo quy định: 5 ngày làm việc" in text
    assert (f"5. Thời gian trả kết quả giải quyết hồ sơ: {expected_due:%H} giờ "
            f"{expected_due:%M} phút, ngày {expected_due:%d/%m/%Y}") in text


def test_chua_xac_dinh_prints_only_when_chosen(qtbot: QtBot, make_window: MakeWindow) -> None:
    """Choosing "Chưa xác định" on purpose: no due date, the slip says "chưa xác định", the
    catalog is left as it was (nothing to save)."""
    window = serving(qtbot, make_window)
    no_limit(window)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, NO_LIMIT)
    form = window.desk.receive
    fill(qtbot, window, "Phạm Thị Dung")
    form.limit_unit.setFocus()
    for _ in range(6):
        qtbot.keyClick(form.limit_unit, Qt.Key.Key_Down)
    assert form.limit_unit.currentData() == LimitUnit.UNKNOWN
    assert not form.save_limit.isVisibleTo(form)
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    dossier = window.ctx.dossiers.search(SITE, "pham thi dung")[0]
    assert dossier.due_at is None and dossier.time_limit_text == "chưa xác định"
    assert window.ctx.catalog.get(NO_LIMIT).time_limit is None


def test_a_supplement_brought_back_restarts_the_due_date_and_prints_a_new_slip(
        qtbot: QtBot, make_window: MakeWindow, printer_file: Path, clock: FixedClock) -> None:
    """Waiting for a supplement since last week; today F5 4, the dossier, Enter: received,
    due 3 working days from now, a new slip (both copies) with that date."""
    window = serving(qtbot, make_window)
    old = window.ctx.dossiers.receive(SITE, THREE_WORKING_DAYS, Applicant("Phạm Thị Dung"),
                                      counter=1, received_at=datetime(2026, 11, 16, 9, 0,
                                                                      tzinfo=LOCAL_TZ))
    window.ctx.dossiers.request_supplement(old.code, "Thiếu bản sao CCCD")
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_4)
    qtbot.keyClicks(window.desk.dossier_picker.search, "dung")
    press(qtbot, window, Qt.Key.Key_Return)
    again = window.ctx.dossiers.details(old.code)
    assert again.status == DossierStatus.RECEIVED
    assert again.due_at == window.ctx.dossiers.due_date(THREE_WORKING_DAYS, clock.moment)
    assert again.due_at != old.due_at
    printed = jobs(printer_file)
    assert len(printed) == 2
    assert same(printed[1], render_slip_copy(slip_document(
        again, "Nguyễn Thị Lan", supplemented_at=clock.moment), "Liên 2: giao người nộp"))
    assert "hẹn trả mới" in window.desk.serving.last_label.text()


def test_the_dossiers_tab_finds_any_counters_dossier_finished_ones_read_only(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """Empty search: this counter's open dossiers. Typing: every dossier of the site, by a
    name without accents or a piece of the code; a returned one is greyed, only reprint."""
    window = make_window(1)
    service = window.ctx.dossiers
    mine = service.receive(SITE, THREE_WORKING_DAYS, Applicant("Võ Văn Em"), counter=1)
    other = service.receive(SITE, THREE_WORKING_DAYS, Applicant("Đặng Thị Hồng"), counter=2)
    service.resolve(other.code)
    service.return_result(other.code)
    log_in(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F, CTRL)
    tab = window.dossiers
    assert tab.codes() == [mine.code]
    qtbot.keyClicks(tab.search, "dang thi hong")
    assert tab.codes() == [other.code]
    assert "toàn trung tâm" in tab.title.text() and "Mới tiếp nhận trước" in tab.legend.text()
    assert "chỉ xem" in tab.table.item(0, 3).text()
    enabled = {name for name, action in tab.actions_by_name.items() if action.isEnabled()}
    assert enabled == {"reprint", "reschedule"}  # F10 only to say why not
    tab.search.clear()
    qtbot.keyClicks(tab.search, other.code[-6:])
    assert tab.codes() == [other.code]


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: scripts/system-deps.sh")
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def test_archive_copy_on_a5_pdf_while_the_citizen_copy_is_thermal(
        qtbot: QtBot, make_window: MakeWindow, counter_settings: Settings, printer_file: Path,
        tmp_path: Path) -> None:
    """printer.archive_copy = "a5-pdf": the thermal printer cuts one copy (Liên 2); Liên 1 is
    an A5 PDF in slip_dir with real text in the embedded font."""
    import dataclasses

    printer = dataclasses.replace(counter_settings.printer, archive_copy="a5-pdf")
    window = serving(qtbot, make_window, printer=printer)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    pick_procedure(qtbot, window, "xac nhan tinh trang hon")
    fill(qtbot, window, "Phạm Thị Dung")
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    dossier = window.ctx.dossiers.search(SITE, "dung")[0]
    printed = jobs(printer_file)
    assert len(printed) == 1
    assert same(printed[0], render_slip_copy(slip_document(dossier, "Nguyễn Thị Lan"),
                                             "Liên 2: giao người nộp"))
    pdfs = list((tmp_path / "slips").glob("luu-giay-hen-*.pdf"))
    assert len(pdfs) == 1
    data = pdfs[0].read_bytes()
    assert b"/FontFile2" in data and b"NotoSans" in data
    text = pdf_text(pdfs[0])
    assert "Liên 1: lưu" in text and "Liên 2" not in text
    assert dossier.code in text and "Phạm Thị Dung" in text
