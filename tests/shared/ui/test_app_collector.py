"""Every desktop app (kiosk, counter, rating panel, wall display) runs its whole life with the
GUI-thread collector (shared/ui/gc_guard.py): started before the app starts any thread (the
waiting screen's attempt, a database worker, the change feed, the voice, the nightly backup),
still running in ``app.exec()`` (a cycle another thread drops is not freed in that thread), and
stopped once the app returns (automatic collection back as it was). Also while an app renders
its ``--screenshot`` pictures.

Each app is started by its own ``main`` on a real SQLite file (the test center), once; its
``app.exec()`` is stood in for by a wait until the app's real window is up (a real event loop
would have to be quit from inside, and the kiosk turns local loops before it).
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

import counter.__main__ as counter_main
import counter.rating.__main__ as rating_main
import counter.screenshots
import display.__main__ as display_main
import display.screenshots
import kiosk.__main__ as kiosk_main
import kiosk.screenshots
from counter.app import CounterWindow
from counter.rating.window import RatingWindow
from display.app import DisplayWindow
from kiosk.app import KioskWindow
from shared import i18n
from shared.db.database import Database
from shared.ui.gc_guard import collecting_on_gui_thread
from tests.shared.ui.test_gc_guard import Cycle, drop_cycles_in_a_thread

#: No voice (espeak), no nightly backup thread, a kiosk PIN of its own, windowed.
CONFIG = """
[kiosk]
admin_pin = "2468"
fullscreen = false

[voice]
engine = "none"

[backup]
at = ""
"""


@pytest.fixture
def center_url(sqlite_center: Database, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The test center's SQLite file (the apps open it themselves), configured as above; the
    application's look, language and exception hook restored after."""
    config = tmp_path / "layso.toml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("LAYSO_CONFIG", str(config))
    monkeypatch.setenv("LAYSO_DATABASE_URL", sqlite_center.url)
    sqlite_center.dispose()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    sheet, palette, font, hook = app.styleSheet(), app.palette(), app.font(), sys.excepthook
    yield sqlite_center.url
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    QGuiApplication.setFont(font)
    sys.excepthook = hook
    i18n.set_language("vi")


@dataclass
class Life:
    """What one run of an app showed of the collector."""

    #: Each thread started during the run, and whether the collector was running then.
    threads: list[tuple[str, bool]] = field(default_factory=list)
    #: In app.exec(): (collector running, automatic collection on).
    in_exec: tuple[bool, bool] | None = None
    #: The threads that freed the cycles another thread dropped during app.exec().
    freed_in: list[str] = field(default_factory=list)
    #: Once main returned: (collector running, automatic collection on).
    after: tuple[bool, bool] | None = None

    def record_threads(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_start = threading.Thread.start

        def start(thread: threading.Thread) -> None:
            self.threads.append((thread.name, collecting_on_gui_thread()))
            real_start(thread)

        monkeypatch.setattr(threading.Thread, "start", start)


def run_live(main: Callable[[list[str]], int], argv: list[str], window_type: type[QWidget],
             ready: Callable[[Any], bool], qtbot: QtBot,
             monkeypatch: pytest.MonkeyPatch) -> Life:
    """Run ``main(argv)``; its app.exec() waits until a visible ``window_type`` is ``ready``,
    notes the collector, has another thread drop cycles, closes the windows and returns 0."""
    life = Life()
    life.record_threads(monkeypatch)

    def app_window() -> QWidget | None:
        return next((widget for widget in QApplication.topLevelWidgets()
                     if isinstance(widget, window_type) and widget.isVisible()
                     and ready(widget)), None)

    def exec_(app: QApplication) -> int:
        qtbot.waitUntil(lambda: app_window() is not None, timeout=15000)
        life.in_exec = (collecting_on_gui_thread(), gc.isenabled())
        Cycle.freed_in.clear()
        drop_cycles_in_a_thread()
        life.freed_in = list(Cycle.freed_in)
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                qtbot.addWidget(widget)  # deleted after the test
                widget.close()  # each app window's closeEvent shuts its feed and timers down
        return 0

    gc.collect()
    monkeypatch.setattr(QApplication, "exec", exec_)
    assert main(argv) == 0
    life.after = (collecting_on_gui_thread(), gc.isenabled())
    gc.collect()
    return life


@dataclass(frozen=True)
class LiveApp:
    main: Callable[[list[str]], int]
    argv: list[str]
    window_type: type[QWidget]
    #: The window is up (past its first reads).
    ready: Callable[[Any], bool] = lambda window: True


LIVE = {
    "kiosk": LiveApp(kiosk_main.main, ["--windowed"], KioskWindow,
                     lambda window: window.current() is not window.unavailable),
    "counter": LiveApp(counter_main.main, [], CounterWindow),
    "rating": LiveApp(rating_main.main, ["--counter", "1"], RatingWindow),
    "display": LiveApp(display_main.main, ["--windowed"], DisplayWindow),
}


@pytest.mark.parametrize("name", sorted(LIVE))
def test_the_app_runs_its_whole_life_with_the_collector(
        name: str, center_url: str, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = LIVE[name]
    life = run_live(spec.main, spec.argv, spec.window_type, spec.ready, qtbot, monkeypatch)
    assert life.threads, "the app started threads (its first read at least)"
    assert [thread for thread, collecting in life.threads if not collecting] == [], \
        "threads started before the collector"
    assert life.in_exec == (True, False)
    assert "layso-feed" not in life.freed_in  # the other thread freed none of its cycles
    assert life.after == (False, True)


def _recording(seen: list[tuple[bool, bool]], result: Any) -> Callable[..., Any]:
    def render(*args: Any, **kwargs: Any) -> Any:
        seen.append((collecting_on_gui_thread(), gc.isenabled()))
        return result

    return render


@pytest.mark.parametrize("name", ["counter", "display", "kiosk"])
def test_screenshots_are_rendered_with_the_collector(
        name: str, center_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--screenshot DIR`` makes the real windows (and their threads) too: the pictures are
    rendered (here: the rendering function, rendering is tested by each app's
    test_screenshots.py) while the collector runs, and it stops afterwards."""
    seen: list[tuple[bool, bool]] = []
    shots = tmp_path / "shots"
    render = _recording(seen, [shots / "one.png"])
    module, function, main = {
        "counter": (counter.screenshots, "render_all", counter_main.main),
        "display": (display.screenshots, "render_screenshots", display_main.main),
        "kiosk": (kiosk.screenshots, "render_all", kiosk_main.main),
    }[name]
    monkeypatch.setattr(module, function, render)
    assert main(["--screenshot", str(shots)]) == 0
    assert seen == [(True, False)]
    assert (collecting_on_gui_thread(), gc.isenabled()) == (False, True)
