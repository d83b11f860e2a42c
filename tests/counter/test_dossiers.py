"""Receiving a dossier at the counter (due date, slip printed) and the dossiers tab."""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from counter.app import CounterWindow
from counter.slips import fee_vnd, slip_document
from shared.clock import FixedClock
from shared.dossiers import Applicant
from shared.models import DossierStatus, Outcome, Role
from shared.printing.form_parts import FormSizes
from shared.printing.paper import Paper
from shared.printing.slip_layout import slip_blocks
from tests.center_data import PASSWORD, SITE
from tests.counter.conftest import MakeWindow, log_in, press, type_text
from tests.shared.printing.test_slip_layout import words
from tests.tools.escpos_render import parse

THREE_WORKING_DAYS = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân


def _receive(qtbot: QtBot, window: CounterWindow, search: str = "xac nhan tinh trang hon",
             name: str = "Phạm Thị Dung") -> None:
    """F5, 1 (dossier received), type the procedure, Enter, the name, Ctrl+Enter."""
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    assert window.current_widget() is window.desk.picker
    qtbot.keyClicks(window.desk.picker.search, search)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.current_widget() is window.desk.receive
    type_text(qtbot, window.desk.receive.name, name)
    qtbot.keyClicks(window.desk.receive.phone, "0903 123 456")
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def _serving(qtbot: QtBot, make_window: MakeWindow, **settings: object) -> CounterWindow:
    window = make_window(1, **settings)
    window.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F1)
    return window


