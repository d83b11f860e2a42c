"""Run the web service with uvicorn: ``layso serve`` and ``python -m server``.

Ctrl+C and SIGTERM stop it cleanly: the event streams end at once (the hub is told first, so
no stream keeps uvicorn waiting), the feed thread stops, the database is released.
"""

from __future__ import annotations

import logging
from types import FrameType

import uvicorn

from server.app import create_app
from shared.config import Settings
from shared.db.migrate import check_schema

log = logging.getLogger(__name__)

#: Seconds uvicorn waits for open requests after a stop signal before closing them.
GRACEFUL_SECONDS = 3


def listening_url(settings: Settings, host: str, port: int) -> str:
    scheme = "https" if settings.server.tls_cert else "http"
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"{scheme}://{shown}:{port}"


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Serve until stopped. Checks the database's schema first (a clear error otherwise)."""
    from shared.db.database import Database

    host = host or settings.server.host
    port = port or settings.server.port
    db = Database(settings.resolved_database_url())
    check_schema(db, create_if_empty=False)
    app = create_app(settings, db)
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False,
        ssl_certfile=settings.server.tls_cert or None,
        ssl_keyfile=settings.server.tls_key or None,
        timeout_graceful_shutdown=GRACEFUL_SECONDS, lifespan="on",
    )
    server = _Server(config)
    hub = app.state.layso.hub

    def stop_streams() -> None:
        hub.request_stop()

    server.on_exit = stop_streams
    try:
        server.run()
    finally:
        db.dispose()


class _Server(uvicorn.Server):
    """uvicorn's server, telling the event streams to end as soon as a stop is asked."""

    on_exit: object = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if callable(self.on_exit):
            self.on_exit()
        super().handle_exit(sig, frame)
