"""``layso counter --screenshot DIR``: every view of the counter app and the rating panel at
1366x768 and 1920x1080, headless.

It never touches anything real: it always works on a fresh temporary demo database (a
configured database is left alone, whatever ``--db`` says), with no printer and none of the
configured settings but the language.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from counter.app import CounterWindow
from counter.context import CounterContext
from counter.rating.window import RatingWindow
from shared.config import PrinterSettings, Settings
from shared.db.database import Database
from shared.db.migrate import check_schema
from shared.demo import PASSWORD, build_demo
from shared.dossiers import Applicant
from shared.models import Outcome, Priority
from shared.printing.service import PrintService
from shared.ui.app import screenshot
from shared.ui.theme import apply_theme

SIZES = ((1366, 768), (1920, 1080))
DEMO_SITE, DEMO_COUNTER, DEMO_CLERK = "CS1", 2, "minh"


def demo_database(language: str = "vi") -> tuple[Database, Settings, Path]:
    """A new temporary SQLite database filled with the demo center, and settings that print
    nowhere (``printer.spec = "none"``, slips as files in the temporary folder)."""
    folder = Path(tempfile.mkdtemp(prefix="layso-counter-shots-"))
    url = f"sqlite:///{folder / 'demo.db'}"
    db = Database(url)
    check_schema(db)
    build_demo(db)
    settings = Settings(database_url=url, site=DEMO_SITE, language=language,  # type: ignore[arg-type]
                        printer=PrinterSettings(spec="none", slip_dir=str(folder / "slips")))
    return db, settings, folder


def _prepare(ctx: CounterContext) -> None:
    """The demo counter idle (its current ticket finished), a few people waiting (two with
    priority) and dossiers at the counter."""
    state = ctx.queue.find_counter(ctx.site, DEMO_COUNTER)
    if state.current is not None:
        ctx.queue.finish(state.id, Outcome.GUIDED)
    for service, priority in (("HT", Priority.NONE), ("CT", Priority.NONE),
                              ("HT", Priority.ELDERLY), ("CT", Priority.NONE),
                              ("HT", Priority.NONE), ("CT", Priority.PREGNANT)):
        ctx.queue.issue_ticket(ctx.site, service, priority)
    for name, code in (("Nguyễn Văn An", "2.000815"), ("Trần Thị Bích", "1.001193"),
                       ("Lê Hoàng Cường", "1.004873")):
        ctx.dossiers.receive(ctx.site, code, Applicant(name, "12 Lê Lợi, phường Bến Thành",
                                                       "0903 123 456"),
                             documents=("Tờ khai", "Bản chính giấy tờ"),
                             counter=DEMO_COUNTER)


def render_all(folder: Path, language: str = "vi") -> list[Path]:
    db, settings, _work = demo_database(language)
    ctx = CounterContext.create(db, settings, DEMO_SITE,
                                printing=PrintService.from_settings(settings.printer))
    ctx.clerks.logout(DEMO_SITE, DEMO_COUNTER)  # the demo leaves minh logged in
    _prepare(ctx)
    saved: list[Path] = []
    app = QApplication.instance()
    assert isinstance(app, QApplication)

    def shoot(widget: QWidget, name: str, prepare: Callable[[], None] | None = None) -> None:
        for width, height in SIZES:
            apply_theme(app, "kiosk" if isinstance(widget, RatingWindow) else "counter",
                        width, height)
            QApplication.processEvents()  # the new theme's sizes before the resize
            widget.resize(width, height)
            if prepare is not None:
                prepare()
            saved.append(screenshot(widget, folder / f"counter-{name}-{width}x{height}.png",
                                    (width, height)))

    window = CounterWindow(ctx, DEMO_COUNTER)
    window.login.username.setText(DEMO_CLERK)
    shoot(window, "login")
    clerk = ctx.clerks.login(DEMO_CLERK, PASSWORD, ctx.site, DEMO_COUNTER)
    window.enter_desk(clerk, DEMO_COUNTER)
    window.banner.hide()
    shoot(window, "idle", window.desk.waiting.table.setFocus)  # nobody at the desk yet

    def choose_priority_row() -> None:  # the clerk picks a number from the list
        window.desk.waiting.table.setFocus()
        window.desk.waiting.table.setCurrentCell(2, 0)

    window.actions_by_name["call_next"].trigger()
    window.actions_by_name["finish"].trigger()
    QTest.keyClick(window.desk.outcome.list, Qt.Key.Key_2)  # guided: the list, after one
    window.banner.hide()
    shoot(window, "waiting", choose_priority_row)
    window.actions_by_name["call_next"].trigger()
    shoot(window, "serving")
    window.actions_by_name["finish"].trigger()
    QTest.keyClick(window.desk.outcome.list, Qt.Key.Key_Down)
    shoot(window, "outcome")
    QTest.keyClick(window.desk.outcome.list, Qt.Key.Key_1)
    QTest.keyClicks(window.desk.picker.search, "chung thuc chu ky")
    shoot(window, "procedure")
    QTest.keyClick(window.desk.picker.search, Qt.Key.Key_Return)
    receive = window.desk.receive
    receive.name.setText("Phạm Thị Dung")
    receive.address.setText("45 Nguyễn Thái Học, phường Bến Thành")
    receive.phone.setText("0912 345 678")
    shoot(window, "receive")
    receive.submit.click()
    window.banner.hide()
    window.actions_by_name["call_next"].trigger()
    window.actions_by_name["transfer"].trigger()
    QTest.keyClick(window.desk.transfer.list, Qt.Key.Key_Down)
    shoot(window, "transfer")
    QTest.keyClick(window.desk.transfer.list, Qt.Key.Key_Escape)
    window.actions_by_name["hold"].trigger()  # the citizen went to make a copy
    window.actions_by_name["call_next"].trigger()
    window.actions_by_name["no_show"].trigger()
    window.actions_by_name["set_aside"].trigger()
    shoot(window, "set-aside")
    QTest.keyClick(window.desk.set_aside.list, Qt.Key.Key_Escape)
    window.actions_by_name["tab_dossiers"].trigger()
    window.banner.hide()
    window.dossiers.refresh()
    shoot(window, "dossiers")
    window.dossiers.search.setText("pham")  # every dossier of the site, finished ones too
    shoot(window, "dossiers-search")
    window.dossiers.search.clear()
    window.actions_by_name["tab_desk"].trigger()
    window.actions_by_name["call_next"].trigger()
    if window.state is not None and window.state.current is not None:
        window.actions_by_name["finish"].trigger()
        QTest.keyClick(window.desk.outcome.list, Qt.Key.Key_3)  # result returned: which?
        shoot(window, "dossier-picker")
        QTest.keyClick(window.desk.dossier_picker.search, Qt.Key.Key_Escape)
    window.shutdown()
    window.close()

    rating = RatingWindow(db, ctx.site, DEMO_COUNTER, settings.rating, live=False)
    pending = ctx.ratings.pending_for_counter(ctx.site, DEMO_COUNTER)
    if pending is not None:
        rating.ask(pending)
    shoot(rating, "rating")
    rating.choose(rating.ratings.levels()[-1]) if pending is not None else None
    shoot(rating, "rating-reason")
    rating.shutdown()
    rating.close()
    db.dispose()
    return saved
