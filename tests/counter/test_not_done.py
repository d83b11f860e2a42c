"""Every counter action that writes, met by a busy database (another PC holds the SQLite
file's write lock past the busy timeout), is shown in red as NOT DONE by its name, handed back
to the clerk as it was (the panel, the list, the form as typed), and done exactly once when the
clerk does it again after the lock is gone (issue 15 item 1). Reads go on meanwhile (WAL)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event, exc, func, select
from sqlalchemy.orm import Session

import counter.app as counter_app
import shared.db.database as database_module
from counter.app import CounterWindow
from shared.db.database import Database
from shared.dossier_views import Applicant
from shared.models import Event
from tests.center_data import PASSWORD, SITE
from tests.counter.conftest import MakeWindow, log_in, press, type_text
from tests.tools.sqlite_lock import WriteLock

NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
PROCEDURE = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân
Step = Callable[[QtBot, CounterWindow], None]


def keys(*pressed: Qt.Key | tuple[Qt.Key, Qt.KeyboardModifier]) -> Step:
    def step(qtbot: QtBot, window: CounterWindow) -> None:
        for key in pressed:
            key, modifier = key if isinstance(key, tuple) else (key, NONE)
            press(qtbot, window, key, modifier)
    return step


def nothing(_qtbot: QtBot, _window: CounterWindow) -> None:
    pass


@dataclass(frozen=True)
class Case:
    """``prepare`` brings the desk to the moment before the action, ``act`` does it (both by
    keyboard); ``event`` is what it writes once done; ``words`` name it in the red line;
    ``handed_back`` says the clerk is left where the action was asked."""

    prepare: Step
    act: Step
    event: str
    words: str
    handed_back: Callable[[CounterWindow], bool] = lambda _window: True
    dossier_status: str = "received"
    extra: dict[str, object] = field(default_factory=dict)


def _tab(code_index: int, *pressed: Qt.Key | tuple[Qt.Key, Qt.KeyboardModifier]) -> Step:
    """The dossiers tab, the dossier of the test selected, then ``pressed``."""
    def step(qtbot: QtBot, window: CounterWindow) -> None:
        press(qtbot, window, Qt.Key.Key_2, CTRL)
        window.dossiers.select_code(window.dossiers.codes()[code_index])
        keys(*pressed)(qtbot, window)
    return step


def _typed_reason(form_of: Callable[[CounterWindow], object], text: str,
                  documents: str = "") -> Step:
    def step(qtbot: QtBot, window: CounterWindow) -> None:
        form = form_of(window)
        if documents:
            type_text(qtbot, form.documents, documents)  # type: ignore[attr-defined]
        type_text(qtbot, form.reason, text)  # type: ignore[attr-defined]
    return step


def _then(*steps: Step) -> Step:
    def step(qtbot: QtBot, window: CounterWindow) -> None:
        for each in steps:
            each(qtbot, window)
    return step


def _enter_reason(form_of: Callable[[CounterWindow], object]) -> Step:
    def step(qtbot: QtBot, window: CounterWindow) -> None:
        qtbot.keyClick(form_of(window).reason, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    return step


def _reason_kept(form_of: Callable[[CounterWindow], object], text: str
                 ) -> Callable[[CounterWindow], bool]:
    def kept(window: CounterWindow) -> bool:
        form = form_of(window)
        return bool(form.isVisible() and form.reason.text() == text)  # type: ignore[attr-defined]
    return kept


def _tab_form(window: CounterWindow) -> object:
    return window.dossiers.reason_form


def _picker_form(window: CounterWindow) -> object:
    return window.desk.dossier_picker.reason_form


def _receive_form(qtbot: QtBot, window: CounterWindow) -> None:
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(window.desk.picker.search, "xac nhan tinh trang hon")
    press(qtbot, window, Qt.Key.Key_Return)
    type_text(qtbot, window.desk.receive.name, "Phạm Thị Dung")


@contextmanager
def _answer_lost() -> Iterator[None]:
    """The first commit that writes from a worker thread inside the block: the database
    commits it, but its answer is lost (the connection drops as it returns). Reads before it
    go through."""
    armed = [True]

    def wrote(session: Session, _context: object) -> None:
        if session.new or any(session.is_modified(row) for row in session.dirty):
            session.info["wrote"] = True  # (a value set again unchanged is no write)

    def lose_the_answer(session: Session) -> None:
        if session.info.pop("wrote", False) and armed[0] and (
                threading.current_thread() is not threading.main_thread()):
            armed[0] = False
            raise exc.OperationalError("COMMIT", {}, Exception(
                "server closed the connection unexpectedly"))

    event.listen(Session, "after_flush", wrote)
    event.listen(Session, "after_commit", lose_the_answer)
    try:
        yield
    finally:
        event.remove(Session, "after_commit", lose_the_answer)
        event.remove(Session, "after_flush", wrote)
    assert not armed[0], "the fault was met"


def _submit_losing_the_answer(qtbot: QtBot, window: CounterWindow) -> None:
    """Ctrl+Enter on the receive form, the answer of its commit lost (``_answer_lost``)."""
    with _answer_lost():
        press(qtbot, window, Qt.Key.Key_Return, CTRL)


def _log_out(qtbot: QtBot, window: CounterWindow) -> None:
    press(qtbot, window, Qt.Key.Key_Q, CTRL)
    assert window.state is None


def _log_in(qtbot: QtBot, window: CounterWindow) -> None:
    window.login.username.clear()
    log_in(qtbot, window, "lan", PASSWORD)


F1, F3 = Qt.Key.Key_F1, Qt.Key.Key_F3
CASES: dict[str, Case] = {
    "call_ticket": Case(nothing, keys(Qt.Key.Key_Return), "ticket.called", "Gọi số đã chọn",
                        lambda w: w.current_widget() is w.desk.waiting),
    "recall": Case(keys(F1), keys(Qt.Key.Key_F2), "ticket.recalled", "Gọi lại"),
    "no_show": Case(keys(F1), keys(F3), "ticket.no_show", "Vắng mặt",
                    lambda w: w.desk.serving.current_number() == "A001"),
    "transfer": Case(keys(F1, Qt.Key.Key_F4), keys(Qt.Key.Key_1), "ticket.transferred",
                     "Chuyển", lambda w: w.current_widget() is w.desk.transfer),
    "hold": Case(keys(F1), keys((Qt.Key.Key_H, CTRL)), "ticket.held", "Tạm giữ",
                 lambda w: w.desk.serving.current_number() == "A001"),
    "take_back": Case(keys(F1, (Qt.Key.Key_H, CTRL), (F3, SHIFT)), keys(Qt.Key.Key_1),
                      "ticket.called", "Gọi lại số đang giữ",
                      lambda w: w.current_widget() is w.desk.set_aside),
    "call_again": Case(keys(F1, F3, (F3, SHIFT)), keys(Qt.Key.Key_1),
                       "ticket.no_show_undone", "Hủy báo vắng và gọi lại",
                       lambda w: w.current_widget() is w.desk.set_aside),
    "requeue": Case(keys(F1, F3, (F3, SHIFT)), keys(Qt.Key.Key_Q),
                    "ticket.returned_to_queue", "Đưa số vắng trở lại hàng đợi",
                    lambda w: w.current_widget() is w.desk.set_aside),
    "pause": Case(nothing, keys(Qt.Key.Key_F8), "counter.status", "Tạm nghỉ"),
    "close": Case(nothing, keys(Qt.Key.Key_F9, Qt.Key.Key_F9), "counter.status", "Đóng quầy"),
    "receive": Case(_then(keys(F1), _receive_form), keys((Qt.Key.Key_Return, CTRL)),
                    "dossier.received", "Tiếp nhận hồ sơ",
                    lambda w: w.current_widget() is w.desk.receive
                    and w.desk.receive.name.text() == "Phạm Thị Dung"),
    "return_at_finish": Case(keys(F1, Qt.Key.Key_F5, Qt.Key.Key_3, Qt.Key.Key_Down),
                             keys(Qt.Key.Key_Return), "dossier.returned", "Trả kết quả hồ sơ",
                             lambda w: w.current_widget() is w.desk.dossier_picker,
                             dossier_status="resolved"),
    "supplement_at_finish": Case(
        _then(keys(F1, Qt.Key.Key_F5, Qt.Key.Key_4, Qt.Key.Key_Down, Qt.Key.Key_Return),
              _typed_reason(_picker_form, "Thiếu giấy tờ", "Bản sao CCCD")),
        _enter_reason(_picker_form), "dossier.supplement_requested",
        "Yêu cầu bổ sung hồ sơ", _reason_kept(_picker_form, "Thiếu giấy tờ")),
    "resolve": Case(_tab(0), keys(Qt.Key.Key_F6), "dossier.resolved",
                    "Ghi đã giải quyết hồ sơ"),
    "return": Case(_tab(0), keys(Qt.Key.Key_F12), "dossier.returned", "Trả kết quả hồ sơ",
                   dossier_status="resolved"),
    "supplemented": Case(_tab(0), keys((Qt.Key.Key_F7, SHIFT)), "dossier.supplemented",
                         "Ghi đã nhận bổ sung hồ sơ", dossier_status="supplement"),
    "refuse": Case(_then(_tab(0, Qt.Key.Key_F11), _typed_reason(_tab_form, "Sai thẩm quyền")),
                   _enter_reason(_tab_form), "dossier.refused", "Từ chối hồ sơ",
                   _reason_kept(_tab_form, "Sai thẩm quyền")),
    "reschedule": Case(_then(_tab(0, Qt.Key.Key_F10), _typed_reason(_tab_form, "Chờ xác minh")),
                       _enter_reason(_tab_form), "dossier.rescheduled",
                       "Hẹn lại ngày trả hồ sơ", _reason_kept(_tab_form, "Chờ xác minh")),
    "logout": Case(nothing, keys((Qt.Key.Key_Q, CTRL)), "clerk.logout", "Đăng xuất",
                   lambda w: w.state is not None),
}


def _count(db: Database, kind: str) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Event).where(
            Event.kind == kind)) or 0)


def _desk(qtbot: QtBot, make_window: MakeWindow, catalog_center: Database,
          monkeypatch: pytest.MonkeyPatch, dossier_status: str) -> CounterWindow:
    """Three HT tickets, one dossier of the clerk's counter in ``dossier_status``, logged
    in; the busy timeout is 0.2 s (15 s in production)."""
    monkeypatch.setattr(database_module, "SQLITE_BUSY_TIMEOUT_MS", 200)
    catalog_center.dispose()  # connections made from now on wait 0.2 s for a lock
    window = make_window(1)
    for _ in range(3):
        window.ctx.queue.issue_ticket(SITE, "HT")
    dossiers = window.ctx.dossiers
    code = dossiers.receive(SITE, PROCEDURE, Applicant("Trần Thị Bích"), counter=1).code
    if dossier_status == "resolved":
        dossiers.resolve(code)
    elif dossier_status == "supplement":
        dossiers.request_supplement(code, "Thiếu giấy tờ")
    log_in(qtbot, window)
    return window


@pytest.mark.parametrize("name", list(CASES))
def test_an_action_the_busy_database_refuses_is_shown_not_done_handed_back_and_done_once(
        name: str, qtbot: QtBot, make_window: MakeWindow, catalog_center: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    window = _desk(qtbot, make_window, catalog_center, monkeypatch, case.dossier_status)
    case.prepare(qtbot, window)
    before = _count(catalog_center, case.event)
    lock = WriteLock(catalog_center)
    try:
        case.act(qtbot, window)
        message = window.banner.message()
        assert window.banner.level() == "error", message
        assert f"CHƯA LÀM ĐƯỢC: {case.words}" in message and "đang bận" in message, message
        assert not window.offline, "busy is not an outage"
        assert case.handed_back(window), "handed back to the clerk as it was"
        assert _count(catalog_center, case.event) == before
    finally:
        lock.release()
    case.act(qtbot, window)  # the clerk does it again: done, once
    assert _count(catalog_center, case.event) == before + 1
    assert not (window.banner.isVisible() and "CHƯA LÀM ĐƯỢC" in window.banner.message())


def test_a_log_in_the_busy_database_refuses_is_not_done_and_keeps_the_secret(
        qtbot: QtBot, make_window: MakeWindow, catalog_center: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The log-in writes (the counter is taken): refused by the lock, the log-in page stays
    with the secret typed and says CHƯA ĐĂNG NHẬP ĐƯỢC; Enter again logs in, once."""
    window = _desk(qtbot, make_window, catalog_center, monkeypatch, "received")
    _log_out(qtbot, window)
    before = _count(catalog_center, "clerk.login")
    lock = WriteLock(catalog_center)
    try:
        _log_in(qtbot, window)
        assert window.state is None and window.pages.currentWidget() is window.login
        assert "CHƯA ĐĂNG NHẬP ĐƯỢC" in window.login.error.text()
        assert "đang bận" in window.login.error.text()
        assert window.login.secret.text() == PASSWORD
        login, error = window.login, window.login.error
        qtbot.wait(50)  # laid out: the two lines have room, nothing squeezed or overlapped
        assert error.height() >= error.heightForWidth(error.width())
        assert login.counter.geometry().bottom() < error.geometry().top()
        assert error.geometry().bottom() < login.button.geometry().top()
    finally:
        lock.release()
    qtbot.keyClick(window.login.secret, Qt.Key.Key_Return)
    assert window.state is not None and window.clerk is not None
    assert _count(catalog_center, "clerk.login") == before + 1


