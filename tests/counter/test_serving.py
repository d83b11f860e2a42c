"""The desk by keyboard: call next, recall, no-show, transfer, finish with each outcome,
call a particular number from the waiting list, pause and close."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter.app import CounterWindow
from shared.clock import FixedClock
from shared.models import CounterStatus, Outcome, Priority, TicketStatus
from tests.center_data import SITE
from tests.counter.conftest import MakeWindow, log_in, press


def _desk(qtbot: QtBot, make_window: MakeWindow, tickets: int = 3) -> CounterWindow:
    window = make_window(1)
    for _ in range(tickets):
        window.ctx.queue.issue_ticket(SITE, "HT")
    log_in(qtbot, window)
    return window


def test_f1_calls_the_next_number_and_shows_it_large(qtbot: QtBot,
                                                     make_window: MakeWindow) -> None:
    """F1: the first waiting number is on screen, with its service; the list shrinks."""
    window = _desk(qtbot, make_window)
    assert window.desk.waiting.numbers() == ["A001", "A002", "A003"]
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.desk.serving.current_number() == "A001"
    assert window.desk.serving.service_label.text() == "Hộ tịch"
    qtbot.waitUntil(lambda: window.desk.waiting.numbers() == ["A002", "A003"], timeout=2000)
    assert not window.actions_by_name["call_next"].isEnabled()  # finish A001 first


def test_time_since_called_ticks(qtbot: QtBot, make_window: MakeWindow,
                                 clock: FixedClock) -> None:
    """The serving panel counts the time since the call, every second, without reading."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    assert "00:00" in window.desk.serving.elapsed_label.text()
    clock.advance(minutes=2, seconds=5)
    qtbot.waitUntil(lambda: "02:05" in window.desk.serving.elapsed_label.text(), timeout=2500)


def test_nobody_waiting_says_so(qtbot: QtBot, make_window: MakeWindow) -> None:
    """F1 with an empty queue shows a message and calls nobody."""
    window = _desk(qtbot, make_window, tickets=0)
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.banner.message() == "Không còn ai đang chờ."
    assert window.desk.serving.current_number() == "—"


def test_f2_recalls_the_current_number(qtbot: QtBot, make_window: MakeWindow) -> None:
    """F2 calls the same number again (the count shows it)."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    press(qtbot, window, Qt.Key.Key_F2)
    assert window.desk.serving.current_number() == "A001"
    assert "2 lần" in window.desk.serving.detail_label.text()


def test_f3_marks_no_show_and_frees_the_counter(qtbot: QtBot,
                                                make_window: MakeWindow) -> None:
    """F3: the ticket ends as no-show, the counter is free for the next."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    ticket_id = window.state.current.id if window.state and window.state.current else 0
    press(qtbot, window, Qt.Key.Key_F3)
    assert window.ctx.queue.ticket(ticket_id).status == TicketStatus.NO_SHOW
    assert window.desk.serving.current_number() == "—"
    assert window.actions_by_name["call_next"].isEnabled()


@pytest.mark.parametrize(("key", "outcome"), [
    (Qt.Key.Key_2, Outcome.GUIDED), (Qt.Key.Key_3, Outcome.RESULT_RETURNED),
    (Qt.Key.Key_4, Outcome.SUPPLEMENT_REQUESTED), (Qt.Key.Key_5, Outcome.REFUSED),
    (Qt.Key.Key_6, Outcome.OTHER)])
