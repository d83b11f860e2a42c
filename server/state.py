"""What every request handler of the server shares: settings, the database, the change hub."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from fastapi import Request

from server.hub import FeedHub
from shared.center import CenterService
from shared.config import Settings
from shared.db.database import Database
from shared.queue import QueueService
from shared.views import SiteView

T = TypeVar("T")


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


def server_state(request: Request) -> ServerState:
    """The state of the app serving ``request`` (set by ``server.app.create_app``)."""
    state: ServerState = request.app.state.layso
    return state


def app_shared(request: Request, name: str, make: Callable[[ServerState], T]) -> T:
    """What the whole app shares under ``name`` (the board's live boards, the phone watch),
    made by ``make`` on first use (on the event loop)."""
    found: T | None = getattr(request.app.state, name, None)
    if found is None:
        found = make(server_state(request))
        setattr(request.app.state, name, found)
    return found