def test_a_receive_whose_commit_was_lost_on_the_way_back_is_not_received_twice(
        qtbot: QtBot, make_window: MakeWindow, catalog_center: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+N, the form, Ctrl+Enter: the database commits the dossier but the answer is lost
    (the connection drops as the commit returns). The clerk sees NOT DONE and the form as
    typed; once the database answers again, Ctrl+Enter finds the dossier already received
    and shows it: one dossier, one event, not two."""
    monkeypatch.setattr(counter_app, "RETRY_MS", 200)  # the window tries again after 0.2 s
    window = _desk(qtbot, make_window, catalog_center, monkeypatch, "received")
    press(qtbot, window, F1)
    _receive_form(qtbot, window)
    before = _count(catalog_center, "dossier.received")
    _submit_losing_the_answer(qtbot, window)
    assert "CHƯA LÀM ĐƯỢC: Tiếp nhận hồ sơ" in window.banner.message()
    assert window.current_widget() is window.desk.receive
    ticket = window.ctx.queue.find_ticket(SITE, "A001")
    assert len(window.ctx.dossiers.of_ticket(ticket.id)) == 1, "committed all the same"
    qtbot.waitUntil(lambda: not window.offline, timeout=6000)  # the window's own retry
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    dossiers = window.ctx.dossiers.of_ticket(ticket.id)
    assert len(dossiers) == 1
    assert _count(catalog_center, "dossier.received") == before + 1
    assert f"Đã tiếp nhận hồ sơ {dossiers[0].code}" in window.banner.message()
    assert window.desk.serving.current_number() == "A001", "Ctrl+N: still serving"


def _no_ticket_dossiers(window: CounterWindow, name: str) -> list[str]:
    return [dossier.code for dossier in window.ctx.dossiers.list_open(SITE, 1, name)
            if dossier.ticket_id is None and dossier.applicant.name == name]


def test_a_receive_with_no_ticket_whose_commit_was_lost_is_not_received_twice(
        qtbot: QtBot, make_window: MakeWindow, catalog_center: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Idle, Ctrl+N receives a dossier nobody took a number for. The citizen's first one is
    received; the second, the same procedure, is committed but its answer lost: NOT DONE,
    the form as typed. Once the database answers again, Ctrl+Enter finds the second one
    already received (not the first, made before the form was sent) and shows it: two
    dossiers, two events, not three."""
    monkeypatch.setattr(counter_app, "RETRY_MS", 200)  # the window tries again after 0.2 s
    window = _desk(qtbot, make_window, catalog_center, monkeypatch, "received")
    assert window.state is not None and window.state.current is None
    _receive_form(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    [first] = _no_ticket_dossiers(window, "Phạm Thị Dung")
    assert f"Đã tiếp nhận hồ sơ {first}" in window.banner.message()
    _receive_form(qtbot, window)
    before = _count(catalog_center, "dossier.received")
    _submit_losing_the_answer(qtbot, window)
    assert "CHƯA LÀM ĐƯỢC: Tiếp nhận hồ sơ" in window.banner.message()
    assert window.current_widget() is window.desk.receive
    assert window.desk.receive.name.text() == "Phạm Thị Dung", "the form as typed"
    [second] = set(_no_ticket_dossiers(window, "Phạm Thị Dung")) - {first}
    qtbot.waitUntil(lambda: not window.offline, timeout=6000)  # the window's own retry
    press(qtbot, window, Qt.Key.Key_Return, CTRL)
    assert sorted(_no_ticket_dossiers(window, "Phạm Thị Dung")) == sorted([first, second])
    assert _count(catalog_center, "dossier.received") == before + 1
    assert f"Đã tiếp nhận hồ sơ {second}" in window.banner.message()
    assert window.current_widget() is window.desk.waiting


def test_a_log_in_whose_commit_was_lost_on_the_way_back_is_not_recorded_twice(
        qtbot: QtBot, make_window: MakeWindow, catalog_center: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """lan logs in at counter 1 (free): the database commits the log-in (the counter taken,
    a clerk.login and a counter.status event) but its answer is lost. The page says NOT
    DONE; once the database answers again, lan types the secret again and Enter: the desk
    opens, and the log-in is recorded once, not twice (lan already holds the counter since
    the first try: nothing changes, nothing is recorded)."""
    monkeypatch.setattr(counter_app, "RETRY_MS", 200)  # the window tries again after 0.2 s
    window = make_window(1)
    window.ctx.clerks.logout(SITE, 1)  # lan left counter 1 yesterday evening
    logins = _count(catalog_center, "clerk.login")
    statuses = _count(catalog_center, "counter.status")
    qtbot.keyClicks(window.login.username, "lan")
    qtbot.keyClicks(window.login.secret, PASSWORD)
    with _answer_lost():
        qtbot.keyClick(window.login.secret, Qt.Key.Key_Return)
    assert window.state is None and window.pages.currentWidget() is window.login
    assert "CHƯA ĐĂNG NHẬP ĐƯỢC" in window.login.error.text()
    assert window.ctx.queue.find_counter(SITE, 1).clerk_username == "lan", "committed"
    assert _count(catalog_center, "clerk.login") == logins + 1
    qtbot.waitUntil(lambda: not window.offline, timeout=6000)  # the window's own retry
    qtbot.keyClicks(window.login.secret, PASSWORD)
    qtbot.keyClick(window.login.secret, Qt.Key.Key_Return)
    assert window.state is not None and window.pages.currentWidget() is window.tabs
    assert "Nguyễn Thị Lan" in window.desk.serving.clerk_label.text()
    assert _count(catalog_center, "clerk.login") == logins + 1
    assert _count(catalog_center, "counter.status") == statuses + 1
