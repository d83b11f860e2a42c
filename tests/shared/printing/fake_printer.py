"""A network receipt printer stand-in: a TCP listener on 127.0.0.1 that keeps what it gets.

It answers the paper-sensor query (DLE EOT 4) with ``paper_status_byte`` like a real printer
(0x12 paper present, 0x72 no paper), or stays silent when that is None. Only the printer is
faked: the bytes come from the real python-escpos Network driver. Its listener,
:class:`LocalListener`, is shared with the stalling printer (stalling_printer.py).
"""

from __future__ import annotations

import socket
import threading
import time

PAPER_QUERY = b"\x10\x04\x04"
PAPER_OK = 0x12
PAPER_OUT = 0x72


class LocalListener:
    """A TCP listener on 127.0.0.1 (``port`` 0: any free one) whose thread hands each
    connection to :meth:`_accepted` until :meth:`close`. ``receive_buffer``: the accepted
    sockets' receive buffer (small, so a reader that stops really blocks the sender).
    Subclasses set their own attributes before calling ``__init__`` (it starts the thread)."""

    def __init__(self, port: int = 0, receive_buffer: int | None = None) -> None:
        self._server = socket.create_server(("127.0.0.1", port))
        if receive_buffer is not None:
            self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self._server.settimeout(0.1)
        self.port: int = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._accepted(connection)

    def _accepted(self, connection: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(timeout=2)


class FakeNetworkPrinter(LocalListener):
    """``drop_after``: close the connection after that many bytes of a job (a printer switched
    off in the middle of a ticket); what it got is kept in ``torn``, never in ``jobs``."""

    def __init__(self, port: int = 0, paper_status_byte: int | None = PAPER_OK,
                 drop_after: int | None = None) -> None:
        self.paper_status_byte = paper_status_byte
        self.drop_after = drop_after
        self.jobs: list[bytes] = []
        self.torn: list[bytes] = []
        self.status_queries = 0
        super().__init__(port)

    def _accepted(self, connection: socket.socket) -> None:
        with connection:
            self._receive(connection)

    def _receive(self, connection: socket.socket) -> None:
        connection.settimeout(2.0)
        data = bytearray()
        while True:
            try:
                chunk = connection.recv(4096)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
            # The status query comes before a job and after it (is the printer still there?).
            for at_start in (True, False):
                if (data.startswith(PAPER_QUERY) if at_start else data.endswith(PAPER_QUERY)):
                    if at_start:
                        del data[:len(PAPER_QUERY)]
                    else:
                        del data[-len(PAPER_QUERY):]
                    self.status_queries += 1
                    if self.paper_status_byte is not None:
                        connection.sendall(bytes([self.paper_status_byte]))
            if self.drop_after is not None and len(data) >= self.drop_after:
                self.torn.append(bytes(data))
                return  # closed with the rest of the job unread: the sender gets a reset
        if data:
            self.jobs.append(bytes(data))

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """The jobs received, once there are ``count`` of them (or the timeout passed)."""
        deadline = time.monotonic() + timeout
        while len(self.jobs) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return list(self.jobs)


def free_port() -> int:
    """A port nothing listens on (bound then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