def test_picker_lists_the_services_fields_and_searches_without_accents(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """Empty search lists Hộ tịch procedures; "khai sinh" finds the birth registration."""
    window = _serving(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    picker = window.desk.picker
    assert picker.count() > 5
    qtbot.keyClicks(picker.search, "dang ky khai sinh")
    first = picker.results.item(0)
    assert first is not None and "1.001193" in first.text()
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.current_widget() is window.desk.outcome


def test_dossier_received_prints_the_slip_with_its_due_date_and_qr(
        qtbot: QtBot, make_window: MakeWindow, printer_file: Path, clock: FixedClock) -> None:
    """The dossier is created from the ticket, due as the working-time calendar says; form
    01 goes to the printer in two copies whose QR codes hold the dossier code; the ticket is
    finished."""
    window = _serving(qtbot, make_window)
    assert window.state is not None and window.state.current is not None
    ticket_id = window.state.current.id
    _receive(qtbot, window)
    dossiers = window.ctx.dossiers.list_open(SITE, 1)
    assert len(dossiers) == 1
    dossier = dossiers[0]
    assert dossier.code == "000.00.53.H48-261123-0001"
    assert (dossier.applicant.name, dossier.ticket_id, dossier.counter) == (
        "Phạm Thị Dung", ticket_id, 1)
    expected_due = window.ctx.dossiers.due_date(THREE_WORKING_DAYS, clock.moment)
    assert expected_due is not None and dossier.due_at == expected_due
    due_day = f"{expected_due:%d/%m/%Y}"
    ticket = window.ctx.queue.ticket(ticket_id)
    assert ticket.outcome == Outcome.DOSSIER_RECEIVED
    assert dossier.code in window.desk.serving.last_label.text()
    assert due_day in window.desk.serving.last_label.text()
    stream = parse(printer_file.read_bytes())
    images = [item.image for item in stream.items if item.kind == "image"]
    assert [item.kind for item in stream.items].count("cut") == 2
    codes = [c.text for image in images for c in zxingcpp.read_barcodes(image.convert("L"))]
    assert codes == [dossier.code, dossier.code]
    text = words(slip_blocks(slip_document(dossier, "Nguyễn Thị Lan"), "Liên 2: giao người nộp",
                             FormSizes.for_paper(Paper.MM80)))
    for expected in (f"Mã hồ sơ: {dossier.code}", "Phạm Thị Dung", "0903 123 456",
                     "Giấy xác nhận tình trạng hôn nhân", f"ngày {due_day}",
                     "3 ngày làm việc", "Nguyễn Thị Lan", "UBND PHƯỜNG BẾN THÀNH"):
        assert expected in text, expected


def test_slip_as_a5_pdf_when_configured(qtbot: QtBot, make_window: MakeWindow,
                                        counter_settings: object, tmp_path: Path) -> None:
    """printer.slip = "a5-pdf": the slip is an A5 PDF file in slip_dir."""
    import dataclasses

    from shared.config import Settings

    assert isinstance(counter_settings, Settings)
    printer = dataclasses.replace(counter_settings.printer, slip="a5-pdf")
    window = _serving(qtbot, make_window, printer=printer)
    _receive(qtbot, window)
    pdfs = list((tmp_path / "slips").glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")


def test_receive_needs_the_applicants_name(qtbot: QtBot, make_window: MakeWindow) -> None:
    """Ctrl+Enter with no name keeps the form and says what is missing."""
    window = _serving(qtbot, make_window)
    _receive(qtbot, window, name="")
    assert window.current_widget() is window.desk.receive
    assert window.desk.receive.error.text() == "Cần nhập họ tên người nộp hồ sơ."
    assert window.ctx.dossiers.list_open(SITE) == []


def _with_dossiers(qtbot: QtBot, make_window: MakeWindow, clock: FixedClock,
                   username: str = "lan") -> CounterWindow:
    window = make_window(1)
    service = window.ctx.dossiers
    for name, code in (("Trần Thị Bích", THREE_WORKING_DAYS), ("Lê Hoàng Cường", "1.001193"),
                       ("Võ Văn Em", THREE_WORKING_DAYS)):
        service.receive(SITE, code, Applicant(name), counter=1)
    service.receive(SITE, THREE_WORKING_DAYS, Applicant("Ở quầy khác"), counter=2)
    if username != "lan":
        window.ctx.clerks.logout(SITE, 1)
    log_in(qtbot, window, username, PASSWORD)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    return window


def test_dossiers_tab_lists_the_counters_open_dossiers_by_due_date(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """Ctrl+2: this counter's dossiers, the same-day one first and marked due today."""
    window = _with_dossiers(qtbot, make_window, clock)
    tab = window.dossiers
    assert window.tabs.currentWidget() is tab
    assert len(tab.codes()) == 3
    status = tab.table.item(0, 3)
    assert status is not None and "đến hạn hôm nay" in status.text()
    assert tab.table.item(0, 1).text() == "Lê Hoàng Cường"  # type: ignore[union-attr]


def test_overdue_dossiers_are_marked(qtbot: QtBot, make_window: MakeWindow,
                                     clock: FixedClock) -> None:
    """A week later every dossier is past due and says QUÁ HẠN."""
    window = _with_dossiers(qtbot, make_window, clock)
    clock.advance(days=7)
    window.dossiers.refresh()
    assert all("QUÁ HẠN" in window.dossiers.table.item(row, 3).text()  # type: ignore[union-attr]
               for row in range(3))


def test_supervisor_sees_the_whole_center(qtbot: QtBot, make_window: MakeWindow,
                                          clock: FixedClock) -> None:
    """A supervisor at a counter lists the dossiers of every counter."""
    window = _with_dossiers(qtbot, make_window, clock, "boss")
    assert window.clerk is not None and window.clerk.role == Role.SUPERVISOR
    assert len(window.dossiers.codes()) == 4


def test_search_by_name_without_accents(qtbot: QtBot, make_window: MakeWindow,
                                        clock: FixedClock) -> None:
    """Ctrl+F then "cuong" keeps only Lê Hoàng Cường's dossier."""
    window = _with_dossiers(qtbot, make_window, clock)
    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.dossiers.search.hasFocus()
    qtbot.keyClicks(window.dossiers.search, "cuong")
    assert len(window.dossiers.codes()) == 1


def test_resolve_then_return_the_result(qtbot: QtBot, make_window: MakeWindow,
                                        clock: FixedClock) -> None:
    """F6 resolves the selected dossier; F12 hands the result over (it leaves the list)."""
    window = _with_dossiers(qtbot, make_window, clock)
    code = window.dossiers.codes()[0]
    press(qtbot, window, Qt.Key.Key_F6)
    assert window.ctx.dossiers.details(code).status == DossierStatus.RESOLVED
    window.dossiers.select_code(code)
    press(qtbot, window, Qt.Key.Key_F12)
    assert window.ctx.dossiers.details(code).status == DossierStatus.RETURNED
    assert code not in window.dossiers.codes()


def test_request_supplement_prints_form_02(qtbot: QtBot, make_window: MakeWindow,
                                           clock: FixedClock, printer_file: Path) -> None:
    """F7, documents, Enter, reason, Enter: the dossier waits for a supplement and form 02
    is printed (its bytes reach the printer)."""
    window = _with_dossiers(qtbot, make_window, clock)
    code = window.dossiers.codes()[0]
    press(qtbot, window, Qt.Key.Key_F7)
    form = window.dossiers.reason_form
    assert form.isVisible() and form.documents.hasFocus()
    type_text(qtbot, form.documents, "Bản sao CCCD; Giấy chứng sinh")
    qtbot.keyClick(form.documents, Qt.Key.Key_Return)
    type_text(qtbot, form.reason, "Thiếu giấy tờ")
    qtbot.keyClick(form.reason, Qt.Key.Key_Return)
    assert window.ctx.dossiers.details(code).status == DossierStatus.SUPPLEMENT_REQUESTED
    stream = parse(printer_file.read_bytes())
    assert [item.kind for item in stream.items].count("image") == 1


def test_refuse_needs_a_reason(qtbot: QtBot, make_window: MakeWindow,
                               clock: FixedClock) -> None:
    """F11 with an empty reason is refused on the form; with one the dossier is refused."""
    window = _with_dossiers(qtbot, make_window, clock)
    code = window.dossiers.codes()[0]
    press(qtbot, window, Qt.Key.Key_F11)
    form = window.dossiers.reason_form
    qtbot.keyClick(form.reason, Qt.Key.Key_Return)
    assert form.error.text() == "Cần ghi rõ lý do."
    type_text(qtbot, form.reason, "Không thuộc thẩm quyền")
    qtbot.keyClick(form.reason, Qt.Key.Key_Return)
    assert window.ctx.dossiers.details(code).status == DossierStatus.REFUSED


def test_fee_text_becomes_an_amount_only_when_it_is_one() -> None:
    """"Miễn…" is free, "10.000đ" is 10000, a per-page rule stays unknown."""
    assert fee_vnd("Miễn") == 0
    assert fee_vnd("10.000đ") == 10000
    assert fee_vnd("2.000đ/trang") is None
    assert fee_vnd("") is None


def _printed_copies(data: bytes) -> list[Image.Image]:
    """Each cut-off piece of the printed stream, its image strips stacked back together."""
    copies: list[list[Image.Image]] = [[]]
    for item in parse(data).items:
        if item.kind == "image":
            copies[-1].append(item.image.convert("1"))
        elif item.kind == "cut":
            copies.append([])
    pieces = []
    for strips in (c for c in copies if c):
        whole = Image.new("1", (strips[0].width, sum(s.height for s in strips)), 1)
        top = 0
        for strip in strips:
            whole.paste(strip, (0, top))
            top += strip.height
        pieces.append(whole)
    return pieces


def test_printed_slip_is_form_01_with_place_official_times_book_and_entry(
        qtbot: QtBot, make_window: MakeWindow, printer_file: Path, clock: FixedClock) -> None:
    """The bytes sent to the printer, rendered back, are exactly the two copies of the
    layout, whose text carries Liên 1 and Liên 2, the site's place on the date line, the
    times as "hh giờ mm phút, ngày dd/mm/yyyy", the register book (the year) and entry."""
    import re

    from shared.printing.slip_layout import render_slip_copy

    window = _serving(qtbot, make_window)
    _receive(qtbot, window)
    dossier = window.ctx.dossiers.list_open(SITE, 1)[0]
    assert (dossier.register_book, dossier.register_entry) == ("2026", "1")
    document = slip_document(dossier, "Nguyễn Thị Lan")
    printed = _printed_copies(printer_file.read_bytes())
    labels = ("Liên 1: lưu", "Liên 2: giao người nộp")
    assert len(printed) == 2
    for image, label in zip(printed, labels, strict=True):
        expected = render_slip_copy(document, label, Paper.MM80)
        assert image.convert("1").tobytes() == expected.convert("1").tobytes()
        text = words(slip_blocks(document, label, FormSizes.for_paper(Paper.MM80)))
        assert f"({label})" in text
        assert "Phường Bến Thành, ngày 23 tháng 11 năm 2026" in text
        assert "4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 23/11/2026" in text
        assert re.search(r"5\. Thời gian trả kết quả giải quyết hồ sơ: \d\d giờ \d\d phút, "
                         r"ngày \d\d/\d\d/\d{4}", text)
        assert "Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: 1" in text


def test_fee_is_prefilled_from_the_procedure_and_the_clerks_amount_is_printed(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """The receive form's fee shows the procedure's fee; the clerk's "20.000" is kept on
    the dossier and printed as "20.000 đồng"."""
    window = _serving(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    qtbot.keyClicks(window.desk.picker.search, "1.000894")
    press(qtbot, window, Qt.Key.Key_Return)
    receive = window.desk.receive
    assert receive.fee.text().startswith("Miễn")
    type_text(qtbot, receive.name, "Phạm Thị Dung")
    receive.fee.clear()
    qtbot.keyClicks(receive.fee, "20.000")
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dossier = window.ctx.dossiers.list_open(SITE, 1)[0]
    assert dossier.fee == "20.000"
    text = words(slip_blocks(slip_document(dossier, ""), "Liên 1: lưu",
                             FormSizes.for_paper(Paper.MM80)))
    assert "Phí, lệ phí: 20.000 đồng" in text


def test_receive_for_a_ticket_ended_elsewhere_is_refused_and_prints_nothing(
        qtbot: QtBot, make_window: MakeWindow, printer_file: Path) -> None:
    """The ticket was finished from elsewhere (the CLI) while the form was open: Ctrl+Enter
    shows why, creates no dossier, prints nothing and keeps the form filled in."""
    window = _serving(qtbot, make_window)
    assert window.state is not None
    counter_id = window.state.id
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_1)
    qtbot.keyClicks(window.desk.picker.search, "xac nhan tinh trang hon")
    press(qtbot, window, Qt.Key.Key_Return)
    type_text(qtbot, window.desk.receive.name, "Phạm Thị Dung")
    window.ctx.queue.finish(counter_id, Outcome.GUIDED)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "không còn phục vụ số A001" in window.banner.message()
    assert window.ctx.dossiers.list_open(SITE) == []
    assert not printer_file.exists() or printer_file.read_bytes() == b""
    assert window.desk.receive.name.text() == "Phạm Thị Dung"


def _pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """The page sizes (points) of a PDF, from its /MediaBox entries (Qt writes them plain)."""
    import re

    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


def test_slip_on_a_system_printer_prints_two_a5_pages(
        qtbot: QtBot, make_window: MakeWindow, counter_settings: object,
        tmp_path: Path) -> None:
    """printer.slip = "a5-printer": form 01 goes through QPrinter as two A5 pages (Liên 1,
    Liên 2) of text, no dialog. Qt's PDF output ("pdf:PATH") stands in for the device."""
    import dataclasses

    from shared.config import Settings

    assert isinstance(counter_settings, Settings)
    out = tmp_path / "printed.pdf"
    printer = dataclasses.replace(counter_settings.printer, slip="a5-printer",
                                  slip_printer=f"pdf:{out}")
    window = _serving(qtbot, make_window, printer=printer)
    _receive(qtbot, window)
    assert window.ctx.dossiers.list_open(SITE, 1)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = _pdf_pages(data)
    assert len(pages) == 2
    for width, height in pages:  # A5 is 148 x 210 mm = 419.5 x 595.3 pt
        assert abs(width - 419.5) < 2 and abs(height - 595.3) < 2
    assert "Đã in giấy hẹn (2 liên, A5)" in window.desk.serving.last_label.text()
    # Drawn as text in the bundled font (Qt embeds it), not as page images.
    assert b"NotoSans" in data and b"/FontFile2" in data
    from tests.counter.test_dossier_cases import pdf_text

    text = pdf_text(out)
    code = window.ctx.dossiers.list_open(SITE, 1)[0].code
    assert "Liên 1: lưu" in text and "Liên 2: giao người nộp" in text and code in text


def test_a_missing_system_printer_is_reported_and_the_dossier_kept(
        qtbot: QtBot, make_window: MakeWindow, counter_settings: object) -> None:
    """A named printer that is not installed: the dossier is received all the same and the
    message says the slip was not printed (reprint later with Ctrl+P)."""
    import dataclasses

    from shared.config import Settings

    assert isinstance(counter_settings, Settings)
    printer = dataclasses.replace(counter_settings.printer, slip="a5-printer",
                                  slip_printer="Máy in không có")
    window = _serving(qtbot, make_window, printer=printer)
    _receive(qtbot, window)
    assert len(window.ctx.dossiers.list_open(SITE, 1)) == 1
    assert "Không tìm thấy máy in “Máy in không có”" in window.desk.serving.last_label.text()


def test_supplement_received_with_shift_f7(qtbot: QtBot, make_window: MakeWindow,
                                           clock: FixedClock) -> None:
    """A dossier waiting for a supplement: Shift+F7 records the supplement received, the
    dossier is in progress again and the banner says so."""
    window = _with_dossiers(qtbot, make_window, clock)
    code = window.dossiers.codes()[0]
    window.ctx.dossiers.request_supplement(code, "Thiếu giấy tờ")
    window.dossiers.refresh()
    window.dossiers.select_code(code)
    button_texts = [b.text() for b in window.dossiers.findChildren(QPushButton)]
    assert "Đã nhận bổ sung   [Shift+F7]" in button_texts
    press(qtbot, window, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert window.ctx.dossiers.details(code).status == DossierStatus.RECEIVED
    assert f"Hồ sơ {code}: đã nhận bổ sung" in window.banner.message()


def test_reason_form_acts_on_the_dossier_it_was_opened_for(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """F11 on the first dossier, then another row gets selected (a click, a refresh) before
    Enter: the first dossier is refused, the selected one is left alone."""
    window = _with_dossiers(qtbot, make_window, clock)
    first, second = window.dossiers.codes()[:2]
    window.dossiers.select_code(first)
    press(qtbot, window, Qt.Key.Key_F11)
    form = window.dossiers.reason_form
    type_text(qtbot, form.reason, "Không thuộc thẩm quyền")
    window.dossiers.select_code(second)
    qtbot.keyClick(form.reason, Qt.Key.Key_Return)
    assert window.ctx.dossiers.details(first).status == DossierStatus.REFUSED
    assert window.ctx.dossiers.details(second).status == DossierStatus.RECEIVED


def test_only_what_the_selected_dossiers_status_allows_is_offered(
        qtbot: QtBot, make_window: MakeWindow, clock: FixedClock) -> None:
    """A dossier in progress: resolve, supplement, refuse, a new date (form 04) and reprint,
    not "supplement received" or "return" (F12 does nothing). Waiting for a supplement:
    "supplement received", refuse and a new date. Resolved: return (F10 stays live to say
    why it cannot be rescheduled). An empty list offers nothing."""
    window = _with_dossiers(qtbot, make_window, clock)
    tab = window.dossiers
    actions = tab.actions_by_name

    def offered() -> set[str]:
        return {name for name, action in actions.items() if action.isEnabled()}

    first, second, third = tab.codes()
    tab.select_code(first)
    assert offered() == {"resolve", "supplement", "refuse", "reschedule", "reprint"}
    press(qtbot, window, Qt.Key.Key_F12)
    assert window.ctx.dossiers.details(first).status == DossierStatus.RECEIVED
    window.ctx.dossiers.request_supplement(second, "Thiếu giấy tờ")
    window.ctx.dossiers.resolve(third)
    tab.refresh()
    tab.select_code(second)
    assert offered() == {"supplemented", "refuse", "reschedule", "reprint"}
    tab.select_code(third)
    assert offered() == {"return", "reprint", "reschedule"}  # F10 only to say why not
    qtbot.keyClicks(tab.search, "khong co ai ten nay")
    assert tab.codes() == [] and offered() == set()