def test_finish_takes_the_outcome_in_one_keypress(qtbot: QtBot, make_window: MakeWindow,
                                                  key: Qt.Key, outcome: Outcome) -> None:
    """F5 then one digit finishes the ticket with that outcome. Result returned, supplement
    and refused first ask which dossier (tests/counter/test_dossier_cases.py): Ctrl+Enter
    there finishes without one."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.state is not None and window.state.current is not None
    ticket_id = window.state.current.id
    press(qtbot, window, Qt.Key.Key_F5)
    assert window.current_widget() is window.desk.outcome
    press(qtbot, window, key)
    if outcome in (Outcome.RESULT_RETURNED, Outcome.SUPPLEMENT_REQUESTED, Outcome.REFUSED):
        assert window.current_widget() is window.desk.dossier_picker
        press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ticket = window.ctx.queue.ticket(ticket_id)
    assert (ticket.status, ticket.outcome) == (TicketStatus.FINISHED, outcome)
    assert window.current_widget() is window.desk.waiting
    assert window.desk.serving.current_number() == "—"


def test_escape_leaves_the_outcome_list_without_finishing(qtbot: QtBot,
                                                          make_window: MakeWindow) -> None:
    """Esc in the outcome list goes back; the ticket is still being served."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    press(qtbot, window, Qt.Key.Key_F5)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.current_widget() is window.desk.waiting
    assert window.desk.serving.current_number() == "A001"


def test_enter_on_the_waiting_list_calls_that_number(qtbot: QtBot,
                                                     make_window: MakeWindow) -> None:
    """Arrow down to A003 and Enter: A003 is called out of order."""
    window = _desk(qtbot, make_window)
    table = window.desk.waiting.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.desk.serving.current_number() == "A003"
    qtbot.waitUntil(lambda: window.desk.waiting.numbers() == ["A001", "A002"], timeout=2000)


def test_waiting_list_puts_priority_first_and_marks_it(qtbot: QtBot,
                                                       make_window: MakeWindow) -> None:
    """A priority ticket (strict policy) heads the list, with its class written."""
    window = make_window(1)
    window.ctx.queue.issue_ticket(SITE, "HT")
    window.ctx.queue.issue_ticket(SITE, "CT", Priority.ELDERLY)
    log_in(qtbot, window)
    assert window.desk.waiting.numbers() == ["B001", "A001"]
    item = window.desk.waiting.table.item(0, 2)
    assert item is not None and item.text() == "Người cao tuổi"


def test_f4_transfers_to_another_service_with_one_digit(qtbot: QtBot,
                                                        make_window: MakeWindow) -> None:
    """F4 lists the other services then counters; 1 sends the ticket to Chứng thực."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.state is not None and window.state.current is not None
    ticket_id = window.state.current.id
    press(qtbot, window, Qt.Key.Key_F4)
    labels = window.desk.transfer.labels()
    assert labels[0].startswith("1   Dịch vụ Chứng thực")
    assert any("Quầy 3" in label for label in labels)
    press(qtbot, window, Qt.Key.Key_1)
    ticket = window.ctx.queue.ticket(ticket_id)
    assert (ticket.status, ticket.service) == (TicketStatus.WAITING, "CT")
    assert window.desk.serving.current_number() == "—"


def test_transfer_to_a_counter_only_that_counter_may_call_it(qtbot: QtBot,
                                                             make_window: MakeWindow) -> None:
    """Transferred to counter 3, the ticket leaves counter 1's list and is on counter 3's."""
    window = _desk(qtbot, make_window, tickets=1)
    press(qtbot, window, Qt.Key.Key_F1)
    press(qtbot, window, Qt.Key.Key_F4)
    labels = window.desk.transfer.labels()
    index = next(i for i, label in enumerate(labels) if "Quầy 3" in label)
    press(qtbot, window, Qt.Key(Qt.Key.Key_1 + index))
    counter3 = window.ctx.queue.find_counter(SITE, 3)
    assert [e.ticket.number for e in window.ctx.queue.waiting(counter3.id)] == ["A001"]
    assert window.desk.waiting.numbers() == []


def test_f8_pauses_and_resumes_and_f9_closes(qtbot: QtBot, make_window: MakeWindow) -> None:
    """F8 puts the counter on break (the wall shows it), F8 again reopens, F9 asks first and
    a second F9 closes."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F8)
    assert window.ctx.queue.find_counter(SITE, 1).status == CounterStatus.PAUSED
    assert window.desk.serving.status_chip.text() == "Tạm nghỉ"
    assert window.actions_by_name["pause"].text() == "Mở lại quầy"
    press(qtbot, window, Qt.Key.Key_F8)
    assert window.ctx.queue.find_counter(SITE, 1).status == CounterStatus.OPEN
    press(qtbot, window, Qt.Key.Key_F9)
    assert window.ctx.queue.find_counter(SITE, 1).status == CounterStatus.OPEN
    assert "Nhấn F9 lần nữa" in window.banner.message() and window.banner.isVisible()
    press(qtbot, window, Qt.Key.Key_F9)
    assert window.ctx.queue.find_counter(SITE, 1).status == CounterStatus.CLOSED
    press(qtbot, window, Qt.Key.Key_F1)  # calling reopens the counter
    assert window.ctx.queue.find_counter(SITE, 1).status == CounterStatus.OPEN


