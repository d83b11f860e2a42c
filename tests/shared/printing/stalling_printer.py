"""A network printer that stalls: a 127.0.0.1 listener that accepts connections and then never
reads nor answers (paper jam, a hung firmware), or answers the first status query and then
stops reading (stalled in the middle of a ticket)."""

from __future__ import annotations

import socket
import threading

from tests.shared.printing.fake_printer import PAPER_OK, PAPER_QUERY


class StallingPrinter:
    """``answer_first``: answer the status query that comes before the job, then stall."""

    def __init__(self, answer_first: bool = False) -> None:
        self.answer_first = answer_first
        self.connections = 0
        self._held: list[socket.socket] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        # Small buffers so a stalled reader really blocks the sender's writes.
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
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
            self.connections += 1
            self._held.append(connection)  # kept open, never read again
            if self.answer_first:
                connection.settimeout(2.0)
                try:
                    if connection.recv(len(PAPER_QUERY)) == PAPER_QUERY:
                        connection.sendall(bytes([PAPER_OK]))
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(timeout=2)
        for connection in self._held:
            connection.close()
