"""Start an app: QApplication set up the LấySố way, logging, a safety net, screenshots.

    def main() -> int:
        return run_app("kiosk", lambda app: KioskWindow(...))

``run_app`` understands ``--screenshot PATH`` (with ``--size WxH``, default 1280x800) and
``--fullscreen``; other arguments are left for the app in ``app.arguments()``.

Every app lives inside ``app_running`` (``run_app`` does it; an app that renders its own
screenshots does it around them)::

    with app_running("kiosk", language="vi") as app:
        render_all(folder, settings)

so that, from before the app starts any thread until after ``app.exec()`` returns, cycles are
freed on the GUI thread only (shared/ui/gc_guard.py).
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TypeVar, cast, get_args

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from shared import i18n
from shared.errors import LaysoError
from shared.paths import data_dir
from shared.ui.fonts import load_fonts
from shared.ui.gc_guard import GuiThreadCollector
from shared.ui.messages import Banner, user_message
from shared.ui.theme import AppKind, apply_theme

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
W = TypeVar("W", bound=QWidget)
_HANDLER_NAME = "layso-app"


def configure_logging(app_name: str, level: int = logging.INFO) -> Path:
    """Log to data_dir()/logs/<app_name>.log (rotated, 5 × 2 MB) and to the console."""
    log_dir = data_dir() / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / f"{app_name}.log"
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    console = logging.StreamHandler()
    from shared.logs import SecretFilter

    for handler in (file_handler, console):
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(formatter)
        handler.addFilter(SecretFilter())  # no password, PIN or URL password in a log
        root.addHandler(handler)
    root.setLevel(level)
    return path


def _configured_language() -> str:
    try:
        from shared.config import load_settings
        return load_settings().language
    except LaysoError as error:
        log.warning("language from config unavailable (%s); using Vietnamese", error.message)
        return i18n.DEFAULT_LANGUAGE


def create_application(app_name: str, argv: Sequence[str] | None = None, *,
                       language: str | None = None,
                       kind: AppKind | None = None) -> QApplication:
    """The QApplication (made once): high-DPI, Noto Sans, Fusion style, theme, language.

    ``kind`` picks the theme and defaults to ``app_name`` when that is "kiosk", "counter" or
    "display"; ``language`` defaults to the config's (LAYSO_LANGUAGE / layso.toml).
    """
    existing = QApplication.instance()
    if existing is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    else:
        app = cast(QApplication, existing)
    QCoreApplication.setOrganizationName("layso")
    QCoreApplication.setApplicationName(f"layso-{app_name}")
    i18n.set_language(language or _configured_language())
    key = f"app.{app_name}"
    QGuiApplication.setApplicationDisplayName(
        i18n.tr(key) if key in i18n.table("vi") else i18n.tr("app.name"))
    family = load_fonts()
    app.setStyle("Fusion")
    theme_kind = kind or (cast(AppKind, app_name) if app_name in get_args(AppKind) else None)
    if theme_kind is not None:
        apply_theme(app, theme_kind)
    log.info("%s started: font %s, language %s", app_name, family, i18n.current_language())
    return app


def _window_for_messages() -> QWidget | None:
    active = QApplication.activeWindow()
    if active is not None:
        return active
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
    return visible[0] if visible else None


def handle_exception(kind: type[BaseException], error: BaseException,
                     trace: TracebackType | None) -> None:
    """Log ``error`` and show the user a Vietnamese message on the window in front."""
    try:
        if isinstance(error, LaysoError):
            log.warning("%s: %s %s", kind.__name__, error.message, error.detail)
        else:
            log.error("unexpected error", exc_info=(kind, error, trace))
        window = _window_for_messages()
        if window is not None:
            Banner.for_window(window).show_message(user_message(error), "error", 10000)
    except Exception:  # the safety net itself must never crash the app
        log.exception("could not report an error")


def install_exception_hook() -> ExceptHook:
    """Route uncaught exceptions (also those raised in Qt slots) to :func:`handle_exception`.

    Returns the previous hook. KeyboardInterrupt still ends the app.
    """
    previous: ExceptHook = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, trace)
            QCoreApplication.quit()
            return
        handle_exception(kind, error, trace)

    sys.excepthook = hook
    return previous


def screenshot(widget: QWidget, path: str | Path, size: tuple[int, int] = (1280, 800)) -> Path:
    """Resize, show (offscreen too), let layouts and timers settle, grab and save a PNG."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    widget.resize(*size)
    widget.show()
    for _ in range(5):
        QApplication.processEvents()
    if not widget.grab().save(str(target), "PNG"):
        raise LaysoError(f"Không lưu được ảnh chụp màn hình {target}.",
                         f"Cannot save the screenshot {target}.")
    return target


def startup_error_window(error: BaseException) -> QWidget:
    """A plain window that says why the app could not start (instead of a traceback)."""
    window = QWidget()
    window.setWindowTitle(i18n.tr("app.name"))
    label = QLabel(user_message(error), window)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setProperty("role", "subtitle")
    QVBoxLayout(window).addWidget(label)
    return window


def _parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


@contextmanager
def app_running(app_name: str, argv: Sequence[str] | None = None, *,
                language: str | None = None,
                kind: AppKind | None = None) -> Iterator[QApplication]:
    """An app's whole life: logging, the application (:func:`create_application`), and the
    GUI-thread collector from before the app starts any thread (the waiting screen's attempt,
    a database worker, the change feed, the voice) until the block ends, after ``app.exec()``.

    Left automatic, Python's cyclic collector may run in one of those threads and free a Qt
    object there, which crashes the app later (shared/ui/gc_guard.py)."""
    log_path = configure_logging(app_name)
    app = create_application(app_name, argv, language=language, kind=kind)
    log.info("logging to %s", log_path)
    collector = GuiThreadCollector()
    try:
        yield app
    finally:
        collector.stop()


def run_app(app_name: str, make_window: Callable[[QApplication], W],
            argv: Sequence[str] | None = None, *, kind: AppKind | None = None,
            language: str | None = None, size: tuple[int, int] | None = None,
            on_shown: Callable[[W], None] | None = None) -> int:
    """Set up logging, the application and the safety net; show the window; run (all of it
    :func:`app_running`).

    A LaysoError raised while making the window is shown in a plain window instead.
    ``size`` is the window's size when not full screen (else its own); ``on_shown`` is called
    with the app's window once it is shown (not with the plain window of an error).
    Returns the exit code (0 after a ``--screenshot``).
    """
    args = list(sys.argv if argv is None else argv)
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--size", type=_parse_size, default=(1280, 800))
    parser.add_argument("--fullscreen", action="store_true")
    options, _rest = parser.parse_known_args(args[1:])
    with app_running(app_name, args, language=language, kind=kind) as app:
        install_exception_hook()
        made: W | None = None
        window: QWidget
        try:
            window = made = make_window(app)
        except LaysoError as error:
            log.error("%s cannot start: %s %s", app_name, error.message, error.detail)
            window = startup_error_window(error)
        if options.screenshot is not None:
            saved = screenshot(window, options.screenshot, options.size)
            log.info("screenshot saved to %s", saved)
            return 0
        if options.fullscreen:
            window.showFullScreen()
        else:
            if size is not None:
                window.resize(*size)
            window.show()
        if made is not None and on_shown is not None:
            on_shown(made)
        return app.exec()
