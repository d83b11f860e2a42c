"""The nightly backup: a background thread of ``layso serve`` (and of the wall display when the
database is a SQLite file, where there is no server) that makes one verified backup a day at
``backup.at`` local time (``shared.backup``), keeping ``backup.keep_days`` days.

A day already holding a backup in the folder is skipped, so a server and a display sharing a
folder (or a restart) make one a day. A failure is logged and tried again after
``RETRY_MINUTES``; nothing here ever stops the program that runs it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path

from shared import backup as backups
from shared.clock import LOCAL_TZ
from shared.config import BackupSettings, Settings
from shared.errors import LaysoError

log = logging.getLogger(__name__)

CHECK_SECONDS = 60.0
RETRY_MINUTES = 30


class NightlyBackup:
    def __init__(self, url: str, settings: BackupSettings, *,
                 now: Callable[[], datetime] | None = None) -> None:
        self.url = url
        self.settings = settings
        self.folder = Path(settings.folder) if settings.folder else backups.default_folder()
        self.at = _time_of_day(settings.at)
        self._now = now or (lambda: datetime.now(LOCAL_TZ))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failed_at: datetime | None = None

    def due(self, moment: datetime) -> bool:
        """After today's backup time, with no backup of today in the folder yet, and not
        within RETRY_MINUTES of a failure."""
        if self.at is None or moment.astimezone(LOCAL_TZ).time() < self.at:
            return False
        if self._failed_at is not None and \
                (moment - self._failed_at).total_seconds() < RETRY_MINUTES * 60:
            return False
        today = f"layso-{moment.astimezone(LOCAL_TZ):%Y%m%d}-"
        return not any(path.name.startswith(today) for path in backups.backups(self.folder))

    def run_once(self) -> backups.BackupResult | None:
        """Back up now if it is due; None when not due or when it failed (logged)."""
        moment = self._now()
        if not self.due(moment):
            return None
        try:
            result = backups.backup(self.url, self.folder, keep_days=self.settings.keep_days,
                                    now=moment)
        except (LaysoError, OSError) as error:
            self._failed_at = moment
            log.error("nightly backup failed (retry in %d min): %s", RETRY_MINUTES, error)
            return None
        self._failed_at = None
        return result

    def start(self) -> None:
        if self.at is None:
            log.info("nightly backup off (backup.at is empty)")
            return
        self._thread = threading.Thread(target=self._loop, name="nightly-backup", daemon=True)
        self._thread.start()
        log.info("nightly backup at %s into %s, kept %d days", self.at, self.folder,
                 self.settings.keep_days)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(CHECK_SECONDS):
            try:
                self.run_once()
            except Exception:  # never end the thread: log, and try at the next check
                log.exception("nightly backup: unexpected error")


def start_for_display(settings: Settings) -> NightlyBackup | None:
    """The display's nightly backup: only on a SQLite database (a server backs up
    PostgreSQL)."""
    url = settings.resolved_database_url()
    if not url.startswith("sqlite"):
        return None
    nightly = NightlyBackup(url, settings.backup)
    nightly.start()
    return nightly


def _time_of_day(text: str) -> time | None:
    if not text.strip():
        return None
    try:
        return time.fromisoformat(text.strip())
    except ValueError:
        from shared.errors import ConfigError

        raise ConfigError(f"Cấu hình 'backup.at' không hợp lệ: cần giờ dạng \"21:00\", nhận "
                          f"được {text!r}.",
                          f"Invalid setting 'backup.at': expected a time like \"21:00\", got "
                          f"{text!r}.") from None
