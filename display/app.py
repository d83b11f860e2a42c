"""The wall display's window: header, counter grid, recent calls, figures, ticker, banner.

Live: the board learns of changes ONLY from the change feed (``ChangeBridge.changed``, one
batch per wake-up). ``_on_changes`` applies the events to the snapshot (``shared.board``),
repaints the tiles that changed, shows the banner, queues the voice calls, and re-reads the
small aggregate figures at most once per wake-up (after the new numbers are painted).
Every read (the first, with the feed positioned before it; the figures; the whole board again)
runs in a worker thread while the event loop turns (shared/ui/worker.py), one at a time: the
wall never waits on the network. Changes that arrive while the whole board is read are
applied again on what was read.
Faults: a failed read is retried by a timer (0.5 s, doubling up to 5 s); the discreet
"mất kết nối" mark shows when the change feed reports the database lost, or when the retry of
a failed read fails too (so a database busy for a moment does not show as lost); any
successful read clears it. On recovery the whole board is read again, and the calls made
meanwhile are announced and highlighted once, oldest first.
Day: at local midnight a single-shot timer rolls the board over to the new day; the 1 s watch
tick also rolls it over when the local date changed (a suspended PC, a clock jump) and
refreshes the no-sound mark from the announcer's status.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QCloseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from display import paint
from display.alert_band import AlertBand
from display.banner import NowCallingBanner
from display.counter_grid import CounterGrid
from display.figures_panel import FiguresPanel
from display.header import Header
from display.recent_calls import RecentCallsPanel
from display.ticker import Ticker
from display.voice import VoiceRelay
from shared.board import (
    Applied,
    BoardReader,
    DisplaySnapshot,
    RecentCall,
    apply_events,
    new_calls,
    next_midnight,
)
from shared.clock import LOCAL_TZ
from shared.config import Settings
from shared.db.database import Database
from shared.errors import LaysoError
from shared.i18n import tr
from shared.queue import QueueService
from shared.ui.worker import OffThread
from shared.voice import Announcer, Call

if TYPE_CHECKING:
    from shared.ui.bridge import ChangeBridge

log = logging.getLogger(__name__)

#: A second past midnight, so the database's clock is surely on the new day.
MIDNIGHT_MARGIN_MS = 1000
#: The first retry of a failed read, doubled on each failure up to the longest.
READ_RETRY_FIRST_MS = 500
READ_RETRY_MAX_MS = 5000
#: The watch tick: the no-sound mark and the local date are checked this often.
WATCH_MS = 1000
#: From this many counters (landscape) the grid takes the full width, beside a narrow strip
#: of recent calls and totals, so the numbers stay readable from 5 m.
WIDE_FROM = 12
#: The side panel's share of the width beside few counters, and the strip's beside many
#: (wide enough for the recent calls and figures at back-row size, paint.BACK_ROW_PX).
SIDE_SHARE = 0.33
STRIP_SHARE = 0.145
#: The banner's height beside many counters, as a share of the grid's (so it never hides
#: half of the tiles).
BANNER_BAND_SHARE = 0.3
#: Over the recent calls (beside few counters) the banner stays this long at most.
BANNER_OVER_PANEL_S = 5.0


class DisplayWindow(QWidget):
    """The board of one site. ``live=False`` (screenshots) starts no change feed."""

    def __init__(self, db: Database, settings: Settings, site: str, *,
                 announcer: Announcer | None = None, voice_off_reason: str = "",
                 live: bool = True, now: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.language = settings.language
        self.announcer = announcer
        self.reader = BoardReader(db, site, QueueService(db, settings.queue),
                                  settings.province.stale_minutes)
        self.recent_limit = max(1, settings.display.recent_calls)
        self.highlight_seconds = float(settings.display.highlight_seconds)
        self.disconnected = False
        self.read_failures = 0
        self.rollovers = 0
        self.on_number_painted: Callable[[str], None] | None = None
        self._voice_off_reason = voice_off_reason
        self._figures_pending = False
        self._retry_reload = False
        #: Reads run here, off the GUI thread; one at a time (what comes meanwhile waits).
        self._reads = OffThread()
        self._reload_waiting = False
        self._figures_waiting = False
        #: While the whole board is read: the changes that arrived meanwhile.
        self._arrived: list[object] | None = None
        self._many = False
        self._banner_area: QRect | None = None
        self._now = now or (lambda: datetime.now(LOCAL_TZ))
        self.setWindowTitle(tr("app.display", self.language))
        self.setAutoFillBackground(False)
        lang = self.language
        self.header = Header(self, lang)
        self.grid = CounterGrid(self, lang)
        self.grid.on_painted = self._on_number_painted
        self.recent = RecentCallsPanel(self, lang, self.recent_limit)
        self.figures = FiguresPanel(self, lang)
        self.ticker = Ticker(settings.display.announcements, self, lang, self._now)
        self.banner = NowCallingBanner(self, lang)
        self.alert = AlertBand(self, lang)
        self.last_read: datetime | None = None
        self.voice_relay = VoiceRelay(self)
        self.voice_relay.started.connect(self._on_call_heard)
        if announcer is not None:
            self.voice_relay.attach(announcer)
        self._midnight_timer = QTimer(self)
        self._midnight_timer.setSingleShot(True)
        self._midnight_timer.timeout.connect(self._on_midnight)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(self._on_retry_timeout)
        self._watch_timer = QTimer(self)
        self._watch_timer.setInterval(WATCH_MS)
        self._watch_timer.timeout.connect(self._on_watch_timeout)
        self.bridge: ChangeBridge | None = self._make_bridge(site) if live else None
        self._default_announcements = tuple(settings.display.announcements)
        # The first read, off the GUI thread like the others (a DatabaseUnavailable raised
        # here sends the waiting screen back to waiting); the feed is positioned first.
        self.snapshot, lines, db_now = self._reads.run(self._first_read)
        if self.bridge is not None:
            self.bridge.start()  # positioned before the snapshot: nothing is missed
        self.last_read = datetime.now(UTC)
        self._show_snapshot(self.snapshot)
        if lines is not None:
            self.ticker.set_announcements(lines)
        self._update_voice_mark()
        self._watched_day = self._local_day()
        self._schedule_midnight(db_now)
        self._watch_timer.start()

    # ----------------------------------------------------------------- live
    def _make_bridge(self, site: str) -> ChangeBridge:
        from shared.ui.bridge import ChangeBridge

        bridge = ChangeBridge(self.db, site, parent=self)
        bridge.changed.connect(self._on_changes)
        bridge.connection_lost.connect(self._on_connection_lost)
        bridge.connection_restored.connect(self._on_connection_restored)
        return bridge

    def _first_read(self) -> tuple[DisplaySnapshot, tuple[str, ...] | None, datetime]:
        """The feed's position, then the board, the ticker's lines and the database's time
        (in the worker thread: no widget here)."""
        if self.bridge is not None:
            self.bridge.position()  # False: unreachable, and the read below says so
        snapshot, lines = self._read_board()
        return snapshot, lines, self.reader.now()

    def _on_changes(self, changes: Sequence[object]) -> None:
        """One wake-up of the change feed: apply, repaint once, announce, then figures."""
        applied = apply_events(self.snapshot, changes, recent_limit=self.recent_limit,
                               now=datetime.now(UTC))
        self.snapshot = applied.snapshot
        if self._arrived is not None:
            self._arrived.extend(changes)
        self._show_snapshot(applied.snapshot, applied)
        for call in applied.calls:
            self._on_ticket_called(call)
        if applied.reload:
            self.reload()
        elif applied.figures_stale and not self._figures_pending:
            self._figures_pending = True
            QTimer.singleShot(0, self._on_figures_due)

    def _on_ticket_called(self, call: RecentCall) -> None:
        """The tile lights up at once; the banner shows the call when its voice begins (a
        call waiting behind others is not shown before it is heard), or at once when the
        board is silent."""
        if call.counter_number in self.grid.tiles:
            self.grid.tile(call.counter_number).highlight(self.highlight_seconds)
        queued = False
        if self.announcer is not None:
            queued = self.announcer.announce(Call(call.ticket_number, call.counter_number,
                                                  tag=call))
        if not queued:
            self._show_banner(call)
        self._update_voice_mark()

    def _on_call_heard(self, heard: object) -> None:
        """The announcer began to say a call: the banner shows that one."""
        if isinstance(heard, Call) and isinstance(heard.tag, RecentCall):
            self._show_banner(heard.tag)

    def _show_banner(self, call: RecentCall) -> None:
        self._place_banner(call)
        seconds = self.highlight_seconds
        if self._banner_area is not None:
            seconds = min(seconds, BANNER_OVER_PANEL_S)
        self.banner.show_call(call, seconds)

    def _on_figures_due(self) -> None:
        if self._reads.busy:  # after the read in flight
            self._figures_waiting = True
            return
        self._figures_pending = False
        try:
            figures = self._reads.run(self.reader.figures)
        except LaysoError as error:
            self._on_read_failed(error, reload=False)
            return
        finally:
            self._after_read()
        self.snapshot = replace(self.snapshot, figures=figures)
        self.figures.set_figures(figures, self.snapshot.business_day.month)
        self._on_read_succeeded(reload=False)

    def _after_read(self) -> None:
        """A read ended: start the one that waited for it."""
        if self._reads.busy:
            return
        if self._reload_waiting:
            self._reload_waiting = False
            QTimer.singleShot(0, self.reload)
        elif self._figures_waiting:
            self._figures_waiting = False
            QTimer.singleShot(0, self._on_figures_due)

    # ----------------------------------------------------------------- faults
    def _on_read_failed(self, error: LaysoError, *, reload: bool) -> None:
        """Retry by a timer; the mark only when a retry has failed too."""
        self.read_failures += 1
        self._retry_reload = self._retry_reload or reload
        log.warning("display: %s read failed (%d in a row): %s",
                    "board" if reload else "figures", self.read_failures, error.message_en)
        if self.read_failures >= 2:
            self._set_disconnected(True, error.message)
        delay = READ_RETRY_FIRST_MS * 2 ** min(self.read_failures - 1, 4)
        self._retry_timer.start(min(delay, READ_RETRY_MAX_MS))

    def _on_read_succeeded(self, *, reload: bool) -> None:
        self.read_failures = 0
        self.last_read = datetime.now(UTC)
        if reload:
            self._retry_reload = False
        if not self._retry_reload:
            self._retry_timer.stop()
        self._set_disconnected(False)

    def _on_retry_timeout(self) -> None:
        if self._retry_reload:
            self.reload()
        else:
            self._on_figures_due()

    def _set_disconnected(self, disconnected: bool, message: str = "") -> None:
        if disconnected == self.disconnected:
            return
        if disconnected:
            log.warning("display: database lost (%s); showing the last known board", message)
        else:
            log.info("display: database readable again; mark cleared")
        self.disconnected = disconnected
        self.header.mark.set_disconnected(disconnected)
        self.header.update_marks()
        self.alert.set_alert(disconnected, self.last_read)
        self._place_alert()

    def _on_connection_lost(self, message: str) -> None:
        self._set_disconnected(True, message)

    def _on_connection_restored(self) -> None:
        log.info("display: database back; reading the board again")
        self.reload()

    def reload(self) -> bool:
        """Read the whole board again; False (retried by a timer) if the database is gone.
        Calls made since the board last showed one are announced and highlighted, once.
        With another read in flight it is read right after that one (True)."""
        if self._reads.busy:
            self._reload_waiting = True
            return True
        self._figures_pending = self._figures_waiting = False  # this read brings them
        self._arrived = []
        try:
            snapshot, lines = self._reads.run(self._read_board)
        except LaysoError as error:
            self._on_read_failed(error, reload=True)
            return False
        finally:
            arrived, self._arrived = self._arrived, None
            self._after_read()
        if arrived:  # perhaps committed after the read: again on it (announced already)
            snapshot = apply_events(snapshot, arrived, recent_limit=self.recent_limit,
                                    now=datetime.now(UTC)).snapshot
        missed = new_calls(self.snapshot, snapshot)
        self.snapshot = snapshot
        self._show_snapshot(snapshot)
        if lines is not None:
            self.ticker.set_announcements(lines)
        for call in missed:
            self._on_ticket_called(call)
        self._on_read_succeeded(reload=True)
        return True

    def _ticker_lines(self) -> tuple[str, ...] | None:
        """The ticker's lines: the center's (set in the console), else this PC's file."""
        try:
            return self.reader.announcements(self._default_announcements)
        except LaysoError as error:
            log.warning("ticker lines not read: %s", error.message_en)
            return None

    def _read_board(self) -> tuple[DisplaySnapshot, tuple[str, ...] | None]:
        """The whole board and the ticker's lines (in the worker thread: no widget here)."""
        return self.reader.snapshot(self.recent_limit), self._ticker_lines()

    # ----------------------------------------------------------------- midnight
    def _schedule_midnight(self, now: datetime | None = None) -> None:
        """The roll-over timer, by the database's clock (``now`` when just read)."""
        if now is None:
            try:
                now = self._reads.run(self.reader.now)
            except LaysoError:
                now = datetime.now(UTC)
        self.midnight_ms = int((next_midnight(now) - now).total_seconds() * 1000)
        self._midnight_timer.start(self.midnight_ms + MIDNIGHT_MARGIN_MS)

    def _on_midnight(self) -> None:
        """A new business day: figures from zero, yesterday's calls forgotten."""
        self.rollovers += 1
        self._watched_day = self._local_day()
        log.info("display: midnight roll-over")
        if not self.reload():
            self.snapshot = replace(self.snapshot, recent=())
            self._show_snapshot(self.snapshot)
        self._schedule_midnight()

    def _local_day(self) -> date:
        return self._now().astimezone(LOCAL_TZ).date()

    def _on_watch_timeout(self) -> None:
        """Every second: the no-sound mark follows the announcer; a changed local date (the
        PC slept through midnight, the clock jumped) rolls the board over once."""
        self._update_voice_mark()
        if self._local_day() != self._watched_day:
            log.info("display: the local date changed without the midnight timer")
            self._on_midnight()

    # ----------------------------------------------------------------- painting
    def _show_snapshot(self, snapshot: DisplaySnapshot, applied: Applied | None = None) -> None:
        self.header.set_site_name(snapshot.site_name)
        count = len(self.grid.tiles)
        self.grid.set_counters(snapshot.counters,
                               lambda code: snapshot.service_name(code, self.language))
        if (count >= WIDE_FROM) != (len(self.grid.tiles) >= WIDE_FROM):
            self._relayout()
        self.recent.set_calls(snapshot.recent)
        if applied is None:
            self.figures.set_figures(snapshot.figures, snapshot.business_day.month)

    def _update_voice_mark(self) -> None:
        reason = self._voice_off_reason
        if self.announcer is not None and not self.announcer.available:
            reason = self.announcer.status.localized(self.language)
        if reason != self.header.mark.voice_reason:
            self.header.mark.set_voice_reason(reason)
            self.header.update_marks()

    def _on_number_painted(self, text: str) -> None:
        if self.on_number_painted is not None:
            self.on_number_painted(text)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), paint.BACKGROUND)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        w, h = self.width(), self.height()
        unit = min(w, h) / 1080
        portrait = h > w
        self._many = not portrait and len(self.grid.tiles) >= WIDE_FROM
        margin = round((14 if self._many else 18) * unit)
        header_h = round(h * (0.06 if portrait else 0.075 if self._many else 0.09))
        ticker_h = round(h * (0.04 if portrait else 0.055 if self._many else 0.065))
        self.header.setGeometry(margin, 0, w - 2 * margin, header_h)
        self.header.set_unit(unit)
        self.ticker.setGeometry(0, h - ticker_h, w, ticker_h)
        self.ticker.unit = unit
        top, bottom = header_h + margin, h - ticker_h - margin
        for panel in (self.recent, self.figures):
            panel.unit = unit
            panel.compact = self._many
        if portrait:
            grid_h = round((bottom - top) * 0.6)
            grid = QRect(margin, top, w - 2 * margin, grid_h)
            lower = top + grid_h + margin
            half = (w - 3 * margin) // 2
            self.recent.setGeometry(margin, lower, half, bottom - lower)
            self.figures.setGeometry(2 * margin + half, lower, half, bottom - lower)
            self._banner_area = QRect(margin, lower, half, bottom - lower)
        else:
            side_w = round(w * (STRIP_SHARE if self._many else SIDE_SHARE))
            grid = QRect(margin, top, w - side_w - 3 * margin, bottom - top)
            side_x = grid.right() + 1 + margin
            self.recent.unit = unit
            recent_h = min(round(self.recent.preferred_height()),
                           round((bottom - top) * 0.62))
            self.recent.setGeometry(side_x, top, side_w, recent_h)
            self.figures.setGeometry(side_x, top + recent_h + margin, side_w,
                                     bottom - top - recent_h - margin)
            # Beside a few counters the banner covers the recent calls (it repeats the
            # newest), never the figures, for a few seconds; beside many it is a band over
            # the part of the grid away from the call.
            self._banner_area = None if self._many else QRect(side_x, top, side_w, recent_h)
        self.grid.setGeometry(grid)
        self._place_alert()
        if self.banner.call is not None:
            self._place_banner(self.banner.call)

    def _place_alert(self) -> None:
        """The disconnected alarm: along the bottom, over the ticker (taller if needed)."""
        w, h = self.width(), self.height()
        self.alert.unit = min(w, h) / 1080
        band_h = max(self.ticker.height(), self.alert.preferred_height(w))
        self.alert.setGeometry(0, h - band_h, w, band_h)
        if self.alert.isVisible():
            self.alert.raise_()

    def _place_banner(self, call: RecentCall) -> None:
        """Put the banner where it hides no tile (beside few counters), or, beside many, as a
        band over the half of the grid that does not hold the called counter's tile."""
        if self._banner_area is not None:
            self.banner.setGeometry(self._banner_area)
            return
        grid = self.grid.geometry()
        band_h = round(grid.height() * BANNER_BAND_SHARE)
        tile = self.grid.tiles.get(call.counter_number)
        in_lower_half = tile is not None and tile.geometry().center().y() > grid.height() / 2
        y = grid.top() if in_lower_half else grid.bottom() + 1 - band_h
        self.banner.setGeometry(grid.left(), y, grid.width(), band_h)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the change feed, the voice and the timers (idempotent)."""
        self._midnight_timer.stop()
        self._retry_timer.stop()
        self._watch_timer.stop()
        if self.bridge is not None:
            self.bridge.stop()
        if self.announcer is not None:
            self.announcer.close()
            self.announcer = None
