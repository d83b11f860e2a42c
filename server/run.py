"""Run the web service with uvicorn: ``layso serve`` and ``python -m server``.

Ctrl+C and SIGTERM stop it cleanly: the event streams end at once (the hub is told first, so
no stream keeps uvicorn waiting), the feed thread stops, the database is released.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import socket
from collections.abc import Callable, Iterator
from types import FrameType

import uvicorn

from server.app import create_app
from shared.config import Settings
from shared.db.migrate import check_schema
from shared.errors import ConfigError

log = logging.getLogger(__name__)

#: Seconds uvicorn waits for open requests after a stop signal before closing them.
GRACEFUL_SECONDS = 3


def listening_url(settings: Settings, host: str, port: int) -> str:
    scheme = "https" if settings.server.tls_cert else "http"
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"{scheme}://{shown}:{port}"


def listening_socket(host: str, port: int) -> socket.socket:
    """The socket bound to ``host:port``, or a ConfigError in one Vietnamese line (a port
    taken by another program, a port that needs the administrator, an address not of this PC)
    instead of uvicorn's English log line and exit status 3."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise ConfigError(*_bind_problem(error, host, port), detail=str(error)) from error
    return sock


def _bind_problem(error: OSError, host: str, port: int) -> tuple[str, str]:
    """Why ``host:port`` could not be opened, in Vietnamese and English."""
    if error.errno == errno.EADDRINUSE:
        return (f"Cổng {port} đang được chương trình khác dùng (LấySố đã chạy rồi?): "
                "chọn cổng khác bằng --port.",
                f"Port {port} is in use by another program: choose another with --port.")
    if error.errno == errno.EACCES:
        return (f"Không có quyền mở cổng {port} (cổng dưới 1024 cần quyền quản trị): "
                "chọn cổng khác bằng --port.",
                f"No permission to open port {port}: choose another with --port.")
    return (f"Không mở được địa chỉ {host}:{port} ({error.strerror or error}): kiểm tra --host.",
            f"Cannot listen on {host}:{port} ({error.strerror or error}): check --host.")


def serve(settings: Settings, host: str | None = None, port: int | None = None,
          on_ready: Callable[[], None] | None = None) -> None:
    """Serve until stopped. Checks the database's schema and opens the port first (a clear
    error otherwise), then calls ``on_ready`` (``layso serve`` prints its address there)."""
    from shared.db.database import Database

    host = host or settings.server.host
    port = port or settings.server.port
    db = Database(settings.resolved_database_url())
    try:
        check_schema(db, create_if_empty=False)
        sock = listening_socket(host, port)
    except BaseException:
        db.dispose()
        raise
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
    if on_ready is not None:
        on_ready()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        db.dispose()


class _Server(uvicorn.Server):
    """uvicorn's server, telling the event streams to end as soon as a stop is asked.

    A stop asked by SIGTERM or Ctrl+C is the normal end of the service: exit status 0.
    (uvicorn raises the signal again once it has shut down, which killed the process with
    status 143 on SIGTERM and made Ctrl+C a KeyboardInterrupt, status 130.)
    """

    on_exit: object = None

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            yield
            self._captured_signals.clear()

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if callable(self.on_exit):
            self.on_exit()
        super().handle_exit(sig, frame)
