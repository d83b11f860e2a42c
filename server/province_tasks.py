"""``layso serve``'s background work for the link to the province (``[province]``):

- the watched folder (``import_dir``): every few seconds, each new export file is imported
  once (``shared.dossier_import.folder``);
- the OpenCPS statistics (``source = "opencps"``): fetched at start and every
  ``fetch_minutes``, the last good figures kept when a fetch fails
  (``shared.province_source``); with any other source, figures fetched before are dropped
  at start (switching back to "local" takes effect).

One daemon thread each, stopped with the service. A failure is logged and tried again at the
next turn; it never stops the web service.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from shared.center import CenterService
from shared.config import Settings
from shared.db.database import Database
from shared.errors import LaysoError

log = logging.getLogger("layso.server.province")

#: how often the watched folder is looked at, and how long a file must stay unchanged
FOLDER_SECONDS = 5.0
SETTLE_SECONDS = 2.0


class ProvinceTasks:
    def __init__(self, settings: Settings, db: Database, *,
                 folder_seconds: float | None = None,
                 settle_seconds: float | None = None) -> None:
        self.settings = settings
        self.db = db
        self.folder_seconds = FOLDER_SECONDS if folder_seconds is None else folder_seconds
        self.settle_seconds = SETTLE_SECONDS if settle_seconds is None else settle_seconds
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        from shared.dossier_import.folder import FolderState

        #: the refused files (tried again when they or the mapping change), skips logged
        self.folder_state = FolderState()

    def start(self) -> None:
        province = self.settings.province
        if province.source != "opencps":
            self._forget_fetched()
        if province.import_dir:
            self._spawn("layso-import-folder", self._scan_once, self.folder_seconds)
        if province.source == "opencps":
            self._spawn("layso-opencps", self._fetch_once, province.fetch_minutes * 60.0)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def _spawn(self, name: str, work: Callable[[], None], every: float) -> None:
        def loop() -> None:
            while not self._stop.is_set():
                try:
                    work()
                except (LaysoError, OSError) as error:
                    log.warning("%s: %s", name, error)
                except Exception:  # a background turn must never stop the service
                    log.exception("%s failed; trying again at the next turn", name)
                self._stop.wait(every)

        thread = threading.Thread(target=loop, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def site(self) -> str:
        """The site the province's data belongs to: ``site`` in the settings, else the only
        site of the database."""
        if self.settings.site:
            return self.settings.site
        sites = CenterService(self.db).sites()
        if len(sites) != 1:
            raise LaysoError("Cần đặt site trong layso.toml để nhập hồ sơ của tỉnh (có "
                             f"{len(sites)} điểm phục vụ).",
                             "Set site in layso.toml to import the province's dossiers.")
        return sites[0].code

    def _scan_once(self) -> None:
        from shared.dossier_import import mapping_for
        from shared.dossier_import.folder import scan_folder

        province = self.settings.province
        mapping = mapping_for(province.mapping or None, province.preset or None)
        for result in scan_folder(self.db, self.site(), province.import_dir, mapping,
                                  settle_seconds=self.settle_seconds,
                                  state=self.folder_state):
            log.info("folder import %s: %s", result.file, result.as_dict())

    def _forget_fetched(self) -> None:
        """The source is no longer OpenCPS: drop the figures fetched before, so the walls,
        the status and the report go back to the dossiers' own figures."""
        from shared.province_source import forget

        try:
            forget(self.db, self.site())
        except LaysoError as error:  # no site chosen yet: nothing was fetched for one
            log.info("figures fetched before not dropped: %s", error)

    def _fetch_once(self) -> None:
        from shared.province_source import refresh

        refresh(self.db, self.site(), self.settings.province)
