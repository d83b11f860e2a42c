"""What every request handler of the server shares: settings, the database, the change hub."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from server.hub import FeedHub
from shared.center import CenterService
from shared.config import Settings
from shared.db.database import Database
from shared.queue import QueueService
from shared.views import SiteView


@dataclass
class ServerState:
    settings: Settings
    db: Database
    hub: FeedHub
    _sites: dict[str, SiteView] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def queue(self, actor: str = "") -> QueueService:
        return QueueService(self.db, self.settings.queue, actor=actor)

    def site(self, code: str) -> SiteView:
        """A site by code (NotFound otherwise), remembered: a site's id never changes."""
        with self._lock:
            known = self._sites.get(code)
        if known is not None:
            return known
        view = CenterService(self.db).site(code)
        with self._lock:
            self._sites[code] = view
        return view

    def public_url(self) -> str:
        return self.settings.server.public_url.rstrip("/")