def test_pause_is_refused_while_serving(qtbot: QtBot, make_window: MakeWindow) -> None:
    """F8 does nothing while a ticket is being served (finish it first)."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_F1)
    press(qtbot, window, Qt.Key.Key_F8)
    assert window.ctx.queue.find_counter(SITE, 1).status == CounterStatus.OPEN


def test_desk_keys_on_the_dossiers_tab_show_the_desk_first(qtbot: QtBot,
                                                          make_window: MakeWindow) -> None:
    """On the Hồ sơ tab, F1 brings the desk back and calls nobody; F1 again calls. F3 and
    F9 likewise never act on a desk the clerk cannot see."""
    window = _desk(qtbot, make_window)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.dossiers
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.tabs.currentWidget() is window.desk
    assert window.desk.serving.current_number() == "—"
    assert "Nhấn lại phím" in window.banner.message()
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.desk.serving.current_number() == "A001"
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_F3)
    assert window.ctx.queue.find_counter(SITE, 1).current is not None  # not marked absent
    assert window.tabs.currentWidget() is window.desk


def test_logout_button_is_visible_and_asks_again_while_serving(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """The status bar shows "Đăng xuất [Ctrl+Q]"; while a ticket is served the first Ctrl+Q
    only warns (the ticket stays with the counter), a second one logs out."""
    window = _desk(qtbot, make_window)
    assert window.logout_button.isVisible()
    assert window.logout_button.text() == "Đăng xuất   [Ctrl+Q]"
    press(qtbot, window, Qt.Key.Key_F1)
    press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.tabs
    assert "Đang phục vụ số A001" in window.banner.message()
    assert "Ctrl+Q lần nữa" in window.banner.message()
    press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.login
    state = window.ctx.queue.find_counter(SITE, 1)
    assert state.clerk_username is None and state.current is not None


def test_logout_with_a_half_filled_form_asks_first_and_the_button_works_when_idle(
        qtbot: QtBot, make_window: MakeWindow) -> None:
    """A refusal reason half typed on the Hồ sơ tab: the first click on the button warns,
    the second logs out. Idle, one click logs out at once."""
    from shared.dossiers import Applicant
    from tests.counter.conftest import log_in as log_in_again

    window = _desk(qtbot, make_window, tickets=0)
    window.ctx.dossiers.receive(SITE, "1.004873", Applicant("Trần Thị Bích"), counter=1)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    window.dossiers.refresh()
    press(qtbot, window, Qt.Key.Key_F11)
    assert window.dossiers.reason_form.isVisible()
    qtbot.keyClicks(window.dossiers.reason_form.reason, "Thieu")
    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.tabs
    assert "Đang nhập dở" in window.banner.message()
    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.login
    window.login.username.clear()
    log_in_again(qtbot, window)
    assert window.pages.currentWidget() is window.tabs
    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.login


def test_a_long_waiting_list_repaints_quickly(qtbot: QtBot, make_window: MakeWindow) -> None:
    """120 people waiting: re-reading and showing the list takes well under a second (each
    row used to re-measure whole columns: about 6 s for 120 rows, 16 s for 200)."""
    import time

    window = _desk(qtbot, make_window, tickets=120)
    assert len(window.desk.waiting.numbers()) == 120
    start = time.perf_counter()
    window.reload()
    assert time.perf_counter() - start < 1.5
